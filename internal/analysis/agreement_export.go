package analysis

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/agreement"
	"github.com/attune-vig/attune/internal/safecsv"
)

// AgreementCSVHeader is the agreement table's columns: one value a row
// (tidy for R or a spreadsheet's pivot table).
var AgreementCSVHeader = []string{"section", "measure", "code", "code_b", "value"}

// WriteAgreementCSV writes the comparison as one long table: the settings,
// the event-based and time-based coefficients, the confusion table and the
// per-code tables. An undefined coefficient is an empty cell.
func WriteAgreementCSV(w io.Writer, c *Comparison) error {
	cw := safecsv.NewWriter(w)
	row := func(section, measure, code, codeB, value string) {
		cw.Write([]string{section, measure, code, codeB, value})
	}
	num := func(n int) string { return strconv.Itoa(n) }
	score := func(s agreement.Score) string {
		if !s.Defined() {
			return ""
		}
		return strconv.FormatFloat(float64(s), 'f', 4, 64)
	}
	cw.Write(AgreementCSVHeader)
	o, ev, fr := c.Options, c.Result.Events, c.Result.Frames
	row("settings", "coder_a", "", "", c.AName)
	row("settings", "coder_b", "", "", c.BName)
	row("settings", "overlap", "", "", strconv.FormatFloat(o.Overlap, 'f', -1, 64))
	row("settings", "tolerance_ms", "", "", num(o.ToleranceMS))
	row("settings", "slice_frames", "", "", num(fr.SliceFrames))
	row("settings", "fps", "", "", strconv.FormatFloat(o.FPS, 'f', -1, 64))
	for _, m := range []struct {
		name string
		n    int
	}{{"pairs", ev.Pairs}, {"agree", ev.Agree}, {"unmatched_a", ev.UnmatchedA}, {"unmatched_b", ev.UnmatchedB}} {
		row("events", m.name, "", "", num(m.n))
	}
	row("events", "kappa_ipf", "", "", score(ev.KappaIPF))
	row("events", "kappa", "", "", score(ev.Kappa))
	row("events", "kappa_max", "", "", score(ev.KappaMax))
	row("events", "raw_agreement", "", "", score(ev.Raw))
	for _, ca := range ev.Codes {
		for _, cb := range ev.Codes {
			if n := ev.Confusion[ca][cb]; n > 0 {
				row("confusion", "pairs", ca, cb, num(n))
			}
		}
	}
	for _, code := range ev.Codes {
		if code == agreement.Unmatched {
			continue
		}
		e := ev.PerCode[code]
		row("events_per_code", "both", code, "", num(e.Both))
		row("events_per_code", "a_only", code, "", num(e.AOnly))
		row("events_per_code", "b_only", code, "", num(e.BOnly))
		row("events_per_code", "kappa", code, "", score(e.Kappa))
	}
	row("frames", "slices", "", "", num(fr.Slices))
	row("frames", "kappa", "", "", score(fr.Kappa))
	row("frames", "ac1", "", "", score(fr.AC1))
	codes := make([]string, 0, len(fr.PerCode))
	for code := range fr.PerCode {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		f := fr.PerCode[code]
		row("frames_per_code", "a_slices", code, "", num(f.AFrames))
		row("frames_per_code", "b_slices", code, "", num(f.BFrames))
		row("frames_per_code", "both_slices", code, "", num(f.BothFrames))
		row("frames_per_code", "kappa", code, "", score(f.Kappa))
		row("frames_per_code", "ac1", code, "", score(f.AC1))
	}
	cw.Flush()
	return cw.Error()
}

// BothCodings is a comparison with the frame table, to write both codings
// into one ELAN file.
func (s *Service) BothCodings(ctx context.Context, c *Comparison) (*Coding, *Coding, error) {
	pts, err := s.FrameTimes(ctx, c.Recording.ID)
	if err != nil {
		return nil, nil, err
	}
	return &Coding{Recording: c.Recording, Annotations: c.A, Frames: pts}, &Coding{Recording: c.Recording, Annotations: c.B, Frames: pts}, nil
}

// WriteBothEAF writes two codings of one film as one ELAN file with two
// tiers per code, "<code> (<coder>)", side by side: ELAN's own comparison
// (and a person) can take it from there. Values are the codes.
func WriteBothEAF(w io.Writer, a, b *Coding, aName, bName string, now time.Time) error {
	doc := eafDoc{Author: "attune", Date: now.UTC().Format(time.RFC3339), Format: "3.0", Version: "3.0",
		XSI: "http://www.w3.org/2001/XMLSchema-instance", Schema: "http://www.mpi.nl/tools/elan/EAFv3.0.xsd",
		Header: eafHeader{TimeUnits: "milliseconds", Media: eafMedia{URL: "file:///" + a.Recording.ID + ".mp4", MIME: "video/mp4"}},
		Types:  []eafLingType{{ID: "default-lt", Alignable: true}}}
	if aName == bName {
		aName, bName = aName+" A", bName+" B"
	}
	codes := map[string]bool{}
	for _, c := range []*Coding{a, b} {
		for _, an := range c.Annotations {
			codes[an.Code] = true
		}
	}
	sorted := make([]string, 0, len(codes))
	for code := range codes {
		sorted = append(sorted, code)
	}
	sort.Strings(sorted)
	tier := map[string]int{}
	for _, code := range sorted {
		for _, who := range []string{aName, bName} {
			tier[code+"\x00"+who] = len(doc.Tiers)
			doc.Tiers = append(doc.Tiers, eafTier{ID: fmt.Sprintf("%s (%s)", code, who), Type: "default-lt"})
		}
	}
	slot := 0
	for i, c := range []*Coding{a, b} {
		who := []string{aName, bName}[i]
		for _, an := range c.Annotations {
			s1, s2 := fmt.Sprintf("ts%d", slot+1), fmt.Sprintf("ts%d", slot+2)
			slot += 2
			doc.TimeOrder = append(doc.TimeOrder, eafSlot{s1, c.time(an.StartFrame) / 1000}, eafSlot{s2, c.spanEnd(an) / 1000})
			t := tier[an.Code+"\x00"+who]
			doc.Tiers[t].Annotations = append(doc.Tiers[t].Annotations, eafAnnotation{eafAlignable{ID: "a" + an.ID, Slot1: s1, Slot2: s2, Value: an.Code}})
		}
	}
	return encodeEAF(w, doc)
}
