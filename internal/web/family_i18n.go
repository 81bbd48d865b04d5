package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// builtInLangs are the languages attune ships for the family's pages, with
// their names as their speakers write them.
var builtInLangs = []langOpt{{"en", "English"}, {"pl", "Polski"}}

type langOpt struct{ Code, Name string }

// fLang is one language of the family's pages: the built-in catalogue
// (tr, questionnaire_i18n.go), or one a service added (extra).
type fLang struct {
	Code  string
	Form  string // the parent's grammatical form (family.FormFeminine…), "" for neutral words
	extra map[string]string
}

// T looks a message up, filling {1}, {2}… with args; English when missing.
// A message may have forms for a feminine or masculine reader (key@f,
// key@m); the parent's is used when the language has it.
func (l *fLang) T(key string, args ...any) string {
	if l.Form != "" && l.has(key+"@"+l.Form) {
		key += "@" + l.Form
	}
	msg, ok := l.extra[key]
	if !ok {
		return tr(l.Code, key, args...)
	}
	return domain.Fill(msg, args...)
}

func (l *fLang) has(key string) bool {
	if l.extra != nil {
		_, ok := l.extra[key]
		return ok
	}
	_, ok := catalogue[l.Code][key]
	return ok
}

// Date writes a time as "Thursday 3 December, 10:00" in the language.
func (l *fLang) Date(t time.Time) string {
	t = t.Local()
	return l.T("f.date", l.T(fmt.Sprintf("f.day.%d", t.Weekday())), t.Day(), l.T(fmt.Sprintf("f.month.%d", t.Month())), t.Format("15:04"))
}

// Tag is the language's code for the html lang attribute.
func (l *fLang) Tag() string { return l.Code }

// Point says when a goal was rated.
func (l *fLang) Point(r domain.Rating) string {
	if r.Point == domain.PointCycle {
		return l.T("f.point.cycle", r.Cycle)
	}
	return l.T("f.point." + r.Point)
}

func init() {
	funcs["ft"] = func(l *fLang, key string, args ...any) string { return l.T(key, args...) }
}

// familyEnglish is the English family catalogue, for checking a language a
// service adds.
func familyEnglish() map[string]string {
	out := map[string]string{}
	for k, v := range catalogue["en"] {
		if strings.HasPrefix(k, "f.") {
			out[k] = v
		}
	}
	return out
}

// langCookie remembers a device's language after its parent signs out (no
// personal data: only the language's code).
const langCookie = "attune_family_lang"

func (ui *UI) rememberLang(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", HttpOnly: true, Secure: ui.Server.SecureCookies(),
		SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 60 * 60})
}

// langs lists the languages offered, built-in and added, and the added catalogues.
func (ui *UI) langs(ctx context.Context) ([]langOpt, map[string]map[string]string) {
	out := append([]langOpt(nil), builtInLangs...)
	cats, names, err := ui.Family.Locales(ctx)
	if err != nil {
		return out, nil
	}
	for code, name := range names {
		if code != "pl" {
			out = append(out, langOpt{code, name})
		}
	}
	return out, cats
}

// lang picks the page's language: the asked one if offered, else the
// device's, else the browser's first offered one, else English.
func (ui *UI) lang(r *http.Request, want ...string) (*fLang, []langOpt) {
	opts, cats := ui.langs(r.Context())
	offered := func(c string) bool {
		for _, o := range opts {
			if o.Code == c {
				return true
			}
		}
		return false
	}
	pick := "en"
	cands := append(append([]string{}, want...), r.URL.Query().Get("lang"))
	if c, err := r.Cookie(langCookie); err == nil {
		cands = append(cands, c.Value)
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(tag, "-")
		cands = append(cands, tag, strings.ToLower(base))
	}
	for _, c := range cands {
		if c != "" && offered(c) {
			pick = c
			break
		}
	}
	l := &fLang{Code: pick}
	if pick != "en" && pick != "pl" {
		l.extra = cats[pick]
	}
	return l, opts
}
