package vault

import (
	"bytes"
	"errors"
	"testing"
)

// chunkAt returns the byte range of sealed chunk i in an encrypted file.
func chunkAt(enc []byte, i int) []byte {
	off := headerSize + i*encChunkSize
	return enc[off:min(off+encChunkSize, len(enc))]
}

func flip(at int) func(enc, _ []byte) []byte {
	return func(enc, _ []byte) []byte { enc[at] ^= 0x01; return enc }
}

func cut(n int) func(enc, _ []byte) []byte {
	return func(enc, _ []byte) []byte { return enc[:n] }
}

func TestTamperingIsCorrupt(t *testing.T) {
	key, otherKey := NewFileKey(), NewFileKey()
	plain := testPlain(3*ChunkSize+17, 11)
	end := int(EncryptedSize(int64(len(plain))))
	tests := []struct {
		name   string
		mutate func(enc, other []byte) []byte
		key    FileKey
		fileID string
	}{
		{"magic bit flipped", flip(0), key, "f"},
		{"version changed", flip(8), key, "f"},
		{"chunk size changed", flip(13), key, "f"},
		{"salt bit flipped", flip(20), key, "f"},
		{"chunk 1 ciphertext bit flipped", flip(headerSize + encChunkSize + 5), key, "f"},
		{"chunk 0 tag bit flipped", flip(headerSize + ChunkSize + 3), key, "f"},
		{"last chunk bit flipped", flip(end - 1), key, "f"},
		{"truncated at chunk boundary", cut(headerSize + 2*encChunkSize), key, "f"},
		{"truncated mid-chunk", cut(headerSize + 2*encChunkSize + 100), key, "f"},
		{"last chunk dropped", cut(headerSize + 3*encChunkSize), key, "f"},
		{"only header left", cut(headerSize), key, "f"},
		{"bytes appended", func(enc, _ []byte) []byte { return append(enc, make([]byte, 40)...) }, key, "f"},
		{"chunks 0 and 1 swapped", func(enc, _ []byte) []byte {
			c0 := bytes.Clone(chunkAt(enc, 0))
			copy(chunkAt(enc, 0), chunkAt(enc, 1))
			copy(chunkAt(enc, 1), c0)
			return enc
		}, key, "f"},
		{"chunk from another file", func(enc, other []byte) []byte { copy(chunkAt(enc, 1), chunkAt(other, 1)); return enc }, key, "f"},
		{"header from another file", func(enc, other []byte) []byte { copy(enc[:headerSize], other[:headerSize]); return enc }, key, "f"},
		{"wrong file id", nil, key, "g"},
		{"wrong key", nil, otherKey, "f"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			enc := encrypt(t, plain, key, "f", 1<<20)
			other := encrypt(t, plain, key, "f", 1<<20) // same key, same id, other salt
			if tc.mutate != nil {
				enc = tc.mutate(enc, other)
			}
			got, err := decryptAll(enc, tc.key, tc.fileID)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v (%d bytes back), want ErrCorrupt", err, len(got))
			}
		})
	}
}

func TestChunkFromFileWithOtherIDIsCorrupt(t *testing.T) {
	key := NewFileKey()
	plain := testPlain(2*ChunkSize+1, 5)
	enc, other := encrypt(t, plain, key, "a", 1<<20), encrypt(t, plain, key, "b", 1<<20)
	copy(enc[:headerSize], other[:headerSize]) // even with the same salt the id differs
	copy(chunkAt(enc, 0), chunkAt(other, 0))
	if _, err := decryptAll(enc, key, "a"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}

func TestEmptyFileTruncatedToHeader(t *testing.T) {
	key := NewFileKey()
	enc := encrypt(t, nil, key, "f", 1)
	if _, err := decryptAll(enc[:headerSize], key, "f"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}
