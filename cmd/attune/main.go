// Command attune is secure, self-hosted software for Video Interaction
// Guidance practice. See `attune` without arguments for its commands.
package main

import (
	"context"
	"os"

	"github.com/attune-vig/attune/internal/app"
)

func main() {
	os.Exit(app.Main(context.Background(), os.Args[1:], app.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
}
