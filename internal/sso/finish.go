package sso

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/attune-vig/attune/internal/domain"
)

// Identity is who the provider says signed in, and the role their groups give.
type Identity struct {
	Subject string
	Email   string
	Name    string
	Groups  []string
	Role    domain.Role
}

var errRefused = domain.Errorf(domain.EUNAUTHORIZED, "Your organisation's sign-in service didn't confirm who you are. Try again; if it keeps happening, tell your administrator.")

// Finish exchanges the code the provider sent back (with the PKCE verifier),
// verifies the ID token (signature, issuer, audience, expiry, nonce) and
// maps the person's groups to a role.
func (c *Client) Finish(ctx context.Context, code string, p Pending) (*Identity, error) {
	prov, err := c.discover(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := c.oauth(prov).Exchange(ctx, code, oauth2.VerifierOption(p.Verifier))
	if err != nil {
		return nil, errors.Join(errRefused, fmt.Errorf("sso: code exchange: %w", err))
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := prov.Verifier(&oidc.Config{ClientID: c.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return nil, errors.Join(errRefused, fmt.Errorf("sso: ID token: %w", err))
	}
	if idt.Nonce != p.Nonce {
		return nil, errors.Join(errRefused, errors.New("sso: ID token nonce does not match"))
	}
	return c.identity(idt)
}

func (c *Client) identity(idt *oidc.IDToken) (*Identity, error) {
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, errors.Join(errRefused, err)
	}
	id := &Identity{Subject: idt.Subject, Email: str(claims["email"]), Name: str(claims["name"]), Groups: strs(claims[c.cfg.GroupsClaim])}
	if id.Email == "" || claims["email_verified"] == false {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "Your organisation's sign-in didn't share a confirmed e-mail address, which attune needs to know you. Ask your administrator.")
	}
	if id.Role = c.role(id.Groups); id.Role == "" {
		return nil, domain.Errorf(domain.EFORBIDDEN, "You signed in, but your organisation hasn't given you access to attune (you are in none of its groups for attune). Ask your administrator.")
	}
	if id.Name == "" {
		id.Name, _, _ = strings.Cut(id.Email, "@")
	}
	return id, nil
}

// role is the role of the first mapped group the person is in.
func (c *Client) role(groups []string) domain.Role {
	for _, m := range c.roles {
		for _, g := range groups {
			if g == m.Group {
				return domain.Role(m.Role)
			}
		}
	}
	return ""
}

func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// strs reads a claim that is a list of strings, or one string.
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s := str(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
