package vault

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// TestSharedShredListAcrossServers: two servers share the shred list
// folder and add records at the same time; each keeps what it added, a
// process opening the folder later (a restore) sees every record of both,
// and the records of an older single-file list are carried over.
func TestSharedShredListAcrossServers(t *testing.T) {
	root := t.TempDir()
	legacy := filepath.Join(root, "master.key.shredded")
	old, err := OpenShredList(legacy)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Add("case before-the-folder", "recording r0"); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "case-keys", "shredded")
	a, err := OpenSharedShredList(dir, legacy)
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenSharedShredList(dir, legacy)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i, l := range []*ShredList{a, b} {
		wg.Go(func() {
			for n := range 50 {
				if err := l.Add(fmt.Sprintf("recording s%d-%d", i, n), "case shared"); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if !a.Has("recording", "s0-49") || a.Has("recording", "s1-0") {
		t.Error("server A's own view: it knows its records (and is not expected to see B's before reopening)")
	}
	restore, err := OpenSharedShredList(dir, filepath.Join(root, "no-such-file"))
	if err != nil {
		t.Fatal(err)
	}
	recs := restore.Values("recording")
	if len(recs) != 101 || !slices.Contains(recs, "s1-17") || !slices.Contains(recs, "r0") {
		t.Errorf("a later process sees %d recordings; want 100 from the two servers and 1 from the old list", len(recs))
	}
	if cs := restore.Values("case"); len(cs) != 2 {
		t.Errorf("cases listed: %v; want the old one and the shared one, once", cs)
	}
	info, err := os.Stat(dir)
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("the folder: %v, mode %v; want 0700", err, info.Mode().Perm())
	}
}
