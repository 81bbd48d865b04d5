package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
)

// The OpenAPI document is openapi.json (info, components, the first paths)
// merged with every openapi_*.json beside it, one per part of the API, so
// each part describes its own routes.
//
//go:embed openapi*.json
var openAPIFiles embed.FS

var openAPI = mustMergeOpenAPI()

func mustMergeOpenAPI() []byte {
	b, err := mergeOpenAPI(openAPIFiles)
	if err != nil {
		panic(err)
	}
	return b
}

func mergeOpenAPI(fsys fs.FS) ([]byte, error) {
	var doc map[string]any
	if err := readJSON(fsys, "openapi.json", &doc); err != nil {
		return nil, err
	}
	parts, _ := fs.Glob(fsys, "openapi_*.json")
	for _, name := range parts {
		var part map[string]any
		if err := readJSON(fsys, name, &part); err != nil {
			return nil, err
		}
		if err := mergeInto(doc, part, name); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(doc, "", " ")
}

// mergeInto adds a part's paths and component schemas; a name defined twice
// is an error, so parts cannot silently replace each other.
func mergeInto(doc, part map[string]any, name string) error {
	if err := addAll(doc, part, "paths", name); err != nil {
		return err
	}
	comps, _ := part["components"].(map[string]any)
	docComps, _ := doc["components"].(map[string]any)
	if comps == nil || docComps == nil {
		return nil
	}
	return addAll(docComps, comps, "schemas", name)
}

func addAll(dst, src map[string]any, key, name string) error {
	from, _ := src[key].(map[string]any)
	to, _ := dst[key].(map[string]any)
	if to == nil {
		to = map[string]any{}
		dst[key] = to
	}
	for k, v := range from {
		if _, dup := to[k]; dup {
			return fmt.Errorf("openapi: %s defines %s %q again", name, key, k)
		}
		to[k] = v
	}
	return nil
}

func readJSON(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("openapi: %s: %w", name, err)
	}
	return nil
}
