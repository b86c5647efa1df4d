// Command fleetgen writes a synthetic estate for fleet-scale measurements:
//
//	go run ./internal/fleetgen/cmd/fleetgen -devices 5000 -clusters 1 DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mcaudit/mcaudit/internal/fleetgen"
)

func main() {
	devices := flag.Int("devices", 5000, "switches to generate (rounded up to pods of four)")
	clusters := flag.Int("clusters", 1, "clusters, one per pod at most")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: fleetgen [-devices N] [-clusters N] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := os.MkdirAll(flag.Arg(0), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "fleetgen:", err)
		os.Exit(1)
	}
	st, err := fleetgen.Write(flag.Arg(0), fleetgen.Options{Devices: *devices, Clusters: *clusters})
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleetgen:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d devices, %d clusters, %d files, %d bytes of recorded output\n", st.Inventory, st.Devices, st.Clusters, st.Files, st.Bytes)
}
