package web

import "github.com/attune-vig/attune/internal/server"

// registerQuestionnaires adds the outcome measures' pages: the parent's
// link, the guider's outcomes on a case, the administrator's library and
// service report.
func (ui *UI) registerQuestionnaires(s *server.Server) {
	ui.registerQuestionnaireParent(s)
	ui.registerQuestionnaireStaff(s)
	ui.registerQuestionnaireAdmin(s)
	ui.registerQuestionnaireResponse(s)
}
