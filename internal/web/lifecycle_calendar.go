package web

import (
	"net/http"

	"github.com/attune-vig/attune/internal/server"
)

type calendarView struct {
	HasFeed bool
	Link    string // shown once, just after it is made
}

// calendar explains the personal calendar feed and offers to make or stop it.
func (ui *UI) calendar(w http.ResponseWriter, r *http.Request) {
	has, err := ui.Lifecycle.HasFeed(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "calendar", View{Title: "Your calendar", Nav: "calendar", Data: calendarView{HasFeed: has}})
}

// newCalendarFeed makes a new secret link (the old one stops working) and
// shows it this once: only its hash is kept.
func (ui *UI) newCalendarFeed(w http.ResponseWriter, r *http.Request) {
	path, err := ui.Lifecycle.NewFeed(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := calendarView{HasFeed: true, Link: ui.publicBase(r) + path}
	ui.render(w, r, http.StatusOK, "calendar", View{Title: "Your calendar", Nav: "calendar", Data: v})
}

func (ui *UI) revokeCalendarFeed(w http.ResponseWriter, r *http.Request) {
	if err := ui.Lifecycle.RevokeFeed(r.Context(), server.IdentityOf(r).Actor()); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/calendar", "Your calendar link is stopped. Calendar apps that used it get nothing more.")
}

// publicBase is attune's address as people reach it.
func (ui *UI) publicBase(r *http.Request) string {
	if ui.PublicURL != "" {
		return ui.PublicURL
	}
	scheme := "https"
	if r.TLS == nil {
		scheme = "http"
	}
	return scheme + "://" + r.Host
}
