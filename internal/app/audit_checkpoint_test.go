package app_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditCheckpointCatchesOldDatabaseAndRestoreRecordsIt: an older copy
// of the database put back in place (the end of the trail cut off, head and
// all) is named by `audit verify` as behind the checkpoint kept beside the
// case keys; `attune restore` of an older backup records the rewind, so the
// restored trail verifies.
func TestAuditCheckpointCatchesOldDatabaseAndRestoreRecordsIt(t *testing.T) {
	t.Parallel()
	keys := t.TempDir()
	keyArgs := []string{"--master-key-file", filepath.Join(keys, "master.key"), "--case-keys-dir", filepath.Join(keys, "case-keys")}
	data, data2, bk := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "backup")
	at := func(dir string, args ...string) []string { return append(append(args, "--data", dir), keyArgs...) }
	add := func(email string) {
		if code, out, errs := run(t, "a long enough password\n", at(data, "user", "add", "--email", email, "--name", "N", "--role", "practitioner")...); code != 0 {
			t.Fatalf("user add: %d %s %s", code, out, errs)
		}
	}
	add("a@example.org")
	if out, code := cli(t, at(data, "backup", bk)...); code != 0 {
		t.Fatalf("backup: %s", out)
	}
	old := copyFile(t, filepath.Join(data, "attune.db"))
	add("b@example.org")
	add("c@example.org")
	if code, out, _ := run(t, "", at(data, "audit", "verify")...); code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %d %q", code, out)
	}
	if err := os.WriteFile(filepath.Join(data, "attune.db"), old, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(t, "", at(data, "audit", "verify")...)
	if code != 1 || !strings.Contains(out, "behind the checkpoint by 2 entries") || !strings.Contains(out, "truncation") {
		t.Fatalf("audit verify of the older database: %d %q", code, out)
	}
	cp := filepath.Join(keys, "audit-checkpoint.json")
	good := copyFile(t, cp)
	os.WriteFile(cp, []byte(strings.Replace(string(good), `"seq": `, `"seq": 1`, 1)), 0o600)
	if code, out, _ := run(t, "", at(data, "audit", "verify")...); code != 1 || !strings.Contains(out, "BROKEN: the audit checkpoint "+cp+" was edited or forged") {
		t.Fatalf("audit verify with an edited checkpoint: %d %q", code, out)
	}
	os.WriteFile(cp, good, 0o600)
	if out, code := cli(t, at(data2, "restore", bk)...); code != 0 {
		t.Fatalf("restore: %s", out)
	}
	code, out, _ = run(t, "", at(data2, "audit", "verify")...)
	if code != 0 || !strings.Contains(out, "intact") || !strings.Contains(out, "moved back by a restore") {
		t.Fatalf("audit verify after restore: %d %q", code, out)
	}
	db, err := sql.Open("sqlite", filepath.Join(data2, "attune.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var detail string
	if err := db.QueryRow(`SELECT detail FROM audit_log WHERE action = 'backup.restore'`).Scan(&detail); err != nil || !strings.Contains(detail, "rewound") {
		t.Fatalf("the restore's entry: %q %v", detail, err)
	}
}

func copyFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
