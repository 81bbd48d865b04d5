package web

import (
	"strings"
	"testing"
)

// A message with forms for a feminine or masculine reader picks the
// parent's; neutral words otherwise, and languages without forms are as before.
func TestFamilyMessageForms(t *testing.T) {
	cases := []struct {
		lang, form, want string
	}{
		{"pl", "f", "zgodziłaś"},
		{"pl", "m", "zgodziłeś"},
		{"pl", "", "wyrażasz zgodę"},
		{"en", "f", "people you agreed to"},
	}
	for _, c := range cases {
		l := &fLang{Code: c.lang, Form: c.form}
		if got := l.T("f.film.private"); !strings.Contains(got, c.want) {
			t.Errorf("%s, form %q: %q, want %q in it", c.lang, c.form, got, c.want)
		}
	}
	added := &fLang{Code: "de", Form: "f", extra: map[string]string{"f.a": "neutral", "f.a@f": "feminine"}}
	if got := added.T("f.a"); got != "feminine" {
		t.Errorf("a service's language with forms: %q", got)
	}
}
