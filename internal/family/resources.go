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

// Who may read the Resources page.
const (
	AudiencePublic   = "public"
	AudienceFamilies = "families"
)

// Resources is the Resources page as the administrator wrote it.
type Resources struct {
	Markdown string
	Audience string
	Custom   bool // false: the default text
}

// Resources returns the page's text and who may read it.
func (s *Service) Resources(ctx context.Context) (*Resources, error) {
	r := &Resources{}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if r.Markdown, err = tx.Setting(ctx, domain.SettingResourcesText, ""); err != nil {
			return err
		}
		r.Audience, err = tx.Setting(ctx, domain.SettingResourcesAudience, AudiencePublic)
		return err
	})
	r.Custom = r.Markdown != ""
	if !r.Custom {
		r.Markdown = DefaultResources
	}
	return r, err
}

// SetResources saves the page (an empty text goes back to the default);
// administrators only.
func (s *Service) SetResources(ctx context.Context, a accounts.Actor, markdown, audience string) error {
	if err := adminOnly(a); err != nil {
		return err
	}
	markdown = strings.ReplaceAll(markdown, "\r\n", "\n")
	if utf8.RuneCountInString(markdown) > 100_000 {
		return domain.FieldError("markdown", "The page is too long (over 100,000 characters). Shorten it or split it into sections.")
	}
	if audience != AudiencePublic && audience != AudienceFamilies {
		return domain.FieldError("audience", "Choose who can read the page: everyone, or signed-in families only.")
	}
	if strings.TrimSpace(markdown) == strings.TrimSpace(DefaultResources) {
		markdown = ""
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting(ctx, domain.SettingResourcesText, markdown, a.ID()); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, domain.SettingResourcesAudience, audience, a.ID()); err != nil {
			return err
		}
		return tx.Audit(ctx, staffEntry(a, "resources.update", "setting", domain.SettingResourcesText, "", audience))
	})
}
