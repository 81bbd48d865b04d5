package api_test

import (
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
)

func (c client) raw(method, path, contentType, body string) (int, string, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), string(b)
}

// notes that try to break each format: commas, quotes, new lines, markup,
// a cue arrow, a spreadsheet formula.
var trickyNotes = []string{"plain", `she said "again!", twice`, "line one\nline two", "<b>bold</b> & more", "a --> b", "=HYPERLINK(\"x\")"}

// The coding exports as CSV (frames and times from the frame table), WebVTT
// and ELAN .eaf, each parsed back by a standard parser.
func TestCodingExports(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 100)
		codes := []string{"guiding", "receiving-initiatives/smiling", "guiding"}
		for i, note := range trickyNotes {
			f.annotate(t, f.rec, fmt.Sprintf(`{"start_frame":%d,"end_frame":%d,"code":%q,"note":%q,"participant_id":%q}`, i*10, i*10+i, codes[i%3], note, f.adult))
		}
		s, ct, body := f.c.raw("GET", "/api/v1/recordings/"+f.rec+"/annotations.csv", "", "")
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if s != 200 || !strings.HasPrefix(ct, "text/csv") || err != nil || len(rows) != len(trickyNotes)+1 {
			t.Fatalf("csv: %d %s %v, %d rows", s, ct, err, len(rows))
		}
		if strings.Join(rows[0], ",") != "id,code,start_frame,end_frame,start_seconds,end_seconds,participant,note,code_id,participant_id" {
			t.Fatalf("csv header %v", rows[0])
		}
		labels := []string{"Guiding", "Receiving initiatives: Smiling", "Guiding"}
		for i, row := range rows[1:] {
			start, end := i*10, i*10+i
			wantNote := trickyNotes[i]
			if strings.HasPrefix(wantNote, "=") {
				wantNote = "'" + wantNote // defused for spreadsheets
			}
			if row[1] != labels[i%3] || row[8] != codes[i%3] || row[6] != "Ann" || row[9] != f.adult {
				t.Errorf("csv row %d: code %q (%q) by %q (%q), want %q (%q) by Ann (%q)", i, row[1], row[8], row[6], row[9], labels[i%3], codes[i%3], f.adult)
			}
			if row[2] != strconv.Itoa(start) || row[3] != strconv.Itoa(end) || row[7] != wantNote ||
				row[4] != seconds(f.frameUS[start]) || row[5] != seconds(f.frameUS[end]) {
				t.Errorf("csv row %d: %v", i, row)
			}
		}
		s, ct, body = f.c.raw("GET", "/api/v1/recordings/"+f.rec+"/annotations.vtt", "", "")
		if s != 200 || !strings.HasPrefix(ct, "text/vtt") || !strings.HasPrefix(body, "WEBVTT\n") || strings.Count(body, " --> ") != len(trickyNotes) {
			t.Fatalf("vtt: %d %s\n%s", s, ct, body)
		}
		if strings.Contains(body, "<b>") || strings.Contains(body, "\n\nline two") {
			t.Fatalf("vtt cue text not escaped:\n%s", body)
		}
		if !strings.Contains(body, "\nGuiding (Ann): plain\n") || !strings.Contains(body, "\nReceiving initiatives: Smiling (Ann): she said") || strings.Contains(body, "guiding") {
			t.Errorf("vtt cues should read the code's label and who, not slugs:\n%s", body)
		}
		checkFileNames(t, f)
		checkEAF(t, f, labels)
		if n := countAudit(t, in, "annotation.export.csv"); n != 1 {
			t.Errorf("csv exports audited %d times", n)
		}
	})
}

func seconds(us int64) string { return fmt.Sprintf("%d.%06d", us/1_000_000, us%1_000_000) }

func checkEAF(t *testing.T, f *coding, codes []string) {
	s, _, body := f.c.raw("GET", "/api/v1/recordings/"+f.rec+"/annotations.eaf", "", "")
	var doc struct {
		XMLName xml.Name `xml:"ANNOTATION_DOCUMENT"`
		Header  struct {
			TimeUnits string `xml:"TIME_UNITS,attr"`
			Media     struct {
				URL      string `xml:"MEDIA_URL,attr"`
				Relative string `xml:"RELATIVE_MEDIA_URL,attr"`
			} `xml:"MEDIA_DESCRIPTOR"`
		} `xml:"HEADER"`
		Slots []struct {
			ID    string `xml:"TIME_SLOT_ID,attr"`
			Value int64  `xml:"TIME_VALUE,attr"`
		} `xml:"TIME_ORDER>TIME_SLOT"`
		Tiers []struct {
			ID  string `xml:"TIER_ID,attr"`
			Ann []struct {
				Slot1 string `xml:"TIME_SLOT_REF1,attr"`
				Value string `xml:"ANNOTATION_VALUE"`
			} `xml:"ANNOTATION>ALIGNABLE_ANNOTATION"`
		} `xml:"TIER"`
	}
	if err := xml.Unmarshal([]byte(body), &doc); s != 200 || err != nil {
		t.Fatalf("eaf: %d %v\n%s", s, err, body)
	}
	if doc.Header.TimeUnits != "milliseconds" || len(doc.Tiers) != 2 || len(doc.Slots) != 2*len(trickyNotes) {
		t.Fatalf("eaf: units %q, %d tiers, %d slots", doc.Header.TimeUnits, len(doc.Tiers), len(doc.Slots))
	}
	if m := doc.Header.Media; m.Relative != "./"+fixtureFilm || m.URL != "file:///"+fixtureFilm {
		t.Errorf("eaf links the media as %q (relative %q), want the film's file name %q beside the .eaf", m.URL, m.Relative, fixtureFilm)
	}
	slot := map[string]int64{}
	for _, s := range doc.Slots {
		slot[s.ID] = s.Value
	}
	n := 0
	for _, tier := range doc.Tiers {
		for _, a := range tier.Ann {
			i := indexOf(trickyNotes, strings.TrimPrefix(a.Value, "Ann: "))
			if i < 0 || codes[i%3] != tier.ID || slot[a.Slot1] != f.frameUS[i*10]/1000 {
				t.Errorf("eaf annotation %q on tier %s at %d ms", a.Value, tier.ID, slot[a.Slot1])
			}
			n++
		}
	}
	if n != len(trickyNotes) {
		t.Errorf("eaf has %d annotations", n)
	}
}

