package family_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

var ctx = context.Background()

// world is a practitioner with two cases, an administrator, and the service.
type world struct {
	db           *store.DB
	s            *family.Service
	guider, adm  accounts.Actor
	caseA, caseB string
	clock        time.Time
}

func newWorld(t *testing.T, db *store.DB) *world {
	w := &world{db: db, caseA: "case-a", caseB: "case-b", clock: time.Now()}
	w.s = family.New(db, nil, nil, nil)
	w.s.Now = func() time.Time { return w.clock }
	w.s.PublicURL = func() string { return "https://attune.example" }
	g := &domain.User{ID: "u-guider", Email: "g@example.org", Name: "Gail", Role: domain.RolePractitioner}
	a := &domain.User{ID: "u-admin", Email: "a@example.org", Name: "Ada", Role: domain.RoleAdmin}
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, u := range []*domain.User{g, a} {
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
		}
		for _, id := range []string{w.caseA, w.caseB} {
			c := &domain.Case{ID: id, OwnerID: g.ID, Reference: "REF-" + id, Status: domain.CaseOpen,
				Participants: []domain.Participant{{ID: id + "-p", Role: domain.ParticipantAdult, Name: "Ann", Relation: "mother"}}}
			if err := tx.CreateCase(ctx, c); err != nil {
				return err
			}
		}
		goal := &domain.Goal{ID: "goal-a", CaseID: w.caseA, HelpingQuestion: "How can I help him feel safe?", Hoped: 8, Status: domain.GoalOpen}
		if err := tx.CreateGoal(ctx, goal); err != nil {
			return err
		}
		return tx.AddRating(ctx, &domain.Rating{ID: "r1", GoalID: goal.ID, Value: 3, Point: domain.PointFirstMeeting})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.guider, w.adm = accounts.Actor{User: g, IP: "10.0.0.1"}, accounts.Actor{User: a}
	return w
}

func (w *world) invite(t *testing.T, caseID, email string) *family.Invitation {
	t.Helper()
	inv, err := w.s.Invite(ctx, w.guider, caseID, family.InviteInput{Name: "Ann", Email: email})
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func token(link string) string { return link[len("https://attune.example/family/in/"):] }

// parent turns a session token into the portal's view of the parent.
func (w *world) parent(t *testing.T, tok string) *family.Parent {
	t.Helper()
	m, sess, err := w.s.AuthenticateFamily(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	return &family.Parent{Member: m, Session: sess, IP: "10.0.0.9"}
}

func TestSignInOnceAndOnlyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		inv := w.invite(t, w.caseA, "Ann@Example.org")
		if len(inv.Code) != 8 || len(token(inv.Link)) < 43 {
			t.Fatalf("code %q, link %q: want 8 digits and a 256-bit token", inv.Code, inv.Link)
		}
		if _, err := w.s.LinkMember(ctx, "ip", token(inv.Link)); err != nil {
			t.Fatalf("looking at the link must not use it: %v", err)
		}
		tok, m, err := w.s.SignInLink(ctx, "ip", token(inv.Link))
		if err != nil || m.Name != "Ann" {
			t.Fatalf("link sign-in: %v", err)
		}
		if _, _, err := w.s.SignInLink(ctx, "ip", token(inv.Link)); !errors.Is(err, family.ErrLinkGone) {
			t.Errorf("reused link: %v, want ErrLinkGone", err)
		}
		if _, _, err := w.s.SignInCode(ctx, "ip", "ann@example.org", inv.Code); !errors.Is(err, family.ErrCodeUsed) {
			t.Errorf("the code of an invitation whose link was used: %v, want ErrCodeUsed", err)
		}
		inv, err = w.s.NewPasses(ctx, w.guider, inv.Member.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.s.SignInCode(ctx, "ip", " ann@example.org ", inv.Code[:4]+" "+inv.Code[4:]); err != nil {
			t.Errorf("code sign-in (spaces, any case): %v", err)
		}
		if _, _, err := w.s.SignInCode(ctx, "ip", "ann@example.org", inv.Code); !errors.Is(err, family.ErrCodeUsed) {
			t.Errorf("reused code: %v, want ErrCodeUsed", err)
		}
		if _, _, err := w.s.SignInLink(ctx, "ip", token(inv.Link)); !errors.Is(err, family.ErrLinkGone) {
			t.Errorf("the link of an invitation whose code was used: %v, want ErrLinkGone", err)
		}
		if p := w.parent(t, tok); p.Member.CaseID != w.caseA {
			t.Errorf("session of case %s", p.Member.CaseID)
		}
		var stored bool
		db.View(ctx, func(tx *store.Tx) error {
			_, err := tx.FamilyPassByHash(ctx, inv.Code, domain.PassCode)
			stored = err == nil
			return nil
		})
		if stored {
			t.Error("a code is stored in the clear")
		}
	})
}

