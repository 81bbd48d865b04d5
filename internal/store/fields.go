package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// FieldSealer encrypts short sensitive text with the key ring (the vault's
// KeyRing), so a copied database file alone does not reveal names, notes or
// the family's words. A case's text is sealed with the case's own records
// key (SealCaseField), destroyed when the case is erased, so it is
// unreadable in old backups too. Without a sealer (tests of the store
// alone) text is kept as it is.
type FieldSealer interface {
	SealField(purpose, plain string) (string, error)
	SealCaseField(caseID, purpose, plain string) (string, error)
	OpenField(purpose, sealed string) (string, error)
	BlindIndex(purpose, value string) string
}

// Purposes of the sealed columns: a value copied into another column fails
// to open. Every sealed column is listed in columnRules (sealed_columns.go).
const (
	fieldFocus       = "case.focus"
	fieldName        = "participant.name"
	fieldNote        = "note.body"
	fieldGivenBy     = "consent.given_by"
	fieldSignature   = "consent.signature"
	fieldParentWords = "cycle.parent_words"
	fieldNextSteps   = "cycle.next_steps"

	fieldRelation        = "participant.relation"
	fieldBirthDate       = "participant.birth_date"
	fieldHelpingQuestion = "goal.helping_question"
	fieldAnnotationNote  = "annotation.note"
	fieldClipTitle       = "clip.title"
	fieldClipCaption     = "clip.caption"
	fieldStillCaption    = "still.caption"
	fieldFilename        = "recording.filename"
	fieldFilmTitle       = "film.title"
	fieldFilmNextSteps   = "film.next_steps"
	fieldTitleCard       = "film_item.text"
	fieldItemCaption     = "film_item.caption"
	fieldFilmWords       = "film_words.words"
	fieldComment         = "frame_comment.body"
	fieldShareNote       = "material_share.note"
	fieldMemberName      = "family_member.name"
	fieldMemberEmail     = "family_member.email"
	fieldRequestNote     = "family_request.note"
	fieldAnswer          = "q_answer.value"
	fieldScore           = "q_assignment.score"
	fieldLearningPoints  = "supervision_session.learning_points"
	fieldReflection      = "reflective_statement.body"
)

// sealedPrefixes mark a sealed value (vault's field formats v1 and v2).
var sealedPrefixes = []string{"v1.", "v2."}

