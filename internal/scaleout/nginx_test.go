package scaleout_test

import (
	"os"
	"os/exec"
	"testing"
)

// nginxPath finds Debian's nginx; without it the cycle runs without a
// proxy in front (it fails instead under CI or ATTUNE_REQUIRE_ALL=1).
func nginxPath(t *testing.T) string {
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
		t.Fatal("nginx is not installed: apt-get install nginx-light")
	}
	t.Log("nginx is not installed (apt-get install nginx-light): the cycle runs without it")
	return ""
}