func TestExpiredPasses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.s.InviteLifetime = -time.Minute
		inv := w.invite(t, w.caseA, "ann@example.org")
		if _, _, err := w.s.SignInLink(ctx, "ip", token(inv.Link)); !errors.Is(err, family.ErrLinkGone) {
			t.Errorf("expired link: %v", err)
		}
		if _, _, err := w.s.SignInCode(ctx, "ip", "ann@example.org", inv.Code); !errors.Is(err, family.ErrCodeOld) {
			t.Errorf("expired code: %v, want ErrCodeOld", err)
		}
	})
}

func TestGuessedCodesLockThenVoid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		inv := w.invite(t, w.caseA, "ann@example.org")
		wrong := "00000000"
		if inv.Code == wrong {
			wrong = "11111111"
		}
		for i := 0; i < 6; i++ {
			if _, _, err := w.s.SignInCode(ctx, "ip", "ann@example.org", wrong); !errors.Is(err, family.ErrBadCode) {
				t.Fatalf("guess %d: %v", i+1, err)
			}
		}
		if _, _, err := w.s.SignInCode(ctx, "ip", "ann@example.org", inv.Code); !errors.Is(err, family.ErrLocked) {
			t.Fatalf("right code while locked: %v, want ErrLocked", err)
		}
		for i := 0; i < 4; i++ { // wait out each lock, guess again
			w.clock = w.clock.Add(2 * time.Hour)
			w.s.SignInCode(ctx, "ip", "ann@example.org", wrong)
		}
		w.clock = w.clock.Add(2 * time.Hour)
		if _, _, err := w.s.SignInCode(ctx, "ip", "ann@example.org", inv.Code); !errors.Is(err, family.ErrCodesVoid) {
			t.Fatalf("after 10 wrong codes: %v, want ErrCodesVoid", err)
		}
		fresh, err := w.s.NewPasses(ctx, w.guider, inv.Member.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.s.SignInCode(ctx, "ip", "ann@example.org", inv.Code); !errors.Is(err, family.ErrCodeUsed) {
			t.Errorf("old code after new passes: %v, want ErrCodeUsed", err)
		}
		if _, _, err := w.s.SignInCode(ctx, "ip", "ann@example.org", fresh.Code); err != nil {
			t.Errorf("new code from the guider: %v", err)
		}
	})
}

func TestRateLimitAndBadInput(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	w.s.IPLimiter = auth.NewLimiter(0, 3)
	cases := []struct {
		email, code string
		want        error
	}{
		{"", "12345678", family.ErrEmailForm},
		{"a@example.org", "1234", family.ErrCodeForm},
		{"nobody@example.org", "12345678", family.ErrBadCode},
		{"nobody@example.org", "12345678", family.ErrTooFast},
	}
	for _, c := range cases {
		if _, _, err := w.s.SignInCode(ctx, "ip", c.email, c.code); !errors.Is(err, c.want) {
			t.Errorf("%q %q: %v, want %v", c.email, c.code, err, c.want)
		}
	}
}

