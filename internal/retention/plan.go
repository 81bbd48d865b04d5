package retention

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// What an item of the plan erases.
const (
	KindFootage = "footage" // a recording: original, playback copy, stills' sources, clips and their files
	KindCase    = "case"    // the whole case record, its footage first
)

// Item is one thing the rules will erase, and when.
type Item struct {
	Kind        string
	CaseID      string
	RecordingID string // for footage
	Due         time.Time
	Held        bool   // a legal hold stops it
	Rule        string // which rule, in words
}

// Report is the dry run: what will go, and when.
type Report struct {
	Now   time.Time
	Rules domain.RetentionRules
	Items []Item // soonest first
	// AuditEntries is how many audit entries, written before AuditBefore,
	// tonight's run will prune (0 when the rule keeps them all).
	AuditEntries int64
	AuditBefore  time.Time
}

// Due is the part of the report the nightly job would erase now.
func (r *Report) Due() []Item {
	var out []Item
	for _, it := range r.Items {
		if !it.Held && !r.Now.Before(it.Due) {
			out = append(out, it)
		}
	}
	return out
}

// DryRun reports, for an administrator, what the rules will erase and when.
// It changes nothing; looking is audited.
func (s *Service) DryRun(ctx context.Context, a accounts.Actor) (*Report, error) {
	if err := mustAdmin(a); err != nil {
		return nil, err
	}
	rep, err := s.plan(ctx)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		return audit(ctx, tx, a, "retention.dry_run", "retention", "plan", "", fmt.Sprintf("%d items", len(rep.Items)))
	})
	return rep, err
}

// plan works out every item the rules will erase.
func (s *Service) plan(ctx context.Context) (*Report, error) {
	rep := &Report{Now: s.now()}
	var cases []*domain.RetentionCase
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		if rep.Rules, err = tx.RetentionRules(ctx); err != nil {
			return err
		}
		if err := planAudit(ctx, tx, rep); err != nil {
			return err
		}
		cases, err = tx.ClosedCases(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		rep.Items = append(rep.Items, caseItems(rep.Rules, c)...)
	}
	sort.SliceStable(rep.Items, func(i, j int) bool { return rep.Items[i].Due.Before(rep.Items[j].Due) })
	return rep, nil
}

// planAudit counts the audit entries the audit rule prunes tonight (the
// same ones audit.Chain.Prune takes: none past a case under a legal hold).
func planAudit(ctx context.Context, tx *store.Tx, rep *Report) error {
	if rep.Rules.AuditYears <= 0 {
		return nil
	}
	rep.AuditBefore = rep.Now.AddDate(-rep.Rules.AuditYears, 0, 0)
	var err error
	rep.AuditEntries, err = tx.AuditPrunable(ctx, rep.AuditBefore)
	return err
}

// caseItems applies the rules to one closed case.
func caseItems(r domain.RetentionRules, c *domain.RetentionCase) []Item {
	days, rule := r.FootageDays, fmt.Sprintf("footage: %d days after the case closed", r.FootageDays)
	if c.RetainDays != nil {
		days, rule = *c.RetainDays, fmt.Sprintf("footage: %d days after the case closed, as the consent promised", *c.RetainDays)
	}
	footageDue := c.ClosedAt.AddDate(0, 0, days)
	var out []Item
	for _, id := range c.Recordings {
		out = append(out, Item{Kind: KindFootage, CaseID: c.CaseID, RecordingID: id, Due: footageDue, Held: c.Held, Rule: rule})
	}
	due, rule := recordsDue(r, c)
	if due.Before(footageDue) {
		due = footageDue
	}
	return append(out, Item{Kind: KindCase, CaseID: c.CaseID, Due: due, Held: c.Held, Rule: rule})
}

// recordsDue is when the case record may go: the youngest child's birthday
// at the rule's age, or, with no birth date recorded, years after closing.
func recordsDue(r domain.RetentionRules, c *domain.RetentionCase) (time.Time, string) {
	if birth, err := time.Parse("2006-01-02", c.YoungestBirth); err == nil {
		due := birth.AddDate(r.RecordsAge, 0, 0)
		if due.Before(c.ClosedAt) {
			due = c.ClosedAt
		}
		return due, fmt.Sprintf("case record: until the youngest child's %s birthday", ordinal(r.RecordsAge))
	}
	return c.ClosedAt.AddDate(r.RecordsYears, 0, 0),
		fmt.Sprintf("case record: %d years after closing (no child's birth date recorded)", r.RecordsYears)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
