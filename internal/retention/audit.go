package retention

import (
	"context"
	"fmt"
)

// pruneAudit removes the audit entries older than the audit rule from the
// start of the chain, leaving a signed anchor so the rest still verifies
// (audit.Chain.Prune). A rule of 0 years keeps every entry; without a chain
// nothing is pruned. Entries about a case under a legal hold, and all after
// them, stay.
func (s *Service) pruneAudit(ctx context.Context, rep *Report) (int64, error) {
	if s.Audit == nil || rep.Rules.AuditYears <= 0 {
		return 0, nil
	}
	p, err := s.Audit.Prune(ctx, s.DB, rep.Now.AddDate(-rep.Rules.AuditYears, 0, 0), rep.Now)
	if err != nil {
		return 0, fmt.Errorf("prune the audit trail: %w", err)
	}
	return p.Entries, nil
}
