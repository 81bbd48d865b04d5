package app_test

func init() { rowSources = append(rowSources, workspaceRows) }

// workspaceRows: the micro-analysis workspace of a film is open to whoever
// may watch the film, exactly like the film's own page.
func workspaceRows(ids map[string]string) []row {
	return []row{
		{route: "GET /recordings/{id}/workspace", path: "/recordings/" + ids["recording"] + "/workspace", expect: caseView},
	}
}
