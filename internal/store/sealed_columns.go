package store

import (
	"slices"
	"strings"
)

// Every text or blob column of the schema is either sealed (its value is
// encrypted with the case's records key, or the master key when the row
// belongs to no case) or allowed in the clear for a stated reason. A test
// (TestEveryTextColumnIsSealedOrAllowed) walks both databases' schema and
// fails on a column that is in neither list, so a new column of family text
// cannot be added without deciding. To add a column: a sealed(purpose) entry
// (and its table in sealedTables) or a inClear(reason) entry.

// columnRule is how one column keeps what it holds.
type columnRule struct {
	purpose string // sealed with this purpose; "" when in the clear
	reason  string // why it may stay in the clear
}

func sealed(purpose string) columnRule { return columnRule{purpose: purpose} }
func inClear(reason string) columnRule { return columnRule{reason: reason} }

// Reasons shared by several columns.
const (
	whyEnum     = "one of a fixed set of values (a state or kind)"
	whyDate     = "a calendar date"
	whyError    = "an error message written by attune, never the user's text"
	whyStaff    = "a staff account's own detail, not a family's"
	whyService  = "the service's own configuration, not a case's"
	whyTraining = "a trainee's accreditation record (stages, reviewers, outcomes), no family content"
	whyAudit    = "the audit trail: actions, ids, hashes and addresses; never case content (audit package rule)"
	whySecurity = "a network address kept for security while the session lives"
	whyVault    = "already sealed by the vault or auth (wrapped key, TOTP secret)"
	whyFile     = "a file's content type or checksum, made by attune"
)

