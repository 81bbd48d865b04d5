package analysis

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

func namesFixture(initialsOnly bool) *Names {
	sc := &domain.Scheme{Codes: []domain.Code{
		{Code: "being-attentive", Label: "Being attentive", Subcodes: []domain.Subcode{{Code: "being-attentive/turning-towards", Label: "Turning towards"}}},
		{Code: "guiding", Label: "Guiding", Retired: true},
		{Code: "twin-a", Label: "Twin"}, {Code: "twin-b", Label: "Twin"},
	}}
	c := &domain.Case{InitialsOnly: initialsOnly, Participants: []domain.Participant{
		{ID: "p1", Name: "Sam Jones"}, {ID: "p2", Name: "Ann"}, {ID: "p3", Name: "Ann"}}}
	return NewNames(sc, c)
}

// Exports show a code's label and a participant's name; a CSV cell with a
// label or name finds its code or participant when only one matches.
func TestNames(t *testing.T) {
	n, ini := namesFixture(false), namesFixture(true)
	for _, tc := range []struct{ what, got, want string }{
		{"a code's label", n.Code("being-attentive"), "Being attentive"},
		{"a sub-code's label", n.Code("being-attentive/turning-towards"), "Being attentive: Turning towards"},
		{"a retired code keeps its label", n.Code("guiding"), "Guiding"},
		{"a code the scheme lacks", n.Code("shouting"), "shouting"},
		{"a name", n.Person("p1"), "Sam Jones"},
		{"initials where the case asks for them", ini.Person("p1"), "S.J."},
		{"nobody", n.Person(""), ""},
		{"a slug is kept", n.codeOf("guiding"), "guiding"},
		{"a label, any case", n.codeOf("being attentive: turning towards"), "being-attentive/turning-towards"},
		{"a label two codes share stays", n.codeOf("Twin"), "Twin"},
		{"an id is kept", n.personOf("p2"), "p2"},
		{"a name", n.personOf("sam jones"), "p1"},
		{"a name two people share stays", n.personOf("Ann"), "Ann"},
		{"initials", ini.personOf("S.J."), "p1"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.what, tc.got, tc.want)
		}
	}
}

// An export's file name: the case, the film and the day, safe characters.
func TestExportName(t *testing.T) {
	day := time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct{ ref, file, want string }{
		{"VIG-2026/014", "Bath time.MOV", "VIG-2026-014-Bath-time-2026-03-09.csv"},
		{"MA-1", "film.mp4", "MA-1-film-2026-03-09.csv"},
		{"ÅB 7", "../../etc/passwd", "B-7-passwd-2026-03-09.csv"},
		{"", "Ünïcödé only—名前.mp4", "n-c-d-only-2026-03-09.csv"},
		{"", "名前.mp4", "coding-2026-03-09.csv"},
		{"R", strings.Repeat("long ", 30) + ".mp4", "R-" + strings.TrimSuffix(strings.Repeat("long-", 12), "-") + "-2026-03-09.csv"},
	} {
		if got := ExportName(tc.ref, &domain.Recording{Filename: tc.file, CreatedAt: day}, "csv"); got != tc.want {
			t.Errorf("ExportName(%q, %q) = %q, want %q", tc.ref, tc.file, got, tc.want)
		}
	}
}

// The .eaf links the film by its own name, beside the .eaf.
func TestEAFMedia(t *testing.T) {
	for _, tc := range []struct{ file, url, rel, mime string }{
		{"play time.mp4", "file:///play%20time.mp4", "./play%20time.mp4", "video/mp4"},
		{`C:\films\bath.mov`, "file:///bath.mov", "./bath.mov", "video/quicktime"},
		{"noext", "file:///noext", "./noext", "video/mp4"},
	} {
		m := eafMediaOf(tc.file)
		if m.URL != tc.url || m.Relative != tc.rel || m.MIME != tc.mime {
			t.Errorf("eafMediaOf(%q) = %+v, want %s %s %s", tc.file, m, tc.url, tc.rel, tc.mime)
		}
	}
}

// The CSV reads as a person reads it and through safecsv: a name that
// looks like a formula is defused.
func TestCSVNamesAndLabels(t *testing.T) {
	c := &Coding{Recording: &domain.Recording{}, Frames: []int64{0, 40000}, Names: NewNames(
		&domain.Scheme{Codes: []domain.Code{{Code: "being-attentive", Label: "Being attentive"}}},
		&domain.Case{Participants: []domain.Participant{{ID: "p1", Name: "=Sam"}}}),
		Annotations: []*domain.Annotation{{ID: "a1", Code: "being-attentive", StartFrame: 1, EndFrame: 1, ParticipantID: "p1"}}}
	var b bytes.Buffer
	if err := WriteCSV(&b, c); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("csv: %v %v", rows, err)
	}
	want := []string{"a1", "Being attentive", "1", "1", "0.040000", "0.040000", "'=Sam", "", "being-attentive", "p1"}
	if strings.Join(rows[1], "|") != strings.Join(want, "|") {
		t.Errorf("csv row %q, want %q", rows[1], want)
	}
	parsed, err := readCSV(strings.NewReader("code,start_frame,end_frame,participant\nBeing attentive,1,1,=Sam\n"))
	if err != nil || len(parsed) != 1 {
		t.Fatalf("read back: %v %v", parsed, err)
	}
	parsed[0].resolve(c.Names)
	if *parsed[0].in.Code != "being-attentive" || *parsed[0].in.ParticipantID != "p1" {
		t.Errorf("a row by label and name resolves to %q and %q, want being-attentive and p1", *parsed[0].in.Code, *parsed[0].in.ParticipantID)
	}
}
