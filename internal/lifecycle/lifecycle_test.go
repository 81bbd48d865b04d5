package lifecycle_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

var ctx = context.Background()

// family makes a practitioner with one case and returns the service, the
// practitioner as an actor and the case id.
func family(t *testing.T, db *store.DB) (*lifecycle.Service, accounts.Actor, string) {
	t.Helper()
	u := &domain.User{ID: "u-ann", Email: "ann@example.org", Name: "Ann Guide", Role: domain.RolePractitioner}
	c := &domain.Case{ID: "c-1", OwnerID: u.ID, Reference: "K-1", Status: domain.CaseOpen,
		Participants: []domain.Participant{{ID: "p1", Role: "adult", Name: "Zoë Ångström", Relation: "mother"}, {ID: "p2", Role: "child", Name: "Дмитрий", BirthDate: "2021-05-04"}}}
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.CreateCase(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return &lifecycle.Service{DB: db}, accounts.Actor{User: u}, c.ID
}

func code(err error) string {
	if err == nil {
		return ""
	}
	return domain.ErrorCode(err)
}

func field(err error) string {
	if e, ok := err.(*domain.Error); ok {
		return e.Field
	}
	return ""
}

func TestConsentRules(t *testing.T) {
	days := 60
	bad := -1
	cases := []struct {
		name  string
		in    lifecycle.ConsentInput
		field string
	}{
		{"fine", lifecycle.ConsentInput{Purposes: []string{"filming", "supervision"}, GivenBy: "Ann (mother)", Signature: "Ann", WordingVersion: "1", RetainDays: &days}, ""},
		{"no purpose", lifecycle.ConsentInput{GivenBy: "Ann", Signature: "Ann", WordingVersion: "1"}, "purposes"},
		{"unknown purpose", lifecycle.ConsentInput{Purposes: []string{"youtube"}, GivenBy: "Ann", Signature: "Ann", WordingVersion: "1"}, "purposes"},
		{"purpose twice", lifecycle.ConsentInput{Purposes: []string{"filming", "filming"}, GivenBy: "Ann", Signature: "Ann", WordingVersion: "1"}, "purposes"},
		{"nobody gave it", lifecycle.ConsentInput{Purposes: []string{"filming"}, GivenBy: " ", Signature: "Ann", WordingVersion: "1"}, "given_by"},
		{"no signer", lifecycle.ConsentInput{Purposes: []string{"filming"}, GivenBy: "Ann", Signature: "\x00 ", WordingVersion: "1"}, "signature"},
		{"no wording version", lifecycle.ConsentInput{Purposes: []string{"filming"}, GivenBy: "Ann", Signature: "Ann"}, "wording_version"},
		{"negative retention", lifecycle.ConsentInput{Purposes: []string{"filming"}, GivenBy: "Ann", Signature: "Ann", WordingVersion: "1", RetainDays: &bad}, "retain_days_after_close"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, a, caseID := family(t, db)
		for _, tc := range cases {
			_, err := s.RecordConsent(ctx, a, caseID, tc.in)
			if field(err) != tc.field || (tc.field != "" && code(err) != domain.EINVALID) {
				t.Errorf("%s: error %v, want field %q", tc.name, err, tc.field)
			}
		}
		cs, err := s.Consents(ctx, a, caseID)
		if err != nil || len(cs) != 1 || !cs[0].Has("filming") || *cs[0].RetainDays != 60 || cs[0].RecordedBy != a.ID() {
			t.Fatalf("only the fine consent is kept: %v %+v", err, cs)
		}
		if err := canFilm(db, caseID); err != nil {
			t.Fatalf("filming allowed with consent: %v", err)
		}
		w, err := s.Withdraw(ctx, a, cs[0].ID)
		if err != nil || w.Consent.WithdrawnAt == nil || w.Consent.WithdrawnBy != a.ID() {
			t.Fatalf("withdraw: %v %+v", err, w)
		}
		if _, err := s.Withdraw(ctx, a, cs[0].ID); code(err) != domain.ECONFLICT {
			t.Fatalf("second withdrawal: %v, want a conflict", err)
		}
		err = canFilm(db, caseID)
		if code(err) != domain.ECONFLICT || !strings.Contains(err.Error(), "consent") {
			t.Fatalf("filming after withdrawal: %v", err)
		}
	})
}

// canFilm asks the recordings' consent check, as creating a recording does.
func canFilm(db *store.DB, caseID string) error {
	return db.View(ctx, func(tx *store.Tx) error { return lifecycle.ConsentRules{}.CanFilm(ctx, tx, caseID) })
}

func TestStatusNote(t *testing.T) {
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.Local)
	for _, c := range []struct {
		y    domain.Cycle
		want string
	}{
		{domain.Cycle{Status: domain.CyclePlanned}, ""},
		{domain.Cycle{Status: domain.CycleFilmed, StatusSource: domain.StatusRecording, StatusByName: "Gail Ash", StatusAt: at}, "a recording was added (Gail Ash, 7 Dec 2026)"},
		{domain.Cycle{Status: domain.CycleReviewed, StatusSource: domain.StatusReview, StatusAt: at}, "the shared review's words were written (7 Dec 2026)"},
		{domain.Cycle{Status: domain.CycleCancelled, StatusSource: domain.StatusManual, StatusByName: "Gail Ash", StatusAt: at}, "marked by hand by Gail Ash, 7 Dec 2026"},
		{domain.Cycle{Status: domain.CycleCancelled, StatusAt: at}, "marked by hand, 7 Dec 2026"},
		{domain.Cycle{Status: domain.CycleEdited}, "marked by hand"},
	} {
		if got := lifecycle.StatusNote(&c.y); got != c.want {
			t.Errorf("StatusNote(%+v) = %q, want %q", c.y, got, c.want)
		}
	}
}
