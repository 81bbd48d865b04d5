package family

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

var (
	langTag     = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)
	placeholder = regexp.MustCompile(`\{[0-9]+\}`)
)

// CheckCatalogue checks a language's messages against the English ones:
// the same keys, none empty, the same {1}, {2}… placeholders. The error
// names the first few problems so the translator can fix them.
func CheckCatalogue(data []byte, english map[string]string) (map[string]string, error) {
	cat := map[string]string{}
	if err := json.Unmarshal(data, &cat); err != nil {
		return nil, domain.FieldError("file", "This file isn't a JSON object of messages (%s). Start from the English file and change only the text after each colon.", firstLine(err.Error()))
	}
	var problems []string
	for _, k := range sortedKeys(english) {
		v, ok := cat[k]
		switch {
		case !ok:
			problems = append(problems, "“"+k+"” is missing")
		case strings.TrimSpace(v) == "":
			problems = append(problems, "“"+k+"” is empty")
		case !slices.Equal(marks(v), marks(english[k])):
			problems = append(problems, "“"+k+"” must keep "+strings.Join(marks(english[k]), " "))
		}
	}
	for _, k := range sortedKeys(cat) {
		base, form, _ := strings.Cut(k, "@")
		if _, ok := english[base]; !ok || form != "" && form != FormFeminine && form != FormMasculine {
			problems = append(problems, "“"+k+"” isn't a message attune uses")
		} else if form != "" && !slices.Equal(marks(cat[k]), marks(english[base])) {
			problems = append(problems, "“"+k+"” must keep "+strings.Join(marks(english[base]), " "))
		}
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], "and more")
		}
		return nil, domain.FieldError("file", "This catalogue doesn't match the English one: %s.", strings.Join(problems, "; "))
	}
	return cat, nil
}

func marks(s string) []string {
	m := placeholder.FindAllString(s, -1)
	sort.Strings(m)
	return m
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

// AddLocale stores a language for the family's pages; administrators only.
func (s *Service) AddLocale(ctx context.Context, a accounts.Actor, lang, name string, data []byte, english map[string]string) error {
	if err := adminOnly(a); err != nil {
		return err
	}
	lang, name = strings.TrimSpace(lang), strings.TrimSpace(name)
	if !langTag.MatchString(lang) || lang == "en" {
		return domain.FieldError("lang", "Write the language's code, like “de” or “pt-BR” (English is built in).")
	}
	if name == "" || utf8.RuneCountInString(name) > 40 {
		return domain.FieldError("name", "Write the language's name as its speakers write it, like “Deutsch”.")
	}
	cat, err := CheckCatalogue(data, english)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(cat)
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.PutFamilyLocale(ctx, &domain.FamilyLocale{Lang: lang, Name: name, Catalogue: string(b), UpdatedBy: a.ID()}); err != nil {
			return err
		}
		return tx.Audit(ctx, staffEntry(a, "family.locale.put", "locale", lang, "", ""))
	})
}

// Locales are the languages a service added, with their messages.
func (s *Service) Locales(ctx context.Context) (map[string]map[string]string, map[string]string, error) {
	var ls []*domain.FamilyLocale
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		ls, err = tx.FamilyLocales(ctx)
		return err
	})
	cats, names := map[string]map[string]string{}, map[string]string{}
	for _, l := range ls {
		m := map[string]string{}
		if json.Unmarshal([]byte(l.Catalogue), &m) == nil {
			cats[l.Lang], names[l.Lang] = m, l.Name
		}
	}
	return cats, names, err
}
