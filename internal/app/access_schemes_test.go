package app_test

import "net/url"

func init() { rowSources = append(rowSources, schemePageRows) }

// schemePageRows are the administrator's pages for coding schemes; the
// scheme edited is the one analysisWorld makes.
func schemePageRows(ids map[string]string) []row {
	sc := ids["scheme"]
	save := url.Values{"name": {"Matrix scheme"}, "rows": {"1"},
		"c0_code": {"a"}, "c0_label": {"A"}, "c0_colour": {"#1f5fa8"}}.Encode()
	return []row{
		{route: "GET /admin/schemes", expect: adminGET},
		{route: "GET /admin/schemes/new", expect: adminGET},
		{route: "POST /admin/schemes", body: "name=Scheme+from+the+page", expect: adminPOST},
		{route: "GET /admin/schemes/{id}", path: "/admin/schemes/" + sc, expect: adminGET},
		{route: "POST /admin/schemes/{id}", path: "/admin/schemes/" + sc, body: save, expect: adminPOST},
	}
}
