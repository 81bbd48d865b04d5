package questionnaires

import (
	"encoding/json"
	"strconv"
)

type m = map[string]any

func ext(url string, kv ...any) m {
	e := m{"url": url}
	for i := 0; i+1 < len(kv); i += 2 {
		e[kv[i].(string)] = kv[i+1]
	}
	return e
}

// ExportFHIR writes the instrument as a FHIR R4 Questionnaire that
// ImportFHIR reads back to the same instrument.
func (in *Instrument) ExportFHIR() ([]byte, error) {
	q := m{"resourceType": "Questionnaire", "status": "active", "name": in.Name, "title": in.Title,
		"version": strconv.Itoa(max(in.Version, 1)), "item": exportItems(in.Items)}
	if in.ID != "" {
		q["id"] = in.ID
	}
	for k, v := range map[string]string{"url": in.Key, "description": in.Description, "copyright": in.Licence, "language": in.Language} {
		if v != "" {
			q[k] = v
		}
	}
	if es := scoringExtensions(in.Scoring); len(es) > 0 {
		q["extension"] = es
	}
	return json.MarshalIndent(q, "", "  ")
}

func scoringExtensions(s Scoring) []m {
	es := []m{ext(extMethod, "valueCode", s.Method)}
	if s.MaxMissing > 0 {
		es = append(es, ext(extMaxMissing, "valueInteger", s.MaxMissing))
	}
	for _, b := range s.Bands {
		es = append(es, ext(extBand, "extension", []m{ext("min", "valueDecimal", b.Min), ext("label", "valueString", b.Label)}))
	}
	if s.Cutoff != nil {
		es = append(es, ext(extCutoff, "valueDecimal", *s.Cutoff))
	}
	if s.HigherIsBetter {
		es = append(es, ext(extHigherBetter, "valueBoolean", true))
	}
	for _, x := range []struct {
		url string
		v   float64
	}{{extReliability, s.Reliability}, {extNormSD, s.NormSD}, {extReliableChange, s.ReliableChange}} {
		if x.v != 0 {
			es = append(es, ext(x.url, "valueDecimal", x.v))
		}
	}
	for _, sub := range s.Subscales {
		es = append(es, ext(extSubscale, "extension", []m{ext("key", "valueCode", sub.Key), ext("title", "valueString", sub.Title)}))
	}
	return es
}

func exportItems(items []Item) []m {
	out := []m{}
	for _, it := range items {
		x := m{"linkId": it.LinkID, "type": it.Type}
		if it.Long {
			x["type"] = "text"
		}
		if it.MaxLength > 0 {
			x["maxLength"] = it.MaxLength
		}
		if it.Text != "" {
			x["text"] = it.Text
		}
		if it.Prefix != "" {
			x["prefix"] = it.Prefix
		}
		if it.Required {
			x["required"] = true
		}
		var es []m
		if it.Reversed {
			es = append(es, ext(extReversed, "valueBoolean", true))
		}
		for _, s := range it.Subscales {
			es = append(es, ext(extSubscale, "valueCode", s))
		}
		if it.RiskAbove != nil {
			es = append(es, ext(extRiskAbove, "valueDecimal", *it.RiskAbove))
		}
		if it.Weight != 0 {
			es = append(es, ext(extWeight, "valueDecimal", it.Weight))
		}
		if it.MinValue != nil {
			es = append(es, ext(extMinValue, limitKey(&it), *it.MinValue))
		}
		if it.MaxValue != nil {
			es = append(es, ext(extMaxValue, limitKey(&it), *it.MaxValue))
		}
		if len(es) > 0 {
			x["extension"] = es
		}
		if len(it.Options) > 0 {
			x["answerOption"] = exportOptions(it.Options)
		}
		if it.Initial != "" {
			x["initial"] = []m{initialValue(it)}
		}
		if len(it.EnableWhen) > 0 {
			x["enableWhen"] = exportConditions(it.EnableWhen)
			if it.EnableAll {
				x["enableBehavior"] = "all"
			} else {
				x["enableBehavior"] = "any"
			}
		}
		if len(it.Items) > 0 {
			x["item"] = exportItems(it.Items)
		}
		out = append(out, x)
	}
	return out
}

func exportOptions(opts []Option) []m {
	var out []m
	for _, o := range opts {
		var x m
		if o.IntValue != nil {
			x = m{"valueInteger": *o.IntValue}
		} else {
			c := m{"code": o.Code, "display": o.Display}
			if o.System != "" {
				c["system"] = o.System
			}
			x = m{"valueCoding": c}
		}
		if o.Score != nil {
			x["extension"] = []m{ext(extOrdinal, "valueDecimal", *o.Score)}
		}
		out = append(out, x)
	}
	return out
}

func initialValue(it Item) m {
	if o := it.Option(it.Initial); o != nil && o.IntValue != nil {
		return m{"valueInteger": *o.IntValue}
	} else if o != nil {
		return m{"valueCoding": m{"code": o.Code, "display": o.Display}}
	}
	return m{"valueString": it.Initial}
}

func exportConditions(cs []Condition) []m {
	var out []m
	for _, c := range cs {
		x := m{"question": c.Question, "operator": c.Operator}
		if c.Operator == "exists" {
			x["answerBoolean"] = c.Answer == "true"
		} else if f, err := strconv.ParseFloat(c.Answer, 64); err == nil {
			x["answerDecimal"] = f
		} else {
			x["answerCoding"] = m{"code": c.Answer}
		}
		out = append(out, x)
	}
	return out
}

// limitKey is the value[x] a number limit is written as.
func limitKey(it *Item) string {
	if it.Type == TypeInteger {
		return "valueInteger"
	}
	return "valueDecimal"
}
