package questionnaires

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// Scoring methods.
const (
	MethodSum  = "sum"
	MethodMean = "mean"
	MethodNone = "none"
)

// Scoring is how an instrument's answers become a total, and what the total means.
type Scoring struct {
	Method         string     `json:"method"`
	MaxMissing     int        `json:"max_missing,omitempty"` // answers that may be missing and prorated
	Bands          []Band     `json:"bands,omitempty"`
	Cutoff         *float64   `json:"cutoff,omitempty"` // at or above: the clinical range
	HigherIsBetter bool       `json:"higher_is_better,omitempty"`
	Reliability    float64    `json:"reliability,omitempty"` // e.g. Cronbach's alpha, for the RCI
	NormSD         float64    `json:"norm_sd,omitempty"`     // the norm group's SD, for the RCI
	ReliableChange float64    `json:"reliable_change,omitempty"`
	Subscales      []Subscale `json:"subscales,omitempty"`
}

// Band names a range of totals: from Min up to the next band's Min.
type Band struct {
	Min   float64 `json:"min"`
	Label string  `json:"label"`
}

// Subscale is a named part of the instrument, scored from its own items.
type Subscale struct {
	Key   string `json:"key"`
	Title string `json:"title"`
}

// Answers are a response's answers: link id → option code, or a number.
type Answers map[string]string

// Score is a scored response.
type Score struct {
	Total     *float64        `json:"total"` // nil when too many answers are missing
	Raw       float64         `json:"raw"`
	Answered  int             `json:"answered"`
	Missing   int             `json:"missing"`
	Prorated  bool            `json:"prorated,omitempty"`
	Band      string          `json:"band,omitempty"`
	Clinical  bool            `json:"clinical,omitempty"`
	Subscales []SubscaleScore `json:"subscales,omitempty"`
	Risks     []Risk          `json:"risks,omitempty"`
	Note      string          `json:"note,omitempty"`
}

// SubscaleScore is one subscale's total.
type SubscaleScore struct {
	Key      string   `json:"key"`
	Title    string   `json:"title"`
	Total    *float64 `json:"total"`
	Answered int      `json:"answered"`
	Missing  int      `json:"missing"`
}

// Risk is an answer that must alert the guider at once.
type Risk struct {
	LinkID string `json:"link_id"`
	Text   string `json:"text"`
	Answer string `json:"answer"`
}

// Check refuses answers to unknown items and answers outside an item's options.
func (in *Instrument) Check(ans Answers) error {
	for id, v := range ans {
		it := in.Item(id)
		if it == nil {
			return domain.FieldError(id, "%q isn't a question in %s.", id, in.Name)
		}
		if _, _, err := it.score(v); err != nil {
			return err
		}
	}
	return nil
}

// score is an answer's points, reversed and weighted; ok is false for an
// item that carries no score.
func (it *Item) score(v string) (float64, bool, error) {
	v = strings.TrimSpace(v)
	switch it.Type {
	case TypeChoice:
		o := it.Option(v)
		if o == nil {
			return 0, false, it.check(v)
		}
		s, ok := o.Value()
		if ok && it.Reversed {
			lo, hi := it.span()
			s = lo + hi - s
		}
		return s * it.weight(), ok, nil
	case TypeInteger, TypeDecimal:
		if err := it.check(v); err != nil {
			return 0, false, err
		}
		f, _ := strconv.ParseFloat(v, 64)
		return f * it.weight(), true, nil
	}
	if err := it.check(v); err != nil {
		return 0, false, err
	}
	return 0, false, nil
}

func (it *Item) weight() float64 {
	if it.Weight == 0 {
		return 1
	}
	return it.Weight
}

// span is the lowest and highest score among the options, for reversing.
func (it *Item) span() (lo, hi float64) {
	first := true
	for i := range it.Options {
		if s, ok := it.Options[i].Value(); ok {
			if first || s < lo {
				lo = s
			}
			if first || s > hi {
				hi = s
			}
			first = false
		}
	}
	return lo, hi
}

func (it *Item) number() string {
	if it.Prefix != "" {
		return strings.TrimSuffix(it.Prefix, ".")
	}
	return it.LinkID
}

func (it *Item) codes() string {
	var cs []string
	for _, o := range it.Options {
		cs = append(cs, strconv.Quote(o.Code))
	}
	sort.Strings(cs)
	return strings.Join(cs, ", ")
}

// band finds the band a total falls in.
func (s *Scoring) band(total float64) string {
	label := ""
	for _, b := range s.Bands {
		if total >= b.Min {
			label = b.Label
		}
	}
	return label
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func missingNote(missing, allowed, items int) string {
	return fmt.Sprintf("%d of %d answers are missing; a total is given with at most %d missing.", missing, items, allowed)
}
