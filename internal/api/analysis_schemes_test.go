package api_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

type scheme struct {
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	Default bool          `json:"is_default"`
	Codes   []domain.Code `json:"codes"`
	Version int           `json:"version"`
}

// The default scheme is the six principles, keys 1-6, with sub-behaviours,
// and each colour carries white label text at WCAG AA contrast (4.5:1).
func TestDefaultSchemeIsThePrinciples(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 10)
		var list struct{ Schemes []scheme }
		if s := f.c.call("GET", "/api/v1/schemes", "", "", &list); s != 200 || len(list.Schemes) < 1 || !list.Schemes[0].Default { // the default first; 00014 seeds the guider's scheme after it
			t.Fatalf("schemes: %d %+v", s, list)
		}
		want := []string{"being-attentive", "encouraging-initiatives", "receiving-initiatives", "developing-attuned-interactions", "guiding", "deepening-discussion"}
		codes := list.Schemes[0].Codes
		if len(codes) != len(want) {
			t.Fatalf("%d codes", len(codes))
		}
		for i, c := range codes {
			if c.Code != want[i] || c.Key != strconv.Itoa(i+1) || c.Label == "" || len(c.Subcodes) < 5 {
				t.Errorf("code %d: %+v", i, c)
			}
			if r := contrastWithWhite(t, c.Colour); r < 4.5 {
				t.Errorf("%s: colour %s has contrast %.2f with white, below AA 4.5", c.Code, c.Colour, r)
			}
		}
		if !hasSubcode(codes, "receiving-initiatives/returning-eye-contact") {
			t.Error("no receiving-initiatives/returning-eye-contact")
		}
	})
}

func hasSubcode(codes []domain.Code, code string) bool {
	for _, c := range codes {
		for _, s := range c.Subcodes {
			if s.Code == code {
				return true
			}
		}
	}
	return false
}

// contrastWithWhite is the WCAG 2 contrast ratio of #rrggbb against white.
func contrastWithWhite(t *testing.T, hex string) float64 {
	n, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		t.Fatal(err)
	}
	lin := func(v uint64) float64 {
		c := float64(v) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(n>>16&255) + 0.7152*lin(n>>8&255) + 0.0722*lin(n&255)
	return 1.05 / (l + 0.05)
}

// Administrators add and edit schemes; others may only read them. A code in
// use cannot be removed (409) but can be retired: it stays on what carries
// it and can't be applied again.
func TestEditingSchemesNeverOrphansAnnotations(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 100)
		in.User(t, "admin@example.org", domain.RoleAdmin, false)
		admin := client{t, in.URL, in.Token(t, "admin@example.org")}
		body := `{"name":"Classroom","codes":[{"code":"praise","label":"Praise","colour":"#1f5fa8","key":"p","subcodes":[{"code":"praise/specific","label":"Specific praise"}]}]}`
		if s := f.c.call("POST", "/api/v1/schemes", "application/json", body, nil); s != 403 {
			t.Fatalf("practitioner adds a scheme: %d", s)
		}
		var made scheme
		if s := admin.call("POST", "/api/v1/schemes", "application/json", body, &made); s != 201 || made.Version != 1 || made.Default {
			t.Fatalf("admin adds a scheme: %d %+v", s, made)
		}
		if s := admin.call("POST", "/api/v1/schemes", "application/json", body, nil); s != 400 {
			t.Fatalf("a second scheme of the same name: %d", s)
		}
		for name, bad := range map[string]string{
			"bad colour":     `{"name":"X","codes":[{"code":"a","label":"A","colour":"red"}]}`,
			"bad code":       `{"name":"X","codes":[{"code":"A B","label":"A","colour":"#000000"}]}`,
			"key twice":      `{"name":"X","codes":[{"code":"a","label":"A","colour":"#000000","key":"1"},{"code":"b","label":"B","colour":"#000000","key":"1"}]}`,
			"orphan subcode": `{"name":"X","codes":[{"code":"a","label":"A","colour":"#000000","subcodes":[{"code":"b/c","label":"C"}]}]}`,
		} {
			var e apiError
			if s := admin.call("POST", "/api/v1/schemes", "application/json", bad, &e); s != 400 || e.Error.Field != "codes" {
				t.Errorf("%s: %d %+v", name, s, e)
			}
		}
		an := f.annotate(t, f.rec, `{"start_frame":3,"code":"guiding/scaffolding"}`)
		var def scheme
		admin.call("GET", "/api/v1/schemes/default", "", "", &def)
		without := def
		without.Codes = nil
		for _, c := range def.Codes {
			if c.Code != "guiding" {
				without.Codes = append(without.Codes, c)
			}
		}
		var e apiError
		if s := admin.call("PUT", "/api/v1/schemes/default", "application/json", schemeBody(without), &e); s != 409 || !strings.Contains(e.Error.Message, "guiding/scaffolding") {
			t.Fatalf("removing a code in use: %d %+v", s, e)
		}
		for i := range def.Codes {
			if def.Codes[i].Code == "guiding" {
				def.Codes[i].Retired = true
				def.Codes[i].Colour = "#7a4100"
			}
		}
		var saved scheme
		if s := admin.call("PUT", "/api/v1/schemes/default", "application/json", schemeBody(def), &saved); s != 200 || saved.Version != 2 {
			t.Fatalf("retiring a code: %d %+v", s, saved)
		}
		if s := f.c.call("PUT", "/api/v1/schemes/default", "application/json", schemeBody(def), nil); s != 403 {
			t.Fatalf("practitioner edits a scheme: %d", s)
		}
		if s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/annotations", "application/json", `{"start_frame":4,"code":"guiding"}`, &e); s != 400 || !strings.Contains(e.Error.Message, "retired") {
			t.Fatalf("applying a retired code: %d %+v", s, e)
		}
		var kept annotation
		if s := f.c.call("PATCH", "/api/v1/annotations/"+an["id"].(string), "application/json", `{"version":1,"note":"still here"}`, &kept); s != 200 || kept.Code != "guiding/scaffolding" {
			t.Fatalf("editing an annotation whose code was retired: %d %+v", s, kept)
		}
	})
}

func schemeBody(s scheme) string {
	var b strings.Builder
	b.WriteString(`{"name":` + strconv.Quote(s.Name) + `,"version":` + strconv.Itoa(s.Version) + `,"codes":`)
	b.WriteString(mustJSON(s.Codes))
	b.WriteString(`}`)
	return b.String()
}
