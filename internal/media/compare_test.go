package media

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// framemd5 lists the MD5 of every decoded picture of the first video stream.
func framemd5(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", path,
		"-map", "0:v:0", "-f", "framemd5", "-").Output()
	if err != nil {
		t.Fatalf("framemd5 %s: %v", path, err)
	}
	var hashes []string
	for line := range strings.Lines(string(out)) {
		if fields := strings.Split(strings.TrimSpace(line), ","); !strings.HasPrefix(line, "#") && len(fields) == 6 {
			hashes = append(hashes, strings.TrimSpace(fields[5]))
		}
	}
	return hashes
}

// psnr compares the decoded pictures of a and b pairwise (matched by
// timestamp) and returns each pair's average PSNR in dB (+Inf if identical).
func psnr(t *testing.T, a, b string) []float64 {
	t.Helper()
	stats := filepath.Join(t.TempDir(), "psnr.log")
	if err := ffmpegTest("-i", a, "-i", b, "-lavfi", "[0:v:0][1:v:0]psnr=stats_file="+stats, "-f", "null", "-"); err != nil {
		t.Fatalf("psnr: %v", err)
	}
	data, err := os.ReadFile(stats)
	if err != nil {
		t.Fatal(err)
	}
	var values []float64
	for sc := bufio.NewScanner(bytes.NewReader(data)); sc.Scan(); {
		for _, field := range strings.Fields(sc.Text()) {
			if v, ok := strings.CutPrefix(field, "psnr_avg:"); ok {
				f, _ := strconv.ParseFloat(v, 64) // "inf" parses as +Inf
				values = append(values, f)
			}
		}
	}
	return values
}

func mean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += min(x, 100) // identical frames count as 100 dB
	}
	return sum / float64(len(xs))
}

// formatTags returns ffprobe's view of the container and stream tags.
func formatTags(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags:stream_side_data",
		"-of", "flat", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// startTime is ffprobe's start_time of the file.
func startTime(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=start_time", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}
