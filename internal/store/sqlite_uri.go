package store

import (
	"net/url"
	"strings"
)

// sqliteURI is the driver's address of a SQLite file with its settings. The
// path is escaped, so a folder name holding '#', '?' or '%' (a test's
// "sqlite#01", an operator's "data#2") opens that file and not a shorter
// path cut at the character.
func sqliteURI(path string, q url.Values) string {
	escaped := strings.NewReplacer("%", "%25", "#", "%23", "?", "%3F").Replace(path)
	return "file:" + escaped + "?" + q.Encode()
}
