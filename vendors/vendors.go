// Package vendors is the registry of platforms mcaudit can read: for each,
// the commands to collect, how to parse their output into the model, and
// how the platform spells interface names.
package vendors

import (
	"slices"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

// Vendor is what the audit needs from a platform family.
type Vendor struct {
	Platforms []string
	// Commands lists what to collect, the running configuration first;
	// only that one is required.
	Commands func(platform string) []string
	// Parse reads one command's output into the device; file is the name
	// evidence cites.
	Parse func(dev *model.Device, command, file string, data []byte) error
	// CanonicalInterface spells an interface name the way the platform's
	// configuration does.
	CanonicalInterface func(platform, name string) string
}

var all = []Vendor{
	{
		Platforms:          cisco.Platforms,
		Commands:           cisco.Commands,
		Parse:              cisco.ParseOutput,
		CanonicalInterface: cisco.CanonicalInterface,
	},
}

// Lookup returns the vendor that reads platform.
func Lookup(platform string) (*Vendor, bool) {
	for i := range all {
		if slices.Contains(all[i].Platforms, platform) {
			return &all[i], true
		}
	}
	return nil, false
}

// Platforms lists every platform name mcaudit reads.
func Platforms() []string {
	var out []string
	for _, v := range all {
		out = append(out, v.Platforms...)
	}
	return out
}
