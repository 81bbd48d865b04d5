package media

import "bytes"

// lineWriter calls fn for every complete line written to it (a sink for
// ffprobe's compact output and ffmpeg's -progress, parsed as they stream).
type lineWriter struct {
	fn   func(line string)
	rest []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.rest = append(w.rest, p...)
	for {
		i := bytes.IndexByte(w.rest, '\n')
		if i < 0 {
			break
		}
		w.fn(string(bytes.TrimRight(w.rest[:i], "\r")))
		w.rest = w.rest[i+1:]
	}
	if len(w.rest) > 1<<16 { // no line is this long: drop garbage
		w.rest = w.rest[:0]
	}
	return len(p), nil
}
