package web

import (
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/server"
)

// builderView is what the film builder and the shared review start from;
// the film itself their scripts fetch from the API.
type builderView struct {
	Film           *domain.Film
	Case           *domain.Case
	Me             *domain.User
	Library        string // JSON: the case's clips and stills to choose from
	Prompts        string // JSON: the default questions for the review
	Downloads      bool
	ReleaseProblem string
}

// filmChoice is one clip or still the builder offers.
type filmChoice struct {
	Kind    string  `json:"kind"`
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Caption string  `json:"caption,omitempty"`
	Seconds float64 `json:"seconds,omitempty"`
	Thumb   string  `json:"thumb"`
	From    string  `json:"from"` // the recording's name
}

func (ui *UI) builderData(r *http.Request) (*builderView, error) {
	id := server.IdentityOf(r)
	f, err := ui.Films.Status(r.Context(), id.Actor(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	c, err := ui.Cases.Get(r.Context(), id.Actor(), f.CaseID)
	if err != nil {
		return nil, err
	}
	lib, err := ui.filmLibrary(r, c.ID)
	if err != nil {
		return nil, err
	}
	v := &builderView{Film: f, Case: c, Me: id.User, Library: filmJSONAttr(lib), Prompts: filmJSONAttr(films.Prompts)}
	if v.Downloads, err = ui.Films.DownloadsAllowed(r.Context()); err != nil {
		return nil, err
	}
	if err := ui.Films.CanRelease(r.Context(), f); err != nil {
		v.ReleaseProblem = domain.ErrorMessage(err)
	}
	return v, nil
}

// filmLibrary lists the clips and ready stills of a case's ready recordings.
func (ui *UI) filmLibrary(r *http.Request, caseID string) ([]filmChoice, error) {
	a := server.IdentityOf(r).Actor()
	recs, err := ui.Recordings.ForCase(r.Context(), a, caseID)
	if err != nil {
		return nil, err
	}
	out := []filmChoice{}
	for _, rec := range recs {
		if rec.Status != domain.RecordingReady {
			continue
		}
		clips, err := ui.Analysis.Clips(r.Context(), a, rec.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range clips {
			secs := 0.0
			if rec.FPS > 0 {
				secs = float64(c.EndFrame-c.StartFrame+1) / rec.FPS
			}
			out = append(out, filmChoice{Kind: domain.ItemClip, ID: c.ID, Title: clipTitle(c), Caption: c.Caption, Seconds: secs,
				Thumb: "/api/v1/recordings/" + rec.ID + "/poster", From: rec.Filename})
		}
		stills, err := ui.Analysis.Stills(r.Context(), a, rec.ID)
		if err != nil {
			return nil, err
		}
		for _, s := range stills {
			if s.Status == domain.StillReady {
				out = append(out, filmChoice{Kind: domain.ItemStill, ID: s.ID, Title: stillTitle(s), Caption: s.Caption,
					Thumb: "/api/v1/stills/" + s.ID + "/image", From: rec.Filename})
			}
		}
	}
	return out, nil
}

func clipTitle(c *domain.Clip) string {
	if c.Title != "" {
		return c.Title
	}
	return "Clip from frame " + strconv.Itoa(c.StartFrame)
}

func stillTitle(s *domain.Still) string {
	if s.Caption != "" {
		return s.Caption
	}
	return "Still of frame " + strconv.Itoa(s.Frame)
}

func (ui *UI) filmBuilder(w http.ResponseWriter, r *http.Request) {
	v, err := ui.builderData(r)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "film_builder", View{Title: "Film · " + v.Film.Title, Nav: "caseload", Data: v})
}

func (ui *UI) filmReview(w http.ResponseWriter, r *http.Request) {
	v, err := ui.builderData(r)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "film_review", View{Title: "Shared review · " + v.Film.Title, Nav: "caseload", Data: v})
}

func (ui *UI) filmSettings(w http.ResponseWriter, r *http.Request) {
	on, err := ui.Films.DownloadsAllowed(r.Context())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "film_settings", View{Title: "Film settings", Nav: "settings", Data: on})
}

func (ui *UI) saveFilmSettings(w http.ResponseWriter, r *http.Request) {
	err := ui.Films.SetDownloadsAllowed(r.Context(), server.IdentityOf(r).Actor(), r.PostFormValue("downloads") == "on")
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/settings/films", "Film settings saved.")
}
