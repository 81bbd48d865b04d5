package vault

import "testing"

// TestBlindIndex: the same value and purpose give the same index, another
// value, purpose or key ring another one, and a rotation keeps it.
func TestBlindIndex(t *testing.T) {
	kr, other := newKeyRing(), newKeyRing()
	a := kr.BlindIndex("email", "ann@example.org")
	if a != kr.BlindIndex("email", "ann@example.org") {
		t.Fatal("the same value gave two indexes")
	}
	for name, b := range map[string]string{
		"another value":    kr.BlindIndex("email", "bob@example.org"),
		"another purpose":  kr.BlindIndex("name", "ann@example.org"),
		"another key ring": other.BlindIndex("email", "ann@example.org"),
	} {
		if b == a {
			t.Errorf("%s gave the same index", name)
		}
	}
	if _, err := kr.AddKey(); err != nil {
		t.Fatal(err)
	}
	if kr.BlindIndex("email", "ann@example.org") != a {
		t.Error("a key rotation changed the index; members could no longer sign in")
	}
}
