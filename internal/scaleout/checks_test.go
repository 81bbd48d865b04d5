package scaleout_test

import (
	"context"
	"crypto/sha256"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/audit"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// checkInvariants runs once every process has stopped.
func checkInvariants(t *testing.T, s *site, dbURL, bucketURL string, sent map[string][]byte, workers []*proc) {
	t.Helper()
	if out := s.cli(t, "", "audit", "verify"); !strings.Contains(out, "intact") {
		t.Errorf("audit verify over what both servers and both workers wrote: %s", out)
	}
	ctx := context.Background()
	keys, err := vault.LoadKeyFile(filepath.Join(s.root, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	// Every process found the case key folder beside the shared key file.
	cases, err := vault.OpenCaseKeys(filepath.Join(s.root, "case-keys"))
	if err != nil {
		t.Fatal(err)
	}
	keys.UseCaseKeys(cases)
	db, err := store.Open(ctx, dbURL, audit.NewChain(keys.Derive(audit.KeyPurpose)).Seal)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	blobs, err := blob.Open(ctx, bucketURL)
	if err != nil {
		t.Fatal(err)
	}
	for rec, video := range sent {
		checkOriginal(t, db, keys, blobs, rec, video)
	}
	checkJobs(t, db, workers)
	checkNoOrphans(t, db, blobs)
}

// checkOriginal decrypts the stored original and compares its hash with
// the bytes sent.
func checkOriginal(t *testing.T, db *store.DB, keys *vault.KeyRing, blobs blob.Store, rec string, video []byte) {
	t.Helper()
	ctx := context.Background()
	var info *domain.StoredFile
	if err := db.View(ctx, func(tx *store.Tx) (err error) {
		info, err = tx.FileOfKind(ctx, rec, domain.FileOriginal)
		return err
	}); err != nil {
		t.Fatalf("the recording has no original: %v", err)
	}
	f, err := (&recordings.Service{DB: db, Keys: keys, Blobs: blobs}).OpenStored(ctx, info)
	if err != nil {
		t.Fatalf("open the original: %v", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatalf("decrypt the original: %v", err)
	}
	if want := sha256.Sum256(video); string(h.Sum(nil)) != string(want[:]) {
		t.Error("the stored original does not decrypt to the uploaded bytes")
	}
}

// checkJobs: every job of the cycle completed, each on one of the
// workers (told apart by the River client id each logs at start; the
// servers run no jobs).
func checkJobs(t *testing.T, db *store.DB, workers []*proc) {
	t.Helper()
	owner := map[string]string{} // River client id -> worker
	for _, w := range workers {
		for _, m := range clientIDs.FindAllStringSubmatch(w.Text(), -1) {
			owner[m[1]] = w.name
		}
	}
	if len(owner) < len(workers) {
		t.Fatalf("only %d River client ids in the logs of %d workers", len(owner), len(workers))
	}
	rows, err := db.Raw().Query(`SELECT id, kind, state, array_to_string(attempted_by, ' ') FROM river_job ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ran := map[string]string{} // kind -> workers
	for rows.Next() {
		var id int64
		var kind, state, by string
		if err := rows.Scan(&id, &kind, &state, &by); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(kind, "retention") {
			continue // periodic, scheduled ahead
		}
		if state != "completed" {
			t.Errorf("job %d (%s) is %s, want completed", id, kind, state)
		}
		for _, client := range strings.Fields(by) {
			if owner[client] == "" {
				t.Errorf("job %d (%s) was attempted by %s, which is not a worker", id, kind, client)
			}
			ran[kind] += " " + owner[client]
		}
	}
	for _, k := range []string{"process_recording", "render_film"} {
		if ran[k] == "" {
			t.Errorf("no worker ran a %s job", k)
		}
	}
	t.Logf("jobs run by: %v", ran)
}

var clientIDs = regexp.MustCompile(`River client started.*client_id=(\S+)`)

// checkNoOrphans: every object in the bucket belongs to a stored file or
// a film's file, and nothing staged for an upload is left.
func checkNoOrphans(t *testing.T, db *store.DB, blobs blob.Store) {
	t.Helper()
	ctx := context.Background()
	owned := map[string]bool{}
	if err := db.View(ctx, func(tx *store.Tx) error {
		files, err := tx.AllFiles(ctx)
		for _, f := range files {
			owned[f.BlobKey] = true
		}
		if err != nil {
			return err
		}
		films, err := tx.AllFilmFiles(ctx)
		for _, f := range films {
			owned[f.BlobKey] = true
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	keys, err := blobs.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !owned[k] {
			t.Errorf("orphan object in the bucket: %s", k)
		}
	}
	if len(keys) == 0 {
		t.Error("the bucket is empty")
	}
}
