package processing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// playbackSource serves one recording's encrypted playback copy, decrypted
// on the fly, to ffmpeg for the length of one cut.
//
// Why the playback copy, and why a loopback server: an original can be a
// gigabyte or more, and a cut needs only its index and a few seconds of
// it. The playback copy holds exactly the original's frames with the same
// timestamps (the frame table maps through it unchanged), is already
// H.264/AAC, upright, with its index at the front and, when it was
// transcoded, a keyframe every second — so every clip can take the smart
// cut, even from an HEVC or VP9 original. vault.Reader decrypts and
// authenticates only the 64 KiB chunks a read touches, so serving it with
// HTTP Range requests lets ffmpeg seek straight to the cut and read only the
// GOPs the clip spans: no decrypted copy of the source is ever written to
// disk, and nothing outlives the job but the encrypted clip. The server
// listens on 127.0.0.1 only, on a port of its own, answers one unguessable
// path (two random 128-bit ids) and nothing else, and is closed when the
// cut ends; ffmpeg may use only http and tcp for it (media.ClipSource).
// Decrypting a byte range ourselves would need an MP4 parser to know which
// ranges; the server lets ffmpeg's own demuxer ask for exactly those.
type playbackSource struct {
	URL  string
	srv  *http.Server
	f    io.Closer
	read *timedReader // the time and bytes decrypted for ffmpeg
}

// servePlayback serves the recording's playback copy. The original is
// served the same way (serveStored), so that when the playback copy was
// re-encoded the frames a cut encodes anyway — its first and last — are
// taken from the original (media.ClipSource.Original).
func (p *Processor) servePlayback(ctx context.Context, recordingID string) (*playbackSource, error) {
	return p.serveStored(ctx, recordingID, domain.FilePlayback)
}

// serveStored serves the recording's stored file of kind as playbackSource
// serves its playback copy.
func (p *Processor) serveStored(ctx context.Context, recordingID, kind string) (*playbackSource, error) {
	var info *domain.StoredFile
	err := p.DB.View(ctx, func(tx *store.Tx) (err error) {
		info, err = tx.FileOfKind(ctx, recordingID, kind)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find the %s file of recording %s: %w", kind, recordingID, err)
	}
	f, err := p.files().OpenStored(ctx, info)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open a loopback port to read the recording from: %w", err)
	}
	path := "/" + auth.NewID() + auth.NewID() + ".mp4"
	size, modified := f.Size(), info.CreatedAt
	read := &timedReader{r: f}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "", modified, io.NewSectionReader(read, 0, size))
	})
	src := &playbackSource{URL: "http://" + ln.Addr().String() + path, f: f, read: read,
		srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: nil}}
	go func() {
		if err := src.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.WarnContext(ctx, "serving a recording to ffmpeg stopped", "recording", recordingID, "err", err)
		}
	}()
	return src, nil
}

// Close stops the server and closes the encrypted file.
func (s *playbackSource) Close() {
	s.srv.Close()
	s.f.Close()
}
