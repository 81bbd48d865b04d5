package api

import (
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

type filmJSON struct {
	ID      string         `json:"id"`
	CaseID  string         `json:"case_id"`
	Cycle   int            `json:"cycle"`
	Title   string         `json:"title"`
	Items   []filmItemJSON `json:"items"`
	Version int            `json:"version"`
	filmStatusJSON
	NextSteps  string     `json:"next_steps"`
	Released   bool       `json:"released"`
	ReleasedAt *time.Time `json:"released_at,omitempty"`
	ReleasedBy string     `json:"released_by,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

type filmItemJSON struct {
	ID      string  `json:"id"`
	Kind    string  `json:"kind"`
	Text    string  `json:"text,omitempty"`
	Seconds float64 `json:"seconds,omitempty"`
	ClipID  string  `json:"clip_id,omitempty"`
	StillID string  `json:"still_id,omitempty"`
	Speed   float64 `json:"speed,omitempty"`
	Caption string  `json:"caption,omitempty"`
	Words   string  `json:"words,omitempty"` // the parent's words, from the shared review
}

// filmStatusJSON is a film's render state, what a progress bar polls.
type filmStatusJSON struct {
	FilmID          string  `json:"film_id"`
	Status          string  `json:"status"`
	Progress        float64 `json:"progress"`
	Error           string  `json:"error,omitempty"`
	RenderedVersion int     `json:"rendered_version"`
	Stale           bool    `json:"stale"`
	SegmentsMade    int     `json:"segments_made"`
	SegmentsReused  int     `json:"segments_reused"`
	VideoURL        string  `json:"video_url,omitempty"`
	Job             string  `json:"job,omitempty"` // on a render request: started or existing
}

func statusOut(f *domain.Film) filmStatusJSON {
	out := filmStatusJSON{FilmID: f.ID, Status: f.Status, Progress: f.Progress, Error: f.Error, RenderedVersion: f.RenderedVersion,
		Stale: f.Stale(), SegmentsMade: f.SegmentsMade, SegmentsReused: f.SegmentsReused}
	if f.RenderedVersion > 0 {
		out.VideoURL = "/api/v1/films/" + f.ID + "/video"
	}
	return out
}

func filmOut(f *domain.Film) filmJSON {
	out := filmJSON{ID: f.ID, CaseID: f.CaseID, Cycle: f.Cycle, Title: f.Title, Items: []filmItemJSON{}, Version: f.Version,
		filmStatusJSON: statusOut(f), NextSteps: f.NextSteps, Released: f.ReleasedAt != nil, ReleasedAt: f.ReleasedAt,
		ReleasedBy: f.ReleasedBy, CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
	for _, it := range f.Items {
		out.Items = append(out.Items, filmItemJSON{ID: it.ID, Kind: it.Kind, Text: it.Text, Seconds: it.Seconds, ClipID: it.ClipID,
			StillID: it.StillID, Speed: it.Speed, Caption: it.Caption, Words: f.Words[it.ID]})
	}
	return out
}
