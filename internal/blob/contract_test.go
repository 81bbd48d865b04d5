package blob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// randBytes returns n deterministic pseudo-random bytes.
func randBytes(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 9))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// put stores data under key or fails the test.
func put(t *testing.T, s Store, key string, data []byte) {
	t.Helper()
	n, err := s.Put(context.Background(), key, bytes.NewBuffer(data)) // a plain reader: no known length
	if err != nil || n != int64(len(data)) {
		t.Fatalf("Put(%q): n=%d err=%v, want %d bytes", key, n, err, len(data))
	}
}

// readAll opens key and returns its whole content.
func readAll(t *testing.T, s Store, key string) []byte {
	t.Helper()
	obj, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	defer obj.Close()
	data, err := io.ReadAll(io.NewSectionReader(obj, 0, obj.Size()))
	if err != nil {
		t.Fatalf("reading %q: %v", key, err)
	}
	return data
}

// errReader yields some bytes, then fails.
type errReader struct{ left int }

var errBoom = errors.New("upload connection dropped")

func (r *errReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, errBoom
	}
	n := min(len(p), r.left)
	r.left -= n
	return n, nil
}

var invalidKeys = []string{
	"", "/abs", "../x", "a/../b", "a/..", "A", "a b", `a\b`, "a//b", "a/", ".hidden", "a/.tmp-x",
	"a\x00b", "é", "a/-b", strings.Repeat("a", MaxKeyLen+1), "a:b", "a..b",
}

