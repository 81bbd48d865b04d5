// Package durable holds the file-system steps that make writes survive a
// crash, shared by the file store, the key file and the upload staging area.
package durable

import "os"

// SyncDir fsyncs a directory, so that a file created, renamed or removed in
// it stays so after a crash. An error means the change may not be durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
