package config

import (
	"flag"
	"time"
)

func (c *Config) registerAudit(fs *flag.FlagSet) {
	fs.DurationVar(&c.AuditViewWindow, "audit-view-window", c.envDuration("AUDIT_VIEW_WINDOW", 10*time.Minute),
		"one viewer's viewing of one file or record is audited once in this window, however many requests it takes (ATTUNE_AUDIT_VIEW_WINDOW)")
}
