package web

import (
	"github.com/attune-vig/attune/internal/casework"
	"math"
	"net/http"
	"sort"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/store"
)

type caseloadView struct {
	Cases  []*domain.Case
	Status string
	// Reference is what the person searched the references for ("" for none).
	Reference string
	Next      string
	Me        *domain.User
	// Notices are messages for the person (emergency access to their cases).
	Notices []*domain.Notification
}

// home is the caseload for practitioners and supervisors, the accounts page
// for administrators.
func (ui *UI) home(w http.ResponseWriter, r *http.Request) {
	id := server.IdentityOf(r)
	if id.User.Role == domain.RoleAdmin {
		http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
		return
	}
	status := r.URL.Query().Get("status")
	switch status {
	case "all":
	case domain.CaseClosed:
	default:
		status = domain.CaseOpen
	}
	q := store.CaseloadQuery{Status: status, After: r.URL.Query().Get("after"), Limit: casework.CaseloadPage,
		Reference: strings.TrimSpace(r.URL.Query().Get("reference"))}
	if status == "all" {
		q.Status = ""
	}
	cases, next, err := ui.Cases.Caseload(r.Context(), id.Actor(), q)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	sortByNeed(cases)
	v := caseloadView{Cases: cases, Status: status, Reference: q.Reference, Next: next, Me: id.User}
	v.Notices, _ = ui.BreakGlass.Notifications(r.Context(), id.Actor()) // a message that fails to load must not hide the caseload
	ui.render(w, r, http.StatusOK, "caseload", View{Title: "Your caseload", Nav: "caseload", Data: v})
}

// sortByNeed puts open cases first, those with the soonest session ahead
// first among them (a film to edit before Thursday's review), then those
// still missing people or a focus, then the rest as they came (most
// recently changed first).
func sortByNeed(cases []*domain.Case) {
	rank := func(c *domain.Case) int {
		switch {
		case c.Status == domain.CaseClosed:
			return 9
		case c.Focus == "" || len(c.Participants) == 0:
			return 1
		}
		return 2
	}
	soon := func(c *domain.Case) int64 {
		if c.Status == domain.CaseOpen && c.Progress != nil && c.Progress.NextSession != nil {
			return c.Progress.NextSession.StartsAt.UnixMilli()
		}
		return math.MaxInt64
	}
	sort.SliceStable(cases, func(i, j int) bool {
		if a, b := soon(cases[i]), soon(cases[j]); a != b {
			return a < b
		}
		return rank(cases[i]) < rank(cases[j])
	})
}
