package analysis

import (
	"fmt"
	"io"
	"time"
)

// EAFTier is one tier of spans in milliseconds, for WriteEAFTiers.
type EAFTier struct {
	Name  string
	Spans []EAFSpan
}

// EAFSpan is one annotation of a tier.
type EAFSpan struct {
	StartMS, EndMS int64
	Value          string
}

// WriteEAFTiers writes tiers of timed spans as an ELAN .eaf document for
// the recording's film (the moment finder's speakers and turns).
func WriteEAFTiers(w io.Writer, recordingID string, tiers []EAFTier, now time.Time) error {
	doc := eafDoc{Author: "attune", Date: now.UTC().Format(time.RFC3339), Format: "3.0", Version: "3.0",
		XSI: "http://www.w3.org/2001/XMLSchema-instance", Schema: "http://www.mpi.nl/tools/elan/EAFv3.0.xsd",
		Header: eafHeader{TimeUnits: "milliseconds", Media: eafMedia{URL: "file:///" + recordingID + ".mp4", MIME: "video/mp4"}},
		Types:  []eafLingType{{ID: "default-lt", Alignable: true}}}
	n := 0
	for _, t := range tiers {
		tier := eafTier{ID: t.Name, Type: "default-lt", Annotations: []eafAnnotation{}}
		for _, s := range t.Spans {
			n++
			s1, s2 := fmt.Sprintf("ts%d", 2*n-1), fmt.Sprintf("ts%d", 2*n)
			doc.TimeOrder = append(doc.TimeOrder, eafSlot{s1, s.StartMS}, eafSlot{s2, s.EndMS})
			tier.Annotations = append(tier.Annotations, eafAnnotation{eafAlignable{ID: fmt.Sprintf("a%d", n), Slot1: s1, Slot2: s2, Value: s.Value}})
		}
		doc.Tiers = append(doc.Tiers, tier)
	}
	return encodeEAF(w, doc)
}
