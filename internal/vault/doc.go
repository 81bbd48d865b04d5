// Package vault holds every piece of cryptography applied to stored files:
// the master key ring, per-file keys wrapped by it, and a chunked,
// authenticated file format that can be read at any offset.
//
// Layers:
//
//   - A KeyRing is loaded from a text file kept outside the database and the
//     data backup (LoadOrCreateKeyFile). Its last key is the active one.
//   - Each stored file gets its own random FileKey (NewFileKey). The caller
//     stores the wrapped form (KeyRing.Wrap) next to the file's database row.
//     Rotation re-wraps file keys (KeyRing.Rewrap) without touching the data.
//     Erasure deletes the wrapped key, which makes every copy of the file,
//     including those in old backups, unreadable.
//   - File contents are encrypted with NewWriter and read back with NewReader
//     in the format described in format.go.
package vault
