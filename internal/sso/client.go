package sso

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/domain"
)

// Client talks to one provider. Discovery happens on first use, so attune
// starts even while the provider is unreachable, and tries again next time.
type Client struct {
	cfg      config.OIDC
	roles    []config.GroupRole
	redirect string

	mu       sync.Mutex
	provider *oidc.Provider
}

// New makes a client that sends people back to publicURL + CallbackPath.
func New(cfg config.OIDC, publicURL string) (*Client, error) {
	roles, err := cfg.RoleMap()
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, roles: roles, redirect: publicURL + CallbackPath}, nil
}

// CallbackPath is where the provider sends people back.
const CallbackPath = "/login/sso/callback"

// Name is the provider's name for the sign-in button.
func (c *Client) Name() string { return c.cfg.Name }

// ProviderMFA tells whether the provider's second factor is trusted.
func (c *Client) ProviderMFA() bool { return c.cfg.ProviderMFA }

// Issuer is the provider's issuer URL, which scopes its subjects.
func (c *Client) Issuer() string { return c.cfg.Issuer }

var errUnreachable = domain.Errorf(domain.EUNAVAILABLE, "Your organisation's sign-in service isn't answering. Try again in a minute, or sign in with your attune password.")

func (c *Client) discover(ctx context.Context) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return c.provider, nil
	}
	p, err := oidc.NewProvider(ctx, c.cfg.Issuer)
	if err != nil {
		return nil, errors.Join(errUnreachable, fmt.Errorf("sso: discovery at %s: %w", c.cfg.Issuer, err))
	}
	c.provider = p
	return p, nil
}

func (c *Client) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret, RedirectURL: c.redirect,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}
}

// AuthURL is where to send a person to sign in for the pending login p.
func (c *Client) AuthURL(ctx context.Context, p Pending) (string, error) {
	prov, err := c.discover(ctx)
	if err != nil {
		return "", err
	}
	return c.oauth(prov).AuthCodeURL(p.State, oidc.Nonce(p.Nonce), oauth2.S256ChallengeOption(p.Verifier)), nil
}
