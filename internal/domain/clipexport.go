package domain

import "time"

// Clip export states: the clip's MP4 is waiting for a worker, being cut,
// stored and current, or given up on after the last attempt.
const (
	ClipExportQueued    = "queued"
	ClipExportExporting = "exporting"
	ClipExportReady     = "ready"
	ClipExportFailed    = "failed"
)

// ClipExport is the state of a clip's MP4: exactly its frames, stored
// encrypted as the recording's file of kind ClipFileKind(ClipID).
// StartFrame and EndFrame are the edges of the stored file (-1 when none
// has been stored): it is current only while they equal the clip's.
type ClipExport struct {
	ClipID      string
	RecordingID string
	Status      string
	Progress    float64 // 0..1 while exporting
	Error       string  // for the guider, when failed
	StartFrame  int
	EndFrame    int
	UpdatedAt   time.Time
}

// Current reports whether the export is ready and made from c's edges.
func (e *ClipExport) Current(c *Clip) bool {
	return e != nil && e.Status == ClipExportReady && e.StartFrame == c.StartFrame && e.EndFrame == c.EndFrame
}

// ClipFileKind is the stored-file kind that holds a clip's MP4.
func ClipFileKind(clipID string) string { return "clip/" + clipID }
