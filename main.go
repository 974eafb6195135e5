// Command portal is the client portal of BIGDATA CENTER: one binary that serves the web
// application, runs its own database when none is configured, and manages itself.
package main

import (
	"os"

	"github.com/bigdatacenter/portal/app/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Environ: os.Environ()}))
}
