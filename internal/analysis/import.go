package analysis

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/safecsv"
	"github.com/attune-vig/attune/internal/store"
)

// ImportReport says what an import did.
type ImportReport struct {
	Created int
	Updated int
}

// ImportCSV reads a coding CSV (the export's columns; id, start_seconds and
// end_seconds may be empty or absent: frames are what count) and applies
// every row, or none. A row whose id is a live annotation of this recording
// updates it; any other row makes a new annotation. The first bad row is
// named, with its line number and field.
func (s *Service) ImportCSV(ctx context.Context, a accounts.Actor, recordingID string, r io.Reader) (ImportReport, error) {
	err := s.DB.View(ctx, func(tx *store.Tx) error { // who may import, before reading a byte
		_, err := readyRecording(ctx, tx, a, recordingID, casework.WantEdit)
		return err
	})
	if err != nil {
		return ImportReport{}, err
	}
	rows, err := readCSV(r)
	if err != nil {
		return ImportReport{}, err
	}
	var rep ImportReport
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		rec, err := readyRecording(ctx, tx, a, recordingID, casework.WantEdit)
		if err != nil {
			return err
		}
		names, _, err := namesOf(ctx, tx, rec)
		if err != nil {
			return err
		}
		for _, row := range rows {
			row.resolve(names)
			created, err := s.importRow(ctx, tx, a, rec, row)
			if err != nil {
				return rowError(row.line, err)
			}
			if created {
				rep.Created++
			} else {
				rep.Updated++
			}
		}
		return nil
	})
	return rep, err
}

func (s *Service) importRow(ctx context.Context, tx *store.Tx, a accounts.Actor, rec *domain.Recording, row csvRow) (bool, error) {
	if row.id != "" {
		cur, err := tx.AnnotationByID(ctx, row.id)
		if err != nil && !store.IsNotFound(err) {
			return false, err
		}
		if err == nil && cur.RecordingID == rec.ID {
			old := cur.Code
			apply(cur, row.in)
			cur.Version++
			return false, s.saveAnnotation(ctx, tx, a, rec, cur, old)
		}
	}
	an := &domain.Annotation{ID: auth.NewID(), RecordingID: rec.ID, SchemeID: domain.DefaultSchemeID, Version: 1, CreatedBy: a.ID()}
	apply(an, row.in)
	return true, s.insertAnnotation(ctx, tx, a, rec, an)
}

func rowError(line int, err error) error {
	var e *domain.Error
	if errors.As(err, &e) && e.Code == domain.EINVALID {
		return &domain.Error{Code: domain.EINVALID, Field: e.Field, Message: fmt.Sprintf("Line %d: %s Nothing was imported; fix that line and send the file again.", line, e.Message)}
	}
	return err
}

// csvRow is one parsed line of a coding CSV.
type csvRow struct {
	line int
	id   string
	in   AnnotationInput
	// byName: the code and participant came as a person reads them (a
	// label, a name) rather than as code_id and participant_id.
	codeByName, whoByName bool
}

// resolve turns a label and a name into the code and participant they
// mean; a slug or an id is kept as it is.
func (row *csvRow) resolve(n *Names) {
	if row.codeByName && row.in.Code != nil {
		c := n.codeOf(*row.in.Code)
		row.in.Code = &c
	}
	if row.whoByName && row.in.ParticipantID != nil {
		p := n.personOf(*row.in.ParticipantID)
		row.in.ParticipantID = &p
	}
}

// MaxImportRows bounds one import.
const MaxImportRows = 50_000

func readCSV(r io.Reader) ([]csvRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	var coded *domain.Error
	if errors.As(err, &coded) { // the reader's own verdict (e.g. a wrong content type)
		return nil, coded
	}
	if err != nil {
		return nil, &domain.Error{Code: domain.EINVALID, Cause: err, Message: fmt.Sprintf("The CSV is empty or unreadable. Send the header line (%s) and one line per annotation.", strings.Join(CSVHeader, ","))}
	}
	cols, err := columns(header)
	if err != nil {
		return nil, err
	}
	var out []csvRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			e := domain.Errorf(domain.EINVALID, "Line %d isn't valid CSV (%v). Nothing was imported.", line, err)
			e.Cause = err
			return nil, e
		}
		if len(out) == MaxImportRows {
			return nil, domain.Errorf(domain.ETOOLARGE, "A CSV can hold at most %d annotations. Split the file.", MaxImportRows)
		}
		row, err := parseRow(cols, rec, line)
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
}

// columns maps the header's names to their places; code (or code_id),
// start_frame and end_frame are required, unknown names are refused.
func columns(header []string) (map[string]int, error) {
	known := map[string]bool{}
	for _, h := range CSVHeader {
		known[h] = true
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.TrimPrefix(strings.TrimSpace(strings.ToLower(h)), "\ufeff")
		if !known[h] {
			return nil, domain.Errorf(domain.EINVALID, "Line 1: %q isn't a column we know. The columns are: %s.", h, strings.Join(CSVHeader, ", "))
		}
		cols[h] = i
	}
	for _, need := range []string{"code", "start_frame", "end_frame"} {
		_, ok := cols[need]
		if _, byID := cols["code_id"]; need == "code" && byID {
			ok = true
		}
		if !ok {
			return nil, domain.Errorf(domain.EINVALID, "Line 1: the column %q is missing. The columns are: %s.", need, strings.Join(CSVHeader, ", "))
		}
	}
	return cols, nil
}

func parseRow(cols map[string]int, rec []string, line int) (csvRow, error) {
	get := func(name string) *string {
		i, ok := cols[name]
		if !ok || i >= len(rec) {
			return nil
		}
		v := safecsv.Restore(strings.TrimSpace(rec[i])) // export's apostrophe before a would-be formula
		return &v
	}
	row := csvRow{line: line, in: AnnotationInput{Code: get("code_id"), ParticipantID: get("participant_id")}}
	if row.in.Code == nil || *row.in.Code == "" {
		row.in.Code, row.codeByName = get("code"), true
	}
	if row.in.ParticipantID == nil {
		row.in.ParticipantID, row.whoByName = get("participant"), true
	}
	if id := get("id"); id != nil {
		row.id = *id
	}
	row.in.Note = get("note")
	var err error
	if row.in.StartFrame, err = frameField(get("start_frame"), "start_frame", line); err != nil {
		return row, err
	}
	row.in.EndFrame, err = frameField(get("end_frame"), "end_frame", line)
	return row, err
}

func frameField(v *string, name string, line int) (*int, error) {
	if v == nil || *v == "" {
		return nil, domain.FieldError(name, "Line %d: %s is empty; it must be a frame number (from 0). Nothing was imported.", line, name)
	}
	n, err := strconv.Atoi(*v)
	if err != nil {
		return nil, domain.FieldError(name, "Line %d: %s is %q; it must be a whole frame number (from 0). Nothing was imported.", line, name, *v)
	}
	return &n, nil
}
