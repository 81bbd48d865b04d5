package auth

import (
	"bytes"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"
)

func newTestTOTP(t *testing.T) (secret, uri string) {
	t.Helper()
	secret, uri, err := NewTOTP("attune", "ana@example.org")
	if err != nil {
		t.Fatal(err)
	}
	return secret, uri
}

func TestNewTOTP(t *testing.T) {
	secret, uri := newTestTOTP(t)
	if len(secret) != 32 { // 20 bytes in base32
		t.Errorf("secret %q has %d chars; want 32", secret, len(secret))
	}
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || q.Get("secret") != secret ||
		q.Get("issuer") != "attune" || q.Get("digits") != "6" || q.Get("period") != "30" ||
		q.Get("algorithm") != "SHA1" {
		t.Errorf("unexpected URI %q", uri)
	}
	if other, _ := newTestTOTP(t); other == secret {
		t.Error("two secrets are equal")
	}
}

func TestValidateTOTP(t *testing.T) {
	secret, _ := newTestTOTP(t)
	now := time.Unix(1_750_000_005, 0) // 5 s into a step
	step := now.Unix() / 30
	code := func(d time.Duration) string {
		c, err := TOTPCode(secret, now.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		last     int64
		wantStep int64
		ok       bool
	}{
		{"now", code(0), 0, step, true},
		{"30 s ago", code(-30 * time.Second), 0, step - 1, true},
		{"30 s ahead", code(30 * time.Second), 0, step + 1, true},
		{"90 s ago", code(-90 * time.Second), 0, 0, false},
		{"90 s ahead", code(90 * time.Second), 0, 0, false},
		{"replayed step", code(0), step, 0, false},
		{"earlier step after later used", code(-30 * time.Second), step, 0, false},
		{"next step after current used", code(30 * time.Second), step, step + 1, true},
		{"spaces trimmed", " " + code(0)[:3] + " " + code(0)[3:] + " ", 0, step, true},
		{"empty", "", 0, 0, false},
		{"too long", code(0) + "0", 0, 0, false},
		{"wrong", wrongCode(code(0)), 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotStep, ok := ValidateTOTP(secret, tt.code, now, tt.last)
			if ok != tt.ok || gotStep != tt.wantStep {
				t.Errorf("ValidateTOTP(%q, last %d) = %d, %v; want %d, %v", tt.code, tt.last, gotStep, ok, tt.wantStep, tt.ok)
			}
		})
	}
}

// wrongCode changes the last digit, which no adjacent step is likely to match.
func wrongCode(c string) string {
	return c[:5] + string('0'+(c[5]-'0'+1)%10)
}

func TestValidateTOTPBadSecret(t *testing.T) {
	if _, ok := ValidateTOTP("not base32!", "123456", time.Now(), 0); ok {
		t.Error("accepted a code for an invalid secret")
	}
	if _, err := TOTPCode("not base32!", time.Now()); err == nil {
		t.Error("TOTPCode accepted an invalid secret")
	}
}

func TestTOTPCodeKnownVector(t *testing.T) {
	// RFC 6238 appendix B, SHA1, secret "12345678901234567890", last 6 digits.
	secret := "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 2000000000: "279037"} {
		if got, err := TOTPCode(secret, time.Unix(unix, 0)); err != nil || got != want {
			t.Errorf("TOTPCode at %d = %q, %v; want %q", unix, got, err, want)
		}
	}
}

func TestTOTPQRCodePNG(t *testing.T) {
	_, uri := newTestTOTP(t)
	tests := []struct {
		name    string
		uri     string
		size    int
		wantErr bool
	}{
		{"200 px", uri, 200, false},
		{"256 px", uri, 256, false},
		{"too small for the code", uri, 10, true},
		{"zero", uri, 0, true},
		{"too large", uri, 100_000, true},
		{"not otpauth", "https://example.org/", 200, true},
		{"hotp", strings.Replace(uri, "//totp/", "//hotp/", 1), 200, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := TOTPQRCodePNG(tt.uri, tt.size)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v; want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != tt.size || b.Dy() != tt.size {
				t.Errorf("image %v; want %d×%d", b, tt.size, tt.size)
			}
		})
	}
}

// The URI of an existing secret is the one its enrolment showed, so the QR
// code shown again after a mistyped code adds the same account.
func TestTOTPURIOfExistingSecret(t *testing.T) {
	secret, uri := newTestTOTP(t)
	again, err := TOTPURI("attune", "ana@example.org", secret)
	if err != nil || again != uri {
		t.Fatalf("TOTPURI = %q, %v; want %q", again, err, uri)
	}
	for _, bad := range []string{"", "not base32!"} {
		if _, err := TOTPURI("attune", "ana@example.org", bad); err == nil {
			t.Errorf("TOTPURI(%q) accepted", bad)
		}
	}
}
