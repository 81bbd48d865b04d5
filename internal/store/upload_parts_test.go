package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// Parts are kept in order, must be contiguous, and two parts at one
// offset (two servers racing) are refused as a conflict.
func TestUploadParts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Now().UTC().Truncate(time.Millisecond)
		part := func(id string, start, length int64) store.UploadPart {
			return store.UploadPart{Upload: id, Start: start, Length: length, Key: "staging/uploads/" + id + "/" + time.Duration(start).String(),
				SHA256: "ab", Created: now}
		}
		for _, tc := range []struct {
			name string
			p    store.UploadPart
			want error
		}{
			{"first", part("u1", 0, 100), nil},
			{"second", part("u1", 100, 50), nil},
			{"same offset again", part("u1", 100, 7), store.ErrPartConflict},
			{"a gap", part("u1", 400, 7), store.ErrPartConflict},
			{"overlap", part("u1", 120, 7), store.ErrPartConflict},
			{"other upload", part("u2", 0, 9), nil},
		} {
			if err := db.AddUploadPart(ctx, tc.p); !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
		}
		parts, err := db.UploadParts(ctx, "u1")
		if err != nil || len(parts) != 2 || parts[0] != part("u1", 0, 100) || parts[1] != part("u1", 100, 50) {
			t.Fatalf("parts of u1: %+v %v", parts, err)
		}
		keys, err := db.UploadPartKeys(ctx)
		if err != nil || len(keys) != 3 || !keys[parts[1].Key] {
			t.Fatalf("part keys: %v %v", keys, err)
		}
		if err := db.DeleteUploadParts(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
		if parts, _ := db.UploadParts(ctx, "u1"); len(parts) != 0 {
			t.Fatalf("parts after delete: %v", parts)
		}
		if parts, _ := db.UploadParts(ctx, "u2"); len(parts) != 1 {
			t.Fatalf("the other upload's parts went too: %v", parts)
		}
	})
}

// The advisory lock of an upload is held by one session at a time and
// freed by unlock; SQLite (one server) has none.
func TestTryUploadLock(t *testing.T) {
	if _, _, err := storetest.SQLite(t).TryUploadLock(ctx, "u"); err == nil {
		t.Error("SQLite gave an advisory lock")
	}
	db := storetest.Postgres(t)
	unlock, ok, err := db.TryUploadLock(ctx, "u1")
	if err != nil || !ok {
		t.Fatalf("first lock: %v %v", ok, err)
	}
	if _, ok, err := db.TryUploadLock(ctx, "u1"); ok || err != nil {
		t.Fatalf("second lock of a held upload: %v %v, want refused", ok, err)
	}
	other, ok, err := db.TryUploadLock(ctx, "u2")
	if err != nil || !ok {
		t.Fatalf("another upload's lock: %v %v", ok, err)
	}
	other()
	unlock()
	again, ok, err := db.TryUploadLock(ctx, "u1")
	if err != nil || !ok {
		t.Fatalf("lock after unlock: %v %v", ok, err)
	}
	again()
}
