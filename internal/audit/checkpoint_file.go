package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/attune-vig/attune/internal/durable"
)

// CheckpointFile is the checkpoint's name inside an operator's copy folder.
const CheckpointFile = "audit-checkpoint.json"

// Checkpoints are where the chain's checkpoint is kept: Path (beside the
// case keys) and, when an operator names one, a copy in CopyDir (e.g. a
// mounted share on another machine).
type Checkpoints struct {
	Path    string
	CopyDir string
}

func (p *Checkpoints) paths() []string {
	out := []string{p.Path}
	if p.CopyDir != "" {
		out = append(out, filepath.Join(p.CopyDir, CheckpointFile))
	}
	return out
}

// read returns the checkpoint at path; nil when there is none.
func readCheckpoint(path string) (*Checkpoint, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the audit checkpoint %s: %w", path, err)
	}
	var cp Checkpoint
	if err := json.Unmarshal(b, &cp); err != nil {
		return &Checkpoint{Seq: -1}, nil // unreadable: treated as forged
	}
	return &cp, nil
}

// writeCheckpoint replaces path with cp so that a crash leaves the old
// checkpoint or the new one: a synced temporary file renamed into place.
func writeCheckpoint(path string, cp Checkpoint) error {
	b, err := json.MarshalIndent(cp, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the folder for the audit checkpoint %s: %w", path, err)
	}
	if err := durable.ReplaceFile(path, ".audit-checkpoint-*", append(b, '\n')); err != nil {
		return fmt.Errorf("write the audit checkpoint %s: %w", path, err)
	}
	return nil
}
