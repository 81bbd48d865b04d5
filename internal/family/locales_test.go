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
	r, err := w.s.Resources(ctx)
	if err != nil || r.Custom || r.Audience != family.AudiencePublic || !strings.Contains(r.Markdown, "consent") {
		t.Fatalf("default page: %+v %v", r, err)
	}
	if err := w.s.SetResources(ctx, w.guider, "# Hi", family.AudiencePublic); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("a guider editing the page: %v", err)
	}
	if err := w.s.SetResources(ctx, w.adm, "# Hi", "everyone"); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("unknown audience: %v", err)
	}
	if err := w.s.SetResources(ctx, w.adm, "# Our service", family.AudienceFamilies); err != nil {
		t.Fatal(err)
	}
	if r, _ = w.s.Resources(ctx); !r.Custom || r.Markdown != "# Our service" || r.Audience != family.AudienceFamilies {
		t.Errorf("saved page: %+v", r)
	}
}
