package web

import (
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// staticFiles serves the embedded files under /static/ one by one: a folder
// answers 404, never a listing of what it holds.
func staticFiles(fsys fs.FS) http.HandlerFunc {
	files := http.StripPrefix("/static/", http.FileServerFS(fsys))
	return func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/static")
		name = strings.TrimPrefix(name, "/")
		if st, err := fs.Stat(fsys, name); name == "" || strings.HasSuffix(r.URL.Path, "/") || err != nil || st.IsDir() {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}
}

// favicon answers browsers that ask for /favicon.ico whatever the page
// links: with the SVG icon the pages name.
func favicon(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
}
