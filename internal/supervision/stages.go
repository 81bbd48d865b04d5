package supervision

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Stages lists the accreditation stage rules; anyone signed in may read them.
func (s *Service) Stages(ctx context.Context) ([]domain.AccreditationStage, error) {
	var out []domain.AccreditationStage
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.AccreditationStages(ctx)
		return err
	})
	return out, err
}

// ValidateStages checks a whole set of stage rules: numbered 1, 2, 3… in
// order, each named, numbers in range, the last one final.
func ValidateStages(stages []domain.AccreditationStage) error {
	if len(stages) == 0 || len(stages) > 9 {
		return domain.FieldError("stages", "A scheme has from 1 to 9 stages.")
	}
	for i := range stages {
		st := &stages[i]
		st.Name = line(st.Name)
		switch {
		case st.Number != i+1:
			return domain.FieldError("stages", "Number the stages 1, 2, 3… in order (stage %d is numbered %d).", i+1, st.Number)
		case st.Name == "" || tooLong(st.Name, 80):
			return domain.FieldError("stages", "Give stage %d a name of up to 80 characters.", i+1)
		case st.Cycles < 0 || st.Cycles > 200 || st.NewFamilies < 0 || st.NewFamilies > 200 || st.SupervisionHours < 0 || st.SupervisionHours > 500:
			return domain.FieldError("stages", "Stage %d: cycles and families go from 0 to 200, supervision hours from 0 to 500.", i+1)
		}
		st.Final = i == len(stages)-1
	}
	return nil
}

// SetStages replaces the stage rules; administrators only. The logs follow at once.
func (s *Service) SetStages(ctx context.Context, a accounts.Actor, stages []domain.AccreditationStage) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	if err := ValidateStages(stages); err != nil {
		return err
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.ReplaceAccreditationStages(ctx, stages, a.ID()); err != nil {
			return err
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: "accreditation.stages", ObjectType: "setting",
			ObjectID: "accreditation_stages", IP: a.IP})
	})
}

// FullNames tells whether supervisors see families' names in full on
// shared material (by default: initials only).
func (s *Service) FullNames(ctx context.Context) (bool, error) {
	var v string
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		v, err = tx.Setting(ctx, domain.SettingSupervisionFullNames, "false")
		return err
	})
	return v == "true", err
}

// SetFullNames turns full names for supervisors on or off; administrators
// only. A case kept to initials stays so either way.
func (s *Service) SetFullNames(ctx context.Context, a accounts.Actor, full bool) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	v := "false"
	if full {
		v = "true"
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting(ctx, domain.SettingSupervisionFullNames, v, a.ID()); err != nil {
			return err
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: "settings.update", ObjectType: "setting",
			ObjectID: domain.SettingSupervisionFullNames, IP: a.IP, Detail: v})
	})
}
