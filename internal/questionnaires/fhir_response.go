package questionnaires

import (
	"encoding/json"
	"strconv"
	"time"
)

// ResponseFHIR writes a completed response as a FHIR R4
// QuestionnaireResponse, its items nested as the questionnaire's are.
func (in *Instrument) ResponseFHIR(id string, ans Answers, authored time.Time) ([]byte, error) {
	q := in.Key
	if in.Version > 0 {
		q += "|" + strconv.Itoa(in.Version)
	}
	r := m{"resourceType": "QuestionnaireResponse", "id": id, "questionnaire": q, "status": "completed",
		"authored": authored.UTC().Format(time.RFC3339), "item": responseItems(in.Items, ans)}
	return json.MarshalIndent(r, "", "  ")
}

func responseItems(items []Item, ans Answers) []m {
	out := []m{}
	for i := range items {
		it := &items[i]
		x := m{"linkId": it.LinkID}
		if it.Text != "" {
			x["text"] = it.Text
		}
		if v := ans[it.LinkID]; v != "" && it.Type != TypeGroup && it.Type != TypeDisplay {
			x["answer"] = []m{answerOut(it, v)}
		}
		if sub := responseItems(it.Items, ans); len(sub) > 0 {
			x["item"] = sub
		}
		if x["answer"] != nil || x["item"] != nil {
			out = append(out, x)
		}
	}
	return out
}

func answerOut(it *Item, v string) m {
	switch o := it.Option(v); {
	case o != nil && o.IntValue != nil:
		return m{"valueInteger": *o.IntValue}
	case o != nil:
		c := m{"code": o.Code, "display": o.Display}
		if o.System != "" {
			c["system"] = o.System
		}
		return m{"valueCoding": c}
	case it.Type == TypeInteger:
		n, _ := strconv.Atoi(v)
		return m{"valueInteger": n}
	case it.Type == TypeDecimal:
		f, _ := strconv.ParseFloat(v, 64)
		return m{"valueDecimal": f}
	case it.Type == TypeBoolean:
		return m{"valueBoolean": v == "true"}
	}
	return m{"valueString": v}
}
