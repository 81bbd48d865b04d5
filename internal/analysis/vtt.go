package analysis

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteVTT writes the coding as WebVTT: one cue per annotation, from its
// first frame's time to the end of its last frame, named by the annotation
// id, reading "Code label (who): note".
func WriteVTT(w io.Writer, c *Coding) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("WEBVTT\n")
	for _, an := range c.Annotations {
		text := c.Names.Code(an.Code)
		if who := c.Names.Person(an.ParticipantID); who != "" {
			text += " (" + who + ")"
		}
		if an.Note != "" {
			text += ": " + an.Note
		}
		fmt.Fprintf(bw, "\n%s\n%s --> %s\n%s\n", an.ID, vttTime(c.time(an.StartFrame)), vttTime(c.spanEnd(an)), vttText(text))
	}
	return bw.Flush()
}

func vttTime(us int64) string {
	ms := us / 1000
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3_600_000, ms/60_000%60, ms/1000%60, ms%1000)
}

// vttText escapes cue text: no blank line (it would end the cue), no "-->",
// & and < as entities.
var vttEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "")

func vttText(s string) string {
	s = vttEscaper.Replace(s)
	lines := strings.Split(s, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}
