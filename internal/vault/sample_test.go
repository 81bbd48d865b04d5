package vault

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Regenerate the format samples (only when a NEW format version is added;
// the v1 files must never change):
//
//	go test ./internal/vault -run TestFormatV1Sample -update
var update = flag.Bool("update", false, "rewrite the format sample files in testdata")

const (
	sampleFileID  = "sample-file-v1"
	sampleKeyring = "testdata/v1-keyring.txt"    // test master key, not a secret
	sampleWrapped = "testdata/v1-sample.wrapped" // file key wrapped with wrap format v1
	sampleFile    = "testdata/v1-sample.enc"     // file format v1
	sampleSalt    = "attune-sample-v1"           // 16 bytes, fixed so the sample is reproducible
	sampleRingTxt = keyFileHeader + "\nk1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
)

// samplePlain is the known plaintext of the v1 sample.
func samplePlain() []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < 3000; i++ {
		fmt.Fprintf(&b, "attune format v1 sample line %04d\n", i)
	}
	return b.Bytes()
}

// sampleFileKey is the fixed file key of the sample: bytes 32..63.
func sampleFileKey() FileKey {
	var k FileKey
	for i := range k {
		k[i] = byte(32 + i)
	}
	return k
}

// writeSamples rewrites the testdata files.
func writeSamples(t *testing.T) {
	kr, err := parseKeyFile([]byte(sampleRingTxt))
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := kr.Wrap(sampleFileKey())
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		sampleKeyring: []byte(sampleRingTxt), sampleWrapped: wrapped, sampleFile: sealSample(t),
	} {
		if err := os.WriteFile(filepath.FromSlash(name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sealSample encrypts the sample plaintext deterministically.
func sealSample(t *testing.T) []byte {
	var buf bytes.Buffer
	w := newWriterSalt(&buf, sampleFileKey(), sampleFileID, []byte(sampleSalt))
	if _, err := w.Write(samplePlain()); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFormatV1Sample(t *testing.T) {
	if *update {
		writeSamples(t)
	}
	ringText, err := os.ReadFile(sampleKeyring) // 0644 in git: parse it without the mode check
	if err != nil {
		t.Fatal(err)
	}
	kr, err := parseKeyFile(ringText)
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := os.ReadFile(sampleWrapped)
	if err != nil {
		t.Fatal(err)
	}
	fk, err := kr.Unwrap(wrapped)
	if err != nil || fk != sampleFileKey() {
		t.Fatalf("unwrapping the v1 sample key: err=%v, key matches=%v", err, fk == sampleFileKey())
	}
	enc, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decryptAll(enc, fk, sampleFileID)
	if err != nil || !bytes.Equal(got, samplePlain()) {
		t.Fatalf("decrypting the v1 sample: err=%v, plaintext matches=%v", err, bytes.Equal(got, samplePlain()))
	}
	if !bytes.Equal(sealSample(t), enc) {
		t.Fatal("the writer no longer produces format v1 byte for byte; add a new format version instead of changing v1")
	}
}
