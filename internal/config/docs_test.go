package config

import (
	"flag"
	"os"
	"strings"
	"testing"
)

// docs/configuration.md lists every flag and its environment twin.
func TestConfigurationPageListsEveryFlag(t *testing.T) {
	page, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	(&Config{}).Register(fs)
	fs.VisitAll(func(f *flag.Flag) {
		env := "ATTUNE_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if !strings.Contains(string(page), "`--"+f.Name+"`") || !strings.Contains(string(page), env) {
			t.Errorf("docs/configuration.md does not list --%s with %s", f.Name, env)
		}
	})
}
