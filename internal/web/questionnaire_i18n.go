package web

import (
	"embed"
	"encoding/json"
	"fmt"

	"github.com/attune-vig/attune/internal/domain"
)

// The parent's pages speak through a message catalogue, one JSON file per
// language: locales/<lang>.json. An instrument's own questions stay in the
// language they were written in.
//
//go:embed locales/*.json locales/family/*.json
var localeFiles embed.FS

var catalogue = mustCatalogue("en", "pl")

func mustCatalogue(langs ...string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, l := range langs {
		m := map[string]string{}
		for _, name := range []string{"locales/" + l + ".json", "locales/family/" + l + ".json"} { // family: the portal's messages
			b, err := localeFiles.ReadFile(name)
			if err != nil {
				panic(err)
			}
			if err := json.Unmarshal(b, &m); err != nil {
				panic(fmt.Sprintf("%s: %v", name, err))
			}
		}
		out[l] = m
	}
	for k := range out["en"] {
		for _, l := range langs {
			if _, ok := out[l][k]; !ok {
				panic(fmt.Sprintf("locales/%s.json has no %q", l, k))
			}
		}
	}
	return out
}

// tr looks a message up in a language (English when missing), filling {1}, {2}… with args.
func tr(lang, key string, args ...any) string {
	msg, ok := catalogue[lang][key]
	if !ok {
		msg = catalogue["en"][key]
	}
	return domain.Fill(msg, args...)
}

func init() { funcs["tr"] = tr }