// columnRules lists the sealed columns with their purpose, and the columns
// allowed in the clear with a reason. Columns named id, *_id, *_hash, *_by
// and *_key are ids, hashes, user references or storage/wrapped keys
// (defaultRule) and need no entry.
var columnRules = map[string]columnRule{
	// Sealed with the case's records key.
	"cases.focus":                          sealed(fieldFocus),
	"participants.name":                    sealed(fieldName),
	"participants.relation":                sealed(fieldRelation),
	"participants.birth_date":              sealed(fieldBirthDate),
	"case_notes.body":                      sealed(fieldNote),
	"consents.given_by":                    sealed(fieldGivenBy),
	"consents.signature":                   sealed(fieldSignature),
	"cycles.parent_words":                  sealed(fieldParentWords),
	"cycles.next_steps":                    sealed(fieldNextSteps),
	"goals.helping_question":               sealed(fieldHelpingQuestion),
	"annotations.note":                     sealed(fieldAnnotationNote),
	"clips.title":                          sealed(fieldClipTitle),
	"clips.caption":                        sealed(fieldClipCaption),
	"stills.caption":                       sealed(fieldStillCaption),
	"moment_analyses.timeline":             sealed(fieldMomentTimeline),
	"recordings.filename":                  sealed(fieldFilename),
	"films.title":                          sealed(fieldFilmTitle),
	"films.next_steps":                     sealed(fieldFilmNextSteps),
	"film_items.text":                      sealed(fieldTitleCard),
	"film_items.caption":                   sealed(fieldItemCaption),
	"film_words.words":                     sealed(fieldFilmWords),
	"frame_comments.body":                  sealed(fieldComment),
	"material_shares.note":                 sealed(fieldShareNote),
	"family_members.name":                  sealed(fieldMemberName),
	"family_members.email":                 sealed(fieldMemberEmail),
	"family_requests.note":                 sealed(fieldRequestNote),
	"q_answers.value":                      sealed(fieldAnswer),
	"q_alerts.action":                      sealed(fieldAlertAction),
	"q_assignments.score":                  sealed(fieldScore),
	"supervision_sessions.learning_points": sealed(fieldLearningPoints), // master key: no case
	"reflective_statements.body":           sealed(fieldReflection),     // master key: no case

	// In the clear, each for its reason.
	"family_members.email_index":      inClear("keyed blind index (HMAC, vault) of the e-mail, for sign-in; reveals nothing without the master key"),
	"cases.reference":                 inClear("the service's own reference for the work (the form asks for that, not a name); sorts the caseload and finds a case"),
	"annotations.code":                inClear("a code of the coding scheme"),
	"clip_codes.code":                 inClear("a code of the coding scheme"),
	"codings.source":                  inClear(whyEnum),
	"codings.coder_label":             inClear("the name of a research coder whose work was imported: a colleague's name, no family content"),
	"consents.purposes":               inClear("which of the fixed consent purposes were given"),
	"consents.wording_version":        inClear("the version of the consent wording"),
	"case_notes.kind":                 inClear(whyEnum),
	"case_sessions.place":             inClear(whyEnum + " (home, clinic or video call)"),
	"case_sessions.attendance":        inClear(whyEnum),
	"case_stages.stage":               inClear(whyEnum),
	"cycles.status_source":            inClear(whyEnum + " (what set the cycle's status)"),
	"participants.role":               inClear(whyEnum),
	"goal_ratings.point":              inClear(whyEnum),
	"q_assignments.point":             inClear(whyEnum),
	"q_assignments.band":              inClear("the scored band's label from the questionnaire's definition"),
	"q_assignments.language":          inClear("a language code"),
	"one_time_links.purpose":          inClear(whyEnum),
	"supervision_sessions.mode":       inClear(whyEnum),
	"supervision_sessions.held_on":    inClear(whyDate),
	"supervision_session_items.kind":  inClear(whyEnum),
	"films.format":                    inClear(whyEnum),
	"films.released_file":             inClear("the id of the released file"),
	"films.error":                     inClear(whyError),
	"recordings.error":                inClear(whyError),
	"stills.error":                    inClear(whyError),
	"moment_analyses.error":           inClear(whyError),
	"moment_suggestions.state":        inClear(whyEnum),
	"clip_exports.error":              inClear(whyError),
	"stored_files.content_type":       inClear(whyFile),
	"family_media.content_type":       inClear(whyFile),
	"upload_parts.sha256":             inClear(whyFile),
	"family_media.name":               inClear("the service's own portal media (no case)"),
	"family_members.lang":             inClear("a language code"),
	"family_sessions.lang":            inClear("a language code"),
	"family_sessions.ip":              inClear(whySecurity),
	"sessions.ip":                     inClear(whySecurity),
	"sessions.enrol_secret":           inClear(whyVault),
	"users.totp_secret":               inClear(whyVault),
	"users.email":                     inClear(whyStaff),
	"users.name":                      inClear(whyStaff),
	"users.role":                      inClear(whyStaff),
	"users.sso_subject":               inClear(whyStaff),
	"api_tokens.label":                inClear(whyStaff),
	"audit_head.mac":                  inClear(whyAudit),
	"q_answers.writer":                inClear("a random id of the browser tab that last saved the answer (two-tab check), made by the page"),
	"accreditation_meetings.held_on":  inClear(whyDate),
	"accreditation_meetings.reviewer": inClear(whyTraining),
	"accreditation_meetings.outcome":  inClear(whyTraining),
	"accreditation_stages.name":       inClear(whyTraining),
	"audit_log.action":                inClear(whyAudit),
	"audit_log.object_type":           inClear(whyAudit),
	"audit_log.ip":                    inClear(whyAudit),
	"audit_log.detail":                inClear(whyAudit),
	"audit_anchors.signature":         inClear(whyAudit),
	"audit_queue.action":              inClear(whyAudit),
	"audit_queue.object_type":         inClear(whyAudit),
	"audit_queue.ip":                  inClear(whyAudit),
	"audit_queue.detail":              inClear(whyAudit),
	"break_glass.reason":              inClear("why staff used emergency access; kept for its review, after the case too"),
	"legal_holds.reason":              inClear("the administrator's legal ground for a hold, kept for accountability"),
	"notifications.text":              inClear("a notice to staff written by attune (who used emergency access), no family content"),
	"rate_buckets.key":                inClear("a rate limit's bucket name (route and account or address)"),
	"family_locales.lang":             inClear(whyService),
	"family_locales.name":             inClear(whyService),
	"family_locales.catalogue":        inClear(whyService),
	"instruments.key":                 inClear(whyService),
	"instruments.name":                inClear(whyService),
	"instruments.source":              inClear(whyService),
	"instruments.definition":          inClear(whyService),
	"schemes.name":                    inClear(whyService),
	"schemes.codes":                   inClear(whyService),
	"service_settings.value":          inClear(whyService),
	"sealed_columns.name":             inClear("the name of a column whose old values were sealed in place"),
	"retention_rules.dp_contact":      inClear(whyService),
}

// defaultRule covers columns that by their name hold no content.
func defaultRule(column string) (columnRule, bool) {
	switch {
	case column == "id" || strings.HasSuffix(column, "_id"):
		return inClear("an id made by attune, or a reference to one"), true
	case column == "hash" || strings.HasSuffix(column, "_hash"):
		return inClear("a one-way hash"), true
	case strings.HasSuffix(column, "_by"):
		return inClear("the id of the user who did it"), true
	case column == "key" || strings.HasSuffix(column, "_key"):
		return inClear("a random storage key, a setting's name or a key wrapped by the vault"), true
	case column == "status" || column == "kind":
		return inClear(whyEnum), true
	}
	return columnRule{}, false
}

