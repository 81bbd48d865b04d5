package vault

import "errors"

var (
	// ErrCorrupt reports an encrypted file or wrapped key that failed
	// authentication: it was truncated, reordered, swapped, edited, or is
	// being opened with the wrong key or file id. Returned errors wrap it
	// with detail; test with errors.Is.
	ErrCorrupt = errors.New("vault: encrypted data is corrupt, truncated or was tampered with (or the wrong key or file id was used)")

	// ErrUnknownKey reports a wrapped key made under a master key that is
	// no longer in the key ring.
	ErrUnknownKey = errors.New("vault: wrapped key names a master key that is not in the key ring; restore the key file that holds it")
)
