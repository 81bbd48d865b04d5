package domain

import "time"

// Recording states.
const (
	RecordingUploading  = "uploading"
	RecordingProcessing = "processing"
	RecordingReady      = "ready"
	RecordingFailed     = "failed"
)

// Recording is one film of a family, from upload to a ready playback copy.
type Recording struct {
	ID         string
	CaseID     string
	UploaderID string
	Filename   string // as the guider's device named it; shown only to staff with access
	Size       int64  // declared size of the original, in bytes
	Status     string
	Progress   float64 // 0..1 within the current status
	Error      string  // for a person: what went wrong and what to do
	DurationMS int64
	FrameCount int
	FPS        float64
	Width      int // as displayed, rotation applied
	Height     int
	UploadKey  []byte // the wrapped key of the original while it uploads; nil after
	Cycle      int    // the cycle it was filmed for; 0 for none
	SchemeID   string // the coding scheme its moments and clips use
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Kinds of stored file that belong to a recording.
const (
	FileOriginal        = "original"
	FilePlayback        = "playback"         // H.264/AAC MP4, exactly the original's frames
	FilePoster          = "poster"           // a still for the list and the player
	FileStoryboard      = "storyboard"       // thumbnails along the timeline, one image
	FileStoryboardIndex = "storyboard_index" // JSON: the grid and each tile's time
	FileWaveform        = "waveform"         // audio peaks, JSON
	FileFrames          = "frames"           // every frame's presentation time, JSON
	FileCutIndex        = "cut_index"        // the playback copy's streams and packets, JSON, for cutting clips
)

// StoredFile is an encrypted object in the blob store. Its key is wrapped by
// the master key ring; deleting the row destroys the key.
type StoredFile struct {
	ID          string // also the blob key's last part and the AEAD file id
	RecordingID string
	Kind        string
	BlobKey     string
	WrappedKey  []byte
	Size        int64 // plaintext bytes
	ContentType string
	CreatedAt   time.Time
}
