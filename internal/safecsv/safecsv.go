// Package safecsv is the one CSV writer of attune's exports: every cell that
// a spreadsheet would run as a formula (one starting with = + - @, a tab or a
// carriage return) is written with a leading apostrophe, which Restore takes
// off again when attune reads its own CSV back.
package safecsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// Writer is a csv.Writer whose every cell is neutralised.
type Writer struct {
	*csv.Writer
	row []string
}

// NewWriter writes CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// Write writes one record, each cell through Cell.
func (w *Writer) Write(record []string) error {
	w.row = w.row[:0]
	for _, c := range record {
		w.row = append(w.row, Cell(c))
	}
	return w.Writer.Write(w.row)
}

// WriteAll writes every record and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// triggers are the first characters that make a spreadsheet read a cell as
// a formula (or, for tab and CR, hide one behind them).
const triggers = "=+-@\t\r"

// Cell returns s as a spreadsheet will show it and never run it: a would-be
// formula gets a leading apostrophe. A plain number ("-8", "+1.5") is left
// alone: it is no formula, and R and SPSS must read it as a number.
func Cell(s string) string {
	if s == "" || !strings.ContainsRune(triggers, rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil && s[0] != '\t' && s[0] != '\r' {
		return s
	}
	return "'" + s
}

// Restore undoes Cell on a cell read back from attune's own CSV.
func Restore(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(triggers, rune(s[1])) {
		return s[1:]
	}
	return s
}
