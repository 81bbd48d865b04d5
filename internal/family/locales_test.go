package family_test

import (
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/store/storetest"
)

func TestCheckCatalogue(t *testing.T) {
	en := map[string]string{"f.a": "Hello, {1}", "f.b": "Sign in"}
	cases := []struct {
		name, doc, want string
	}{
		{"good", `{"f.a":"Hallo, {1}","f.b":"Anmelden"}`, ""},
		{"not JSON", `{"f.a":`, "isn't a JSON object"},
		{"missing", `{"f.a":"Hallo, {1}"}`, "“f.b” is missing"},
		{"empty", `{"f.a":"Hallo, {1}","f.b":" "}`, "“f.b” is empty"},
		{"placeholder lost", `{"f.a":"Hallo","f.b":"Anmelden"}`, "must keep {1}"},
		{"unknown key", `{"f.a":"Hallo, {1}","f.b":"Anmelden","f.c":"x"}`, "isn't a message attune uses"},
	}
	for _, c := range cases {
		_, err := family.CheckCatalogue([]byte(c.doc), en)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestAddLocale(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	en := map[string]string{"f.a": "Hello, {1}"}
	if err := w.s.AddLocale(ctx, w.guider, "de", "Deutsch", []byte(`{"f.a":"Hallo, {1}"}`), en); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("a guider adding a language: %v", err)
	}
	for _, lang := range []string{"en", "german", ""} {
		if err := w.s.AddLocale(ctx, w.adm, lang, "X", []byte(`{"f.a":"Hallo, {1}"}`), en); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("language code %q: %v", lang, err)
		}
	}
	if err := w.s.AddLocale(ctx, w.adm, "de", "Deutsch", []byte(`{"f.a":"Hallo, {1}"}`), en); err != nil {
		t.Fatal(err)
	}
	cats, names, err := w.s.Locales(ctx)
	if err != nil || names["de"] != "Deutsch" || cats["de"]["f.a"] != "Hallo, {1}" {
		t.Errorf("locales: %v %v %v", cats, names, err)
	}
}

func TestResourcesText(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	r, err := w.s.Resources(ctx, "en")
	if err != nil || r.Custom || r.Audience != family.AudiencePublic || !strings.Contains(r.Markdown, "consent") {
		t.Fatalf("default page: %+v %v", r, err)
	}
	if err := w.s.SetResources(ctx, w.guider, "en", "# Hi", family.AudiencePublic); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("a guider editing the page: %v", err)
	}
	if err := w.s.SetResources(ctx, w.adm, "en", "# Hi", "everyone"); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("unknown audience: %v", err)
	}
	if err := w.s.SetResources(ctx, w.adm, "en", "# Our service", family.AudienceFamilies); err != nil {
		t.Fatal(err)
	}
	if r, _ = w.s.Resources(ctx, "en"); !r.Custom || r.Markdown != "# Our service" || r.Audience != family.AudienceFamilies {
		t.Errorf("saved page: %+v", r)
	}
}

// Each language has its own Resources text; one without gets the English
// page, marked as English.
func TestResourcesPerLanguage(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	cases := []struct {
		step, lang, want string
		custom, english  bool
	}{
		{"shipped", "pl", "# O pracy z Twoją rodziną", false, false},
		{"shipped", "de", "# About the work with your family", false, true},
		{"English written", "pl", "# Our service", true, true},
		{"Polish written", "pl", "# Nasza poradnia", true, false},
		{"Polish written", "en", "# Our service", true, false},
	}
	for _, c := range cases {
		switch c.step {
		case "English written":
			if err := w.s.SetResources(ctx, w.adm, "en", "# Our service", family.AudiencePublic); err != nil {
				t.Fatal(err)
			}
		case "Polish written":
			if err := w.s.SetResources(ctx, w.adm, "pl", "# Nasza poradnia", family.AudiencePublic); err != nil {
				t.Fatal(err)
			}
		}
		r, err := w.s.Resources(ctx, c.lang)
		if err != nil || !strings.HasPrefix(r.Markdown, c.want) || r.Custom != c.custom || r.English != c.english {
			t.Errorf("%s, %s: %q custom=%v english=%v (%v); want %q custom=%v english=%v", c.step, c.lang,
				firstLineOf(r.Markdown), r.Custom, r.English, err, c.want, c.custom, c.english)
		}
	}
	if err := w.s.SetResources(ctx, w.adm, "p l", "# x", family.AudiencePublic); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a language code with a space: %v", err)
	}
}

func firstLineOf(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func TestFormOfRelation(t *testing.T) {
	for relation, want := range map[string]string{
		"mother": family.FormFeminine, "Mum": family.FormFeminine, "female carer": family.FormFeminine,
		"stepmother": family.FormFeminine, "foster mother": family.FormFeminine, "babcia": family.FormFeminine,
		"father": family.FormMasculine, "Step-dad": family.FormMasculine, "male carer": family.FormMasculine,
		"carer": "", "": "", "mother and father": "", "parent": "",
	} {
		if got := family.FormOf(relation); got != want {
			t.Errorf("%q: form %q, want %q", relation, got, want)
		}
	}
}

func TestCatalogueForms(t *testing.T) {
	en := map[string]string{"f.a": "Hello, {1}"}
	for cat, ok := range map[string]bool{
		`{"f.a":"Cześć, {1}","f.a@f":"Cześć, {1}, pani"}`: true,
		`{"f.a":"Cześć, {1}","f.a@x":"Cześć"}`:            false,
		`{"f.a":"Cześć, {1}","f.a@m":"Cześć"}`:            false,
		`{"f.a":"Cześć, {1}","f.b@m":"Cześć, {1}"}`:       false,
	} {
		if _, err := family.CheckCatalogue([]byte(cat), en); (err == nil) != ok {
			t.Errorf("%s: %v, want accepted=%v", cat, err, ok)
		}
	}
}
