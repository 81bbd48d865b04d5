package processing

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// workPrefixes name the work folders runs make under Scratch.
var workPrefixes = []string{"process-", "clip-", "still-", "film-", "moments-"}

// SweepScratch removes the work folders that runs of an earlier process
// left under Scratch: a run removes its own when it returns, but one killed
// mid-way (power cut, SIGKILL, out of memory) cannot, and they hold
// decrypted footage. Call it once when the process starts, before it works
// any job: the scratch folder belongs to this process alone.
func (p *Processor) SweepScratch() error {
	entries, err := os.ReadDir(p.Scratch)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("read the scratch folder %s: %w", p.Scratch, err)
	}
	var errs []error
	for _, e := range entries {
		if isWorkFolder(e.Name()) {
			errs = append(errs, os.RemoveAll(filepath.Join(p.Scratch, e.Name())))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("remove work left in the scratch folder %s (check its permissions): %w", p.Scratch, err)
	}
	return nil
}

func isWorkFolder(name string) bool {
	for _, prefix := range workPrefixes {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}
