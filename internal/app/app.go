// Package app is attune's command line: it parses a subcommand, opens what it
// needs and runs it. Main is also what the end-to-end tests start.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/audit"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/breakglass"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/jobs"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/mail"
	"github.com/attune-vig/attune/internal/moments"
	"github.com/attune-vig/attune/internal/processing"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/retention"
	"github.com/attune-vig/attune/internal/sar"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/upload"
	"github.com/attune-vig/attune/internal/vault"
)

const usage = `attune: software for Video Interaction Guidance practice.

Usage:
  attune serve   [--addr 127.0.0.1:8080] [--data ./data]   web, API and workers
  attune worker                                               video workers only (scale-out)
  attune user add --email E --name N --role admin|practitioner|supervisor   (password on stdin)
  attune token create --email E [--label L]                  prints an API token
  attune token list --email E                                 an account's API tokens: id, name, expiry
  attune token revoke --id ID                                 revokes one API token
  attune audit verify                                         checks the audit trail
  attune keys rotate                                          new master key; re-wraps file keys
  attune backup DIR                                           consistent online backup into an empty folder
  attune restore DIR                                          restore a backup into an empty place
  attune version

Every command takes --data DIR, or --database-url postgres://... (see attune serve -h).
`

// Env is what a command reads and writes besides its arguments.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Log            *slog.Logger // the configured logger on Stderr (openCmd makes it); nil: made by open
}

// Main runs a command line and returns the process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	cmds := map[string]func(context.Context, []string, Env) error{
		"serve": serve, "user": userCmd, "token": tokenCmd, "audit": auditCmd, "keys": keysCmd, "worker": worker,
		"backup":  backupCmd,
		"restore": restoreCmd,
		"version": func(context.Context, []string, Env) error { fmt.Fprintln(env.Stdout, "attune", Version); return nil },
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "attune: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err := cmd(ctx, args[1:], env); err != nil {
		if ec, ok := err.(exitCode); ok {
			return int(ec)
		}
		fmt.Fprintf(env.Stderr, "attune %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// Version is set at build time.
var Version = "dev"

// exitCode lets a command end with a chosen code after printing its own message.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// Deps are the opened parts every command shares.
type Deps struct {
	Cfg        *config.Config
	Keys       *vault.KeyRing
	Chain      *audit.Chain
	DB         *store.DB
	Accounts   *accounts.Service
	Cases      *casework.Service
	Blobs      blob.Store
	Recordings *recordings.Service
	Processor  *processing.Processor
	Analysis   *analysis.Service
	Lifecycle  *lifecycle.Service
	Films      *films.Service
	Moments    *moments.Service
	Family     *family.Service // the family's side (family.go)
	Log        *slog.Logger
	// Questionnaires are the outcome measures (with the SMTP mailer, if any).
	Questionnaires *questionnaires.Service
	// Jobs is the durable job queue; it exists in serve and worker, where
	// startJobs made it.
	Jobs *jobs.Queue
	// Retention applies the retention rules; Shreds lists erasures (dataprotection.go).
	Retention  *retention.Service
	Shreds     *vault.ShredList
	BreakGlass *breakglass.Service
	SAR        *sar.Service
}

// open reads the key file (creating it on first run) and opens the database.
func open(ctx context.Context, cfg *config.Config, env Env) (*Deps, error) {
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return nil, fmt.Errorf("create the data folder %s: %w", cfg.Data, err)
	}
	keys, created, err := vault.LoadOrCreateKeyFile(cfg.MasterKeyFile)
	if err != nil {
		return nil, err
	}
	if created {
		fmt.Fprintf(env.Stderr, "\nA new master key was written to %s.\n"+
			"BACK IT UP NOW, somewhere other than this machine's backups of the data folder.\n"+
			"Without it, stored videos and the audit trail cannot be read or verified.\n\n", cfg.MasterKeyFile)
	}
	chain := audit.NewChain(keys.Derive(audit.KeyPurpose)).WithCheckpoints(
		audit.Checkpoints{Path: cfg.AuditCheckpoint(), CopyDir: cfg.AuditCheckpointCopy})
	db, err := store.Open(ctx, cfg.DatabaseTarget(), chain.Seal)
	if err != nil {
		return nil, err
	}
	blobs, err := blob.Open(ctx, cfg.BlobTarget())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open the file store %s: %w", cfg.BlobTarget(), err)
	}
	mailer, err := mail.New(cfg.SMTPURL, cfg.SMTPFrom) // nil without --smtp-url
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("e-mail settings: %w", err)
	}
	acc := openAccounts(db, keys, cfg, mailer)
	d := &Deps{Cfg: cfg, Keys: keys, Chain: chain, DB: db, Accounts: acc, Cases: &casework.Service{DB: db},
		Blobs: blobs, Log: env.Log}
	if d.Log == nil {
		d.Log = newLogger(cfg, env.Stderr)
	}
	d.Recordings = &recordings.Service{DB: db, Keys: keys, Blobs: blobs, Consent: lifecycle.ConsentRules{},
		MaxBytes: cfg.MaxUpload, QuotaBytes: cfg.Quota}
	d.Recordings.DiscardUpload = func(id string) {
		err := upload.Discard(d.uploadDir(), id)
		if parts := d.uploadParts(); parts != nil && err == nil {
			err = upload.DiscardParts(context.Background(), d.Blobs, parts, id)
		}
		if err != nil {
			d.Log.Warn("removing a deleted recording's unfinished upload", "recording", id, "err", err)
		}
	}
	d.Lifecycle = &lifecycle.Service{DB: db, Recordings: d.Recordings}
	if err := d.openDataProtection(); err != nil {
		db.Close()
		return nil, err
	}
	if err := d.sealExisting(ctx); err != nil {
		db.Close()
		return nil, err
	}
	d.Questionnaires = openQuestionnaires(db, cfg, mailer)
	d.Analysis = &analysis.Service{DB: db, Files: d.Recordings}
	d.Processor = &processing.Processor{DB: db, Keys: keys, Blobs: blobs, Scratch: filepath.Join(cfg.Data, "scratch"), Shreds: d.Shreds}
	d.Films = &films.Service{DB: db, Keys: keys, Blobs: blobs, Footage: d.Recordings}
	d.Moments = &moments.Service{DB: db, Files: d.Recordings, Analysis: d.Analysis}
	d.Recordings.ForgetDerived = d.Films.ForgetRecording // erasing footage erases the films made with it
	d.Family = openFamily(d, mailer)
	return d, nil
}

