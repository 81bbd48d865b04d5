package retention_test

import (
	"context"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// TestAuditPrunedWhenTheRuleSays: the nightly job prunes audit entries
// older than the audit rule, not a day before, and the trail still verifies
// from the signed anchor it leaves. A rule of 0 years keeps everything.
func TestAuditPrunedWhenTheRuleSays(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		w := newWorld(t, in)
		rules := domain.RetentionRules{FootageDays: 60, RecordsAge: 25, RecordsYears: 8, AuditYears: 0}
		if err := w.svc.SetRules(ctx, w.admin, rules); err != nil {
			t.Fatal(err)
		}
		w.closedCase(t, "A-1", "2020-06-15")
		written := time.Now()
		if done := w.apply(t, written.AddDate(50, 0, 0)); done.Audit != 0 {
			t.Fatalf("a rule of 0 years pruned %d entries", done.Audit)
		}
		rules.AuditYears = 2
		if err := w.svc.SetRules(ctx, w.admin, rules); err != nil {
			t.Fatal(err)
		}
		var before int64
		in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) {
			before, _, err = tx.WalkAudit(ctx, func(domain.AuditEntry) error { return nil })
			return err
		})
		w.now = written.AddDate(2, 0, -1)
		if plan, err := w.svc.DryRun(ctx, w.admin); err != nil {
			t.Fatal(err)
		} else if plan.AuditEntries != 0 {
			t.Fatalf("the dry run a day early says %d audit entries go", plan.AuditEntries)
		}
		if done := w.apply(t, written.AddDate(2, 0, -1)); done.Audit != 0 {
			t.Fatalf("pruned %d entries before their time", done.Audit)
		}
		w.now = time.Now().AddDate(2, 0, 1)
		plan, err := w.svc.DryRun(ctx, w.admin)
		if err != nil {
			t.Fatal(err)
		}
		if plan.AuditEntries < before {
			t.Fatalf("the dry run says %d audit entries go tonight; want at least the %d written", plan.AuditEntries, before)
		}
		done := w.apply(t, w.now)
		if done.Audit < plan.AuditEntries {
			t.Fatalf("pruned %d entries; the dry run said %d", done.Audit, plan.AuditEntries)
		}
		if done.Audit < before {
			t.Fatalf("pruned %d entries, want at least the %d written before the rule's time", done.Audit, before)
		}
		r, err := in.Deps.Chain.Verify(ctx, in.Deps.DB)
		if err != nil || !r.Intact() || r.Pruned != done.Audit || r.Entries == 0 {
			t.Fatalf("the trail after pruning: %+v %v", r, err)
		}
		checkAudit(t, in, "", "audit.prune", "pruned")
	})
}
