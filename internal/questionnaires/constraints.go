package questionnaires

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/domain"
)

// Limits every answer has, whatever the questionnaire says: a text answer
// is kept to DefaultMaxLength characters unless the item gives its own
// maxLength, and a whole number fits FHIR's integer (32 bits).
const (
	DefaultMaxLength = 2000
	MaxLengthCeiling = 20000 // the most an item's maxLength may allow
)

// HL7's extensions for a number's range.
const (
	extMinValue = "http://hl7.org/fhir/StructureDefinition/minValue"
	extMaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue"
)

// What can be wrong with one answer, so each is told in its own words.
const (
	ProblemOption = "option" // not one of the answers offered
	ProblemYesNo  = "yesno"  // a yes/no question answered otherwise
	ProblemNumber = "number" // not a number written in the digits 0–9
	ProblemWhole  = "whole"  // a fraction where a whole number is asked
	ProblemMin    = "min"    // below the lowest answer allowed
	ProblemMax    = "max"    // above the highest answer allowed
	ProblemLength = "length" // a text longer than the item allows
)

// Problem is what is wrong with one answer, with the limit it broke.
type Problem struct {
	Kind  string
	Limit float64 // the min, max or length limit
	Have  int     // the length the answer has (ProblemLength)
}

var decimalRE = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// Limits is the range a number answer must keep to (FHIR's integer range
// when the item sets none).
func (it *Item) Limits() (lo, hi float64, ok bool) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if it.Type == TypeInteger {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	if it.MinValue != nil {
		lo = *it.MinValue
	}
	if it.MaxValue != nil {
		hi = *it.MaxValue
	}
	return lo, hi, it.Type == TypeInteger || it.Type == TypeDecimal
}

// TextLimit is how many characters a text answer may have.
func (it *Item) TextLimit() int {
	if it.MaxLength > 0 {
		return it.MaxLength
	}
	return DefaultMaxLength
}

// Problem checks one answer (trimmed, not empty) against the item's own
// constraints; nil when it is fine.
func (it *Item) Problem(v string) *Problem {
	switch it.Type {
	case TypeChoice:
		if it.Option(v) == nil {
			return &Problem{Kind: ProblemOption}
		}
	case TypeBoolean:
		if v != "true" && v != "false" {
			return &Problem{Kind: ProblemYesNo}
		}
	case TypeInteger, TypeDecimal:
		return it.numberProblem(v)
	default:
		if n := utf8.RuneCountInString(v); n > it.TextLimit() {
			return &Problem{Kind: ProblemLength, Limit: float64(it.TextLimit()), Have: n}
		}
	}
	return nil
}

func (it *Item) numberProblem(v string) *Problem {
	if !decimalRE.MatchString(v) {
		return &Problem{Kind: ProblemNumber}
	}
	if _, frac, ok := strings.Cut(v, "."); ok && it.Type == TypeInteger && strings.Trim(frac, "0") != "" {
		return &Problem{Kind: ProblemWhole}
	}
	f, _ := strconv.ParseFloat(v, 64) // digits only: at worst ±Inf, which the range catches
	lo, hi, _ := it.Limits()
	switch {
	case f < lo:
		return &Problem{Kind: ProblemMin, Limit: lo}
	case f > hi:
		return &Problem{Kind: ProblemMax, Limit: hi}
	}
	return nil
}

// check is the answer's problem as an error for the API, in English.
func (it *Item) check(v string) error {
	p := it.Problem(v)
	if p == nil {
		return nil
	}
	n := it.number()
	var msg string
	switch p.Kind {
	case ProblemOption:
		msg = fmt.Sprintf("%q isn't one of the answers to question %s; choose one of %s.", v, n, it.codes())
	case ProblemYesNo:
		msg = fmt.Sprintf("Question %s is answered yes (true) or no (false), not %q.", n, v)
	case ProblemNumber:
		msg = fmt.Sprintf("Question %s needs a number written in the digits 0–9, such as 3, not %q.", n, v)
	case ProblemWhole:
		msg = fmt.Sprintf("Question %s needs a whole number, such as 2 or 3, not %q.", n, v)
	case ProblemMin:
		msg = fmt.Sprintf("Question %s needs a number of %s or more, not %s.", n, FormatNumber(p.Limit), v)
	case ProblemMax:
		msg = fmt.Sprintf("Question %s needs a number of %s or less, not %s.", n, FormatNumber(p.Limit), v)
	case ProblemLength:
		msg = fmt.Sprintf("The answer to question %s is %d characters long; it can be up to %d. Please shorten it.", n, p.Have, int(p.Limit))
	}
	return domain.FieldError(it.LinkID, "%s", msg)
}

// Normalize is the form an answer is stored in: a whole number without a
// fraction ("2.0" → "2").
func (it *Item) Normalize(v string) string {
	if it.Type == TypeInteger && it.Problem(v) == nil {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return strconv.FormatInt(int64(f), 10)
		}
	}
	return v
}

// FormatNumber writes a limit without needless decimals.
func FormatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Number is how the item is named in messages: its prefix, else its link id.
func (it *Item) Number() string { return it.number() }
