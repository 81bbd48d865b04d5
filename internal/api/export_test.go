package api

// mergeIntoForTest lets the external tests check the OpenAPI merge.
var MergeIntoForTest = func(doc, part map[string]any) error { return mergeInto(doc, part, "test part") }
