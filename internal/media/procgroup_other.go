//go:build !unix

package media

import "os/exec"

// ownProcessGroup falls back to killing the process alone (the default).
func ownProcessGroup(cmd *exec.Cmd) {}
