package vault

import (
	"strings"
	"sync"
)

// fieldKeyCache keeps case records keys ready to open fields with, across
// transactions, so a caseload page opens 200 names without reading 100 key
// files. An erasure must still take hold on every server at once, so each
// key is kept with the erasure generation it was read under (a number the
// database counts up with every erasure, read once per transaction), and is
// used only by a session of that same generation: a session that sees a
// newer count reads the key file again and finds it destroyed.
type fieldKeyCache struct {
	mu     sync.Mutex
	byID   map[string]cachedFieldKey // case key id → key
	byCase map[string]cachedFieldKey // case id → its live records key
}

type cachedFieldKey struct {
	key caseFieldKey
	gen int64
}

// fieldKeyCacheMax bounds the cache; past it the cache starts again empty
// (a case key is a few hundred bytes: this is well under 100 MB).
const fieldKeyCacheMax = 100_000

// get finds a key by case id (byCase) or by key id, if read under gen.
// The maps are chosen under the lock: put may replace them.
func (c *fieldKeyCache) get(byCase bool, k string, gen int64) (caseFieldKey, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.byID
	if byCase {
		m = c.byCase
	}
	e, ok := m[k]
	if !ok || e.gen != gen {
		return caseFieldKey{}, false
	}
	return e.key, true
}

func (c *fieldKeyCache) put(caseID string, k caseFieldKey, gen int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil || len(c.byID) >= fieldKeyCacheMax {
		c.byID, c.byCase = map[string]cachedFieldKey{}, map[string]cachedFieldKey{}
	}
	c.byID[k.id] = cachedFieldKey{k, gen}
	if caseID != "" {
		c.byCase[caseID] = cachedFieldKey{k, gen}
	}
}

// forget drops a case's keys at once (this server destroyed them).
func (c *fieldKeyCache) forget(caseID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.byCase, caseID)
	for id := range c.byID {
		if strings.HasPrefix(id, caseID+".") {
			delete(c.byID, id)
		}
	}
}

// FieldSessionAt is FieldSession with keys kept across sessions: keys read
// by an earlier session of the same erasure generation are used without
// reading their files. gen is the erasure count the caller read from the
// database in the same transaction; whoever destroys case keys counts it up
// afterwards (store: KeysDestroyed), so every server's next session reads
// the key files again.
func (kr *KeyRing) FieldSessionAt(gen int64) (seal func(caseID, purpose, plain string) (string, error), open func(purpose, sealed string) (string, error)) {
	ck := kr.caseKeys()
	if ck == nil {
		return kr.FieldSession()
	}
	return kr.fieldSession(cachedKeys{&ck.fields, gen})
}

// cachedKeys is the key ring's cache seen by a session of one erasure
// generation.
type cachedKeys struct {
	c   *fieldKeyCache
	gen int64
}

func (s cachedKeys) ofCase(caseID string) (caseFieldKey, bool) {
	return s.c.get(true, caseID, s.gen)
}
func (s cachedKeys) ofID(id string) (caseFieldKey, bool) { return s.c.get(false, id, s.gen) }
func (s cachedKeys) keep(caseID string, k caseFieldKey)  { s.c.put(caseID, k, s.gen) }
