package server

import (
	"context"
	"net/http"

	"github.com/attune-vig/attune/internal/domain"
)

// FamilyAuthenticator finds a parent's device session by its cookie token
// (the family service is one).
type FamilyAuthenticator interface {
	AuthenticateFamily(ctx context.Context, token string) (*domain.FamilyMember, *domain.FamilySession, error)
}

// SetFamily lets the router recognise parents' device sessions.
func (s *Server) SetFamily(f FamilyAuthenticator) { s.family = f }

// FamilyCookieName is the parent's session cookie: its own name, so it is
// never taken for a staff session; __Host- prefixed over TLS.
func (s *Server) FamilyCookieName() string {
	if s.cfg.TLS {
		return "__Host-attune_family"
	}
	return "attune_family"
}

// identifyFamily adds a parent's device session to a browser request. The
// API never accepts it.
func (s *Server) identifyFamily(r *http.Request, id *Identity) {
	if s.family == nil || id.User != nil || len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" {
		return
	}
	if c, err := r.Cookie(s.FamilyCookieName()); err == nil && c.Value != "" {
		id.Parent, id.Family, _ = s.family.AuthenticateFamily(r.Context(), c.Value)
		if id.Family == nil {
			id.Parent = nil
		}
	}
}