// ColumnRule tells how a text or blob column keeps its values: the purpose
// it is sealed with, or the reason it may stay in the clear; ok false when
// the column is in neither list (a new column nobody decided about).
func ColumnRule(table, column string) (purpose, reason string, ok bool) {
	r, ok := columnRules[table+"."+column]
	if !ok && strings.HasPrefix(table, "river_") {
		r, ok = inClear("the job queue (River, on PostgreSQL in the same database): job kinds, queues and ids in the arguments, never case content"), true
	}
	if !ok {
		r, ok = defaultRule(column)
	}
	return r.purpose, r.reason, ok
}

// sealedTable says how the in-place sealing (seal_existing.go) finds a row
// of a table with sealed columns, and the case whose key seals it.
type sealedTable struct {
	key    []string // the primary key's columns
	caseOf string   // SQL for the row's case id (table alias t); "" seals with the master key
}

const (
	viaRecording  = `(SELECT r.case_id FROM recordings r WHERE r.id = t.recording_id)`
	viaFilm       = `(SELECT f.case_id FROM films f WHERE f.id = t.film_id)`
	viaShare      = `(SELECT m.case_id FROM material_shares m WHERE m.id = t.share_id)`
	viaAssignment = `(SELECT a.case_id FROM q_assignments a WHERE a.id = t.assignment_id)`
)

var sealedTables = map[string]sealedTable{
	"cases":                 {key: []string{"id"}, caseOf: "t.id"},
	"participants":          {key: []string{"id"}, caseOf: "t.case_id"},
	"case_notes":            {key: []string{"case_id", "kind"}, caseOf: "t.case_id"},
	"consents":              {key: []string{"id"}, caseOf: "t.case_id"},
	"cycles":                {key: []string{"id"}, caseOf: "t.case_id"},
	"goals":                 {key: []string{"id"}, caseOf: "t.case_id"},
	"annotations":           {key: []string{"id"}, caseOf: viaRecording},
	"clips":                 {key: []string{"id"}, caseOf: viaRecording},
	"stills":                {key: []string{"id"}, caseOf: viaRecording},
	"recordings":            {key: []string{"id"}, caseOf: "t.case_id"},
	"moment_analyses":       {key: []string{"recording_id"}, caseOf: "t.case_id"},
	"films":                 {key: []string{"id"}, caseOf: "t.case_id"},
	"film_items":            {key: []string{"film_id", "id"}, caseOf: viaFilm},
	"film_words":            {key: []string{"film_id", "item_id"}, caseOf: viaFilm},
	"frame_comments":        {key: []string{"id"}, caseOf: viaShare},
	"material_shares":       {key: []string{"id"}, caseOf: "t.case_id"},
	"family_members":        {key: []string{"id"}, caseOf: "t.case_id"},
	"family_requests":       {key: []string{"id"}, caseOf: "t.case_id"},
	"q_answers":             {key: []string{"assignment_id", "link_id"}, caseOf: viaAssignment},
	"q_alerts":              {key: []string{"id"}, caseOf: "t.case_id"},
	"q_assignments":         {key: []string{"id"}, caseOf: "t.case_id"},
	"supervision_sessions":  {key: []string{"id"}},
	"reflective_statements": {key: []string{"trainee_id"}},
}

// sealedColumn is one sealed column with its table's rule.
type sealedColumn struct {
	table, column, purpose string
	sealedTable
}

// sealedColumnList lists the sealed columns in a fixed order.
func sealedColumnList() []sealedColumn {
	var out []sealedColumn
	for name, r := range columnRules {
		if r.purpose == "" {
			continue
		}
		table, column, _ := strings.Cut(name, ".")
		out = append(out, sealedColumn{table: table, column: column, purpose: r.purpose, sealedTable: sealedTables[table]})
	}
	slices.SortFunc(out, func(a, b sealedColumn) int {
		return strings.Compare(a.table+"."+a.column, b.table+"."+b.column)
	})
	return out
}

// SealedColumnNames lists the sealed columns as table.column.
func SealedColumnNames() []string {
	var out []string
	for _, c := range sealedColumnList() {
		out = append(out, c.table+"."+c.column)
	}
	return out
}
