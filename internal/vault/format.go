package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// Encrypted file format v1
//
// Header, 32 bytes:
//
//	magic "ATTUNEVF" (8) | format version = 1 (1) | zero (3) |
//	plaintext chunk size, big endian uint32 (4) | random file salt (16)
//
// followed by chunks of ChunkSize plaintext bytes (the last one shorter, and
// exactly one empty chunk for an empty file), each sealed with AES-256-GCM
// and carrying a 16-byte tag.
//
// The chunk key is HKDF-SHA256(file key, salt = file salt, info
// "attune-vault file v1"), so even a file key reused by mistake gives each
// file its own chunk key. The nonce of chunk i is 3 zero bytes | i as a big
// endian uint64 | last flag (1 for the final chunk, else 0). The additional
// data of every chunk is header | i (8 bytes) | last flag | file id, which
// binds the header, the chunk position, the end of the file and the file's
// identity: a truncated, extended, reordered or swapped file, or one opened
// under another file id, fails with ErrCorrupt.
const (
	// ChunkSize is the number of plaintext bytes per chunk in format v1.
	ChunkSize = 64 * 1024

	formatV1     = 1
	fileMagic    = "ATTUNEVF"
	headerSize   = 32
	saltOffset   = 16
	tagSize      = 16
	encChunkSize = ChunkSize + tagSize
	chunkInfo    = "attune-vault file v1"
)

// EncryptedSize returns the size of the encrypted form of plainSize bytes,
// or -1 for a negative size.
func EncryptedSize(plainSize int64) int64 {
	if plainSize < 0 {
		return -1
	}
	chunks := max(1, (plainSize+ChunkSize-1)/ChunkSize)
	return headerSize + plainSize + chunks*tagSize
}

// PlainSize returns the plaintext size of an encrypted file of encSize
// bytes, or -1 if no encrypted file can have that size.
func PlainSize(encSize int64) int64 {
	rest := encSize - headerSize
	if rest < tagSize {
		return -1
	}
	full, rem := rest/encChunkSize, rest%encChunkSize
	switch {
	case rem == 0:
		return full * ChunkSize
	case rem < tagSize, rem == tagSize && full > 0:
		return -1
	}
	return full*ChunkSize + rem - tagSize
}

// newHeader returns a format v1 header carrying salt.
func newHeader(salt []byte) []byte {
	h := make([]byte, headerSize)
	copy(h, fileMagic)
	h[8] = formatV1
	binary.BigEndian.PutUint32(h[12:16], ChunkSize)
	copy(h[saltOffset:], salt)
	return h
}

// checkHeader verifies that h is a header this package can read.
func checkHeader(h []byte) error {
	switch {
	case string(h[:8]) != fileMagic:
		return fmt.Errorf("%w: not an attune encrypted file (bad magic)", ErrCorrupt)
	case h[8] != formatV1:
		return fmt.Errorf("%w: unknown format version %d; a newer attune may have written it", ErrCorrupt, h[8])
	case h[9]|h[10]|h[11] != 0, binary.BigEndian.Uint32(h[12:16]) != ChunkSize:
		return fmt.Errorf("%w: header fields invalid for format v1", ErrCorrupt)
	}
	return nil
}

// chunkCipher seals and opens the chunks of one file.
type chunkCipher struct {
	aead cipher.AEAD
	ad   []byte // header | index (8) | last (1) | file id; index and last rewritten per chunk
}

// newChunkCipher derives the chunk key of the file with header h.
func newChunkCipher(fk FileKey, h []byte, fileID string) (*chunkCipher, error) {
	key, err := hkdf.Key(sha256.New, fk[:], h[saltOffset:headerSize], chunkInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("vault: deriving chunk key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("vault: chunk cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("vault: chunk cipher: %w", err)
	}
	ad := append(append(append([]byte{}, h...), make([]byte, 9)...), fileID...)
	return &chunkCipher{aead: aead, ad: ad}, nil
}

// position writes index and last into the nonce and additional data.
func (c *chunkCipher) position(index int64, last bool) []byte {
	var nonce [12]byte
	binary.BigEndian.PutUint64(nonce[3:11], uint64(index))
	binary.BigEndian.PutUint64(c.ad[headerSize:], uint64(index))
	c.ad[headerSize+8] = 0
	if last {
		nonce[11], c.ad[headerSize+8] = 1, 1
	}
	return nonce[:]
}

// seal appends the sealed chunk to dst.
func (c *chunkCipher) seal(dst, plain []byte, index int64, last bool) []byte {
	return c.aead.Seal(dst, c.position(index, last), plain, c.ad)
}

// open appends the plaintext of a sealed chunk to dst.
func (c *chunkCipher) open(dst, sealed []byte, index int64, last bool) ([]byte, error) {
	out, err := c.aead.Open(dst, c.position(index, last), sealed, c.ad)
	if err != nil {
		return nil, fmt.Errorf("%w: chunk %d failed authentication", ErrCorrupt, index)
	}
	return out, nil
}

// header returns a copy of the file header the cipher was made for.
func (c *chunkCipher) header() []byte { return append([]byte(nil), c.ad[:headerSize]...) }
