package analysis

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

var (
	codeRE   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	colourRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// Schemes lists the coding schemes (readable by everyone signed in).
func (s *Service) Schemes(ctx context.Context) ([]*domain.Scheme, error) {
	var out []*domain.Scheme
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.Schemes(ctx)
		return err
	})
	return out, err
}

// Scheme finds one coding scheme.
func (s *Service) Scheme(ctx context.Context, id string) (*domain.Scheme, error) {
	var out *domain.Scheme
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.SchemeByID(ctx, id)
		return err
	})
	if store.IsNotFound(err) {
		return nil, domain.NotFound("coding scheme")
	}
	return out, err
}

// CreateScheme adds a coding scheme (administrators only).
func (s *Service) CreateScheme(ctx context.Context, a accounts.Actor, name string, codes []domain.Code) (*domain.Scheme, error) {
	if err := mustAdmin(a); err != nil {
		return nil, err
	}
	sc := &domain.Scheme{ID: auth.NewID(), Name: strings.TrimSpace(name), Codes: codes}
	if err := validateScheme(sc); err != nil {
		return nil, err
	}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateScheme(ctx, sc); err != nil {
			return err
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: "scheme.create", ObjectType: "scheme", ObjectID: sc.ID, IP: a.IP})
	})
	return sc, err
}

// UpdateScheme replaces a scheme's name and codes (administrators only). A
// code that annotations or clips carry cannot be removed (409 naming it and
// how many use it); mark it retired instead: it stays on what carries it and
// cannot be applied again. version, when given, must be the current one.
func (s *Service) UpdateScheme(ctx context.Context, a accounts.Actor, id, name string, codes []domain.Code, version *int) (*domain.Scheme, error) {
	if err := mustAdmin(a); err != nil {
		return nil, err
	}
	var sc *domain.Scheme
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if sc, err = tx.SchemeByID(ctx, id); store.IsNotFound(err) {
			return domain.NotFound("coding scheme")
		} else if err != nil {
			return err
		}
		if version != nil && *version != sc.Version {
			return domain.Errorf(domain.ECONFLICT, "This scheme was changed by someone else (now version %d). Reload it and make your change again.", sc.Version)
		}
		sc.Name, sc.Codes = strings.TrimSpace(name), codes
		if err := validateScheme(sc); err != nil {
			return err
		}
		if err := keepsCodesInUse(ctx, tx, sc); err != nil {
			return err
		}
		if ok, err := tx.UpdateScheme(ctx, sc); err != nil || !ok {
			return firstErr(err, domain.Errorf(domain.ECONFLICT, "This scheme was changed at the same moment. Reload it and try again."))
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: "scheme.update", ObjectType: "scheme", ObjectID: sc.ID, IP: a.IP})
	})
	return sc, err
}

func firstErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

func mustAdmin(a accounts.Actor) error {
	if a.User == nil || a.User.Role != domain.RoleAdmin {
		return domain.Errorf(domain.EFORBIDDEN, "Only an administrator can change coding schemes.")
	}
	return nil
}

