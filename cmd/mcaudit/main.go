// Command mcaudit audits switches for multicast readiness, generates the
// fix, and proves the result on the wire.
package main

import (
	"os"

	"github.com/mcaudit/mcaudit/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.SystemStreams()))
}
