package upload

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Part is one staged part of an unfinished upload: plaintext bytes
// [Start, Start+Length) sealed as a vault file of their own and stored in
// the blob store under Key.
type Part struct {
	Start, Length int64
	Key           string
	SHA256        string // hex SHA-256 of the plaintext
	Created       time.Time
}

// Parts records staged parts in the database every server shares, which
// makes an upload continuable on any server: HEAD answers the end of the
// recorded parts. With Config.Parts nil, uploads are staged on the
// receiving server's disk instead (one server).
type Parts interface {
	// List returns the parts of an upload in order.
	List(ctx context.Context, id string) ([]Part, error)
	// Add records a stored part; it fails with a domain ECONFLICT error
	// unless the part starts where the recorded parts end.
	Add(ctx context.Context, id string, p Part) error
	// Delete forgets every part of an upload.
	Delete(ctx context.Context, id string) error
	// Keys returns the object keys of every recorded part.
	Keys(ctx context.Context) (map[string]bool, error)
}

// stagingPrefix is where staged parts live in the blob store.
const stagingPrefix = "staging/uploads/"

// partKey names the object of a part of upload id starting at start; the
// creation time in the name lets the sweep tell a part being stored from
// one a crash left behind.
func partKey(id string, start int64, now time.Time) string {
	return fmt.Sprintf("%s%s/%020d-%d%s", stagingPrefix, id, start, now.UnixMilli(), partSuffix)
}

// Two kinds of part: ".part", sealed as a vault file of its own (under
// partFileID), and ".slice", sealed in place as that stretch of the
// recording's file (vault.SliceWriter): whole chunks from a chunk boundary,
// under the recording's file id. An upload whose parts are all slices is
// joined by the blob store itself, without reading them (shared_join.go).
const (
	partSuffix  = ".part"
	sliceSuffix = ".slice"
)

// sliceKey names a part sealed in place.
func sliceKey(id string, start int64, now time.Time) string {
	return strings.TrimSuffix(partKey(id, start, now), partSuffix) + sliceSuffix
}

// isSlice reports whether p was sealed in place.
func isSlice(p Part) bool { return strings.HasSuffix(p.Key, sliceSuffix) }

// partCreated reads the creation time back from a part's key.
func partCreated(key string) (time.Time, bool) {
	name := key[strings.LastIndexByte(key, '/')+1:]
	name = strings.TrimSuffix(strings.TrimSuffix(name, partSuffix), sliceSuffix)
	_, rest, ok := strings.Cut(name, "-")
	msec, err := strconv.ParseInt(rest, 10, 64)
	if !ok || err != nil {
		return time.Time{}, false
	}
	return time.UnixMilli(msec), true
}

// partFileID is the vault file id a part is sealed under: it binds the
// part to its upload and position, so a part cannot be passed off as
// another.
func partFileID(id string, start int64) string {
	return id + "/part@" + strconv.FormatInt(start, 10)
}

// partsEnd is the committed offset: the end of the last part.
func partsEnd(parts []Part) int64 {
	if len(parts) == 0 {
		return 0
	}
	last := parts[len(parts)-1]
	return last.Start + last.Length
}
