// Package questionnaires holds the outcome measures: instruments (their items,
// answer options with scores, reversed items, subscales, scoring rules, bands,
// cut-offs, risk rules and reliability for the reliable change index), FHIR R4
// import and export, assignments to a case at a time point, the parent's
// one-purpose link, scoring of responses, change over time, and the service's
// anonymous report.
package questionnaires

import (
	"fmt"
	"time"
)

// Sources of an instrument.
const (
	SourceBundled  = "bundled"  // public domain, shipped with attune
	SourceImported = "imported" // a FHIR Questionnaire a service imported
)

// Instrument is one version of a questionnaire. A change makes a new version;
// responses keep the version they were given on.
type Instrument struct {
	ID          string    `json:"-"`
	Key         string    `json:"key"` // stable across versions: the FHIR url, or the name
	Version     int       `json:"-"`
	Name        string    `json:"name"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Licence     string    `json:"licence,omitempty"`
	Language    string    `json:"language,omitempty"`
	Source      string    `json:"-"`
	Items       []Item    `json:"items"`
	Scoring     Scoring   `json:"scoring"`
	CreatedAt   time.Time `json:"-"`
}

// Item types.
const (
	TypeGroup   = "group"
	TypeDisplay = "display"
	TypeChoice  = "choice"
	TypeInteger = "integer"
	TypeDecimal = "decimal"
	TypeString  = "string"
	TypeBoolean = "boolean"
)

// Item is a question, a group of questions, or text to show.
type Item struct {
	LinkID     string      `json:"link_id"`
	Prefix     string      `json:"prefix,omitempty"`
	Text       string      `json:"text"`
	Type       string      `json:"type"`
	Required   bool        `json:"required,omitempty"`
	Reversed   bool        `json:"reversed,omitempty"`
	Weight     float64     `json:"weight,omitempty"` // multiplies the item's score; 0 means 1
	Subscales  []string    `json:"subscales,omitempty"`
	RiskAbove  *float64    `json:"risk_above,omitempty"` // a score above this alerts the guider
	Options    []Option    `json:"options,omitempty"`
	Initial    string      `json:"initial,omitempty"`
	Long       bool        `json:"long,omitempty"`       // FHIR "text": a box for several lines
	MinValue   *float64    `json:"min_value,omitempty"`  // the lowest number allowed
	MaxValue   *float64    `json:"max_value,omitempty"`  // the highest number allowed
	MaxLength  int         `json:"max_length,omitempty"` // characters a text answer may have; 0: DefaultMaxLength
	EnableWhen []Condition `json:"enable_when,omitempty"`
	EnableAll  bool        `json:"enable_all,omitempty"` // enableBehavior "all" (default "any")
	Items      []Item      `json:"items,omitempty"`
}

// Option is an answer option with its score.
type Option struct {
	Code     string   `json:"code"`
	Display  string   `json:"display"`
	System   string   `json:"system,omitempty"`
	Score    *float64 `json:"score,omitempty"`
	IntValue *int     `json:"int_value,omitempty"` // answerOption valueInteger
}

// Condition shows an item only when another item's answer compares true.
type Condition struct {
	Question string `json:"question"`
	Operator string `json:"operator"` // exists, =, !=, >, <, >=, <=
	Answer   string `json:"answer"`
}

// Scored tells whether the item counts towards the total.
func (it *Item) Scored() bool {
	switch it.Type {
	case TypeChoice:
		for _, o := range it.Options {
			if o.Score != nil || o.IntValue != nil {
				return true
			}
		}
	case TypeInteger, TypeDecimal:
		return it.Weight != 0 // a number counts only when the definition gives it a weight
	}
	return false
}

// Questions lists every item that takes an answer, groups flattened, in order.
func (in *Instrument) Questions() []*Item {
	var out []*Item
	var walk func(items []Item)
	walk = func(items []Item) {
		for i := range items {
			it := &items[i]
			if it.Type != TypeGroup && it.Type != TypeDisplay {
				out = append(out, it)
			}
			walk(it.Items)
		}
	}
	walk(in.Items)
	return out
}

// Item finds an answerable item by its link id.
func (in *Instrument) Item(linkID string) *Item {
	for _, it := range in.Questions() {
		if it.LinkID == linkID {
			return it
		}
	}
	return nil
}

// Option finds an answer option by its code.
func (it *Item) Option(code string) *Option {
	for i := range it.Options {
		if it.Options[i].Code == code {
			return &it.Options[i]
		}
	}
	return nil
}

// Value is the score an option carries: its score, else its integer value.
func (o *Option) Value() (float64, bool) {
	switch {
	case o.Score != nil:
		return *o.Score, true
	case o.IntValue != nil:
		return float64(*o.IntValue), true
	}
	return 0, false
}

// Label is "PHQ-9 (version 2)" style, for lists.
func (in *Instrument) Label() string {
	if in.Version > 1 {
		return fmt.Sprintf("%s (version %d)", in.Name, in.Version)
	}
	return in.Name
}
