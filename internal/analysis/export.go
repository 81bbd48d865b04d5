package analysis

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/safecsv"
	"github.com/attune-vig/attune/internal/store"
)

// Coding is a recording's annotations with the frame table that turns
// their frames into times, for export.
type Coding struct {
	Recording   *domain.Recording
	Annotations []*domain.Annotation
	Frames      []int64 // µs per frame
	Names       *Names  // codes' labels and participants' names
	CaseRef     string  // the case's reference, for the file's name
}

// FileName is the export's file name, after the case, film and date.
func (c *Coding) FileName(ext string) string { return ExportName(c.CaseRef, c.Recording, ext) }

// Export gathers a recording's coding; taking it out is audited.
func (s *Service) Export(ctx context.Context, a accounts.Actor, recordingID, format string) (*Coding, error) {
	c := &Coding{}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if c.Recording, err = readyRecording(ctx, tx, a, recordingID, casework.WantView); err != nil {
			return err
		}
		if err := blindToMain(ctx, tx, a, c.Recording); err != nil {
			return err
		}
		if c.Annotations, err = tx.Annotations(ctx, recordingID, store.AnnotationFilter{}); err != nil {
			return err
		}
		c.Names, c.CaseRef, err = namesOf(ctx, tx, c.Recording)
		return err
	})
	if err == nil {
		err = s.DB.AuditView(ctx, entry(a, "annotation.export."+format, "recording", recordingID, c.Recording))
	}
	if err != nil {
		return nil, err
	}
	if c.Frames, err = s.FrameTimes(ctx, recordingID); err != nil {
		return nil, err
	}
	return c, nil
}

// namesOf reads the words an export shows for a recording's codes and
// participants, and its case's reference.
func namesOf(ctx context.Context, tx *store.Tx, r *domain.Recording) (*Names, string, error) {
	sc, err := tx.SchemeByID(ctx, r.SchemeID)
	if err != nil {
		return nil, "", err
	}
	c, err := tx.CaseByID(ctx, r.CaseID)
	if err != nil {
		return nil, "", err
	}
	return NewNames(sc, c), c.Reference, nil
}

// CSVHeader is the coding CSV's columns, in order, for export and import:
// "code" and "participant" are what a person reads (the code's label, the
// participant's name); "code_id" and "participant_id" are what attune
// reads back, so a re-import never depends on a name being unique.
var CSVHeader = []string{"id", "code", "start_frame", "end_frame", "start_seconds", "end_seconds", "participant", "note", "code_id", "participant_id"}

// WriteCSV writes the coding as CSV: one row per annotation, frames and the
// presentation times (seconds, to the microsecond) of its first and last
// frame, so a point event has equal start and end. Every cell goes through
// safecsv, so no name or note can act as a spreadsheet formula.
func WriteCSV(w io.Writer, c *Coding) error {
	cw := safecsv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, an := range c.Annotations {
		start, end := c.time(an.StartFrame), c.time(an.EndFrame)
		cw.Write([]string{an.ID, c.Names.Code(an.Code), strconv.Itoa(an.StartFrame), strconv.Itoa(an.EndFrame),
			seconds(start), seconds(end), c.Names.Person(an.ParticipantID), an.Note, an.Code, an.ParticipantID})
	}
	cw.Flush()
	return cw.Error()
}

func (c *Coding) time(frame int) int64 {
	if frame >= 0 && frame < len(c.Frames) {
		return c.Frames[frame]
	}
	return 0
}

// spanEnd is when an annotation's last frame stops being shown.
func (c *Coding) spanEnd(an *domain.Annotation) int64 {
	if an.EndFrame >= 0 && an.EndFrame < len(c.Frames) {
		return frameEnd(c.Frames, an.EndFrame)
	}
	return c.time(an.StartFrame)
}

func seconds(us int64) string { return fmt.Sprintf("%d.%06d", us/1_000_000, us%1_000_000) }
