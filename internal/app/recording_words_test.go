package app_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
)

// The footage a guider uploads is a "recording"; "film" is kept for the
// edited film made for the shared review. The case page's recordings, the
// recording's own pages and the workspace say so, in their text and in the
// labels a screen reader reads, so the two are never confused.
func TestRecordingPagesSayRecording(t *testing.T) {
	in := apptest.Start(t, "")
	a, c, _, web := caseInCycles(t, in)
	empty := get(t, web, in.URL+"/cases/"+c.ID)
	rec := in.ReadyRecording(t, a, c.ID)
	casePage := get(t, web, in.URL+"/cases/"+c.ID)
	for _, tc := range []struct {
		name, page string
		part       func(string) string // the part of the page that is about recordings
		want       []string
	}{
		{"the case page without recordings", empty, recordingsCard,
			[]string{"Recordings", "No recordings yet.", "Add recordings from your phone or computer"}},
		{"the case page with a recording", casePage, recordingsCard,
			[]string{"Recordings", rec.Filename, "Add recordings from your phone or computer"}},
		{"the recording's page", get(t, web, in.URL+"/recordings/"+rec.ID), whole,
			[]string{"Open in the workspace", "Delete this recording", "Your browser can't play this recording."}},
		{"the page that deletes it", get(t, web, in.URL+"/recordings/"+rec.ID+"/delete"), whole,
			[]string{"Back to the recording", "This erases the recording for good", "Yes, delete the recording"}},
		{"the workspace", get(t, web, in.URL+"/recordings/"+rec.ID+"/workspace"), whole,
			[]string{"Back to the recording", "Whole recording", "Timeline: position in the recording", "The recording " + rec.Filename}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			words := readable(tc.part(tc.page))
			for _, w := range tc.want {
				if !strings.Contains(words, w) {
					t.Errorf("doesn't say %q", w)
				}
			}
			for _, old := range []string{"Add films", "Delete this film", "Back to the film", "No films yet", "Whole film", "position in the film"} {
				if strings.Contains(words, old) {
					t.Errorf("still says %q", old)
				}
			}
			// The fixture's file is called film.mp4: that is the family's
			// file name, not our word.
			if m := filmWord.FindAllString(strings.ReplaceAll(words, rec.Filename, ""), -1); len(m) > 0 {
				t.Errorf("calls the recording a film (%q) in: %s", m, words)
			}
		})
	}
}

// filmWord is "film" or "films" as a word ("filming", "filmed" are the act
// of recording and may stay).
var filmWord = regexp.MustCompile(`(?i)\bfilms?\b`)

var (
	dropCode  = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	labelAttr = regexp.MustCompile(`(?i)\s(?:aria-label|alt|title|placeholder)="([^"]*)"`)
	anyTag    = regexp.MustCompile(`(?s)<[^>]*>`)
)

// readable is what a person reads or hears of an HTML page: its text and its
// labels, without markup, scripts or addresses.
func readable(page string) string {
	page = dropCode.ReplaceAllString(page, " ")
	page = labelAttr.ReplaceAllString(page, "> $1 <")
	page = anyTag.ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(html.UnescapeString(page)), " ")
}

func whole(page string) string { return page }

// recordingsCard is the case page's card of recordings.
func recordingsCard(page string) string {
	start := strings.Index(page, `<section class="card recordings"`)
	if start < 0 {
		return ""
	}
	end := strings.Index(page[start:], "</section>")
	if end < 0 {
		return page[start:]
	}
	return page[start : start+end]
}
