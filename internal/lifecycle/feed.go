package lifecycle

import (
	"context"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// FeedPath is where a calendar feed is served: FeedPath + token + ".ics".
const FeedPath = "/ical/"

// NewFeed makes (or replaces) the caller's personal calendar feed and returns
// its path, secret included. Only the token's hash is stored, so the path is
// shown once; a new feed revokes the old one.
func (s *Service) NewFeed(ctx context.Context, a accounts.Actor) (string, error) {
	if a.User == nil {
		return "", domain.Errorf(domain.EUNAUTHORIZED, "Sign in first.")
	}
	plain, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetCalendarFeed(ctx, a.ID(), hash); err != nil {
			return err
		}
		return audit(ctx, tx, a, "calendar.feed.create", "user", a.ID(), "", "")
	})
	return FeedPath + plain + ".ics", err
}

// RevokeFeed ends the caller's calendar feed.
func (s *Service) RevokeFeed(ctx context.Context, a accounts.Actor) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteCalendarFeed(ctx, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "calendar.feed.revoke", "user", a.ID(), "", "")
	})
}

// HasFeed tells whether the caller has a calendar feed.
func (s *Service) HasFeed(ctx context.Context, a accounts.Actor) (bool, error) {
	var ok bool
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		ok, err = tx.HasCalendarFeed(ctx, a.ID())
		return err
	})
	return ok, err
}

// Feed renders the calendar of the feed's owner: sessions on their open
// cases from 90 days ago on. An unknown token, or a disabled account, is not found.
func (s *Service) Feed(ctx context.Context, file string) ([]byte, error) {
	token, ok := strings.CutSuffix(file, ".ics")
	if !ok || token == "" {
		return nil, domain.NotFound("calendar")
	}
	var out []byte
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		userID, err := tx.CalendarFeedUser(ctx, auth.HashToken(token))
		if store.IsNotFound(err) {
			return domain.NotFound("calendar")
		} else if err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, userID)
		if err != nil || !u.Active() {
			return domain.NotFound("calendar")
		}
		ms, err := tx.OwnerSessionsSince(ctx, userID, tx.Now().Add(-90*24*time.Hour).UnixMilli())
		if err != nil {
			return err
		}
		out = ICalendar(ms, tx.Now())
		return tx.Audit(ctx, domain.AuditEntry{ActorID: userID, Action: "calendar.feed.read", ObjectType: "user", ObjectID: userID})
	})
	return out, err
}
