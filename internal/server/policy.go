// Package server routes requests: every route declares who may call it, and a
// route without a policy stops the server at start. It also adds the security
// headers, cross-origin protection, metrics and request logs every response gets.
package server

import (
	"github.com/attune-vig/attune/internal/domain"
)

// Policy says who may call a route.
type Policy int

const (
	noPolicy Policy = iota
	// Public routes need no sign-in (sign-in pages, health, static files).
	Public
	// Pending routes need a password-checked session whose second factor may
	// still be due (the code and enrolment pages).
	Pending
	// Staff routes need a fully signed-in account of any role.
	Staff
	// CaseStaff routes need a practitioner or supervisor; the case rules then
	// decide per record.
	CaseStaff
	// Practitioner routes need a practitioner.
	Practitioner
	// Admin routes need an administrator.
	Admin
	// Family routes need a parent's device session (never a staff one); the
	// family service then keeps them to their own case.
	Family
)

var policyNames = map[Policy]string{Public: "public", Pending: "pending", Staff: "staff",
	CaseStaff: "case-staff", Practitioner: "practitioner", Admin: "admin", Family: "family"}

func (p Policy) String() string { return policyNames[p] }

// permits tells whether an identity passes the policy.
func (p Policy) permits(id *Identity) bool {
	switch p {
	case Public:
		return true
	case Pending:
		return id.User != nil
	case Family:
		return id.Family != nil && id.User == nil
	}
	if id.User == nil || (id.Session != nil && !id.Session.MFAPassed) {
		return false
	}
	switch p {
	case Staff:
		return true
	case CaseStaff:
		return id.User.Role == domain.RolePractitioner || id.User.Role == domain.RoleSupervisor
	case Practitioner:
		return id.User.Role == domain.RolePractitioner
	case Admin:
		return id.User.Role == domain.RoleAdmin
	}
	return false
}
