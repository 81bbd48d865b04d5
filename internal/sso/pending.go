package sso

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// Pending is a sign-in on its way through the provider: what comes back
// must carry its state, its ID token its nonce, and the code exchange proves
// the PKCE verifier.
type Pending struct {
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Next     string    `json:"x"` // where to go after signing in
	Expires  time.Time `json:"e"`
}

// Sealer encrypts the pending sign-in for its cookie (the vault's key ring).
type Sealer interface {
	SealField(purpose, plain string) (string, error)
	OpenField(purpose, sealed string) (string, error)
}

// CookiePurpose binds the sealed cookie to this use.
const CookiePurpose = "sso.pending"

// PendingLifetime is how long a person has at the provider.
const PendingLifetime = 10 * time.Minute

// NewPending starts a sign-in that returns to next.
func NewPending(next string, now time.Time) Pending {
	return Pending{State: random(), Nonce: random(), Verifier: random() + random(), Next: next, Expires: now.Add(PendingLifetime)}
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Seal writes p for the cookie.
func (p Pending) Seal(s Sealer) (string, error) {
	b, _ := json.Marshal(p)
	return s.SealField(CookiePurpose, string(b))
}

var errStale = domain.Errorf(domain.EUNAUTHORIZED, "That sign-in took too long or was already used. Start again with the button below.")

// OpenPending reads the cookie back and checks it belongs to this return
// from the provider (state) and is still fresh.
func OpenPending(s Sealer, sealed, state string, now time.Time) (Pending, error) {
	var p Pending
	plain, err := s.OpenField(CookiePurpose, sealed)
	if err != nil || json.Unmarshal([]byte(plain), &p) != nil || p.State == "" || p.State != state || now.After(p.Expires) {
		return Pending{}, errStale
	}
	return p, nil
}