// contractCases is the behaviour every Store must show.
var contractCases = []struct {
	name string
	run  func(t *testing.T, s Store)
}{
	{"put, open, read at offsets", func(t *testing.T, s Store) {
		data := randBytes(300_000, 1)
		put(t, s, "videos/ab/cd-1.enc", data)
		obj, err := s.Open(context.Background(), "videos/ab/cd-1.enc")
		if err != nil || obj.Size() != int64(len(data)) {
			t.Fatalf("Open: err=%v size=%v", err, obj)
		}
		defer obj.Close()
		for _, r := range []struct{ off, n, want int }{{0, 10, 10}, {123_456, 70_000, 70_000}, {len(data) - 5, 10, 5}, {len(data), 4, 0}} {
			p := make([]byte, r.n)
			n, err := obj.ReadAt(p, int64(r.off))
			if n != r.want || !bytes.Equal(p[:n], data[r.off:r.off+n]) || (n < r.n) != (err == io.EOF) {
				t.Fatalf("ReadAt(%d bytes at %d) = %d, %v; want %d bytes", r.n, r.off, n, err, r.want)
			}
		}
	}},
	{"empty object", func(t *testing.T, s Store) {
		put(t, s, "empty", nil)
		if got := readAll(t, s, "empty"); len(got) != 0 {
			t.Fatalf("empty object read back %d bytes", len(got))
		}
	}},
	{"seekable reader", func(t *testing.T, s Store) {
		data := randBytes(1000, 2)
		r := bytes.NewReader(data)
		r.Seek(100, io.SeekStart)
		if n, err := s.Put(context.Background(), "seek", r); err != nil || n != 900 {
			t.Fatalf("Put from offset 100: %d, %v", n, err)
		}
		if got := readAll(t, s, "seek"); !bytes.Equal(got, data[100:]) {
			t.Fatal("seekable reader stored the wrong bytes")
		}
	}},
	{"overwrite replaces", func(t *testing.T, s Store) {
		put(t, s, "k", randBytes(5000, 3))
		put(t, s, "k", []byte("short"))
		if got := readAll(t, s, "k"); string(got) != "short" {
			t.Fatalf("after overwrite got %d bytes", len(got))
		}
	}},
	{"missing key is ErrNotFound", func(t *testing.T, s Store) {
		put(t, s, "dir/present", []byte("x"))
		for _, key := range []string{"absent", "dir", "dir/absent", "dir/present/below"} {
			if _, err := s.Open(context.Background(), key); !errors.Is(err, ErrNotFound) {
				t.Fatalf("Open(%q): %v, want ErrNotFound", key, err)
			}
		}
	}},
	{"delete is idempotent", func(t *testing.T, s Store) {
		put(t, s, "d/x", []byte("x"))
		for range 2 {
			if err := s.Delete(context.Background(), "d/x"); err != nil {
				t.Fatalf("Delete: %v", err)
			}
		}
		if _, err := s.Open(context.Background(), "d/x"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Open after Delete: %v", err)
		}
		if err := s.Delete(context.Background(), "never/was"); err != nil {
			t.Fatalf("Delete of a key never stored: %v", err)
		}
	}},
	{"list by prefix", func(t *testing.T, s Store) {
		for _, k := range []string{"a/2", "a/1", "a/sub/3", "ab", "b/1"} {
			put(t, s, k, []byte(k))
		}
		for _, c := range []struct{ prefix, want string }{
			{"", "a/1,a/2,a/sub/3,ab,b/1"}, {"a/", "a/1,a/2,a/sub/3"}, {"a", "a/1,a/2,a/sub/3,ab"},
			{"a/s", "a/sub/3"}, {"zz/", ""}, {"b/1", "b/1"},
		} {
			got, err := s.List(context.Background(), c.prefix)
			if err != nil || strings.Join(got, ",") != c.want {
				t.Fatalf("List(%q) = %v, %v; want %s", c.prefix, got, err, c.want)
			}
		}
	}},
	{"invalid keys are refused", func(t *testing.T, s Store) {
		ctx := context.Background()
		for _, key := range invalidKeys {
			_, perr := s.Put(ctx, key, strings.NewReader("x"))
			_, oerr := s.Open(ctx, key)
			derr := s.Delete(ctx, key)
			for _, err := range []error{perr, oerr, derr} {
				if !errors.Is(err, ErrInvalidKey) {
					t.Fatalf("key %q: %v, want ErrInvalidKey", key, err)
				}
			}
		}
		for _, prefix := range []string{"../", "/a", "a/..", "A"} {
			if _, err := s.List(ctx, prefix); !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("List(%q): %v, want ErrInvalidKey", prefix, err)
			}
		}
	}},
	{"failed put leaves the old object whole", func(t *testing.T, s Store) {
		put(t, s, "keep", []byte("old"))
		if _, err := s.Put(context.Background(), "keep", &errReader{left: 100_000}); !errors.Is(err, errBoom) {
			t.Fatalf("Put with a failing reader: %v", err)
		}
		if _, err := s.Put(context.Background(), "fresh", &errReader{left: 10}); err == nil {
			t.Fatal("Put with a failing reader succeeded")
		}
		if got := readAll(t, s, "keep"); string(got) != "old" {
			t.Fatalf("old object changed to %d bytes", len(got))
		}
		if _, err := s.Open(context.Background(), "fresh"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a failed Put left an object: %v", err)
		}
		if keys, _ := s.List(context.Background(), ""); !slices.Equal(keys, []string{"keep"}) {
			t.Fatalf("List after failed puts = %v", keys)
		}
	}},
	{"cancelled context stores nothing", func(t *testing.T, s Store) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := s.Put(ctx, "c", strings.NewReader("x")); !errors.Is(err, context.Canceled) {
			t.Fatalf("Put with a cancelled context: %v", err)
		}
		if _, err := s.Open(context.Background(), "c"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("cancelled Put left an object: %v", err)
		}
	}},
	{"concurrent puts of one key end with one whole object", func(t *testing.T, s Store) {
		versions := make([][]byte, 8)
		var wg sync.WaitGroup
		for i := range versions {
			versions[i] = randBytes(200_000+i, uint64(100+i))
			wg.Go(func() {
				if _, err := s.Put(context.Background(), "race", bytes.NewBuffer(versions[i])); err != nil {
					t.Errorf("concurrent Put %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		got := readAll(t, s, "race")
		if !slices.ContainsFunc(versions, func(v []byte) bool { return bytes.Equal(v, got) }) {
			t.Fatalf("object after concurrent puts (%d bytes) is none of the versions written", len(got))
		}
	}},
}

// runContract runs every contract case against a fresh store from newStore.
func runContract(t *testing.T, newStore func(t *testing.T) Store) {
	for _, tc := range contractCases {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStore(t)) })
	}
}

func TestCheckKey(t *testing.T) {
	for _, key := range []string{"a", "0", "videos/2026/ab12-cd_3.enc", strings.Repeat("a", MaxKeyLen), "a.b/c.d"} {
		if err := CheckKey(key); err != nil {
			t.Errorf("CheckKey(%q) = %v, want ok", key, err)
		}
	}
	for _, key := range invalidKeys {
		if err := CheckKey(key); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("CheckKey(%q) = %v, want ErrInvalidKey", key, err)
		}
	}
}
