package app_test

func init() { rowSources = append(rowSources, ssoRows) }

// ssoRows: the matrix runs without single sign-on configured, so both
// steps say so (404) to everyone; with it, sso_test.go covers them.
func ssoRows(map[string]string) []row {
	off := expect{anon: 404, "*": 404}
	return []row{
		{route: "GET /login/sso", expect: off},
		{route: "GET /login/sso/callback", path: "/login/sso/callback?state=x&code=y", expect: off},
	}
}
