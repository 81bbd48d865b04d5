package media

import (
	"bytes"
	"io"
	"os"
)

// Demuxers we let ffmpeg use, keyed by the name we force with -f; the value
// is the format_name ffprobe must then report.
var allowedDemuxers = map[string]string{
	"mov":      "mov,mp4,m4a,3gp,3g2,mj2",
	"matroska": "matroska,webm",
	"avi":      "avi",
}

// QuickTime atoms that may open a .mov/.mp4 file (ftyp first in anything modern).
var movAtoms = [][]byte{
	[]byte("ftyp"), []byte("moov"), []byte("mdat"), []byte("wide"),
	[]byte("free"), []byte("skip"), []byte("pnot"),
}

// sniff reads the first bytes of path and names the demuxer to force, or
// rejects the file before ffmpeg sees it.
func sniff(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 64)
	n, err := io.ReadFull(f, head)
	if n == 0 {
		return "", reject("the file is empty")
	}
	if err != nil && err != io.ErrUnexpectedEOF {
		return "", err
	}
	return demuxerFor(head[:n])
}

func demuxerFor(head []byte) (string, error) {
	trimmed := bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("#EXTM3U")), bytes.HasPrefix(trimmed, []byte("ffconcat")):
		return "", reject("it is a playlist, not a video")
	case len(head) >= 8 && isMovAtom(head[4:8]):
		return "mov", nil
	case bytes.HasPrefix(head, []byte{0x1a, 0x45, 0xdf, 0xa3}):
		return "matroska", nil
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "AVI ":
		return "avi", nil
	case looksLikeText(head):
		return "", reject("it looks like a text file")
	}
	return "", reject("it is not a video format we know")
}

func isMovAtom(b []byte) bool {
	for _, a := range movAtoms {
		if bytes.Equal(a, b) {
			return true
		}
	}
	return false
}

func looksLikeText(b []byte) bool {
	for _, c := range b {
		if c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f {
			return false
		}
	}
	return true
}
