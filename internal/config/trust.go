package config

import (
	"flag"
	"path/filepath"
	"time"
)

// registerTrust declares the settings for the audit trail's checkpoint and
// for API tokens.
func (c *Config) registerTrust(fs *flag.FlagSet) {
	fs.StringVar(&c.AuditCheckpointCopy, "audit-checkpoint-copy", env("AUDIT_CHECKPOINT_COPY", ""),
		"a folder on another machine (e.g. a mounted share) that also gets the audit trail's signed checkpoint (ATTUNE_AUDIT_CHECKPOINT_COPY)")
	fs.DurationVar(&c.TokenLifetime, "token-lifetime", c.envDuration("TOKEN_LIFETIME", 90*24*time.Hour),
		"how long a new API token works, e.g. 2160h for 90 days (ATTUNE_TOKEN_LIFETIME)")
}

// AuditCheckpoint is where the audit trail's signed checkpoint is kept:
// beside the case keys folder, outside the database and its backups.
func (c *Config) AuditCheckpoint() string {
	return filepath.Join(filepath.Dir(c.CaseKeysDir), "audit-checkpoint.json")
}
