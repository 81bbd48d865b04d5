package domain

import "time"

// Film states. A draft has never been rendered; a cancelled render keeps
// whatever file an earlier render left.
const (
	FilmDraft     = "draft"
	FilmQueued    = "queued"
	FilmRendering = "rendering"
	FilmReady     = "ready"
	FilmFailed    = "failed"
	FilmCancelled = "cancelled"
)

// Kinds of film item.
const (
	ItemTitle = "title"
	ItemClip  = "clip"
	ItemStill = "still"
)

// Film is a short film made for a case from its clips and stills, with
// title cards, to watch with the family in the shared review.
type Film struct {
	ID              string
	CaseID          string
	Cycle           int // the cycle under way when it was made; 0 for none
	Title           string
	Items           []FilmItem
	Version         int
	Status          string
	Progress        float64 // 0..1 while rendering
	Error           string  // for a person: what went wrong and what to do
	JobID           int64   // the render job, while one is queued or running
	RenderedVersion int     // the version the current file was rendered from; 0 for none
	SegmentsMade    int     // in the last render: parts rendered
	SegmentsReused  int     // in the last render: parts taken from the cache
	Format          string  // the last render's picture format (JSON), reused while its first clip is unchanged
	ReleasedAt      *time.Time
	ReleasedBy      string
	ReleasedFile    string            // the rendered file the family sees (kept over re-renders until released again); "" for the current one
	NextSteps       string            // what the family wants to try next, from the shared review
	Words           map[string]string // the parent's words, by item id
	CreatedBy       string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Busy tells whether a render is queued or running.
func (f *Film) Busy() bool { return f.Status == FilmQueued || f.Status == FilmRendering }

// Stale tells whether the film changed since its file was rendered.
func (f *Film) Stale() bool { return f.RenderedVersion != 0 && f.RenderedVersion != f.Version }

// FilmItem is one part of a film, in order.
type FilmItem struct {
	ID      string
	Kind    string  // title, clip or still
	Text    string  // a title card's words
	Seconds float64 // how long a title or still is held
	ClipID  string
	StillID string
	Speed   float64 // a clip's speed: 1, 0.5 or 0.25
	Caption string  // words shown over a clip or still
}

// FilmFile is an encrypted file of a film: its rendered video, or one cached
// segment (keyed by the hash of what it was made from).
type FilmFile struct {
	ID         string
	FilmID     string
	Kind       string // video or segment
	Hash       string
	BlobKey    string
	WrappedKey []byte
	Size       int64
	CreatedAt  time.Time
}

// Kinds of film file.
const (
	FilmFileVideo   = "video"
	FilmFileSegment = "segment"
)

// SettingFilmDownloads is the service setting that lets staff download
// rendered films ("true"); off by default.
const SettingFilmDownloads = "allow_film_downloads"
