package questionnaires

import (
	"fmt"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// Extension URLs: scores on answer options (the HL7 ones), and attune's own
// for scoring rules that FHIR R4 has no element for.
const (
	extOrdinal    = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
	extItemWeight = "http://hl7.org/fhir/StructureDefinition/itemWeight"
	extCOValue    = "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value"
	extItemCtl    = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
	extBase       = "https://attune-vig.org/fhir/StructureDefinition/"
)

// attune's own extensions.
var (
	extMethod         = extBase + "scoring-method"
	extMaxMissing     = extBase + "max-missing"
	extBand           = extBase + "band"
	extCutoff         = extBase + "cutoff"
	extHigherBetter   = extBase + "higher-is-better"
	extReliability    = extBase + "reliability"
	extNormSD         = extBase + "norm-sd"
	extReliableChange = extBase + "reliable-change"
	extSubscale       = extBase + "subscale"
	extReversed       = extBase + "reversed"
	extRiskAbove      = extBase + "risk-above"
	extWeight         = extBase + "weight"
)

// ImportResult is an imported instrument with what was ignored on the way.
type ImportResult struct {
	Instrument *Instrument
	Warnings   []string
}

// obj is a JSON object being read, with its path for messages.
type obj struct {
	m    map[string]any
	path string
	warn *[]string
}

// fail is an import error naming the JSON path of the problem.
func (o obj) fail(member, format string, args ...any) error {
	p := o.at(member)
	return &domain.Error{Code: domain.EINVALID, Field: p, Message: p + ": " + fmt.Sprintf(format, args...)}
}

func (o obj) at(member string) string {
	switch {
	case member == "":
		return o.path
	case o.path == "" || strings.HasPrefix(member, "["):
		return o.path + member
	}
	return o.path + "." + member
}

func (o obj) str(member string) (string, error) {
	v, ok := o.m[member]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", o.fail(member, "should be a string, not %s", kind(v))
	}
	return strings.TrimSpace(s), nil
}

func (o obj) boolean(member string) (bool, error) {
	v, ok := o.m[member]
	if !ok || v == nil {
		return false, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, o.fail(member, "should be true or false, not %s", kind(v))
	}
	return b, nil
}

// list reads an array of objects.
func (o obj) list(member string) ([]obj, error) {
	v, ok := o.m[member]
	if !ok || v == nil {
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, o.fail(member, "should be a list, not %s", kind(v))
	}
	out := make([]obj, 0, len(arr))
	for i, e := range arr {
		m, ok := e.(map[string]any)
		p := fmt.Sprintf("%s[%d]", o.at(member), i)
		if !ok {
			return nil, &domain.Error{Code: domain.EINVALID, Field: p, Message: p + ": should be an object, not " + kind(e)}
		}
		out = append(out, obj{m: m, path: p, warn: o.warn})
	}
	return out, nil
}

func (o obj) child(member string) (*obj, error) {
	v, ok := o.m[member]
	if !ok || v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, o.fail(member, "should be an object, not %s", kind(v))
	}
	return &obj{m: m, path: o.at(member), warn: o.warn}, nil
}

// number reads valueDecimal or valueInteger (or another member holding a number).
func (o obj) number(member string) (float64, bool, error) {
	v, ok := o.m[member]
	if !ok || v == nil {
		return 0, false, nil
	}
	f, ok := v.(float64)
	if !ok {
		return 0, false, o.fail(member, "should be a number, not %s", kind(v))
	}
	return f, true, nil
}

func (o obj) value() (float64, bool, error) {
	for _, k := range []string{"valueDecimal", "valueInteger"} {
		if f, ok, err := o.number(k); ok || err != nil {
			return f, ok, err
		}
	}
	return 0, false, nil
}

func kind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}
