package family

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// touchEvery limits how often a device's last-seen time is written.
const touchEvery = time.Minute

// startSession makes a device session for a parent who just signed in.
func (s *Service) startSession(ctx context.Context, tx *store.Tx, m *domain.FamilyMember, ip, how string) (string, error) {
	plain, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	now := s.now()
	sess := &domain.FamilySession{IDHash: hash, MemberID: m.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.SessionLifetime), UnlockedAt: now, Lang: m.Lang, IP: ip}
	if err := tx.CreateFamilySession(ctx, sess); err != nil {
		return "", err
	}
	if m.Failed != 0 {
		m.Failed = 0
		if err := tx.UpdateFamilyMember(ctx, m); err != nil {
			return "", err
		}
	}
	return plain, tx.Audit(ctx, domain.AuditEntry{ActorID: "family:" + m.ID, Action: "family.signin", ObjectType: "family_member",
		ObjectID: m.ID, CaseID: m.CaseID, IP: ip, Detail: how})
}

var errSignedOut = domain.Errorf(domain.EUNAUTHORIZED, "You have been signed out. Sign in again with a new code from your guider.")

// AuthenticateFamily finds the live device session for a cookie token. A
// session past its end, or of a parent whose access ended, is deleted and
// refused. With PINs on, a device unused for PINIdle is locked until the
// PIN is entered.
func (s *Service) AuthenticateFamily(ctx context.Context, token string) (*domain.FamilyMember, *domain.FamilySession, error) {
	hash := auth.HashToken(token)
	var m *domain.FamilyMember
	var sess *domain.FamilySession
	pinOn := false
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if sess, m, err = tx.FamilySessionWithMember(ctx, hash); err != nil {
			return err
		}
		pinOn, err = pinEnabled(ctx, tx)
		return err
	})
	if store.IsNotFound(err) {
		return nil, nil, errSignedOut
	} else if err != nil {
		return nil, nil, err
	}
	now := s.now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.IdleEnd || !m.Active() {
		_ = s.DB.Update(ctx, func(tx *store.Tx) error { return tx.DeleteFamilySession(ctx, hash) })
		return nil, nil, errSignedOut
	}
	if pinOn && m.PINHash == "" {
		sess.MustChoosePIN = true
	}
	if pinOn && m.PINHash != "" && (sess.UnlockedAt.IsZero() || now.Sub(sess.LastSeenAt) > s.PINIdle) {
		sess.Locked = true
		if !sess.UnlockedAt.IsZero() {
			_ = s.DB.Update(ctx, func(tx *store.Tx) error { return tx.LockFamilySession(ctx, hash) })
		}
		return m, sess, nil
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		sess.LastSeenAt = now
		_ = s.DB.Update(ctx, func(tx *store.Tx) error { return tx.TouchFamilySession(ctx, hash, now) })
	}
	return m, sess, nil
}

// SignOut ends this device's session.
func (s *Service) SignOut(ctx context.Context, p *Parent) error {
	if p == nil || p.Session == nil {
		return errNoParent
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteFamilySession(ctx, p.Session.IDHash); err != nil {
			return err
		}
		return tx.Audit(ctx, p.entry("family.signout", "family_member", p.Member.ID, ""))
	})
}

// SignOutEverywhere ends every device session of this parent.
func (s *Service) SignOutEverywhere(ctx context.Context, p *Parent) error {
	if p == nil || p.Session == nil {
		return errNoParent
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteMemberFamilySessions(ctx, p.Member.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, p.entry("family.signout_all", "family_member", p.Member.ID, ""))
	})
}

// SetLang remembers the language a parent picked, on this device and as theirs.
func (s *Service) SetLang(ctx context.Context, p *Parent, lang string) error {
	if p == nil || p.Session == nil {
		return errNoParent
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetFamilySessionLang(ctx, p.Session.IDHash, lang); err != nil {
			return err
		}
		m, err := tx.FamilyMemberByID(ctx, p.Member.ID)
		if err != nil {
			return err
		}
		m.Lang = lang
		return tx.UpdateFamilyMember(ctx, m)
	})
}

// SweepSessions deletes device sessions that have ended.
func (s *Service) SweepSessions(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		n, err = tx.DeleteExpiredFamilySessions(ctx)
		return err
	})
	return n, err
}
