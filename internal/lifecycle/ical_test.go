package lifecycle_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

func TestICalendarFoldsAndEscapes(t *testing.T) {
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	cal := string(lifecycle.ICalendar([]*domain.Meeting{{ID: "m1", Kind: "review", StartsAt: at, Minutes: 90, Place: "video_call",
		CaseRef: strings.Repeat("Ωμέγα;", 12), Attendance: "cancelled"}}, at))
	if !strings.HasSuffix(cal, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(cal, "\r\n", ""), "\n") {
		t.Fatalf("lines must end in CRLF:\n%q", cal)
	}
	for _, l := range strings.Split(strings.TrimSuffix(cal, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("line of %d octets or split inside a character: %q", len(l), l)
		}
	}
	unfolded := strings.ReplaceAll(cal, "\r\n ", "")
	for _, want := range []string{"SUMMARY:Shared review — case " + strings.Repeat(`Ωμέγα\;`, 12) + "\r\n",
		"DTEND:20261203T113000Z", "LOCATION:Video call", "STATUS:CANCELLED"} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("calendar lacks %q:\n%s", want, unfolded)
		}
	}
}
