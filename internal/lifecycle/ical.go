package lifecycle

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/domain"
)

// ICalendar writes sessions as an RFC 5545 calendar. Events carry the kind of
// session and the case reference only: calendars are often synced to other
// services, so no names or notes leave attune this way.
func ICalendar(ms []*domain.Meeting, now time.Time) []byte {
	var b strings.Builder
	w := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	w("BEGIN", "VCALENDAR")
	w("VERSION", "2.0")
	w("PRODID", "-//attune//sessions//EN")
	w("CALSCALE", "GREGORIAN")
	w("X-WR-CALNAME", "attune sessions")
	for _, m := range ms {
		w("BEGIN", "VEVENT")
		w("UID", m.ID+"@attune")
		w("DTSTAMP", stamp(now))
		w("DTSTART", stamp(m.StartsAt))
		w("DTEND", stamp(m.StartsAt.Add(time.Duration(m.Minutes)*time.Minute)))
		w("SUMMARY", escape(SessionKindLabel(m.Kind)+" — case "+m.CaseRef))
		w("LOCATION", escape(PlaceLabel(m.Place)))
		if m.Attendance == "cancelled" {
			w("STATUS", "CANCELLED")
		}
		w("END", "VEVENT")
	}
	w("END", "VCALENDAR")
	return []byte(b.String())
}

func stamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escape escapes a TEXT value (RFC 5545 3.3.11).
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold ends a content line with CRLF, folding it so no line is longer than 75
// octets, never inside a UTF-8 character (RFC 5545 3.1).
func fold(line string) string {
	var b strings.Builder
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut] + "\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line + "\r\n")
	return b.String()
}