// uploadDir is where unfinished uploads wait, encrypted, on local disk.
func (d *Deps) uploadDir() string { return filepath.Join(d.Cfg.Data, "uploads") }

// uploadParts is where unfinished uploads are recorded when several
// servers share the database (PostgreSQL): any of them can continue an
// upload. Nil on SQLite (one server), where uploads stage in uploadDir.
func (d *Deps) uploadParts() upload.Parts {
	if d.DB.Dialect() != store.Postgres {
		return nil
	}
	return upload.DBParts(d.DB)
}

// StartJobs makes the job queue (running River's migrations) and, when this
// process does video work, starts working it. Enqueued processing then runs
// in whichever process has workers.
func (d *Deps) StartJobs(ctx context.Context) error {
	// PostgreSQL: audited writes queue their entries and this process takes
	// its turn sealing them (serve and worker; the one-off commands, restore
	// among them, append directly and leave the queue to the servers).
	d.DB.SealAuditInBatches()
	if err := os.MkdirAll(d.Processor.Scratch, 0o700); err != nil {
		return fmt.Errorf("create the scratch folder %s: %w", d.Processor.Scratch, err)
	}
	q, err := jobs.New(ctx, d.DB, jobs.Options{MaxWorkers: d.Cfg.Workers, StallAfter: d.Cfg.JobStall, Process: d.Processor.Process,
		GiveUp: d.Processor.GiveUp, Still: d.Processor.Still, StillGiveUp: d.Processor.StillGiveUp,
		ClipExport: d.Processor.ClipExport, ClipExportGiveUp: d.Processor.ClipExportGiveUp,
		Film: d.Processor.RenderFilm, FilmGiveUp: d.Processor.FilmGiveUp, Logger: d.Log, Work: d.Cfg.Workers > 0,
		Moments: d.Processor.Moments, MomentsGiveUp: d.Processor.MomentsGiveUp, MomentsWanted: d.Processor.MomentsWanted,
		Retention: d.applyRetention})
	if err != nil {
		return err
	}
	d.Jobs = q
	d.Recordings.Enqueue = q.EnqueueProcess
	d.Analysis.EnqueueStill = q.EnqueueStill
	d.Lifecycle.EnqueueMoments = q.EnqueueMoments
	d.Analysis.EnqueueClipExport = q.EnqueueClipExport
	d.Films.EnqueueRender, d.Films.CancelJob = q.EnqueueFilm, q.CancelJob
	if d.Cfg.Workers > 0 {
		if err := d.Processor.SweepScratch(); err != nil { // a killed run's plaintext
			return err
		}
		return q.Start(ctx)
	}
	return nil
}

// Close stops the jobs (letting running ones finish briefly) and closes the database.
func (d *Deps) Close() {
	if d.Jobs != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		d.Jobs.Stop(ctx)
		cancel()
	}
	d.DB.Close()
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// OpenForTest opens attune's parts on a temporary data folder, on SQLite or
// the given PostgreSQL database, as `attune serve` would.
func OpenForTest(ctx context.Context, dataDir, databaseURL string, logs io.Writer) (*Deps, error) {
	cfg := &config.Config{Data: dataDir, DatabaseURL: databaseURL, Addr: "127.0.0.1:0", LogFormat: "text",
		MaxUpload: 1 << 30, Quota: 4 << 30, DiskReserve: 0, Workers: 1, AuditViewWindow: 10 * time.Minute}
	if err := cfg.Finish(); err != nil {
		return nil, err
	}
	return open(ctx, cfg, Env{Stderr: logs})
}
