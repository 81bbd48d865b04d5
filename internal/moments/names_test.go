package moments

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// A suggestion's label names the child and the adult as the case shows
// them: initials where the case asks for initials only, and no names where
// there are two adults (whoever answered is "adult").
func TestLabelNames(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	cases := []struct {
		id       string
		initials bool
		people   []domain.Participant
		want     string
	}{
		{"c1", false, []domain.Participant{{Role: "adult", Name: "Ann Lee"}, {Role: "child", Name: "Sam Lee"}}, "Sam Lee starts, Ann Lee answers after 0.8 s, 2 turns"},
		{"c2", true, []domain.Participant{{Role: "adult", Name: "Ann Lee"}, {Role: "child", Name: "Sam Lee"}}, "S.L. starts, A.L. answers after 0.8 s, 2 turns"},
		{"c3", false, []domain.Participant{{Role: "adult", Name: "Ann"}, {Role: "adult", Name: "Bo"}, {Role: "child", Name: "Sam"}}, "Sam starts, adult answers after 0.8 s, 2 turns"},
		{"c4", false, nil, "Child starts, adult answers after 0.8 s, 2 turns"},
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, &domain.User{ID: "u1", Email: "ann@example.org", Name: "Ann", Role: domain.RolePractitioner}); err != nil {
			return err
		}
		for _, c := range cases {
			for i := range c.people {
				c.people[i].ID = c.id + "-p" + string(rune('0'+i))
			}
			if err := tx.CreateCase(ctx, &domain.Case{ID: c.id, OwnerID: "u1", Reference: "R-" + c.id, Status: domain.CaseOpen,
				InitialsOnly: c.initials, Participants: c.people}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		var child, adult string
		err := db.View(ctx, func(tx *store.Tx) (err error) { child, adult, err = names(ctx, tx, c.id); return err })
		if err != nil {
			t.Fatal(err)
		}
		if got := label(&domain.MomentSuggestion{LatencyMS: 800, Turns: 2}, child, adult); got != c.want {
			t.Errorf("%s: %q, want %q", c.id, got, c.want)
		}
	}
}
