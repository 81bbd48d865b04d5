package accounts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestResetAccessRevokesTokens: after "Reset access" no API token of the
// account works, nor any session.
func TestResetAccessRevokesTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, admin := setup(t, db)
		u, _, _ := s.CreateUser(ctx, admin, accounts.NewUser{Name: "Pat", Email: "pat@example.org", Role: "practitioner", Password: pw})
		tok, err := s.CreateToken(ctx, "pat@example.org", "script")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AuthenticateToken(ctx, tok); err != nil {
			t.Fatalf("the new token: %v", err)
		}
		if _, err := s.ResetAccess(ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AuthenticateToken(ctx, tok); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Fatalf("a token after the reset: %v, want refused", err)
		}
	})
}

// TestTokensExpireListAndRevoke: a token stops working at the end of its
// lifetime; tokens are listed with their names; the owner and an
// administrator can revoke one (and only that one); nobody else can.
func TestTokensExpireListAndRevoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c, admin := setup(t, db)
		s.TokenLifetime = 90 * 24 * time.Hour
		u, _, _ := s.CreateUser(ctx, admin, accounts.NewUser{Name: "Pat", Email: "pat@example.org", Role: "practitioner", Password: pw})
		other, _, _ := s.CreateUser(ctx, admin, accounts.NewUser{Name: "Oz", Email: "oz@example.org", Role: "practitioner", Password: pw})
		pat, oz := accounts.Actor{User: u}, accounts.Actor{User: other}
		old, _ := s.CreateToken(ctx, "pat@example.org", "old script")
		c.t = c.t.Add(60 * 24 * time.Hour)
		keep, _ := s.CreateToken(ctx, "pat@example.org", "backup job")
		c.t = c.t.Add(time.Minute)
		gone, err := s.CreateOwnToken(ctx, pat, "laptop")
		if err != nil {
			t.Fatal(err)
		}
		list, err := s.Tokens(ctx, pat, u.ID)
		if err != nil || len(list) != 3 || list[0].Label != "laptop" || !list[2].ExpiresAt.Equal(list[2].CreatedAt.Add(s.TokenLifetime)) {
			t.Fatalf("tokens: %+v %v", list, err)
		}
		if _, err := s.Tokens(ctx, oz, u.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another practitioner listed Pat's tokens: %v", err)
		}
		if err := s.RevokeToken(ctx, oz, list[0].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another practitioner revoked Pat's token: %v", err)
		}
		if err := s.RevokeToken(ctx, pat, list[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, admin, list[1].ID); err != nil {
			t.Fatal(err)
		}
		c.t = c.t.Add(30 * 24 * time.Hour) // the first token is now 90 days old
		for _, tok := range []string{old, gone} {
			if _, err := s.AuthenticateToken(ctx, tok); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
				t.Errorf("an expired or revoked token: %v, want refused", err)
			}
		}
		if _, err := s.AuthenticateToken(ctx, keep); err == nil {
			t.Error("the token the administrator revoked still works")
		}
		list, _ = s.Tokens(ctx, admin, u.ID)
		if len(list) != 1 || list[0].Label != "old script" || !list[0].Expired(c.t) {
			t.Fatalf("after revoking two: %+v", list)
		}
	})
}

// mailbox records the e-mails the service sends.
type mailbox struct{ to, body []string }

func (m *mailbox) Send(_ context.Context, to, _, body string) error {
	m.to, m.body = append(m.to, to), append(m.body, body)
	return nil
}

// TestResetLinkReachesThePersonNotTheAdministrator: with e-mail the link
// goes to the person and the administrator never sees it; without, it is
// shown once, the owner gets a notice, and where there is a second
// administrator it works only after that one approved it (not the one who
// asked). Using it needs a new password and then a new second factor, and
// the audit trail says who reset the account.
func TestResetLinkReachesThePersonNotTheAdministrator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c, admin := setup(t, db)
		s.PublicURL = func() string { return "https://attune.example.org" }
		u, _, _ := s.CreateUser(ctx, admin, accounts.NewUser{Name: "Pat", Email: "pat@example.org", Role: "practitioner", Password: pw})
		s.SetMFARequired(ctx, admin, u.ID, false)

		mb := &mailbox{}
		s.Mail = mb
		r, err := s.ResetAccess(ctx, admin, u.ID)
		if err != nil || r.Link != "" || !r.Mailed || len(mb.to) != 1 || mb.to[0] != "pat@example.org" || !strings.Contains(mb.body[0], "https://attune.example.org/reset/") {
			t.Fatalf("with e-mail: %+v %v %+v", r, err, mb)
		}
		s.Mail = nil

		r, err = s.ResetAccess(ctx, admin, u.ID)
		if err != nil || r.Link == "" || r.NeedsApproval {
			t.Fatalf("one administrator, no e-mail: %+v %v", r, err)
		}
		second, _, _ := s.CreateUser(ctx, admin, accounts.NewUser{Name: "Bea", Email: "bea@example.org", Role: "admin", Password: pw})
		bea := accounts.Actor{User: second}
		r, err = s.ResetAccess(ctx, admin, u.ID)
		if err != nil || r.Link == "" || !r.NeedsApproval {
			t.Fatalf("two administrators, no e-mail: %+v %v", r, err)
		}
		if _, err := s.CompleteReset(ctx, "ip", r.Link, "new password, long one"); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("the link before approval: %v", err)
		}
		if err := s.ApproveReset(ctx, admin, u.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("the administrator approved their own reset: %v", err)
		}
		if err := s.ApproveReset(ctx, bea, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CompleteReset(ctx, "ip", r.Link, "new password, long one"); err != nil {
			t.Fatal(err)
		}
		_, sess, err := s.Login(ctx, "ip", "pat@example.org", "new password, long one")
		if err != nil || sess.MFAPassed {
			t.Fatalf("signing in after a reset must still need a new second factor: %+v %v", sess, err)
		}
		uri, err := s.BeginEnrol(ctx, sess)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := auth.TOTPCode(strings.Split(strings.Split(uri, "secret=")[1], "&")[0], c.t)
		if _, err := s.ConfirmEnrol(ctx, sess, "ip", code); err != nil {
			t.Fatal(err)
		}
		notes, err := s.TakeNotices(ctx, u.ID)
		if err != nil || len(notes) != 3 || !strings.Contains(notes[0], "Ada Admin") || !strings.Contains(notes[0], "sent to your e-mail") {
			t.Fatalf("the owner's notices: %+v %v", notes, err)
		}
		if again, _ := s.TakeNotices(ctx, u.ID); len(again) != 0 {
			t.Fatalf("notices shown twice: %+v", again)
		}
		var details []string
		db.View(ctx, func(tx *store.Tx) error {
			es, err := tx.AuditEntries(ctx, store.AuditFilter{ActorID: u.ID, Action: "user."})
			for _, e := range es {
				details = append(details, e.Detail)
			}
			return err
		})
		if len(details) != 3 || // newest first: the new second factor, the password step, the reset link used
			!strings.Contains(details[0], "first session after access reset by administrator Ada Admin") ||
			!strings.Contains(details[2], "reset by administrator Ada Admin") || !strings.Contains(details[2], "approved by Bea") {
			t.Fatalf("the audit trail of the reset: %q", details)
		}
	})
}
