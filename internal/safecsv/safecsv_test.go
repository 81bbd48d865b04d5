package safecsv

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCellNeutralisesFormulas(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"a=b", "a=b"},
		{"=HYPERLINK(\"https://evil.example\")", "'=HYPERLINK(\"https://evil.example\")"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-8", "-8"},
		{"+1.5", "+1.5"},
		{"-0.25", "-0.25"},
		{"'=already", "'=already"},
	}
	for _, c := range cases {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Restore(Cell(c.in)); got != c.in && c.in != "'=already" {
			t.Errorf("Restore(Cell(%q)) = %q", c.in, got)
		}
	}
}

// Every cell of every row goes through Cell, the header too, and the CSV
// reads back as written.
func TestWriterNeutralisesEveryCell(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	rows := [][]string{{"=title", "n"}, {"ok", "@x"}, {"-1", "=1,2"}}
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"'=title", "n"}, {"ok", "'@x"}, {"-1", "'=1,2"}}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d cell %d = %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
}

// No export writes CSV around this package: every encoding/csv writer in
// attune's code is made here.
func TestNoOtherCSVWriter(t *testing.T) {
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.HasPrefix(path, filepath.Join("..", "safecsv")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Count(string(src), "csv.NewWriter(") > strings.Count(string(src), "safecsv.NewWriter(") {
			t.Errorf("%s writes CSV with encoding/csv directly: use safecsv.NewWriter, which neutralises formulas", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
