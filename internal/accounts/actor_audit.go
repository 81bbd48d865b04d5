package accounts

import "github.com/attune-vig/attune/internal/domain"

// Entry is an audit entry of something the actor did: ids and a short
// detail, never content.
func (a Actor) Entry(action, objType, objID, caseID, detail string) domain.AuditEntry {
	return domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: objType, ObjectID: objID,
		CaseID: caseID, IP: a.IP, Detail: detail}
}
