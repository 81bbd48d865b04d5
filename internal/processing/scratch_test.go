package processing

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// SweepScratch removes what runs left (their work folders) and nothing
// else in the scratch folder.
func TestSweepScratch(t *testing.T) {
	p := &Processor{Scratch: t.TempDir()}
	left := []string{"process-1", "clip-22", "still-3", "film-4", "moments-5"}
	kept := []string{"backup-5", "notes.txt"}
	for _, name := range append(slices.Clone(left), kept...) {
		if err := os.MkdirAll(filepath.Join(p.Scratch, name, "in-1"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p.Scratch, name, "in-1", "clip.mp4"), []byte("plaintext"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.SweepScratch(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(p.Scratch)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, kept) {
		t.Fatalf("scratch holds %v after the sweep, want %v", got, kept)
	}
	if err := (&Processor{Scratch: filepath.Join(p.Scratch, "missing")}).SweepScratch(); err != nil {
		t.Fatalf("sweeping a scratch folder not made yet: %v", err)
	}
}
