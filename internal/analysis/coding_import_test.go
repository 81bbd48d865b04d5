package analysis

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// irregular is a frame table like a phone's: 40 ms apart, give or take.
func irregular(n int) []int64 {
	pts := make([]int64, n)
	for i := range pts {
		pts[i] = int64(i)*40_000 + int64(i%3)*1_000
	}
	return pts
}

// attune's own ELAN export reads back onto the same frames, points and spans.
func TestEAFRoundTripKeepsFrames(t *testing.T) {
	pts := irregular(300)
	c := &Coding{Recording: &domain.Recording{ID: "r1"}, Frames: pts, Annotations: []*domain.Annotation{
		{ID: "1", Code: "guiding", StartFrame: 10, EndFrame: 10},
		{ID: "2", Code: "guiding", StartFrame: 40, EndFrame: 77, Note: "he builds on it"},
		{ID: "3", Code: "being-attentive/interested-looks", StartFrame: 100, EndFrame: 299},
	}}
	var buf bytes.Buffer
	if err := WriteEAF(&buf, c, time.Now()); err != nil {
		t.Fatal(err)
	}
	isCode := func(s string) bool { return s == "guiding" || s == "being-attentive/interested-looks" }
	ms, err := readEAF(&buf, "", isCode)
	if err != nil || len(ms) != 3 {
		t.Fatalf("%v %v", ms, err)
	}
	for i, m := range ms {
		want := c.Annotations[i]
		start, end, ok := framesOf(pts, m.Start, m.End)
		if !ok || m.Code != want.Code || start != want.StartFrame || end != want.EndFrame || m.Note != want.Note {
			t.Errorf("moment %d: %s %d–%d %q, want %s %d–%d %q", i, m.Code, start, end, m.Note, want.Code, want.StartFrame, want.EndFrame, want.Note)
		}
	}
}

// Another coder's ELAN file: one tier per coder, the codes as values; a
// tier chosen by name.
func TestEAFTierPerCoder(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0"><HEADER TIME_UNITS="milliseconds"/>
<TIME_ORDER><TIME_SLOT TIME_SLOT_ID="t1" TIME_VALUE="400"/><TIME_SLOT TIME_SLOT_ID="t2" TIME_VALUE="1200"/>
<TIME_SLOT TIME_SLOT_ID="t3" TIME_VALUE="2000"/><TIME_SLOT TIME_SLOT_ID="t4"/></TIME_ORDER>
<TIER TIER_ID="R1" LINGUISTIC_TYPE_REF="default-lt">
 <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="t1" TIME_SLOT_REF2="t2"><ANNOTATION_VALUE>guiding</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
 <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="t3" TIME_SLOT_REF2="t4"><ANNOTATION_VALUE>guiding</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
</TIER>
<TIER TIER_ID="R2" LINGUISTIC_TYPE_REF="default-lt">
 <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="t1" TIME_SLOT_REF2="t3"><ANNOTATION_VALUE>being-attentive</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
</TIER></ANNOTATION_DOCUMENT>`
	none := func(string) bool { return false }
	ms, err := readEAF(strings.NewReader(doc), "R2", none)
	if err != nil || len(ms) != 1 || ms[0].Code != "being-attentive" || ms[0].Start != 400_000 || ms[0].End != 2_000_000 {
		t.Fatalf("tier R2: %+v %v", ms, err)
	}
	if ms, err = readEAF(strings.NewReader(doc), "", none); err != nil || len(ms) != 2 {
		t.Fatalf("all tiers (the unaligned annotation left out): %+v %v", ms, err)
	}
	if _, err := readEAF(strings.NewReader(doc), "R3", none); domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), "no tier called") {
		t.Fatalf("a missing tier: %v", err)
	}
	if _, err := readEAF(strings.NewReader("<not-elan"), "", none); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("garbage: %v", err)
	}
	// Frame 10 shows from 401 ms in this table, so at 400 ms frame 9 is on
	// screen; frame 30 starts at 1200 ms, so the span ends with frame 29.
	start, end, _ := framesOf(irregular(100), 400_000, 1_200_000)
	if start != 9 || end != 29 {
		t.Fatalf("0.4–1.2 s is frames %d–%d, want 9–29", start, end)
	}
}

// BORIS's aggregated events export, as CSV and as TSV: states and points.
func TestBORISAggregatedEvents(t *testing.T) {
	csv := "Observation id,Subject,Behavior,Behavioral category,Modifiers,Behavior type,Start (s),Stop (s),Duration (s),Comment start\n" +
		"obs1,No focal subject,guiding,,,STATE,1.200,3.000,1.800,he waits\n" +
		"obs1,No focal subject,receiving-initiatives,,,POINT,4.000,NA,NA,\n"
	for name, body := range map[string]string{"csv": csv, "tsv": strings.ReplaceAll(csv, ",", "\t")} {
		ms, err := readBORIS(strings.NewReader(body))
		if err != nil || len(ms) != 2 {
			t.Fatalf("%s: %+v %v", name, ms, err)
		}
		if ms[0].Code != "guiding" || ms[0].Start != 1_200_000 || ms[0].End != 3_000_000 || ms[0].Note != "he waits" || ms[1].End != -1 || ms[1].Start != 4_000_000 {
			t.Errorf("%s: %+v", name, ms)
		}
	}
	if _, err := readBORIS(strings.NewReader("Behavior,Start\nx,1\n")); err == nil || !strings.Contains(err.Error(), "Stop (s)") && !strings.Contains(err.Error(), "Start (s)") {
		t.Fatalf("missing columns: %v", err)
	}
	if _, err := readBORIS(strings.NewReader("Behavior,Start (s),Stop (s)\nx,soon,2\n")); err == nil || !strings.Contains(err.Error(), "Line 2") {
		t.Fatalf("a bad time: %v", err)
	}
}

func TestFramesOfOutsideTheFilm(t *testing.T) {
	pts := irregular(10)
	if _, _, ok := framesOf(pts, 5_000_000, -1); ok {
		t.Fatal("a moment at 5 s of a 0.4 s film was placed")
	}
	if s, e, ok := framesOf(pts, 0, -1); !ok || s != 0 || e != 0 {
		t.Fatalf("a point at 0: %d %d %v", s, e, ok)
	}
}
