package questionnaires

import (
	"context"
	"log/slog"
	"strconv"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// DefaultRiskMessages are the words a parent sees after a risk answer until
// the service writes its own: they name urgent help (UK numbers, which a
// service elsewhere must change).
var DefaultRiskMessages = map[string]string{
	"en": "Thank you for telling us. Your guider will be in touch. If you are thinking of harming yourself, or you are in danger now, call 999 (emergency) or Samaritans on 116 123, any time, day or night. You can also call your GP or NHS 111.",
	"pl": "Dziękujemy, że nam o tym mówisz. Twój opiekun skontaktuje się z Tobą. Jeśli myślisz o zrobieniu sobie krzywdy albo jesteś teraz w niebezpieczeństwie, zadzwoń pod 999 (numer alarmowy) lub do Samaritans pod 116 123 — o każdej porze dnia i nocy. Możesz też zadzwonić do swojego lekarza rodzinnego albo pod NHS 111.",
}

// DefaultRiskHours is how long an alert waits for the guider before it is escalated.
const DefaultRiskHours = 24

// RiskSettings are the service's choices about risk answers.
type RiskSettings struct {
	Messages map[string]string // language → the parent's message; "" for the default
	Hours    int               // escalate an alert not acknowledged within this many hours
	DutyID   string            // the named duty person, besides the case's supervisors; "" for none
}

// RiskSettings reads the service's risk settings, defaults filled in.
func (s *Service) RiskSettings(ctx context.Context) (RiskSettings, error) {
	var rs RiskSettings
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		rs, err = riskSettings(ctx, tx)
		return err
	})
	return rs, err
}

func riskSettings(ctx context.Context, tx *store.Tx) (RiskSettings, error) {
	rs := RiskSettings{Messages: map[string]string{}}
	for _, lang := range Languages {
		m, err := tx.Setting(ctx, domain.SettingRiskMessage+lang, "")
		if err != nil {
			return rs, err
		}
		if m == "" {
			m = DefaultRiskMessages[lang]
		}
		rs.Messages[lang] = m
	}
	h, err := tx.Setting(ctx, domain.SettingRiskHours, "")
	if rs.Hours, _ = strconv.Atoi(h); rs.Hours <= 0 {
		rs.Hours = DefaultRiskHours
	}
	if err != nil {
		return rs, err
	}
	rs.DutyID, err = tx.Setting(ctx, domain.SettingRiskDutyUser, "")
	return rs, err
}

// RiskMessage is the message a parent sees after a risk answer, in their
// language; the default if the settings can't be read.
func (s *Service) RiskMessage(ctx context.Context, lang string) string {
	rs, err := s.RiskSettings(ctx)
	if err != nil {
		slog.Error("reading the risk message", "err", err)
	}
	if m := rs.Messages[lang]; m != "" {
		return m
	}
	if m := DefaultRiskMessages[lang]; m != "" {
		return m
	}
	return DefaultRiskMessages["en"]
}

// SetRiskSettings changes the risk settings (administrators only). An empty
// message brings back the default.
func (s *Service) SetRiskSettings(ctx context.Context, a accounts.Actor, rs RiskSettings) error {
	if err := adminOnly(a); err != nil {
		return domain.Errorf(domain.EFORBIDDEN, "Only an administrator can change what happens after a risk answer.")
	}
	if rs.Hours < 1 || rs.Hours > 24*14 {
		return domain.FieldError("hours", "Enter the hours before an alert is escalated as a whole number from 1 to 336 (two weeks).")
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := checkDuty(ctx, tx, rs.DutyID); err != nil {
			return err
		}
		if err := saveRiskSettings(ctx, tx, a, rs); err != nil {
			return err
		}
		return audit(ctx, tx, a, "questionnaire.risk_settings", "setting", domain.SettingRiskHours, "", strconv.Itoa(rs.Hours)+"h duty "+rs.DutyID)
	})
}

func checkDuty(ctx context.Context, tx *store.Tx, id string) error {
	if id == "" {
		return nil
	}
	u, err := tx.UserByID(ctx, id)
	if store.IsNotFound(err) || (err == nil && (!u.Active() || u.Role == domain.RoleAdmin)) {
		return domain.FieldError("duty", "Choose the duty person from the list of practitioners and supervisors.")
	}
	return err
}

func saveRiskSettings(ctx context.Context, tx *store.Tx, a accounts.Actor, rs RiskSettings) error {
	for _, lang := range Languages {
		m := strings.TrimSpace(rs.Messages[lang])
		if len(m) > 2000 {
			return domain.FieldError("message-"+lang, "Keep the message to 2000 characters; it has %d.", len(m))
		}
		if m == DefaultRiskMessages[lang] {
			m = ""
		}
		if err := tx.SetSetting(ctx, domain.SettingRiskMessage+lang, m, a.ID()); err != nil {
			return err
		}
	}
	if err := tx.SetSetting(ctx, domain.SettingRiskHours, strconv.Itoa(rs.Hours), a.ID()); err != nil {
		return err
	}
	return tx.SetSetting(ctx, domain.SettingRiskDutyUser, rs.DutyID, a.ID())
}