// checkFileNames: each export is named after the case, the film and the
// day, in characters every system keeps.
func checkFileNames(t *testing.T, f *coding) {
	t.Helper()
	day := time.Now().UTC().Format("2006-01-02")
	for _, ext := range []string{"csv", "vtt", "eaf"} {
		req, _ := http.NewRequest("GET", f.c.base+"/api/v1/recordings/"+f.rec+"/annotations."+ext, nil)
		req.Header.Set("Authorization", "Bearer "+f.c.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		_, params, _ := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
		stem := strings.TrimSuffix(fixtureFilm, path.Ext(fixtureFilm))
		if want := "MA-1-" + stem + "-" + day + "." + ext; params["filename"] != want {
			t.Errorf("the %s export is named %q, want %q", ext, params["filename"], want)
		}
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// A CSV exported from one recording imports into another with the same
// codes, frames and notes; a file with a bad row imports nothing and names
// the row; importing a recording's own export again changes nothing.
func TestCodingImportRoundTrip(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 100)
		for i, note := range trickyNotes {
			f.annotate(t, f.rec, fmt.Sprintf(`{"start_frame":%d,"end_frame":%d,"code":"guiding/scaffolding","note":%q,"participant_id":%q}`, i*10, i*10+5, note, f.child))
		}
		_, _, exported := f.c.raw("GET", "/api/v1/recordings/"+f.rec+"/annotations.csv", "", "")
		other := f.readyRecording(t, 100)
		var rep map[string]int
		if s := f.c.call("POST", "/api/v1/recordings/"+other+"/annotations.csv", "text/csv", exported, &rep); s != 200 || rep["created"] != len(trickyNotes) {
			t.Fatalf("import: %d %v", s, rep)
		}
		if got, want := listed(t, f, other), listed(t, f, f.rec); got != want {
			t.Fatalf("after the round trip:\n%s\nwant\n%s", got, want)
		}
		if s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/annotations.csv", "text/csv", exported, &rep); s != 200 || rep["updated"] != len(trickyNotes) || rep["created"] != 0 {
			t.Fatalf("re-import into the same recording: %d %v", s, rep)
		}
		bad := "code,start_frame,end_frame,note\nguiding,1,2,fine\nguiding,9,3,end before start\nguiding,4,4,fine\n"
		var e apiError
		if s := f.c.call("POST", "/api/v1/recordings/"+other+"/annotations.csv", "text/csv", bad, &e); s != 400 || !strings.Contains(e.Error.Message, "Line 3") || e.Error.Field != "end_frame" {
			t.Fatalf("a bad row: %d %+v", s, e)
		}
		for name, body := range map[string]string{
			"unknown column": "code,start_frame,end_frame,colour\nguiding,1,1,red\n",
			"missing column": "code,start_frame\nguiding,1\n",
			"not a number":   "code,start_frame,end_frame\nguiding,one,1\n",
			"unknown code":   "code,start_frame,end_frame\nshouting,1,1\n",
		} {
			if s := f.c.call("POST", "/api/v1/recordings/"+other+"/annotations.csv", "text/csv", body, &e); s != 400 || !strings.Contains(e.Error.Message, "Line") {
				t.Errorf("%s: %d %+v", name, s, e)
			}
		}
		if got := strings.Count(listed(t, f, other), "\n"); got != len(trickyNotes) {
			t.Fatalf("failed imports left %d annotations, want %d", got, len(trickyNotes))
		}
	})
}

// listed is a recording's annotations as text, without ids.
func listed(t *testing.T, f *coding, rec string) string {
	var all annotationList
	f.c.call("GET", "/api/v1/recordings/"+rec+"/annotations", "", "", &all)
	var b strings.Builder
	for _, a := range all.Annotations {
		fmt.Fprintf(&b, "%s %d-%d %s %q\n", a.Code, a.StartFrame, a.EndFrame, a.ParticipantID, a.Note)
	}
	return b.String()
}

// fixtureFilm is the file name apptest.ReadyRecording gives a recording.
const fixtureFilm = "film.mp4"
