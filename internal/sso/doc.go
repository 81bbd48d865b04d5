// Package sso signs staff in through their organisation's OpenID Connect
// provider: the authorization code flow with PKCE, a nonce and a state kept
// in a sealed cookie, the ID token verified against the provider's keys, and
// the person's groups mapped to an attune role. What happens to the account
// (found, linked, created, its role kept in step) is the accounts package's.
package sso
