package app_test

func init() { rowSources = append(rowSources, recordingSchemeRows) }

// recordingSchemeRows: choosing a recording's coding scheme is an edit of
// the recording (the world's recording keeps the scheme it has).
func recordingSchemeRows(ids map[string]string) []row {
	return []row{
		{route: "PUT /api/v1/recordings/{id}/scheme", path: "/api/v1/recordings/" + ids["recording"] + "/scheme",
			body: `{"scheme_id":"default"}`, expect: apiEdit},
	}
}
