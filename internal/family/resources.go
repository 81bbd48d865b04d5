package family

import (
	"context"
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// DefaultResources is the Resources page a service starts with (Markdown).
//
//go:embed resources_default.md
var DefaultResources string

//go:embed resources_default_pl.md
var defaultResourcesPL string

// defaultResources are the pages attune ships, per language.
var defaultResources = map[string]string{"en": DefaultResources, "pl": defaultResourcesPL}

// Who may read the Resources page.
const (
	AudiencePublic   = "public"
	AudienceFamilies = "families"
)

// Resources is the Resources page as the administrator wrote it, in one language.
type Resources struct {
	Markdown string
	Audience string
	Custom   bool // false: the text attune ships
	English  bool // asked in another language that has no text: shown in English
}

// resourcesKey is the setting holding the page in a language.
func resourcesKey(lang string) string {
	if lang == "" || lang == "en" {
		return domain.SettingResourcesText
	}
	return domain.SettingResourcesText + ":" + lang
}

// Resources returns the page in a language, and who may read it. A
// language without its own text gets attune's text in that language when
// the English page is attune's too; otherwise the English page.
func (s *Service) Resources(ctx context.Context, lang string) (*Resources, error) {
	r := &Resources{}
	var english string
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if r.Markdown, err = tx.Setting(ctx, resourcesKey(lang), ""); err != nil {
			return err
		}
		if english, err = tx.Setting(ctx, resourcesKey("en"), ""); err != nil {
			return err
		}
		r.Audience, err = tx.Setting(ctx, domain.SettingResourcesAudience, AudiencePublic)
		return err
	})
	r.Custom = r.Markdown != ""
	switch {
	case r.Custom:
	case english == "" && defaultResources[lang] != "":
		r.Markdown = defaultResources[lang]
	default:
		r.Markdown, r.Custom, r.English = english, english != "", lang != "" && lang != "en"
		if english == "" {
			r.Markdown = DefaultResources
		}
	}
	return r, err
}

// SetResources saves the page in a language (an empty text, or attune's
// own, goes back to the default) and who may read it; administrators only.
func (s *Service) SetResources(ctx context.Context, a accounts.Actor, lang, markdown, audience string) error {
	if err := adminOnly(a); err != nil {
		return err
	}
	if lang == "" {
		lang = "en"
	}
	if !langTag.MatchString(lang) {
		return domain.FieldError("lang", "Choose the language this text is written in.")
	}
	markdown = strings.ReplaceAll(markdown, "\r\n", "\n")
	if utf8.RuneCountInString(markdown) > 100_000 {
		return domain.FieldError("markdown", "The page is too long (over 100,000 characters). Shorten it or split it into sections.")
	}
	if audience != AudiencePublic && audience != AudienceFamilies {
		return domain.FieldError("audience", "Choose who can read the page: everyone, or signed-in families only.")
	}
	if d, ok := defaultResources[lang]; ok && strings.TrimSpace(markdown) == strings.TrimSpace(d) {
		markdown = ""
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting(ctx, resourcesKey(lang), markdown, a.ID()); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, domain.SettingResourcesAudience, audience, a.ID()); err != nil {
			return err
		}
		return tx.Audit(ctx, staffEntry(a, "resources.update", "setting", resourcesKey(lang), "", audience))
	})
}
