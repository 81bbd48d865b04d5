// Package config reads attune's settings from flags and ATTUNE_* environment
// variables. Secrets can come from files: ATTUNE_DATABASE_URL_FILE, etc.
package config

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting, for every subcommand.
type Config struct {
	Addr          string
	Data          string
	DatabaseURL   string
	BlobURL       string
	MasterKeyFile string
	CaseKeysDir   string // per-case key-encryption keys, beside the master key file
	TLSCert       string
	TLSKey        string
	PublicURL     string
	TrustProxy    bool
	MetricsToken  string // bearer token for /metrics; empty: this machine only
	LogFormat     string
	MaxUpload     int64         // bytes per file
	Quota         int64         // bytes per uploader
	DiskReserve   int64         // bytes kept free on the data disk
	Workers       int           // concurrent video jobs in this process; 0 = web only
	JobStall      time.Duration // a job silent this long is handed back (heartbeats)
	// AuditViewWindow: a viewer's repeated requests for one file or record
	// within it are one viewing, audited once; 0 audits every answer.
	AuditViewWindow time.Duration

	AuditCheckpointCopy string        // a second folder for the audit checkpoint; empty: none
	TokenLifetime       time.Duration // how long a new API token works

	SMTPURL  string // smtp://user:pass@host:587 or smtps://…:465; empty: no e-mail
	SMTPFrom string // the address e-mails come from

	OIDC OIDC // single sign-on with the organisation's identity provider

	envErrs []string // ATTUNE_* values that could not be read, reported by Finish
}

// Register declares the flags on fs, with defaults taken from the environment.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("ADDR", "127.0.0.1:8080"), "address to listen on (ATTUNE_ADDR)")
	fs.StringVar(&c.Data, "data", env("DATA", "./data"), "folder for the SQLite database, files and key file (ATTUNE_DATA)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("DATABASE_URL", ""), "postgres://... to use PostgreSQL instead of SQLite (ATTUNE_DATABASE_URL)")
	fs.StringVar(&c.BlobURL, "blob-url", env("BLOB_URL", ""), "s3://bucket?endpoint=... to keep files in S3 (ATTUNE_BLOB_URL)")
	fs.StringVar(&c.MasterKeyFile, "master-key-file", env("MASTER_KEY_FILE", ""), "the master key file; default DATA/master.key (ATTUNE_MASTER_KEY_FILE)")
	fs.StringVar(&c.CaseKeysDir, "case-keys-dir", env("CASE_KEYS_DIR", ""), "folder of per-case keys, destroyed on erasure; default case-keys beside the master key file (ATTUNE_CASE_KEYS_DIR)")
	fs.StringVar(&c.TLSCert, "tls-cert", env("TLS_CERT", ""), "TLS certificate file (ATTUNE_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", env("TLS_KEY", ""), "TLS key file (ATTUNE_TLS_KEY)")
	fs.StringVar(&c.PublicURL, "public-url", env("PUBLIC_URL", ""), "the address people use, e.g. https://attune.example.org behind a proxy (ATTUNE_PUBLIC_URL)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", env("TRUST_PROXY", "") == "true", "take client addresses from X-Forwarded-For (ATTUNE_TRUST_PROXY=true)")
	fs.StringVar(&c.MetricsToken, "metrics-token", env("METRICS_TOKEN", ""), "bearer token Prometheus sends for /metrics; without it only this machine may read them (ATTUNE_METRICS_TOKEN)")
	fs.StringVar(&c.LogFormat, "log-format", env("LOG_FORMAT", "text"), "text or json (ATTUNE_LOG_FORMAT)")
	fs.Int64Var(&c.MaxUpload, "max-upload", c.envInt("MAX_UPLOAD", 20<<30), "largest video file in bytes (ATTUNE_MAX_UPLOAD)")
	fs.Int64Var(&c.Quota, "quota", c.envInt("QUOTA", 500<<30), "bytes of recordings per practitioner (ATTUNE_QUOTA)")
	fs.Int64Var(&c.DiskReserve, "disk-reserve", c.envInt("DISK_RESERVE", 2<<30), "bytes always left free on the data disk (ATTUNE_DISK_RESERVE)")
	fs.IntVar(&c.Workers, "workers", int(c.envInt("WORKERS", 2)), "video jobs at once in this process; 0 for none (ATTUNE_WORKERS)")
	fs.StringVar(&c.SMTPURL, "smtp-url", env("SMTP_URL", ""), "smtp://user:password@host:587 to send e-mail; empty for none (ATTUNE_SMTP_URL)")
	fs.StringVar(&c.SMTPFrom, "smtp-from", env("SMTP_FROM", ""), "the address attune's e-mails come from (ATTUNE_SMTP_FROM)")
	c.OIDC.register(fs)
	c.registerJobs(fs)
	c.registerTrust(fs)
	c.registerAudit(fs)
}

// envInt reads a whole number from ATTUNE_<name>; a value that isn't one is
// remembered and reported by Finish rather than silently replaced.
func (c *Config) envInt(name string, def int64) int64 {
	v := env(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		c.envErrs = append(c.envErrs, fmt.Sprintf("ATTUNE_%s=%q is not a whole number of 0 or more", name, v))
		return def
	}
	return n
}

// env reads ATTUNE_<name>, or the file named by ATTUNE_<name>_FILE.
func env(name, def string) string {
	if v, ok := os.LookupEnv("ATTUNE_" + name); ok {
		return v
	}
	if f := os.Getenv("ATTUNE_" + name + "_FILE"); f != "" {
		if b, err := os.ReadFile(f); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	return def
}

// Finish fills derived defaults and checks the combination.
func (c *Config) Finish() error {
	if len(c.envErrs) > 0 {
		return fmt.Errorf("%s: fix the environment and start again", strings.Join(c.envErrs, "; "))
	}
	if c.MaxUpload < 0 || c.Quota < 0 || c.DiskReserve < 0 || c.Workers < 0 || c.AuditViewWindow < 0 {
		return fmt.Errorf("--max-upload, --quota, --disk-reserve, --workers and --audit-view-window must be 0 or more")
	}
	if c.MasterKeyFile == "" {
		c.MasterKeyFile = filepath.Join(c.Data, "master.key")
	}
	if c.CaseKeysDir == "" {
		c.CaseKeysDir = filepath.Join(filepath.Dir(c.MasterKeyFile), "case-keys")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("give both --tls-cert and --tls-key, or neither (and put a TLS reverse proxy in front)")
	}
	if c.PublicURL == "" {
		scheme := "http"
		if c.TLSCert != "" {
			scheme = "https"
		}
		c.PublicURL = scheme + "://" + c.Addr
	}
	c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format is text or json, not %q", c.LogFormat)
	}
	return c.OIDC.finish()
}

// TLS tells whether people reach the service over HTTPS.
func (c *Config) TLS() bool { return strings.HasPrefix(c.PublicURL, "https://") }

// BlobTarget is the blob store URL, or the file store inside the data folder.
func (c *Config) BlobTarget() string {
	if c.BlobURL != "" {
		return c.BlobURL
	}
	abs, err := filepath.Abs(filepath.Join(c.Data, "files"))
	if err != nil {
		abs = filepath.Join(c.Data, "files")
	}
	return abs
}

// DatabaseTarget is the database URL, or the SQLite file inside the data folder.
func (c *Config) DatabaseTarget() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.Data, "attune.db")
}
