package auth

import (
	"strings"
	"sync"
	"testing"
)

const testPassword = "correct horse battery staple"

// testHash is hashed once at the current (slow) parameters for all tests.
var testHash = sync.OnceValue(func() string {
	h, err := HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

func TestHashPasswordFormat(t *testing.T) {
	h := testHash()
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash %q lacks the expected PHC prefix", h)
	}
	parsed, err := parsePHC(h)
	if err != nil {
		t.Fatalf("parse own hash: %v", err)
	}
	if len(parsed.salt) != 16 || len(parsed.key) != 32 {
		t.Errorf("salt %d bytes, key %d bytes; want 16 and 32", len(parsed.salt), len(parsed.key))
	}
}

func TestVerifyPassword(t *testing.T) {
	old, err := hashWith(testPassword, argonParams{memory: 64, time: 1, threads: 1, saltLen: 16, keyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		encoded, pw string
		ok, rehash  bool
	}{
		{"right password", testHash(), testPassword, true, false},
		{"wrong password", testHash(), testPassword + "!", false, false},
		{"old params, right password", old, testPassword, true, true},
		{"old params, wrong password", old, "nope", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := VerifyPassword(tt.encoded, tt.pw)
			if err != nil || ok != tt.ok || rehash != tt.rehash {
				t.Errorf("got ok=%v rehash=%v err=%v; want ok=%v rehash=%v", ok, rehash, err, tt.ok, tt.rehash)
			}
		})
	}
}

func TestHashPasswordSaltsDiffer(t *testing.T) {
	p := argonParams{memory: 64, time: 1, threads: 1, saltLen: 16, keyLen: 32}
	a, _ := hashWith("same", p)
	b, _ := hashWith("same", p)
	if a == b {
		t.Errorf("two hashes of the same password are equal: %q", a)
	}
}

func TestVerifyPasswordTampered(t *testing.T) {
	good := "$argon2id$v=19$m=64,t=1,p=1$" + "c2FsdHNhbHRzYWx0c2FsdA" + "$" + strings.Repeat("A", 43)
	if _, _, err := VerifyPassword(good, "x"); err != nil {
		t.Fatalf("control string refused: %v", err)
	}
	tests := map[string]string{
		"empty":           "",
		"argon2i":         strings.Replace(good, "argon2id", "argon2i", 1),
		"bcrypt":          "$2a$10$abcdefghijklmnopqrstuu5Q1hW6BmMRQNtJLAGDvVZ9CuYKbTpGa",
		"version 16":      strings.Replace(good, "v=19", "v=16", 1),
		"version missing": strings.Replace(good, "$v=19", "", 1),
		"params order":    strings.Replace(good, "m=64,t=1,p=1", "t=1,m=64,p=1", 1),
		"params zero t":   strings.Replace(good, "t=1", "t=0", 1),
		"params zero p":   strings.Replace(good, "p=1", "p=0", 1),
		"params signed":   strings.Replace(good, "m=64", "m=+64", 1),
		"params huge m":   strings.Replace(good, "m=64", "m=99999999999", 1),
		"params m < 8p":   strings.Replace(good, "p=1", "p=9", 1),
		"params p > 255":  strings.Replace(good, "p=1", "p=256", 1),
		"params extra":    strings.Replace(good, "p=1", "p=1,k=2", 1),
		"params text":     strings.Replace(good, "m=64", "m=lots", 1),
		"salt bad b64":    strings.Replace(good, "c2Fsd", "c2F*d", 1),
		"salt padded":     strings.Replace(good, "c2FsdHNhbHRzYWx0c2FsdA", "c2FsdHNhbHRzYWx0c2FsdA==", 1),
		"salt short":      strings.Replace(good, "c2FsdHNhbHRzYWx0c2FsdA", "c2FsdA", 1),
		"hash bad b64":    good[:len(good)-1] + "!",
		"hash short":      good[:len(good)-30],
		"hash missing":    good[:strings.LastIndex(good, "$")],
		"extra field":     good + "$x",
	}
	for name, encoded := range tests {
		t.Run(name, func(t *testing.T) {
			ok, rehash, err := VerifyPassword(encoded, "x")
			if err == nil || ok || rehash {
				t.Errorf("VerifyPassword(%q) = %v, %v, %v; want an error", encoded, ok, rehash, err)
			}
		})
	}
}

func TestDummyHashUsesCurrentParams(t *testing.T) {
	h, err := parsePHC(DummyHash)
	if err != nil || h.params != currentParams {
		t.Fatalf("DummyHash params %+v (err %v) differ from currentParams %+v: regenerate it "+
			"with HashPassword of a random password so unknown emails cost the same", h.params, err, currentParams)
	}
	ok, rehash, err := VerifyPassword(DummyHash, testPassword)
	if ok || rehash || err != nil {
		t.Errorf("VerifyPassword(DummyHash) = %v, %v, %v; want false, false, nil", ok, rehash, err)
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword(testPassword); err != nil {
			b.Fatal(err)
		}
	}
}
