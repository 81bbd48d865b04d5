package accounts

import (
	"context"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// NewUser is what an administrator fills in to add a colleague.
type NewUser struct {
	Email    string
	Name     string
	Role     string
	Password string // optional: without one, a set-up link is made
}

// Validate checks the fields and says what to fix.
func (n *NewUser) Validate() error {
	n.Email, n.Name = strings.TrimSpace(n.Email), strings.TrimSpace(n.Name)
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > 254 {
		return domain.FieldError("email", "Enter an e-mail address like name@example.org.")
	}
	if n.Name == "" || utf8.RuneCountInString(n.Name) > 120 {
		return domain.FieldError("name", "Enter the person's name (up to 120 characters).")
	}
	if _, err := ParseRole(n.Role); err != nil {
		return err
	}
	if n.Password != "" {
		if err := auth.CheckPasswordStrength(n.Password); err != nil {
			return domain.FieldError("password", "%s", err.Error())
		}
	}
	return nil
}

// ParseRole reads a role name.
func ParseRole(s string) (domain.Role, error) {
	switch r := domain.Role(strings.ToLower(strings.TrimSpace(s))); r {
	case domain.RoleAdmin, domain.RolePractitioner, domain.RoleSupervisor:
		return r, nil
	}
	return "", domain.FieldError("role", "Choose a role: practitioner, supervisor or admin.")
}

// CreateUser adds an account. Without a password it returns a one-time link
// the new colleague uses to choose one.
func (s *Service) CreateUser(ctx context.Context, a Actor, n NewUser) (*domain.User, string, error) {
	if err := requireAdmin(a); err != nil {
		return nil, "", err
	}
	return s.createUser(ctx, a, n)
}

// CreateUserCLI adds an account from the command line (the operator is trusted).
func (s *Service) CreateUserCLI(ctx context.Context, n NewUser) (*domain.User, string, error) {
	return s.createUser(ctx, Actor{IP: "cli"}, n)
}

func (s *Service) createUser(ctx context.Context, a Actor, n NewUser) (*domain.User, string, error) {
	if err := n.Validate(); err != nil {
		return nil, "", err
	}
	role, _ := ParseRole(n.Role)
	u := &domain.User{ID: auth.NewID(), Email: n.Email, Name: n.Name, Role: role, MFARequired: true}
	if n.Password != "" {
		h, err := auth.HashPassword(n.Password)
		if err != nil {
			return nil, "", err
		}
		u.PasswordHash, u.PasswordSetAt = h, s.Now()
	}
	var link string
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		if n.Password == "" {
			var err error
			if link, err = s.newLink(ctx, tx, domain.LinkReset, u.ID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "user.create", u.ID, string(u.Role))
	})
	return u, link, err
}

// Users lists every account for an administrator.
func (s *Service) Users(ctx context.Context, a Actor) ([]*domain.User, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	var out []*domain.User
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Users(ctx)
		return err
	})
	return out, err
}

// Colleagues lists active staff a case can be shared with (not administrators).
func (s *Service) Colleagues(ctx context.Context, a Actor) ([]*domain.User, error) {
	var all []*domain.User
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		all, err = tx.Users(ctx)
		return err
	})
	var out []*domain.User
	for _, u := range all {
		if u.Active() && u.Role != domain.RoleAdmin && u.ID != a.ID() {
			out = append(out, u)
		}
	}
	return out, err
}

// User loads one account for an administrator.
func (s *Service) User(ctx context.Context, a Actor, id string) (*domain.User, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	return s.load(ctx, id)
}

func (s *Service) load(ctx context.Context, id string) (*domain.User, error) {
	var u *domain.User
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		u, err = tx.UserByID(ctx, id)
		return err
	})
	if store.IsNotFound(err) {
		return nil, domain.NotFound("account")
	}
	return u, err
}
