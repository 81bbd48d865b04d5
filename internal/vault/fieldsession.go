package vault

import "strings"

// keyStash is where a field session keeps the case keys it has read: its
// own maps for one session (FieldSession), or the key ring's cache under an
// erasure generation (FieldSessionAt).
type keyStash interface {
	ofCase(caseID string) (caseFieldKey, bool)
	ofID(id string) (caseFieldKey, bool)
	keep(caseID string, k caseFieldKey) // caseID "" when read by its id
}

// sessionKeys is one session's own stash.
type sessionKeys struct{ byCase, byID map[string]caseFieldKey }

func (s sessionKeys) ofCase(caseID string) (caseFieldKey, bool) {
	k, ok := s.byCase[caseID]
	return k, ok
}
func (s sessionKeys) ofID(id string) (caseFieldKey, bool) { k, ok := s.byID[id]; return k, ok }
func (s sessionKeys) keep(caseID string, k caseFieldKey) {
	s.byID[k.id] = k
	if caseID != "" {
		s.byCase[caseID] = k
	}
}

// FieldSession returns functions that seal and open fields like
// SealCaseField and OpenField, but read each case key from the folder once
// for their lifetime, which is meant to be one database transaction: a
// page of 50 cases then reads 50 keys, not one per name. An erasure made
// meanwhile takes effect from the next session. They are not safe for use
// by several goroutines at once.
func (kr *KeyRing) FieldSession() (seal func(caseID, purpose, plain string) (string, error), open func(purpose, sealed string) (string, error)) {
	return kr.fieldSession(sessionKeys{byCase: map[string]caseFieldKey{}, byID: map[string]caseFieldKey{}})
}

// fieldSession seals and opens fields with the case keys in st, reading
// from the key folder (and keeping in st) those it lacks.
func (kr *KeyRing) fieldSession(st keyStash) (seal func(caseID, purpose, plain string) (string, error), open func(purpose, sealed string) (string, error)) {
	seal = func(caseID, purpose, plain string) (string, error) {
		if kr.caseKeys() == nil {
			return kr.SealField(purpose, plain)
		}
		k, ok := st.ofCase(caseID)
		if !ok {
			var err error
			if k, err = kr.currentCaseFieldKey(caseID); err != nil {
				return "", err
			}
			st.keep(caseID, k)
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
		k, ok := st.ofID(id)
		if !ok {
			if k, err = kr.caseFieldKeyByID(id); err != nil {
				return "", err
			}
			st.keep("", k)
		}
		return k.open(purpose, raw, idEnd)
	}
	return seal, open
}
