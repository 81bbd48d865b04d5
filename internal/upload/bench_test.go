package upload

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/attune-vig/attune/internal/store/storetest"
)

// BenchmarkIngest compares PATCHing a recording over HTTP on 127.0.0.1 in
// 8 MiB requests into a local blob store (encrypted, fsynced per request,
// moved into the store) with a raw sequential write of the same bytes with
// fsync on the same disk. ATTUNE_BENCH_INGEST_MB sets the size (512).
func BenchmarkIngest(b *testing.B) {
	mb := 512
	if v, err := strconv.Atoi(os.Getenv("ATTUNE_BENCH_INGEST_MB")); err == nil && v > 0 {
		mb = v
	}
	src := source(mb<<20, 42)
	var raw, tus float64
	b.Run("raw", func(b *testing.B) {
		dir := b.TempDir()
		b.SetBytes(int64(len(src)))
		for i := 0; b.Loop(); i++ {
			rawWrite(b, filepath.Join(dir, "raw"+strconv.Itoa(i)), src)
		}
		raw = mbps(b, len(src))
	})
	b.Run("tus-encrypted", func(b *testing.B) {
		e := newEnv(b)
		b.SetBytes(int64(len(src)))
		for i := 0; b.Loop(); i++ {
			up := e.hooks.add("bench"+strconv.Itoa(i), int64(len(src)))
			e.send(up.ID, src, 8<<20, nil)
		}
		tus = mbps(b, len(src))
	})
	var shared float64
	b.Run("tus-shared-staging", func(b *testing.B) {
		e := newEnv(b)
		e.parts = DBParts(storetest.SQLite(b))
		e.restart()
		b.SetBytes(int64(len(src)))
		for i := 0; b.Loop(); i++ {
			up := e.hooks.add("shared"+strconv.Itoa(i), int64(len(src)))
			e.send(up.ID, src, 8<<20, nil)
		}
		shared = mbps(b, len(src))
	})
	if raw > 0 && tus > 0 {
		fmt.Printf("ingest %d MiB: raw %.0f MB/s, tus-encrypted %.0f MB/s, ratio %.2f (target >= 0.7)\n", mb, raw, tus, tus/raw)
	}
	if raw > 0 && shared > 0 {
		fmt.Printf("ingest %d MiB with parts staged in the blob store (several servers; here local store, SQLite): %.0f MB/s, ratio %.2f\n",
			mb, shared, shared/raw)
	}
}

func rawWrite(b *testing.B, path string, src []byte) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := bytes.NewReader(src).WriteTo(f); err != nil {
		b.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

func mbps(b *testing.B, n int) float64 {
	s := b.Elapsed().Seconds() / float64(b.N)
	v := float64(n) / 1e6 / s
	b.ReportMetric(v, "MB/s")
	return v
}
