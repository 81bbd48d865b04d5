package app_test

func init() { rowSources = append(rowSources, accountRows) }

// accountRows: everyone signed in has an account page and may make API
// tokens; a token that is not theirs (here: none at all) is "not found";
// only administrators reach another account's tokens.
func accountRows(ids map[string]string) []row {
	return []row{
		{route: "GET /account", expect: expect{anon: 303, "*": 200}},
		{route: "POST /account/tokens", body: "label=matrix", expect: expect{anon: 401, "*": 200}},
		{route: "POST /account/tokens/{token}/revoke", path: "/account/tokens/no-such-token/revoke", expect: expect{anon: 401, "*": 404}},
		{route: "POST /admin/users/{id}/tokens/{token}/revoke", path: "/admin/users/" + ids["target"] + "/tokens/no-such-token/revoke",
			expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 404}},
	}
}
