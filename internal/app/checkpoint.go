package app

import (
	"context"
	"fmt"
	"time"

	"github.com/attune-vig/attune/internal/audit"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// checkpoint writes the audit trail's signed checkpoint (beside the case
// keys, and to --audit-checkpoint-copy), logging what stops it.
func checkpoint(d *Deps) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := d.Chain.Checkpoint(ctx, d.DB, time.Now()); err != nil {
		d.Log.Warn("writing the audit checkpoint", "err", err)
	}
}

// checkpointNote says what an intact chain was compared with.
func checkpointNote(r audit.Report) string {
	if r.Checkpoint == nil {
		return " (no checkpoint yet: one is written now)"
	}
	s := fmt.Sprintf(" (reaches the checkpoint of %s at entry %d", r.Checkpoint.At.Format("2006-01-02 15:04:05 MST"), r.Checkpoint.Seq)
	if r.Checkpoint.Note != "" {
		s += "; " + r.Checkpoint.Note
	}
	return s + ")"
}

// recordRewind appends the restore's audit entry, naming the checkpoint a
// restored older chain is behind, then moves the checkpoint back to the
// restored chain's head so that verify does not report the restore as a
// truncation for ever.
func recordRewind(ctx context.Context, d *Deps, detail string) error {
	cp, _, err := d.Chain.LatestCheckpoint()
	if err != nil {
		return err
	}
	var head int64
	err = d.DB.Update(ctx, func(tx *store.Tx) error {
		h, err := tx.AuditHead(ctx)
		if err != nil {
			return err
		}
		head = h.Seq + 1
		if cp != nil && cp.Seq >= head {
			detail += fmt.Sprintf("; the audit trail was rewound: the checkpoint of %s had reached entry %d, the restored trail continues at entry %d",
				cp.At.Format("2006-01-02T15:04:05Z"), cp.Seq, head)
		}
		return tx.Audit(ctx, domain.AuditEntry{Action: "backup.restore", ObjectType: "backup", Detail: detail})
	})
	if err != nil || cp == nil || cp.Seq < head {
		return err
	}
	return d.Chain.Rewind(ctx, d.DB, time.Now(), fmt.Sprintf("moved back by a restore (entry %d) from entry %d", head, cp.Seq))
}
