package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
)

// A parent's device session passes Family routes only; a staff session
// never passes them, and a parent passes no staff route.
func TestFamilyPolicy(t *testing.T) {
	parent := &Identity{Parent: &domain.FamilyMember{ID: "m"}, Family: &domain.FamilySession{MemberID: "m"}}
	staff := &Identity{User: &domain.User{Role: domain.RolePractitioner}, Session: &domain.Session{MFAPassed: true}}
	both := &Identity{User: staff.User, Session: staff.Session, Parent: parent.Parent, Family: parent.Family}
	cases := []struct {
		name string
		id   *Identity
		want map[Policy]bool
	}{
		{"parent", parent, map[Policy]bool{Public: true, Family: true}},
		{"staff", staff, map[Policy]bool{Public: true, Pending: true, Staff: true, CaseStaff: true, Practitioner: true}},
		{"staff and parent cookies", both, map[Policy]bool{Public: true, Pending: true, Staff: true, CaseStaff: true, Practitioner: true}},
		{"nobody", &Identity{}, map[Policy]bool{Public: true}},
	}
	for _, c := range cases {
		for p := range policyNames {
			if got := p.permits(c.id); got != c.want[p] {
				t.Errorf("%s on a %s route: %v, want %v", c.name, p, got, c.want[p])
			}
		}
	}
}

type fakeFamily map[string]string // cookie token → member id

func (f fakeFamily) AuthenticateFamily(_ context.Context, token string) (*domain.FamilyMember, *domain.FamilySession, error) {
	id, ok := f[token]
	if !ok {
		return nil, nil, errors.New("signed out")
	}
	return &domain.FamilyMember{ID: id}, &domain.FamilySession{MemberID: id}, nil
}

func TestFamilyCookie(t *testing.T) {
	s := New(Config{}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.SetFamily(fakeFamily{"good": "m1"})
	s.Handle("GET /family", Family, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(IdentityOf(r).Parent.ID)) })
	s.Handle("GET /api/v1/family", Family, func(w http.ResponseWriter, r *http.Request) {})
	s.Handle("GET /staff", Staff, func(w http.ResponseWriter, r *http.Request) {})
	cases := []struct {
		path, cookie, value string
		want                int
	}{
		{"/family", "attune_family", "good", 200},
		{"/family", "attune_family", "forged", 401},
		{"/family", "", "", 401},
		{"/api/v1/family", "attune_family", "good", 401},
		{"/staff", "attune_family", "good", 401},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", c.path, nil)
		if c.cookie != "" {
			req.AddCookie(&http.Cookie{Name: c.cookie, Value: c.value})
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%s with %s=%s: %d, want %d", c.path, c.cookie, c.value, rec.Code, c.want)
		}
	}
	if s.FamilyCookieName() == s.CookieName() {
		t.Error("parents and staff share a cookie name")
	}
	if tls := New(Config{TLS: true}, nil, nil); tls.FamilyCookieName() != "__Host-attune_family" {
		t.Errorf("over TLS the cookie is %q", tls.FamilyCookieName())
	}
}