func TestSessionsEndByParentOrGuider(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	inv := w.invite(t, w.caseA, "")
	tok, _, _ := w.s.SignInLink(ctx, "ip", token(inv.Link))
	if err := w.s.SignOut(ctx, w.parent(t, tok)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.s.AuthenticateFamily(ctx, tok); err == nil {
		t.Error("signed-out device still accepted")
	}
	inv, _ = w.s.NewPasses(ctx, w.guider, inv.Member.ID)
	tok, _, _ = w.s.SignInLink(ctx, "ip", token(inv.Link))
	if _, err := w.s.SignOutDevices(ctx, w.guider, inv.Member.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.s.AuthenticateFamily(ctx, tok); err == nil {
		t.Error("device the guider signed out still accepted")
	}
	inv, _ = w.s.NewPasses(ctx, w.guider, inv.Member.ID)
	if _, err := w.s.Remove(ctx, w.guider, inv.Member.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.s.SignInLink(ctx, "ip", token(inv.Link)); !errors.Is(err, family.ErrLinkGone) {
		t.Errorf("link of a removed parent: %v", err)
	}
	w.clock = w.clock.Add(181 * 24 * time.Hour)
	if _, err := w.s.NewPasses(ctx, accounts.Actor{User: &domain.User{ID: "u-admin", Role: domain.RoleAdmin}}, inv.Member.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("administrator making a parent's code: %v, want not found", err)
	}
}

func TestPIN(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	if err := w.s.SetPINEnabled(ctx, w.guider, true); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("guider turning PINs on: %v", err)
	}
	if err := w.s.SetPINEnabled(ctx, w.adm, true); err != nil {
		t.Fatal(err)
	}
	inv := w.invite(t, w.caseA, "ann@example.org")
	tok, _, _ := w.s.SignInLink(ctx, "ip", token(inv.Link))
	p := w.parent(t, tok)
	if !p.Session.MustChoosePIN {
		t.Fatal("no PIN chosen yet, but not asked for one")
	}
	if _, err := w.s.Home(ctx, p); err == nil {
		t.Error("home shown before the PIN was chosen")
	}
	for pin, want := range map[string]error{"12": family.ErrPINForm, "1111": family.ErrPINEasy, "1234": family.ErrPINEasy} {
		if err := w.s.SetPIN(ctx, p, pin, pin); !errors.Is(err, want) {
			t.Errorf("PIN %q: %v, want %v", pin, err, want)
		}
	}
	if err := w.s.SetPIN(ctx, p, "2580", "2581"); !errors.Is(err, family.ErrPINAgain) {
		t.Errorf("different PINs: %v", err)
	}
	if err := w.s.SetPIN(ctx, p, "2580", "2580"); err != nil {
		t.Fatal(err)
	}
	if p = w.parent(t, tok); p.Session.Locked {
		t.Fatal("locked right after choosing the PIN")
	}
	w.clock = w.clock.Add(20 * time.Minute)
	if p = w.parent(t, tok); !p.Session.Locked {
		t.Fatal("not locked after 20 minutes unused")
	}
	if err := w.s.Unlock(ctx, p, "9999"); !errors.Is(err, family.ErrBadPIN) {
		t.Errorf("wrong PIN: %v", err)
	}
	if err := w.s.Unlock(ctx, p, "2580"); err != nil {
		t.Fatal(err)
	}
	if p = w.parent(t, tok); p.Session.Locked {
		t.Error("still locked after the right PIN")
	}
	if _, err := w.s.ResetPIN(ctx, w.guider, inv.Member.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.s.AuthenticateFamily(ctx, tok); err == nil {
		t.Error("a PIN reset must sign the devices out")
	}
}

func TestPINGuessesSignOut(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	w.s.SetPINEnabled(ctx, w.adm, true)
	inv := w.invite(t, w.caseA, "")
	tok, _, _ := w.s.SignInLink(ctx, "ip", token(inv.Link))
	w.s.SetPIN(ctx, w.parent(t, tok), "2580", "2580")
	w.clock = w.clock.Add(time.Hour)
	var err error
	for i := 0; i < 6 && !errors.Is(err, family.ErrPINLocked); i++ {
		err = w.s.Unlock(ctx, w.parent(t, tok), "0000")
	}
	if !errors.Is(err, family.ErrPINLocked) {
		t.Fatalf("after 6 wrong PINs: %v, want ErrPINLocked", err)
	}
	if _, _, err := w.s.AuthenticateFamily(ctx, tok); err == nil {
		t.Error("device not signed out after too many wrong PINs")
	}
}

func TestOwnCaseOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		a := w.invite(t, w.caseA, "")
		b := w.invite(t, w.caseB, "")
		ta, _, _ := w.s.SignInLink(ctx, "ip", token(a.Link))
		tb, _, _ := w.s.SignInLink(ctx, "ip", token(b.Link))
		ha, err := w.s.Home(ctx, w.parent(t, ta))
		if err != nil || len(ha.Goals) != 1 || len(ha.Goals[0].Ratings) != 1 {
			t.Fatalf("parent A's home: %+v, %v", ha, err)
		}
		hb, err := w.s.Home(ctx, w.parent(t, tb))
		if err != nil || len(hb.Goals) != 0 {
			t.Fatalf("parent B sees %d goals (%v)", len(hb.Goals), err)
		}
		if _, err := w.s.OpenQuestionnaire(ctx, w.parent(t, tb), "no-such"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("questionnaire of nobody: %v", err)
		}
		if _, err := w.s.Ask(ctx, w.parent(t, tb), domain.RequestFilm, "film-of-a", ""); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("asking about a film not theirs: %v", err)
		}
		r, err := w.s.Ask(ctx, w.parent(t, ta), domain.RequestData, "", "Please delete our videos.")
		if err != nil {
			t.Fatal(err)
		}
		rs, err := w.s.Requests(ctx, w.guider, w.caseA)
		if err != nil || len(rs) != 1 || rs[0].ID != r.ID || rs[0].Parent != "Ann" {
			t.Fatalf("guider's requests: %+v, %v", rs, err)
		}
		if n, _ := w.s.OpenRequests(ctx, w.guider); n != 1 {
			t.Errorf("open requests on the dashboard: %d", n)
		}
		if _, err := w.s.FinishRequest(ctx, w.guider, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.FinishRequest(ctx, w.guider, r.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("finishing twice: %v", err)
		}
	})
}

