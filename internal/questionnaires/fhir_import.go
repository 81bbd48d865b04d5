package questionnaires

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// ImportFHIR reads a FHIR R4 Questionnaire. An invalid document is an error
// naming the JSON path of the problem; extensions attune does not use are
// ignored and listed as warnings.
func ImportFHIR(doc []byte) (*ImportResult, error) {
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		return nil, domain.Errorf(domain.EINVALID, "This isn't valid JSON (%s). Export the Questionnaire again as FHIR R4 JSON.", strings.TrimPrefix(err.Error(), "json: "))
	}
	var warns []string
	root := obj{m: m, warn: &warns}
	rt, err := root.str("resourceType")
	if err != nil {
		return nil, err
	}
	if rt != "Questionnaire" {
		return nil, root.fail("resourceType", "is %q; attune imports a FHIR R4 Questionnaire", rt)
	}
	in, err := readHeader(root)
	if err != nil {
		return nil, err
	}
	items, err := root.list("item")
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, root.fail("item", "a questionnaire needs at least one item")
	}
	seen := map[string]bool{}
	for _, io := range items {
		it, err := readItem(io, seen)
		if err != nil {
			return nil, err
		}
		in.Items = append(in.Items, it)
	}
	if err := checkConditions(in, root); err != nil {
		return nil, err
	}
	if err := checkSubscales(in, root); err != nil {
		return nil, err
	}
	if in.Scoring.Method == "" {
		in.Scoring.Method = MethodNone
		for _, q := range in.Questions() {
			if q.Scored() {
				in.Scoring.Method = MethodSum
				break
			}
		}
	}
	return &ImportResult{Instrument: in, Warnings: warns}, nil
}

func readHeader(root obj) (*Instrument, error) {
	in := &Instrument{Source: SourceImported}
	var err error
	fields := []struct {
		member string
		dst    *string
	}{{"url", &in.Key}, {"name", &in.Name}, {"title", &in.Title}, {"description", &in.Description},
		{"copyright", &in.Licence}, {"language", &in.Language}}
	for _, f := range fields {
		if *f.dst, err = root.str(f.member); err != nil {
			return nil, err
		}
	}
	if in.Title == "" {
		in.Title = in.Name
	}
	if in.Name == "" {
		in.Name = in.Title
	}
	if in.Key == "" {
		in.Key = in.Name
	}
	if in.Key == "" {
		return nil, root.fail("url", "a questionnaire needs a url or a name, so a later version can be recognised as the same instrument")
	}
	if len(in.Title) > 300 || len(in.Key) > 500 || len(in.Description) > 5000 || len(in.Licence) > 5000 {
		return nil, root.fail("title", "the title, url, description or copyright is too long")
	}
	if err := modifiers(root); err != nil {
		return nil, err
	}
	return in, readScoring(root, in)
}

// modifiers refuses modifier extensions: they change the meaning of what
// they sit on, so ignoring one could misread the instrument.
func modifiers(o obj) error {
	ms, err := o.list("modifierExtension")
	if err != nil || len(ms) == 0 {
		return err
	}
	u, _ := ms[0].str("url")
	return ms[0].fail("", "the modifier extension %q changes what this part means and attune doesn't know it; remove it or ask for support", u)
}

// checkConditions makes every enableWhen point at a question that exists.
func checkConditions(in *Instrument, root obj) error {
	var walk func(items []Item, path string) error
	walk = func(items []Item, path string) error {
		for i, it := range items {
			p := fmt.Sprintf("%s[%d]", path, i)
			for j, c := range it.EnableWhen {
				if in.Item(c.Question) == nil {
					o := obj{path: fmt.Sprintf("%s.enableWhen[%d]", p, j)}
					return o.fail("question", "%q isn't the linkId of a question in this questionnaire", c.Question)
				}
			}
			if err := walk(it.Items, p+".item"); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(in.Items, "item")
}

// checkSubscales makes every item's subscale one the questionnaire defines.
func checkSubscales(in *Instrument, root obj) error {
	known := map[string]bool{}
	for _, s := range in.Scoring.Subscales {
		known[s.Key] = true
	}
	for _, q := range in.Questions() {
		for _, k := range q.Subscales {
			if !known[k] {
				return root.fail("extension", "item %q belongs to the subscale %q, which the questionnaire doesn't define; add a subscale extension with that key", q.LinkID, k)
			}
		}
	}
	return nil
}
