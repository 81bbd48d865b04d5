package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func newLocal(t *testing.T) Store {
	l, err := NewLocal(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLocalContract(t *testing.T) { runContract(t, newLocal) }

// tempFiles lists temporary files left under dir.
func tempFiles(t *testing.T, dir string) []string {
	var found []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), tempPrefix) {
			found = append(found, path)
		}
		return nil
	})
	return found
}

func TestLocalFailedPutRemovesTemp(t *testing.T) {
	l := newLocal(t).(*Local)
	if _, err := l.Put(context.Background(), "x/y", &errReader{left: 50_000}); err == nil {
		t.Fatal("Put with a failing reader succeeded")
	}
	if left := tempFiles(t, l.Dir()); len(left) != 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
}

func TestLocalFileMode(t *testing.T) {
	l := newLocal(t).(*Local)
	put(t, l, "m/f", []byte("x"))
	info, err := os.Stat(filepath.Join(l.Dir(), "m", "f"))
	if err != nil || info.Mode().Perm()&0o077 != 0 {
		t.Fatalf("object mode %v (err %v): want no group/other access", info.Mode(), err)
	}
}

func TestLocalReserve(t *testing.T) {
	dir := t.TempDir()
	probe, _ := NewLocal(dir, 0)
	free, err := probe.FreeBytes()
	if err != nil || free <= 0 {
		t.Fatalf("FreeBytes = %d, %v", free, err)
	}
	tests := []struct {
		name    string
		reserve int64
		size    int
		want    error
	}{
		{"no reserve", 0, 1000, nil},
		{"reserve already crossed", free + 1<<40, 1, ErrReserve},
		// 32 MiB: other tests freeing space meanwhile must not make it fit
		{"put would cross reserve", free - 1000, 32 << 20, ErrReserve},
		{"small reserve", 1 << 20, 1000, nil},
	}
	for _, tc := range tests {
		l, _ := NewLocal(dir, tc.reserve)
		_, err := l.Put(context.Background(), "r", strings.NewReader(strings.Repeat("z", tc.size)))
		if !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	if left := tempFiles(t, dir); len(left) != 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
}

func TestDescribeDiskFull(t *testing.T) {
	err := describe("writing", "v/1", fmt.Errorf("write /x: %w", syscall.ENOSPC))
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "disk is full") || !strings.Contains(err.Error(), "free space") {
		t.Fatalf("ENOSPC described as %v", err)
	}
	if err := describe("writing", "v/1", syscall.EIO); errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "v/1") {
		t.Fatalf("EIO described as %v", err)
	}
}

func TestSweepTemp(t *testing.T) {
	l := newLocal(t).(*Local)
	put(t, l, "s/keep", []byte("x"))
	old := filepath.Join(l.Dir(), "s", tempPrefix+"old")
	fresh := filepath.Join(l.Dir(), "s", tempPrefix+"fresh")
	for _, p := range []string{old, fresh} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	past := time.Now().Add(-2 * time.Hour)
	os.Chtimes(old, past, past)
	if keys, _ := l.List(context.Background(), ""); strings.Join(keys, ",") != "s/keep" {
		t.Fatalf("List shows temporary files: %v", keys)
	}
	n, err := l.SweepTemp(time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("SweepTemp = %d, %v; want 1", n, err)
	}
	if left := tempFiles(t, l.Dir()); len(left) != 1 || left[0] != fresh {
		t.Fatalf("after sweep: %v, want only the fresh temp file", left)
	}
}

func TestOpenURL(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		url  string
		ok   bool
		want string
	}{
		{dir, true, ""},
		{"file://" + dir, true, ""},
		{"file://" + dir + "?reserve_bytes=1000", true, ""},
		{"file://relative/dir", false, "three slashes"},
		{"file://" + dir + "?reserve=1", false, "reserve_bytes"},
		{"ftp://host/x", false, "not supported"},
		{"s3://", false, "bucket name is required"},
		{"s3://b/prefix", false, "prefixes are not supported"},
		{"s3://b?endpont=x", false, "unknown parameter"},
		{"s3://b?access_key=x", false, "both access_key and secret_key"},
		{"s3://b?path_style=maybe&access_key=a&secret_key=b", false, "path_style"},
		{"s3://b?endpoint=http://127.0.0.1:1&access_key=a&secret_key=b", true, ""},
	}
	for _, tc := range tests {
		s, err := Open(context.Background(), tc.url)
		if tc.ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Open(%q) = %T, %v; want ok=%v mentioning %q", tc.url, s, err, tc.ok, tc.want)
		}
	}
}

func TestLocalAdopt(t *testing.T) {
	dir := t.TempDir()
	l, err := NewLocal(filepath.Join(dir, "store"), 0)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "staged")
	if err := os.WriteFile(src, []byte("sealed bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := l.Adopt(context.Background(), "rec/a/b", src)
	if err != nil || n != 12 {
		t.Fatalf("Adopt: %d %v", n, err)
	}
	if n, err := l.Adopt(context.Background(), "rec/a/b", src); err != nil || n != 12 {
		t.Fatalf("adopting the same file again: %d %v", n, err)
	}
	os.Remove(src)
	o, err := l.Open(context.Background(), "rec/a/b")
	if err != nil || o.Size() != 12 {
		t.Fatalf("Open after Adopt: %v", err)
	}
	o.Close()
	if _, err := l.Adopt(context.Background(), "../x", src); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("Adopt to a bad key: %v", err)
	}
}
