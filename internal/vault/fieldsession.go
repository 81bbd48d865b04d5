package vault

import "strings"

// FieldSession returns functions that seal and open fields like
// SealCaseField and OpenField, but read each case key from the folder once
// for their lifetime, which is meant to be one database transaction: a
// page of 50 cases then reads 50 keys, not one per name. An erasure made
// meanwhile takes effect from the next session. They are not safe for use
// by several goroutines at once.
func (kr *KeyRing) FieldSession() (seal func(caseID, purpose, plain string) (string, error), open func(purpose, sealed string) (string, error)) {
	byCase, byID := map[string]caseFieldKey{}, map[string]caseFieldKey{}
	seal = func(caseID, purpose, plain string) (string, error) {
		if kr.caseKeys() == nil {
			return kr.SealField(purpose, plain)
		}
		k, ok := byCase[caseID]
		if !ok {
			var err error
			if k, err = kr.currentCaseFieldKey(caseID); err != nil {
				return "", err
			}
			byCase[caseID], byID[k.id] = k, k
		}
		return k.seal(purpose, plain), nil
	}
	open = func(purpose, sealed string) (string, error) {
		if !strings.HasPrefix(sealed, caseFieldPrefix) {
			return kr.OpenField(purpose, sealed)
		}
		id, raw, idEnd, err := parseCaseField(sealed)
		if err != nil {
			return "", err
		}
		k, ok := byID[id]
		if !ok {
			if k, err = kr.caseFieldKeyByID(id); err != nil {
				return "", err
			}
			byID[id] = k
		}
		return k.open(purpose, raw, idEnd)
	}
	return seal, open
}
