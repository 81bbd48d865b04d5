package app

import "github.com/attune-vig/attune/internal/sso"

// ssoClient is single sign-on through the organisation's provider, or nil
// when it isn't configured.
func ssoClient(d *Deps) (*sso.Client, error) {
	if !d.Cfg.OIDC.Enabled() {
		return nil, nil
	}
	return sso.New(d.Cfg.OIDC, d.Cfg.PublicURL)
}
