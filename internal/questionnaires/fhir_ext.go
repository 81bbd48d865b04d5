package questionnaires

import (
	"fmt"
	"math"
)

// silent are extensions about presentation only: understood, not needed.
var silent = map[string]bool{extItemCtl: true,
	"http://hl7.org/fhir/StructureDefinition/rendering-xhtml":            true,
	"http://hl7.org/fhir/StructureDefinition/questionnaire-hidden":       true,
	"http://hl7.org/fhir/StructureDefinition/entryFormat":                true,
	"http://hl7.org/fhir/StructureDefinition/questionnaire-optionPrefix": true}

// exts walks o's extensions, calling fn for each; fn reports whether it
// knew the url. Unknown ones become warnings.
func exts(o obj, fn func(url string, e obj) (bool, error)) error {
	es, err := o.list("extension")
	if err != nil {
		return err
	}
	for _, e := range es {
		url, err := e.str("url")
		if err != nil {
			return err
		}
		if url == "" {
			return e.fail("url", "every extension needs a url")
		}
		known, err := fn(url, e)
		if err != nil {
			return err
		}
		if !known && !silent[url] {
			*o.warn = append(*o.warn, fmt.Sprintf("%s: the extension %s isn't used by attune and was ignored", e.path, url))
		}
	}
	return nil
}

func need(e obj) (float64, error) {
	f, ok, err := e.value()
	if err == nil && !ok {
		err = e.fail("", "needs valueDecimal or valueInteger")
	}
	return f, err
}

func readScoring(root obj, in *Instrument) error {
	s := &in.Scoring
	return exts(root, func(url string, e obj) (bool, error) {
		var err error
		var f float64
		switch url {
		case extMethod:
			s.Method, err = e.str("valueCode")
			if err == nil && s.Method != MethodSum && s.Method != MethodMean && s.Method != MethodNone {
				err = e.fail("valueCode", "the scoring method %q isn't one attune knows; use sum, mean or none", s.Method)
			}
		case extMaxMissing:
			f, err = need(e)
			s.MaxMissing = int(f)
		case extBand:
			var b Band
			err = exts(e, func(u string, x obj) (bool, error) {
				var err error
				switch u {
				case "min":
					b.Min, err = need(x)
				case "label":
					b.Label, err = x.str("valueString")
				default:
					return false, nil
				}
				return true, err
			})
			if err == nil && b.Label == "" {
				err = e.fail("", "a band needs a label")
			}
			s.Bands = append(s.Bands, b)
		case extCutoff:
			f, err = need(e)
			s.Cutoff = &f
		case extHigherBetter:
			s.HigherIsBetter, err = e.boolean("valueBoolean")
		case extReliability:
			s.Reliability, err = need(e)
			if err == nil && (s.Reliability <= 0 || s.Reliability >= 1) {
				err = e.fail("", "reliability is a coefficient between 0 and 1, such as 0.89")
			}
		case extNormSD:
			s.NormSD, err = need(e)
		case extReliableChange:
			s.ReliableChange, err = need(e)
		case extSubscale:
			var sub Subscale
			err = exts(e, func(u string, x obj) (bool, error) {
				var err error
				switch u {
				case "key":
					sub.Key, err = x.str("valueCode")
				case "title":
					sub.Title, err = x.str("valueString")
				default:
					return false, nil
				}
				return true, err
			})
			if err == nil && sub.Key == "" {
				err = e.fail("", "a subscale needs a key")
			}
			s.Subscales = append(s.Subscales, sub)
		default:
			return false, nil
		}
		return true, err
	})
}

func itemExtensions(o obj, it *Item) error {
	return exts(o, func(url string, e obj) (bool, error) {
		var err error
		switch url {
		case extReversed:
			it.Reversed, err = e.boolean("valueBoolean")
		case extSubscale:
			var k string
			k, err = e.str("valueCode")
			it.Subscales = append(it.Subscales, k)
		case extRiskAbove:
			var f float64
			f, err = need(e)
			it.RiskAbove = &f
		case extWeight, extItemWeight:
			it.Weight, err = need(e)
		case extMinValue, extMaxValue:
			return numberLimit(url, e, it)
		default:
			return false, nil
		}
		return true, err
	})
}

// scoreExtensions reads an answer option's score (on the option or its coding).
func scoreExtensions(o obj, opt *Option) error {
	return exts(o, func(url string, e obj) (bool, error) {
		switch url {
		case extOrdinal, extItemWeight, extCOValue:
			f, err := need(e)
			if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
				err = e.fail("", "the score must be a number")
			}
			opt.Score = &f
			return true, err
		}
		return false, nil
	})
}

// numberLimit reads minValue or maxValue; a limit that isn't a number (a
// date's, say) is left to the person and noted as a warning.
func numberLimit(url string, e obj, it *Item) (bool, error) {
	f, ok, err := e.value()
	if err != nil || !ok {
		return false, err
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return true, e.fail("", "the limit must be a number")
	}
	if url == extMinValue {
		it.MinValue = &f
	} else {
		it.MaxValue = &f
	}
	if it.MinValue != nil && it.MaxValue != nil && *it.MinValue > *it.MaxValue {
		return true, e.fail("", "minValue %s is above maxValue %s", FormatNumber(*it.MinValue), FormatNumber(*it.MaxValue))
	}
	return true, nil
}
