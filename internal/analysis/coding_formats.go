package analysis

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// timedMoment is a moment read from another tool's file, in microseconds:
// End < 0 for a point. Where names the line or annotation, for errors.
type timedMoment struct {
	Code       string
	Note       string
	Start, End int64
	Where      string
}

// The parts of an ELAN file an import reads.
type (
	eafIn struct {
		Slots []struct {
			ID    string `xml:"TIME_SLOT_ID,attr"`
			Value string `xml:"TIME_VALUE,attr"`
		} `xml:"TIME_ORDER>TIME_SLOT"`
		Tiers []struct {
			ID          string `xml:"TIER_ID,attr"`
			Annotations []struct {
				ID    string `xml:"ANNOTATION_ID,attr"`
				Slot1 string `xml:"TIME_SLOT_REF1,attr"`
				Slot2 string `xml:"TIME_SLOT_REF2,attr"`
				Value string `xml:"ANNOTATION_VALUE"`
			} `xml:"ANNOTATION>ALIGNABLE_ANNOTATION"`
		} `xml:"TIER"`
	}
)

// readEAF reads the time-aligned annotations of an ELAN file. A tier named
// after a code of the scheme gives that code to its annotations (their
// value becomes the note, as attune's own export writes them); in any other
// tier the annotation's value is the code. tier, when given, reads that
// tier alone (e.g. one coder's tier of a file with several).
func readEAF(r io.Reader, tier string, isCode func(string) bool) ([]timedMoment, error) {
	var doc eafIn
	if err := xml.NewDecoder(r).Decode(&doc); err != nil {
		return nil, domain.Errorf(domain.EINVALID, "This isn't an ELAN file attune can read (%v). Save it from ELAN as .eaf and try again.", err)
	}
	slots := map[string]int64{}
	for _, s := range doc.Slots {
		if s.Value == "" {
			continue // an unaligned slot: its annotations are skipped below
		}
		ms, err := strconv.ParseInt(s.Value, 10, 64)
		if err != nil {
			return nil, domain.Errorf(domain.EINVALID, "The ELAN file's time slot %s has the time %q, not a number of milliseconds.", s.ID, s.Value)
		}
		slots[s.ID] = ms * 1000
	}
	var out []timedMoment
	found := false
	for _, t := range doc.Tiers {
		if tier != "" && t.ID != tier {
			continue
		}
		found = true
		byTier := isCode(t.ID)
		for _, a := range t.Annotations {
			start, ok1 := slots[a.Slot1]
			end, ok2 := slots[a.Slot2]
			if !ok1 || !ok2 {
				continue
			}
			m := timedMoment{Code: strings.TrimSpace(a.Value), Start: start, End: end, Where: fmt.Sprintf("tier %q, annotation %s", t.ID, a.ID)}
			if byTier {
				m.Code, m.Note = t.ID, strings.TrimSpace(a.Value)
				if m.Note == t.ID {
					m.Note = ""
				}
			}
			out = append(out, m)
		}
	}
	if tier != "" && !found {
		return nil, domain.FieldError("tier", "The ELAN file has no tier called %q. Check the tier's name in ELAN.", tier)
	}
	return out, nil
}

// readBORIS reads a BORIS "aggregated events" export (CSV or TSV): the
// columns Behavior, Behavior type (STATE or POINT), Start (s) and Stop (s);
// Comment start, when there, becomes the note.
func readBORIS(r io.Reader) ([]timedMoment, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	first, _, _ := bytes.Cut(raw, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(raw))
	if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		cr.Comma = '\t'
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "The BORIS file is empty or unreadable. Export it from BORIS with Analysis › Export aggregated events (CSV or TSV).")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"behavior", "start (s)", "stop (s)"} {
		if _, ok := col[need]; !ok {
			return nil, domain.Errorf(domain.EINVALID, "Line 1: the column %q is missing. attune reads BORIS's aggregated events export (Analysis › Export aggregated events), whose columns include Behavior, Behavior type, Start (s) and Stop (s).", need)
		}
	}
	var out []timedMoment
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, domain.Errorf(domain.EINVALID, "Line %d isn't valid CSV (%v). Nothing was imported.", line, err)
		}
		if len(out) == MaxImportRows {
			return nil, domain.Errorf(domain.ETOOLARGE, "A file can hold at most %d moments. Split it.", MaxImportRows)
		}
		m, err := borisRow(col, rec, line)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
}

func borisRow(col map[string]int, rec []string, line int) (timedMoment, error) {
	get := func(name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	m := timedMoment{Code: get("behavior"), Note: get("comment start"), Where: fmt.Sprintf("line %d", line)}
	var err error
	if m.Start, err = secondsField(get("start (s)")); err != nil {
		return m, domain.Errorf(domain.EINVALID, "Line %d: Start (s) is %q, not a number of seconds. Nothing was imported.", line, get("start (s)"))
	}
	m.End = -1
	if strings.EqualFold(get("behavior type"), "POINT") || get("stop (s)") == "" || strings.EqualFold(get("stop (s)"), "NA") {
		return m, nil
	}
	if m.End, err = secondsField(get("stop (s)")); err != nil {
		return m, domain.Errorf(domain.EINVALID, "Line %d: Stop (s) is %q, not a number of seconds. Nothing was imported.", line, get("stop (s)"))
	}
	return m, nil
}

func secondsField(v string) (int64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("not seconds: %q", v)
	}
	return int64(math.Round(f * 1e6)), nil
}
