// Package casework holds the rules for cases: who may see and change them, what
// a valid case looks like, and what comes next in the work.
package casework

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Service is the case rules over a database.
type Service struct{ DB *store.DB }

// What a caller wants to do to a case (or to what belongs to it).
const (
	WantView  = "view"
	WantEdit  = "edit"
	WantOwner = "owner"
)

// allowed decides, in one place, what each kind of access permits.
func allowed(u *domain.User, access domain.Access, want string) bool {
	if u == nil || !u.Active() || u.Role == domain.RoleAdmin {
		return false
	}
	switch access {
	case domain.AccessOwner:
		return true
	case domain.AccessShared:
		return want == WantView || (want == WantEdit && u.Role == domain.RolePractitioner)
	}
	return false
}

// Authorize checks, inside a transaction, that the caller may do what they
// want to a case. A case the caller may not see answers exactly like one that
// does not exist. Everything that belongs to a case (recordings, films, notes)
// is authorized through here.
func Authorize(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID, want string) error {
	if a.User == nil {
		return domain.NotFound("case")
	}
	access, err := tx.CaseAccess(ctx, a.User.ID, caseID)
	if err != nil {
		return err
	}
	if access == domain.AccessNone && a.User.Role == domain.RoleAdmin {
		return breakGlass(ctx, tx, a, caseID, want) // emergency access (breakglass.go)
	}
	if access == domain.AccessNone || !allowed(a.User, access, WantView) {
		return domain.NotFound("case")
	}
	if !allowed(a.User, access, want) {
		return domain.Errorf(domain.EFORBIDDEN, "You can look at this case but not change it. Ask the practitioner who owns it.")
	}
	return nil
}

func audit(ctx context.Context, tx *store.Tx, a accounts.Actor, action, caseID, detail string) error {
	return tx.Audit(ctx, entry(a, action, caseID, detail))
}

func entry(a accounts.Actor, action, caseID, detail string) domain.AuditEntry {
	return domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: "case", ObjectID: caseID,
		CaseID: caseID, IP: a.IP, Detail: detail}
}
