package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/attune-vig/attune/internal/backup"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// splitDir takes the backup folder from "DIR [flags]" or "[flags] DIR".
func splitDir(name string, args []string) (string, []string, error) {
	switch {
	case len(args) > 0 && !strings.HasPrefix(args[0], "-"):
		return args[0], args[1:], nil
	case len(args) > 0 && !strings.HasPrefix(args[len(args)-1], "-"):
		return args[len(args)-1], args[:len(args)-1], nil
	}
	return "", nil, fmt.Errorf("use: attune %s DIR [--data DIR | --database-url URL]", name)
}

func backupCmd(ctx context.Context, args []string, env Env) error {
	dir, rest, err := splitDir("backup", args)
	if err != nil {
		return err
	}
	d, err := openCmd(ctx, env, "backup", rest, nil)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := TakeBackup(ctx, d, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backup written to %s: the %s database at %s and %d files.\n"+
		"The master key file is NOT in it: keep %s apart; restoring needs it.\n",
		dir, m.Dialect, m.CreatedAt.Format("2006-01-02 15:04:05 MST"), len(m.Files), d.Cfg.MasterKeyFile)
	return nil
}

// TakeBackup backs up an open attune into dir and audits it.
func TakeBackup(ctx context.Context, d *Deps, dir string) (*backup.Manifest, error) {
	m, err := backup.Take(ctx, backup.Source{DB: d.DB, Blobs: d.Blobs, Keys: d.Keys, Scratch: d.Processor.Scratch}, dir)
	if err != nil {
		return nil, fmt.Errorf("backup to %s failed: %w", dir, err)
	}
	err = d.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, domain.AuditEntry{Action: "backup.take", ObjectType: "backup",
			Detail: fmt.Sprintf("%d files, %d audit entries", len(m.Files), m.Counts["audit_log"])})
	})
	return m, err
}

func restoreCmd(ctx context.Context, args []string, env Env) error {
	dir, rest, err := splitDir("restore", args)
	if err != nil {
		return err
	}
	cfg, err := flags("restore", rest, env, nil)
	if err != nil {
		return err
	}
	keys, err := vault.LoadKeyFile(cfg.MasterKeyFile)
	if err != nil {
		return err
	}
	m, err := backup.Verify(dir, keys)
	if err != nil {
		return restoreError(err)
	}
	if err := restoreFirst(ctx, cfg.DatabaseURL == "", cfg.DatabaseTarget(), cfg.BlobTarget(), dir, m, keys); err != nil {
		return err
	}
	d, err := open(ctx, cfg, env)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := RestoreInto(ctx, d, dir, m); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Restored the backup of %s: %d files, %d audit entries; every file decrypts and matches its hash, the audit trail verifies.\n",
		m.CreatedAt.Format("2006-01-02 15:04:05 MST"), len(m.Files), m.Counts["audit_log"])
	return nil
}

// restoreError makes a wrong key ring's error say what to do.
func restoreError(err error) error {
	if errors.Is(err, vault.ErrWrongKeyRing) {
		return fmt.Errorf("cannot restore: %w", err)
	}
	return err
}

// restoreFirst checks the file store is empty and, for SQLite, puts the
// database file in place before attune opens it.
func restoreFirst(ctx context.Context, sqlite bool, dbTarget, blobTarget, dir string, m *backup.Manifest, keys *vault.KeyRing) error {
	blobs, err := blob.Open(ctx, blobTarget)
	if err != nil {
		return err
	}
	if err := backup.EnsureNoFiles(ctx, blobs); err != nil {
		return err
	}
	if !sqlite {
		if m.Dialect != string(store.Postgres) {
			return fmt.Errorf("this backup is of an SQLite database; restore it with --data DIR, without --database-url")
		}
		return nil
	}
	if err := os.MkdirAll(dirOf(dbTarget), 0o700); err != nil {
		return err
	}
	return backup.RestoreSQLiteFile(ctx, dir, m, keys, dbTarget)
}

func dirOf(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[:i]
	}
	return "."
}

// RestoreInto finishes a restore into an opened attune: PostgreSQL rows, the
// files, then the checks (counts, every file, the audit chain), then an
// audit entry for the restore itself.
func RestoreInto(ctx context.Context, d *Deps, dir string, m *backup.Manifest) error {
	if m.Dialect == string(store.Postgres) {
		if err := backup.RestoreRows(ctx, dir, m, d.Keys, d.DB); err != nil {
			return fmt.Errorf("restore the database: %w", err)
		}
	}
	erased, err := backup.Reapply(ctx, d.DB, d.Keys, d.Shreds)
	if err != nil {
		return fmt.Errorf("re-apply the erasures made since the backup: %w", err)
	}
	if err := backup.RestoreFiles(ctx, dir, m, d.Blobs, erased); err != nil {
		return err
	}
	if err := backup.Check(ctx, m, d.DB, d.Blobs, d.Keys, erased); err != nil {
		return fmt.Errorf("the restored copy failed its check: %w", err)
	}
	r, err := d.Chain.VerifyChain(ctx, d.DB) // the checkpoint may well be ahead: recordRewind
	if err != nil {
		return err
	}
	if !r.Intact() {
		return fmt.Errorf("the restored audit trail is broken at entry %d: %s", r.FirstBad, r.Problem)
	}
	return recordRewind(ctx, d, fmt.Sprintf("backup of %s, %d files; %d erased files left out",
		m.CreatedAt.Format("2006-01-02T15:04:05Z"), len(m.Files), len(erased)))
}
