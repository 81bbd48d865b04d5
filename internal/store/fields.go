package store

import (
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
}

// Purposes of the sealed columns: a value copied into another column fails to open.
const (
	fieldFocus       = "case.focus"
	fieldName        = "participant.name"
	fieldNote        = "note.body"
	fieldGivenBy     = "consent.given_by"
	fieldSignature   = "consent.signature"
	fieldParentWords = "cycle.parent_words"
	fieldNextSteps   = "cycle.next_steps"
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
	return tx.fields.SealCaseField(caseID, purpose, plain)
}

// openText decrypts values in place. A value that is not sealed (written
// before sealing began, or by a store without a sealer) is left as it is.
func (tx *Tx) openText(purpose string, vs ...*string) error {
	for _, v := range vs {
		if tx.fields == nil || !isSealed(*v) {
			continue
		}
		plain, err := tx.fields.OpenField(purpose, *v)
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
