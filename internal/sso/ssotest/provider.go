// Package ssotest is an OpenID Connect provider for tests, on 127.0.0.1:
// discovery and keys (go-oidc's oidctest), an authorization endpoint that
// signs in whoever the test says, and a token endpoint that checks the
// client secret, the redirect and the PKCE verifier and answers with a
// signed ID token carrying the nonce. Only tests import it.
package ssotest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"
)

// Person is who signs in at the provider next.
type Person struct {
	Subject, Email, Name string
	Groups               []string
	Unverified           bool // the e-mail address is not verified
	Refuse               bool // the provider says access_denied
}

// Provider is a running test provider.
type Provider struct {
	URL, ClientID, Secret string

	key   *rsa.PrivateKey
	mu    sync.Mutex
	next  Person
	codes map[string]grant
	// Tokens counts the ID tokens issued.
	Tokens int
}

type grant struct {
	person              Person
	nonce, redirect     string
	challenge, clientID string
}

const keyID = "test-key"

// Start runs a provider for one client until the test ends.
func Start(t testing.TB, clientID, secret string) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{ClientID: clientID, Secret: secret, key: key, codes: map[string]grant{}}
	keys := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: keyID, Algorithm: oidc.RS256}}}
	mux := http.NewServeMux()
	mux.Handle("/.well-known/openid-configuration", keys)
	mux.Handle("/keys", keys)
	mux.HandleFunc("/auth", p.authorize)
	mux.HandleFunc("/token", p.token)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	keys.SetIssuer(srv.URL)
	p.URL = srv.URL
	return p
}

// SignInAs makes the next visit to the authorization endpoint sign in who.
func (p *Provider) SignInAs(who Person) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = who
}

func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || q.Get("client_id") != p.ClientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	who := p.next
	code := rand.Text()
	p.codes[code] = grant{person: who, nonce: q.Get("nonce"), redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), clientID: q.Get("client_id")}
	p.mu.Unlock()
	v := url.Values{"state": {q.Get("state")}}
	if who.Refuse {
		v.Set("error", "access_denied")
	} else {
		v.Set("code", code)
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	p.mu.Lock()
	g, found := p.codes[r.PostFormValue("code")]
	delete(p.codes, r.PostFormValue("code")) // a code works once
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
	if !found || id != p.ClientID || secret != p.Secret || g.clientID != id || r.PostFormValue("redirect_uri") != g.redirect ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"invalid_grant"}`))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": rand.Text(), "token_type": "Bearer", "expires_in": 3600, "id_token": p.idToken(g)})
}

func (p *Provider) idToken(g grant) string {
	claims, _ := json.Marshal(map[string]any{"iss": p.URL, "aud": p.ClientID, "sub": g.person.Subject, "nonce": g.nonce,
		"iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix(),
		"email": g.person.Email, "email_verified": !g.person.Unverified, "name": g.person.Name, "groups": g.person.Groups})
	p.mu.Lock()
	p.Tokens++
	p.mu.Unlock()
	return oidctest.SignIDToken(p.key, keyID, oidc.RS256, string(claims))
}