func isSealed(v string) bool {
	for _, p := range sealedPrefixes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// SealFields makes the database encrypt sensitive text from now on. Text
// written before stays readable as it is.
func (db *DB) SealFields(s FieldSealer) { db.fields = s }

// sealText encrypts one value for its column.
func (tx *Tx) sealText(purpose, plain string) (string, error) {
	if tx.fields == nil || plain == "" {
		return plain, nil
	}
	return tx.fields.SealField(purpose, plain)
}

// sealCaseText encrypts one value of a case with the case's records key;
// with no case id it is sealText.
func (tx *Tx) sealCaseText(caseID, purpose, plain string) (string, error) {
	if tx.fields == nil || plain == "" || caseID == "" {
		return tx.sealText(purpose, plain)
	}
	if seal, _ := tx.fieldSession(); seal != nil {
		return seal(caseID, purpose, plain)
	}
	return tx.fields.SealCaseField(caseID, purpose, plain)
}

// fieldSessions is a sealer that reads each case key once per session
// (vault's KeyRing.FieldSession); the store opens one per transaction.
type fieldSessions interface {
	FieldSession() (seal func(caseID, purpose, plain string) (string, error), open func(purpose, sealed string) (string, error))
}

// cachedFieldSessions is a sealer that keeps case keys across sessions of
// one erasure generation (vault's KeyRing.FieldSessionAt).
type cachedFieldSessions interface {
	FieldSessionAt(gen int64) (seal func(caseID, purpose, plain string) (string, error), open func(purpose, sealed string) (string, error))
}

// fieldSession is the transaction's session, begun on first use; nil
// functions when the sealer has no sessions. With a sealer that keeps keys
// the session is of the erasure generation read when the transaction began
// (beginFields): a key kept from before an erasure committed anywhere is
// not used.
func (tx *Tx) fieldSession() (func(caseID, purpose, plain string) (string, error), func(purpose, sealed string) (string, error)) {
	if tx.sessionSeal != nil {
		return tx.sessionSeal, tx.sessionOpen
	}
	if fs, ok := tx.fields.(cachedFieldSessions); ok && tx.keyGen >= 0 {
		tx.sessionSeal, tx.sessionOpen = fs.FieldSessionAt(tx.keyGen)
	} else if fs, ok := tx.fields.(fieldSessions); ok {
		tx.sessionSeal, tx.sessionOpen = fs.FieldSession()
	}
	return tx.sessionSeal, tx.sessionOpen
}

// beginFields reads the erasure generation as the transaction's first
// statement, when the sealer keeps keys: a session may begin while a query's
// rows are still open, and PostgreSQL takes no other statement on the
// connection then. Unreadable (a database from before migration 00042 being
// restored), the transaction's session keeps nothing (keyGen -1).
func (tx *Tx) beginFields(ctx context.Context) {
	tx.keyGen = -1
	if _, ok := tx.fields.(cachedFieldSessions); !ok {
		return
	}
	if gen, err := tx.keyGeneration(ctx); err == nil {
		tx.keyGen = gen
	}
}

// openField opens one sealed value, through the transaction's session when there is one.
func (tx *Tx) openField(purpose, sealed string) (string, error) {
	if _, open := tx.fieldSession(); open != nil {
		return open(purpose, sealed)
	}
	return tx.fields.OpenField(purpose, sealed)
}

// openText decrypts values in place. A value that is not sealed (written
// before sealing began, or by a store without a sealer) is left as it is.
func (tx *Tx) openText(purpose string, vs ...*string) error {
	for _, v := range vs {
		if tx.fields == nil || !isSealed(*v) {
			continue
		}
		plain, err := tx.openField(purpose, *v)
		if err != nil && strings.Contains(err.Error(), "malformed") {
			continue // plain text that happens to start like a sealed value
		}
		if err != nil {
			return err
		}
		*v = plain
	}
	return nil
}

// blindIndex is the keyed index a sealed value is looked up by; without a
// sealer (nothing sealed) it is the value itself.
func (tx *Tx) blindIndex(purpose, value string) string {
	if tx.fields == nil || value == "" {
		return value
	}
	return tx.fields.BlindIndex(purpose, value)
}

func (tx *Tx) openConsent(c *domain.Consent) error {
	if err := tx.openText(fieldGivenBy, &c.GivenBy); err != nil {
		return err
	}
	return tx.openText(fieldSignature, &c.Signature)
}

func (tx *Tx) sealCycle(c *domain.Cycle) (words, next string, err error) {
	if words, err = tx.sealCaseText(c.CaseID, fieldParentWords, c.ParentWords); err != nil {
		return "", "", err
	}
	next, err = tx.sealCaseText(c.CaseID, fieldNextSteps, c.NextSteps)
	return words, next, err
}

func (tx *Tx) openCycle(c *domain.Cycle) error {
	if err := tx.openText(fieldParentWords, &c.ParentWords); err != nil {
		return err
	}
	return tx.openText(fieldNextSteps, &c.NextSteps)
}

// sealEach seals pairs of purpose and plain text of one case and returns the
// sealed values in order.
func (tx *Tx) sealEach(caseID string, pairs ...string) ([]string, error) {
	out := make([]string, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		v, err := tx.sealCaseText(caseID, pairs[i], pairs[i+1])
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// caseOf finds the case a row belongs to through one query (q takes one id);
// the answer is kept for the rest of the transaction.
func (tx *Tx) caseOf(ctx context.Context, q, id string) (string, error) {
	if tx.fields == nil {
		return "", nil // nothing is sealed, no case needed
	}
	key := q + "\x00" + id
	if c, ok := tx.cases[key]; ok {
		return c, nil
	}
	var caseID string
	if err := tx.queryRow(ctx, q, id).Scan(&caseID); err != nil {
		return "", fmt.Errorf("find the case to seal with: %w", err)
	}
	if tx.cases == nil {
		tx.cases = map[string]string{}
	}
	tx.cases[key] = caseID
	return caseID, nil
}

const (
	caseOfRecording  = `SELECT case_id FROM recordings WHERE id = ?`
	caseOfFilm       = `SELECT case_id FROM films WHERE id = ?`
	caseOfShare      = `SELECT case_id FROM material_shares WHERE id = ?`
	caseOfAssignment = `SELECT case_id FROM q_assignments WHERE id = ?`
)

// openEach opens pairs of purpose and value in place.
func (tx *Tx) openEach(pairs ...any) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := tx.openText(pairs[i].(string), pairs[i+1].(*string)); err != nil {
			return err
		}
	}
	return nil
}
