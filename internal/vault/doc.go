// Package vault holds every piece of cryptography applied to stored files:
// the master key ring, per-file keys wrapped by it, and a chunked,
// authenticated file format that can be read at any offset.
//
// Layers:
//
//   - A KeyRing is loaded from a text file kept outside the database and the
//     data backup (LoadOrCreateKeyFile). Its last key is the active one.
//   - Each case has key-encryption keys, one per purpose (footage, films,
//     records), in a folder beside the key file (OpenCaseKeys, casekeys.go),
//     sealed with the master key and never in the database or a data backup.
//   - Each stored file gets its own random FileKey (NewFileKey). The caller
//     stores the wrapped form next to the file's database row: wrapped with
//     its case's key (KeyRing.WrapFor), or, for older files and files of no
//     case, with the master key (KeyRing.Wrap). Rotation re-seals case keys
//     and re-wraps master-wrapped file keys without touching the data.
//     Erasure destroys the case key (DestroyCaseKeys), which makes every copy
//     of the case's files, including those in old backups, unreadable; keys
//     wrapped the old way are refused through the shred list (shred.go).
//   - File contents are encrypted with NewWriter and read back with NewReader
//     in the format described in format.go.
package vault
