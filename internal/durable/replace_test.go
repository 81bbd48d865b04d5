package durable

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReplaceFile: the new content replaces the old, no temporary file is
// left, and a folder that doesn't exist is an error that leaves nothing.
func TestReplaceFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	for _, content := range []string{"old", "new"} {
		if err := ReplaceFile(path, ".f-*", []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("content %q, want new", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d files in the folder, want 1 (no temporary left)", len(entries))
	}
	if err := ReplaceFile(filepath.Join(dir, "missing", "f"), ".f-*", []byte("x")); err == nil {
		t.Fatal("writing into a missing folder succeeded")
	}
}
