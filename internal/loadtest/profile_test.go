package loadtest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
)

// profileTopLines is how many lines of `go tool pprof -top` go in the report.
const profileTopLines = 22

// profiled runs fn under the CPU profiler and writes the top of the
// profile (cumulative, the attune code's own frames) to out: where the time
// of a measured route went. The load clients run in the same process, so
// their HTTP work shows too; the server's handlers are the frames named
// after attune's packages.
func profiled(t *testing.T, out io.Writer, name string, fn func()) {
	path := filepath.Join(t.TempDir(), "cpu.pprof")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		t.Fatal(err)
	}
	fn()
	pprof.StopCPUProfile()
	f.Close()
	if dir := os.Getenv("ATTUNE_BENCH_PROFILE_DIR"); dir != "" {
		if b, err := os.ReadFile(path); err == nil {
			_ = os.WriteFile(filepath.Join(dir, "cpu-"+strings.NewReplacer(" ", "-", "/", "_").Replace(name)+".pprof"), b, 0o644)
		}
	}
	for _, view := range []string{"-top", "-top -cum"} {
		args := append([]string{"tool", "pprof"}, strings.Fields(view)...)
		args = append(args, "-nodecount=60", path)
		top, err := exec.Command("go", args...).Output()
		if err != nil {
			fmt.Fprintf(out, "  profile of %s: go tool pprof failed: %v\n", name, err)
			return
		}
		fmt.Fprintf(out, "  profile of %s (pprof %s):\n", name, view)
		writeTop(out, top, view == "-top -cum")
	}
}

// writeTop copies the header and the first profileTopLines rows; for the
// cumulative view only attune's own frames, which say which step costs.
func writeTop(out io.Writer, top []byte, ownOnly bool) {
	sc := bufio.NewScanner(bytes.NewReader(top))
	rows, inRows := 0, false
	for sc.Scan() && rows < profileTopLines {
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "flat") {
			inRows = true
			fmt.Fprintf(out, "    %s\n", line)
			continue
		}
		if !inRows {
			if strings.HasPrefix(line, "Showing") || strings.HasPrefix(line, "Duration") {
				fmt.Fprintf(out, "    %s\n", line)
			}
			continue
		}
		if ownOnly && !strings.Contains(line, "attune/internal") {
			continue
		}
		fmt.Fprintf(out, "    %s\n", line)
		rows++
	}
}