// keepsCodesInUse refuses a scheme that drops a code still carried by an
// annotation or a clip.
func keepsCodesInUse(ctx context.Context, tx *store.Tx, sc *domain.Scheme) error {
	used, err := tx.SchemeCodesInUse(ctx, sc.ID)
	if err != nil {
		return err
	}
	have := codeSet(sc, true)
	var missing []string
	for code := range used {
		if !have[code] {
			missing = append(missing, code)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return &domain.Error{Code: domain.ECONFLICT, Field: "codes", Message: fmt.Sprintf(
		"The code %q is used by %d annotation(s) or clip(s), so it can't be removed. Mark it \"retired\": true instead; it then stays on what carries it but can't be applied again.",
		missing[0], used[missing[0]])}
}

// codeSet is every code and sub-code of a scheme; withRetired includes
// retired ones (a sub-code of a retired code counts as retired).
func codeSet(sc *domain.Scheme, withRetired bool) map[string]bool {
	out := map[string]bool{}
	for _, c := range sc.Codes {
		if !c.Retired || withRetired {
			out[c.Code] = true
		}
		for _, sub := range c.Subcodes {
			if (!sub.Retired && !c.Retired) || withRetired {
				out[sub.Code] = true
			}
		}
	}
	return out
}

// applicable says whether a code can be put on a moment now, and a message
// when it can't.
func applicable(sc *domain.Scheme, code string) error {
	if codeSet(sc, false)[code] {
		return nil
	}
	if codeSet(sc, true)[code] {
		return domain.FieldError("code", "The code %q is retired in the scheme %q and can't be applied any more.", code, sc.Name)
	}
	return domain.FieldError("code", "%q isn't a code of the scheme %q. Use one of its codes, e.g. %q.", code, sc.Name, firstCode(sc))
}

func firstCode(sc *domain.Scheme) string {
	for _, c := range sc.Codes {
		if !c.Retired {
			return c.Code
		}
	}
	return ""
}

func validateScheme(sc *domain.Scheme) error {
	sc.Name = strings.TrimSpace(sc.Name)
	if sc.Name == "" || utf8.RuneCountInString(sc.Name) > 100 {
		return domain.FieldError("name", "Give the scheme a name of 1 to 100 characters.")
	}
	if len(sc.Codes) == 0 || len(sc.Codes) > 50 {
		return domain.FieldError("codes", "A scheme needs 1 to 50 codes.")
	}
	seen, keys := map[string]bool{}, map[string]string{}
	for i := range sc.Codes {
		if err := validateCode(&sc.Codes[i], seen, keys); err != nil {
			return err
		}
	}
	return nil
}

func validateCode(c *domain.Code, seen map[string]bool, keys map[string]string) error {
	c.Label = strings.TrimSpace(c.Label)
	switch {
	case !codeRE.MatchString(c.Code) || len(c.Code) > 60:
		return domain.FieldError("codes", "The code %q must be lower-case letters, digits and single hyphens (e.g. \"receiving-initiatives\"), at most 60 characters.", c.Code)
	case seen[c.Code]:
		return domain.FieldError("codes", "The code %q appears twice.", c.Code)
	case c.Label == "" || utf8.RuneCountInString(c.Label) > 100:
		return domain.FieldError("codes", "The code %q needs a label of 1 to 100 characters.", c.Code)
	case !colourRE.MatchString(c.Colour):
		return domain.FieldError("codes", "The code %q needs a colour written #rrggbb, e.g. \"#1f5fa8\".", c.Code)
	case utf8.RuneCountInString(c.Key) > 1:
		return domain.FieldError("codes", "The key of %q must be one character (e.g. \"1\"), or empty.", c.Code)
	case c.Key != "" && keys[c.Key] != "":
		return domain.FieldError("codes", "The key %q is given to both %q and %q; give each code its own key.", c.Key, keys[c.Key], c.Code)
	}
	seen[c.Code] = true
	if c.Key != "" {
		keys[c.Key] = c.Code
	}
	return validateSubcodes(c, seen)
}

func validateSubcodes(c *domain.Code, seen map[string]bool) error {
	if len(c.Subcodes) > 50 {
		return domain.FieldError("codes", "The code %q has more than 50 sub-codes.", c.Code)
	}
	for i := range c.Subcodes {
		sub := &c.Subcodes[i]
		sub.Label = strings.TrimSpace(sub.Label)
		child, ok := strings.CutPrefix(sub.Code, c.Code+"/")
		switch {
		case !ok || !codeRE.MatchString(child) || len(sub.Code) > 121:
			return domain.FieldError("codes", "The sub-code %q must be written %q followed by lower-case letters, digits and hyphens.", sub.Code, c.Code+"/")
		case seen[sub.Code]:
			return domain.FieldError("codes", "The sub-code %q appears twice.", sub.Code)
		case sub.Label == "" || utf8.RuneCountInString(sub.Label) > 100:
			return domain.FieldError("codes", "The sub-code %q needs a label of 1 to 100 characters.", sub.Code)
		}
		seen[sub.Code] = true
	}
	return nil
}
