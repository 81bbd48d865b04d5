package analysis

import (
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// The parts of an ELAN annotation document (EAF 3.0) the export writes.
type (
	eafDoc struct {
		XMLName   xml.Name      `xml:"ANNOTATION_DOCUMENT"`
		Author    string        `xml:"AUTHOR,attr"`
		Date      string        `xml:"DATE,attr"`
		Format    string        `xml:"FORMAT,attr"`
		Version   string        `xml:"VERSION,attr"`
		XSI       string        `xml:"xmlns:xsi,attr"`
		Schema    string        `xml:"xsi:noNamespaceSchemaLocation,attr"`
		Header    eafHeader     `xml:"HEADER"`
		TimeOrder []eafSlot     `xml:"TIME_ORDER>TIME_SLOT"`
		Tiers     []eafTier     `xml:"TIER"`
		Types     []eafLingType `xml:"LINGUISTIC_TYPE"`
	}
	eafHeader struct {
		MediaFile string   `xml:"MEDIA_FILE,attr"`
		TimeUnits string   `xml:"TIME_UNITS,attr"`
		Media     eafMedia `xml:"MEDIA_DESCRIPTOR"`
	}
	eafMedia struct {
		URL      string `xml:"MEDIA_URL,attr"`
		MIME     string `xml:"MIME_TYPE,attr"`
		Relative string `xml:"RELATIVE_MEDIA_URL,attr"`
	}
	eafSlot struct {
		ID    string `xml:"TIME_SLOT_ID,attr"`
		Value int64  `xml:"TIME_VALUE,attr"`
	}
	eafTier struct {
		ID          string          `xml:"TIER_ID,attr"`
		Type        string          `xml:"LINGUISTIC_TYPE_REF,attr"`
		Annotations []eafAnnotation `xml:"ANNOTATION"`
	}
	eafAnnotation struct {
		Alignable eafAlignable `xml:"ALIGNABLE_ANNOTATION"`
	}
	eafAlignable struct {
		ID    string `xml:"ANNOTATION_ID,attr"`
		Slot1 string `xml:"TIME_SLOT_REF1,attr"`
		Slot2 string `xml:"TIME_SLOT_REF2,attr"`
		Value string `xml:"ANNOTATION_VALUE"`
	}
	eafLingType struct {
		ID        string `xml:"LINGUISTIC_TYPE_ID,attr"`
		Alignable bool   `xml:"TIME_ALIGNABLE,attr"`
		Graphic   bool   `xml:"GRAPHIC_REFERENCES,attr"`
	}
)

// WriteEAF writes the coding as an ELAN .eaf document: a tier per code (in
// order of first use, named by its label), each annotation aligned to two
// time slots in milliseconds (its first frame's time and the end of its
// last frame), its value who (if said) and the note (or the code's label
// when there is none). The media is linked by the film's own file name,
// relative to the .eaf: ELAN opens it when the film is beside the file.
func WriteEAF(w io.Writer, c *Coding, now time.Time) error {
	doc := eafDoc{Author: "attune", Date: now.UTC().Format(time.RFC3339), Format: "3.0", Version: "3.0",
		XSI: "http://www.w3.org/2001/XMLSchema-instance", Schema: "http://www.mpi.nl/tools/elan/EAFv3.0.xsd",
		Header: eafHeader{MediaFile: "", TimeUnits: "milliseconds", Media: eafMediaOf(c.Recording.Filename)},
		Types:  []eafLingType{{ID: "default-lt", Alignable: true}}}
	tiers, names := map[string]int{}, map[string]bool{}
	for i, an := range c.Annotations {
		s1, s2 := fmt.Sprintf("ts%d", 2*i+1), fmt.Sprintf("ts%d", 2*i+2)
		doc.TimeOrder = append(doc.TimeOrder, eafSlot{s1, c.time(an.StartFrame) / 1000}, eafSlot{s2, c.spanEnd(an) / 1000})
		t, ok := tiers[an.Code]
		if !ok {
			t = len(doc.Tiers)
			tiers[an.Code] = t
			name := c.Names.Code(an.Code)
			if names[name] { // two codes with one label: tier ids must differ
				name += " (" + an.Code + ")"
			}
			names[name] = true
			doc.Tiers = append(doc.Tiers, eafTier{ID: name, Type: "default-lt"})
		}
		doc.Tiers[t].Annotations = append(doc.Tiers[t].Annotations, eafAnnotation{eafAlignable{ID: "a" + an.ID, Slot1: s1, Slot2: s2, Value: c.eafValue(an)}})
	}
	return encodeEAF(w, doc)
}

// eafMediaOf links the film by its file name: MEDIA_URL as a file URL of
// the bare name and RELATIVE_MEDIA_URL beside the .eaf ("./name"), which
// ELAN resolves against the folder the .eaf is opened from.
func eafMediaOf(filename string) eafMedia {
	name := url.PathEscape(path.Base(strings.ReplaceAll(filename, "\\", "/")))
	kind := mime.TypeByExtension(strings.ToLower(path.Ext(filename)))
	if !strings.HasPrefix(kind, "video/") && !strings.HasPrefix(kind, "audio/") {
		kind = "video/mp4"
	}
	return eafMedia{URL: "file:///" + name, MIME: kind, Relative: "./" + name}
}

// eafValue is an annotation's value in ELAN: who (if said), then the note,
// or the code's label when there is no note (the tier names the code).
func (c *Coding) eafValue(an *domain.Annotation) string {
	v := an.Note
	if v == "" {
		v = c.Names.Code(an.Code)
	}
	if who := c.Names.Person(an.ParticipantID); who != "" {
		v = who + ": " + v
	}
	return v
}

// encodeEAF writes doc as an indented ELAN document with its XML header.
func encodeEAF(w io.Writer, doc eafDoc) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}
