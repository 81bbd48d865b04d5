package analysis

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ImportInput is another coder's work to bring in as a second coding.
type ImportInput struct {
	Format    string // domain.CodingEAF, CodingBORIS or CodingCSV
	CoderName string // who coded it (they may have no account here)
	Tier      string // ELAN: read only this tier
	Body      io.Reader
}

// ImportCoding brings another coder's work on a recording in as a second
// coding, from an ELAN file, a BORIS export or attune's coding CSV, so a
// research partner can code in the tool they know. Only the case's owner
// may; the coding is done as it arrives, and stays apart from the main one
// until the owner marks their own coding done (or opens both). Every moment
// is checked against the recording's scheme and frames: all come in, or
// none, and the first bad one is named.
func (s *Service) ImportCoding(ctx context.Context, a accounts.Actor, recordingID string, in ImportInput) (*domain.Coding, int, error) {
	in.CoderName = strings.TrimSpace(in.CoderName)
	if in.CoderName == "" || len(in.CoderName) > 200 {
		return nil, 0, domain.FieldError("coder_name", "Say who made this coding (a name of up to 200 characters), so the comparison can name them.")
	}
	var rec *domain.Recording
	var sc *domain.Scheme
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { // who may import, before reading a byte
		if rec, err = readyRecording(ctx, tx, a, recordingID, casework.WantOwner); err != nil {
			return err
		}
		sc, err = tx.SchemeByID(ctx, rec.SchemeID)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.importRows(ctx, rec, sc, in)
	if err != nil {
		return nil, 0, err
	}
	c := &domain.Coding{ID: auth.NewID(), RecordingID: rec.ID, CoderID: a.ID(), StartedBy: a.ID(), Source: in.Format, CoderLabel: in.CoderName}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		rec, err := readyRecording(ctx, tx, a, recordingID, casework.WantOwner)
		if err != nil {
			return err
		}
		if c.MainDoneAt, err = mainDone(ctx, tx, rec.ID); err != nil {
			return err
		}
		if err := tx.CreateCoding(ctx, c); err != nil {
			return err
		}
		for _, row := range rows {
			an := &domain.Annotation{ID: auth.NewID(), RecordingID: rec.ID, CodingID: c.ID, SchemeID: rec.SchemeID, Version: 1, CreatedBy: a.ID()}
			apply(an, row.in)
			if err := s.insertAnnotation(ctx, tx, a, rec, an); err != nil {
				return rowError(row.line, err)
			}
		}
		if err := tx.MarkCodingDone(ctx, c.ID, false); err != nil {
			return err
		}
		return audit(ctx, tx, a, "coding.import."+in.Format, "coding", c.ID, rec)
	})
	return c, len(rows), err
}

// importRows reads the file into moments on the recording's frames.
func (s *Service) importRows(ctx context.Context, rec *domain.Recording, sc *domain.Scheme, in ImportInput) ([]csvRow, error) {
	switch in.Format {
	case domain.CodingCSV:
		rows, err := readCSV(in.Body)
		names := NewNames(sc, nil)
		for i := range rows {
			rows[i].resolve(names)
			rows[i].id, rows[i].in.ParticipantID = "", nil // a new coding: fresh ids; participants are the main coding's
		}
		return rows, err
	case domain.CodingEAF, domain.CodingBORIS:
	default:
		return nil, domain.FieldError("format", "Choose the file's kind: \"eaf\" (ELAN), \"boris\" (BORIS aggregated events) or \"csv\" (attune's coding CSV).")
	}
	var timed []timedMoment
	var err error
	names := NewNames(sc, nil)
	codeOf := func(name string) string { return names.codeOf(tierCode(name, sc)) }
	if in.Format == domain.CodingEAF {
		timed, err = readEAF(in.Body, in.Tier, func(name string) bool { return schemeHas(sc, codeOf(name)) })
	} else {
		timed, err = readBORIS(in.Body)
	}
	if err != nil {
		return nil, err
	}
	pts, err := s.FrameTimes(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	rows := make([]csvRow, 0, len(timed))
	for i, m := range timed {
		start, end, ok := framesOf(pts, m.Start, m.End)
		if !ok {
			return nil, domain.Errorf(domain.EINVALID, "The moment at %s (%s) lies outside the recording. Nothing was imported: check the file belongs to this recording.", fmtUS(m.Start), m.Where)
		}
		code, note := codeOf(m.Code), m.Note
		rows = append(rows, csvRow{line: i + 1, in: AnnotationInput{Code: &code, StartFrame: &start, EndFrame: &end, Note: &note}})
	}
	return rows, nil
}

// tierCode is the code an ELAN tier written by attune names when two codes
// share a label ("Label (slug)"); any other name is kept for codeOf.
func tierCode(name string, sc *domain.Scheme) string {
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		if slug := name[i+2 : len(name)-1]; schemeHas(sc, slug) {
			return slug
		}
	}
	return name
}

func schemeHas(sc *domain.Scheme, code string) bool {
	for _, c := range sc.Codes {
		if c.Code == code {
			return true
		}
		for _, sub := range c.Subcodes {
			if sub.Code == code {
				return true
			}
		}
	}
	return false
}

// framesOf turns a moment's times (µs; end < 0 for a point, else the end of
// its last frame) into frames by the recording's frame table: the first
// frame is the one shown at start (ELAN rounds to the millisecond, so up to
// 1 ms later counts), the last the one shown just before end.
func framesOf(pts []int64, start, end int64) (int, int, bool) {
	if len(pts) == 0 {
		return 0, 0, false
	}
	first := sort.Search(len(pts), func(i int) bool { return pts[i] > start+999 }) - 1
	if first < 0 || start > frameEnd(pts, len(pts)-1) {
		return 0, 0, false
	}
	if end < 0 || end <= start {
		return first, first, true
	}
	last := sort.Search(len(pts), func(i int) bool { return pts[i] >= end }) - 1
	return first, max(last, first), true
}

func fmtUS(us int64) string {
	s := us / 1_000_000
	return fmt.Sprintf("%d:%02d.%03d", s/60, s%60, us%1_000_000/1000)
}
