package accounts

import (
	"context"
	"fmt"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Reset is what "Reset access" did with the new one-time link.
type Reset struct {
	Link          string // the link's token, shown once to the administrator; "" when it was e-mailed
	Mailed        bool   // sent to the person's own address
	NeedsApproval bool   // works only once a second administrator approved it
}

// ResetAccess clears an account's password and second factor, ends its
// sessions, revokes its API tokens, requires a second factor again and makes
// a one-time link for the person to set both. With e-mail the link goes to
// the person only. Without, it is shown once to the administrator, the owner
// gets a notice, and where another administrator exists (not the one
// asking, not the account itself) the link works only after their approval.
func (s *Service) ResetAccess(ctx context.Context, a Actor, id string) (Reset, error) {
	var r Reset
	var plain string
	u, err := s.change(ctx, a, id, "user.reset", func(tx *store.Tx, u *domain.User) error {
		if err := s.clearAccess(ctx, tx, u); err != nil {
			return err
		}
		approver, err := s.otherAdmin(ctx, tx, a.ID(), u.ID)
		if err != nil {
			return err
		}
		r.Mailed, r.NeedsApproval = s.Mail != nil, s.Mail == nil && approver
		l := &domain.OneTimeLink{Purpose: domain.LinkReset, UserID: u.ID, RequestedBy: a.ID(), NeedsApproval: r.NeedsApproval}
		if plain, err = s.storeLink(ctx, tx, l); err != nil {
			return err
		}
		return tx.AddNotification(ctx, &domain.Notification{ID: auth.NewID(), UserID: u.ID, Kind: NoticeReset, Text: resetNotice(a, s.Now(), r)})
	})
	if err != nil {
		return Reset{}, err
	}
	if !r.Mailed {
		r.Link = plain
		return r, nil
	}
	return r, s.mailReset(ctx, u, plain, a)
}

// clearAccess takes every way in away from u.
func (s *Service) clearAccess(ctx context.Context, tx *store.Tx, u *domain.User) error {
	u.PasswordHash, u.TOTPSecret, u.TOTPLastStep, u.FailedLogins = "", "", 0, 0
	u.LastFailedAt, u.MFARequired = time.Time{}, true
	for _, f := range []func() error{
		func() error { return tx.DeleteUserSessions(ctx, u.ID) },
		func() error { return tx.DeleteUserAPITokens(ctx, u.ID) },
		func() error { return tx.ReplaceRecoveryCodes(ctx, u.ID, nil) },
		func() error { return tx.DeleteUserLinks(ctx, u.ID, domain.LinkReset) },
	} {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}

// otherAdmin tells whether an active administrator exists other than the
// one asking and the account being reset.
func (s *Service) otherAdmin(ctx context.Context, tx *store.Tx, asking, target string) (bool, error) {
	us, err := tx.Users(ctx)
	for _, u := range us {
		if u.Role == domain.RoleAdmin && u.Active() && u.ID != asking && u.ID != target {
			return true, err
		}
	}
	return false, err
}

func resetNotice(a Actor, at time.Time, r Reset) string {
	how := "The link to choose a new password was shown to that administrator"
	if r.Mailed {
		how = "The link to choose a new password was sent to your e-mail address"
	}
	return fmt.Sprintf("On %s administrator %s reset your access: your password, second factor, sessions and API tokens were cleared. %s. If you did not ask for this, tell your service's data protection lead.",
		at.UTC().Format("2 Jan 2006 15:04 MST"), actorName(a), how)
}

func actorName(a Actor) string {
	if a.User == nil {
		return "(command line)"
	}
	return a.User.Name
}

func (s *Service) mailReset(ctx context.Context, u *domain.User, token string, a Actor) error {
	body := fmt.Sprintf("Hello %s,\n\nAdministrator %s reset your access to attune. Choose a new password, then set up a new second factor, with this one-time link (it works once and expires in %s):\n\n%s/reset/%s\n\nIf you did not ask for this, tell your service's data protection lead.\n",
		u.Name, actorName(a), s.LinkLifetime.Round(time.Hour), s.PublicURL(), token)
	if err := s.Mail.Send(ctx, u.Email, "Your attune access was reset", body); err != nil {
		return domain.Errorf(domain.EUNAVAILABLE, "Access was reset, but the e-mail with the new link could not be sent. Check the e-mail settings, then reset again.")
	}
	return nil
}

// ApproveReset lets a second administrator approve the reset link another
// administrator was shown; until then the link does not work.
func (s *Service) ApproveReset(ctx context.Context, a Actor, userID string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		l, err := tx.PendingUserLink(ctx, userID, domain.LinkReset)
		if store.IsNotFound(err) || (err == nil && !l.NeedsApproval) {
			return domain.Errorf(domain.ENOTFOUND, "There is no reset of this account waiting for approval.")
		} else if err != nil {
			return err
		}
		if l.RequestedBy == a.ID() || userID == a.ID() {
			return domain.Errorf(domain.EFORBIDDEN, "Another administrator must approve this reset, not the one who asked for it nor the account's owner.")
		}
		if err := tx.ApproveLink(ctx, l.Hash, a.ID()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "user.reset.approve", userID, "reset asked by "+l.RequestedBy)
	})
}

// PendingReset is the reset link of an account still unused, if any (for
// its administration page); nil when there is none.
func (s *Service) PendingReset(ctx context.Context, a Actor, userID string) (*domain.OneTimeLink, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	var l *domain.OneTimeLink
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { l, err = tx.PendingUserLink(ctx, userID, domain.LinkReset); return err })
	if store.IsNotFound(err) {
		return nil, nil
	}
	return l, err
}

// NoticeReset is the kind of dashboard message telling an account's owner
// that an administrator reset their access.
const NoticeReset = "access.reset"

// TakeNotices returns the messages about its own access an account has not
// been shown at sign-in yet, and marks them read. They stay on its
// dashboard and account page.
func (s *Service) TakeNotices(ctx context.Context, userID string) ([]string, error) {
	var out []string
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		all, err := tx.Notifications(ctx, userID, 200)
		for _, n := range all {
			if n.Kind == NoticeReset && n.ReadAt == nil {
				out = append([]string{n.Text}, out...) // oldest first
			}
		}
		if err != nil || len(out) == 0 {
			return err
		}
		return tx.MarkNotificationsRead(ctx, userID, NoticeReset)
	})
	return out, err
}

// Notices lists the messages about the signed-in account's own access.
func (s *Service) Notices(ctx context.Context, a Actor) ([]*domain.Notification, error) {
	if a.User == nil {
		return nil, domain.NotFound("account")
	}
	var all, out []*domain.Notification
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { all, err = tx.Notifications(ctx, a.User.ID, 200); return err })
	for _, n := range all {
		if n.Kind == NoticeReset {
			out = append(out, n)
		}
	}
	return out, err
}

// afterReset names, for the audit entry of the session that completes a
// reset (the new second factor), the administrator who reset the account;
// "" when its access was not reset by one. A reset clears the second
// factor and voids older reset links, so the used one is that reset's.
func afterReset(ctx context.Context, tx *store.Tx, userID string) string {
	l, err := tx.UsedUserLink(ctx, userID, domain.LinkReset)
	if err != nil || l.RequestedBy == "" {
		return ""
	}
	return "; first session after " + resetBy(ctx, tx, l)
}
