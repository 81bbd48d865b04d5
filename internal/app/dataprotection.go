package app

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/attune-vig/attune/internal/breakglass"
	"github.com/attune-vig/attune/internal/retention"
	"github.com/attune-vig/attune/internal/sar"
	"github.com/attune-vig/attune/internal/vault"
	"github.com/attune-vig/attune/internal/web"
)

// shredListPath is where erasures were listed before the case key folder:
// beside the key file. Its records are carried into shredDir.
func shredListPath(masterKeyFile string) string { return masterKeyFile + ".shredded" }

// shredDir is where erasures are listed so that they outlive old backups:
// in the case key folder, shared by every server, never in a data backup.
func shredDir(caseKeysDir string) string { return filepath.Join(caseKeysDir, "shredded") }

// openDataProtection reads the shred list (making the key ring refuse
// erased keys) and makes the retention service.
func (d *Deps) openDataProtection() error {
	shreds, err := vault.OpenSharedShredList(shredDir(d.Cfg.CaseKeysDir), shredListPath(d.Cfg.MasterKeyFile))
	if err != nil {
		return err
	}
	d.Keys.UseShredList(shreds)
	cases, err := vault.OpenCaseKeys(d.Cfg.CaseKeysDir) // per-case keys, destroyed on erasure
	if err != nil {
		return err
	}
	d.Keys.UseCaseKeys(cases)
	d.DB.SealFields(d.Keys) // names, notes and the family's words are encrypted in the database
	d.Recordings.Shreds = shreds
	d.Shreds = shreds
	d.Retention = &retention.Service{DB: d.DB, Recordings: d.Recordings, Shreds: shreds, Audit: d.Chain}
	d.BreakGlass = &breakglass.Service{DB: d.DB, Accounts: d.Accounts}
	d.SAR = &sar.Service{DB: d.DB, Files: d.Recordings, Keys: d.Keys, Blobs: d.Blobs, Summary: web.SARSummary}
	return nil
}

// applyRetention is the nightly job's work.
func (d *Deps) applyRetention(ctx context.Context) error {
	done, err := d.Retention.Apply(ctx)
	swept, serr := d.SAR.Sweep(ctx)
	d.Log.InfoContext(ctx, "retention rules applied", "recordings_erased", done.Recordings, "cases_erased", done.Cases,
		"held", done.Held, "audit_pruned", done.Audit, "exports_expired", swept)
	return errors.Join(err, serr)
}
