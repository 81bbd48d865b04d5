package server

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
)

// Identity is who is calling: nobody, a browser session, or an API token.
type Identity struct {
	User    *domain.User
	Session *domain.Session // nil for API tokens
	IP      string
	// A parent's device session (family.go); never set with a staff User.
	Parent *domain.FamilyMember
	Family *domain.FamilySession
}

// Actor is the identity as the domain services see it.
func (id *Identity) Actor() accounts.Actor { return accounts.Actor{User: id.User, IP: id.IP} }

type ctxKey struct{}

// IdentityOf returns the caller of a request that went through the router.
func IdentityOf(r *http.Request) *Identity {
	if id, ok := r.Context().Value(ctxKey{}).(*Identity); ok {
		return id
	}
	return &Identity{IP: clientIP(r, false)}
}

func withIdentity(r *http.Request, id *Identity) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, id))
}

// identify finds the caller: a bearer token on /api/ routes, else the cookie.
func (s *Server) identify(r *http.Request) *Identity {
	id := &Identity{IP: clientIP(r, s.cfg.TrustProxy)}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			id.User, _ = s.accounts.AuthenticateToken(r.Context(), strings.TrimSpace(tok))
			return id
		}
	}
	if c, err := r.Cookie(s.CookieName()); err == nil && c.Value != "" {
		id.User, id.Session, _ = s.accounts.Authenticate(r.Context(), c.Value)
	}
	s.identifyFamily(r, id)
	return id
}

// clientIP is the peer address, or the first X-Forwarded-For hop when the
// operator said a trusted reverse proxy sits in front.
func clientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			first, _, _ := strings.Cut(f, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