// mailbox counts the e-mails the service sends.
type mailbox struct{ got chan string }

func (m mailbox) Send(_ context.Context, to, _, body string) error {
	m.got <- to + "\n" + body
	return nil
}

func TestRequestCodeLimits(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	if err := w.s.RequestCode(ctx, "ip", "ann@example.org"); !errors.Is(err, family.ErrNoMail) {
		t.Errorf("asking without e-mail: %v, want ErrNoMail", err)
	}
	w.s.Mail = mailbox{got: make(chan string, 8)}
	w.s.IPLimiter = auth.NewLimiter(0, 2)
	for i, want := range []error{family.ErrEmailForm, nil, family.ErrTooFast} {
		email := []string{"", "x@example.org", "y@example.org"}[i]
		if err := w.s.RequestCode(ctx, "ip", email); !errors.Is(err, want) {
			t.Errorf("ask %d (%q): %v, want %v", i+1, email, err, want)
		}
	}
	w.s.IPLimiter = auth.NewLimiter(0, 100)
	w.s.AskLimiter = auth.NewLimiter(0, 2)
	for i, want := range []error{nil, nil, family.ErrAskedOften} {
		if err := w.s.RequestCode(ctx, fmt.Sprint("ip", i), "Z@example.org"); !errors.Is(err, want) {
			t.Errorf("ask %d for one address from different connections: %v, want %v", i+1, err, want)
		}
	}
}

// Invitations and new codes are e-mailed in the parent's language.
func TestMailsInParentsLanguage(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	box := mailbox{got: make(chan string, 8)}
	w.s.Mail = box
	if _, err := w.s.Invite(ctx, w.guider, w.caseA, family.InviteInput{Name: "Ola", Email: "ola@example.org", Lang: "pl"}); err != nil {
		t.Fatal(err)
	}
	if err := w.s.RequestCode(ctx, "ip", "ola@example.org"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Twój przewodnik zaprasza Cię", "Twój kod logowania to "} {
		select {
		case msg := <-box.got:
			if !strings.HasPrefix(msg, "ola@example.org\n") || !strings.Contains(msg, want) {
				t.Errorf("e-mail %q: want %q in it", msg, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no e-mail saying %q", want)
		}
	}
}
