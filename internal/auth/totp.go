package auth

import (
	"bytes"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

const (
	totpPeriod     = 30 // seconds
	totpSkew       = 1  // steps accepted either side of now
	totpSecretSize = 20 // bytes
	maxQRSize      = 2048
)

var totpOpts = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTP makes a new TOTP secret (SHA1, 6 digits, 30 s, 20 bytes, base32)
// and its otpauth:// URI for an authenticator app.
func NewTOTP(issuer, account string) (secret string, uri string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: issuer, AccountName: account, Period: totpPeriod,
		SecretSize: totpSecretSize, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", "", fmt.Errorf("new TOTP secret: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// TOTPURI is the otpauth:// URI of an existing base32 secret, so a page can
// show again the QR code of a secret the phone may already hold.
func TOTPURI(issuer, account, secret string) (string, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(secret))
	if err != nil || len(raw) == 0 {
		return "", errors.New("TOTP secret: not base32")
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: issuer, AccountName: account, Period: totpPeriod,
		Secret: raw, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", fmt.Errorf("TOTP URI: %w", err)
	}
	return key.URL(), nil
}

// TOTPQRCodePNG renders uri as a size×size PNG QR code.
func TOTPQRCodePNG(uri string, size int) ([]byte, error) {
	if size < 1 || size > maxQRSize {
		return nil, fmt.Errorf("QR code size %d out of range 1..%d", size, maxQRSize)
	}
	key, err := otp.NewKeyFromURL(uri)
	if err != nil || key.Type() != "totp" {
		return nil, errors.New("QR code: not an otpauth://totp URI")
	}
	img, err := key.Image(size, size)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w (try a larger size)", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("QR code: encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// ValidateTOTP checks code against secret at now, one step of skew either
// side. Spaces in code are ignored. A step at or before lastUsedStep is
// refused (replay); on success store the returned step as the new lastUsedStep.
func ValidateTOTP(secret, code string, now time.Time, lastUsedStep int64) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != int(otp.DigitsSix) {
		return 0, false
	}
	cur := totpStep(now)
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if s <= lastUsedStep || s < 0 {
			continue
		}
		want, err := hotp.GenerateCodeCustom(secret, uint64(s), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode returns the code for secret at t, for tests and browser tests.
func TOTPCode(secret string, t time.Time) (string, error) {
	code, err := hotp.GenerateCodeCustom(secret, uint64(max(totpStep(t), 0)), totpOpts)
	if err != nil {
		return "", fmt.Errorf("TOTP code: %w", err)
	}
	return code, nil
}

func totpStep(t time.Time) int64 {
	u := t.Unix()
	if u < 0 {
		return -1
	}
	return u / totpPeriod
}
