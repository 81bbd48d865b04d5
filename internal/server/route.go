package server

import "strings"

// Route is one registered route: its policy and what it tells the audit trail.
type Route struct {
	Method, Path string
	Policy       Policy
	// Object is the kind of case record the path's {id} names ("recording",
	// "case", …), "" if none. A refused attempt on it is audited.
	Object string
	// Views is set on a route that returns case content: every answer with
	// content is audited (at most once per viewer, route, record and window).
	Views bool
	// Exempt says why a route that looks like case content returns none.
	Exempt string
}

// RouteOption declares what a route returns, for the audit trail.
type RouteOption func(*Route)

// Views declares that a route returns case content about the record its
// {id} names (object is its kind, e.g. "recording"); without {id}, about the
// caller's own caseload. The router audits every answer that sends content.
func Views(object string) RouteOption {
	return func(r *Route) { r.Views, r.Object = true, object }
}

// Exempt declares that a route under a case path returns no case content,
// and says why (a form, a status, a refusal page).
func Exempt(reason string) RouteOption {
	return func(r *Route) { r.Exempt = reason }
}

// recordKinds maps the path segment before an {id} to the kind of case
// record it names. Refused attempts on these are audited on every route.
var recordKinds = map[string]string{
	"cases": "case", "recordings": "recording", "films": "film", "clips": "clip", "stills": "still",
	"annotations": "annotation", "shares": "material_share", "assignments": "assignment", "responses": "response",
	"consents": "consent", "goals": "goal", "sessions": "session", "cycles": "cycle", "notes": "note",
	"family-members": "family_member", "family-requests": "family_request", "exports": "sar_export", "uploads": "recording",
	"alerts": "alert", "codings": "coding", "suggestions": "suggestion",
}

// recordKind is the kind of case record a path's {id} names, "" if none.
func recordKind(path string) string {
	if strings.HasPrefix(path, "/admin/") {
		return ""
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := 1; i < len(segs); i++ {
		if segs[i] == "{id}" {
			return recordKinds[segs[i-1]]
		}
	}
	return ""
}

// CaseContentPath tells whether a path lies where case content is served;
// a GET route there must declare Views or Exempt (the access tests check).
func CaseContentPath(path string) bool {
	for _, p := range []string{"/api/v1/cases", "/api/v1/recordings/", "/api/v1/films/", "/api/v1/clips/", "/api/v1/stills/",
		"/api/v1/annotations/", "/api/v1/supervision/", "/api/v1/responses/", "/api/v1/assignments/", "/api/v1/consents/",
		"/api/v1/goals/", "/api/v1/sessions/", "/api/v1/cycles/", "/api/v1/codings/", "/cases/", "/recordings/", "/films/", "/clips/", "/stills/",
		"/annotations/", "/supervision", "/family", "/assignments/", "/consents/", "/exports/", "/q/", "/calendar", "/outcomes"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return recordKind(path) != ""
}
