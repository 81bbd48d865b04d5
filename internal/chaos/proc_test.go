package chaos_test

import (
	"testing"

	"github.com/attune-vig/attune/internal/proctest"
)

// cli runs one attune subcommand on the data folder and returns its output.
func cli(t *testing.T, bin, data, stdin string, args ...string) string {
	t.Helper()
	return proctest.CLI(t, bin, nil, stdin, append(args, "--data", data)...)
}
