package web

import "github.com/attune-vig/attune/internal/domain"

func init() {
	funcs["filmStatus"] = func(f *domain.Film) string {
		if f.Status == domain.FilmReady && f.Stale() {
			return "Changed since it was rendered"
		}
		return map[string]string{domain.FilmDraft: "Not rendered yet", domain.FilmQueued: "Waiting to render",
			domain.FilmRendering: "Rendering", domain.FilmReady: "Ready to watch", domain.FilmFailed: "Couldn't be rendered",
			domain.FilmCancelled: "Render cancelled"}[f.Status]
	}
	funcs["wordsOf"] = func(f *domain.Film, id string) string { return f.Words[id] }
}
