// Package vendors is the registry of platforms mcaudit can read: for each,
// the commands to collect, how to parse their output into the model, and
// how the platform spells interface names.
package vendors

import (
	"slices"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/vendors/cisco"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// Vendor is what the audit needs from a platform family.
type Vendor struct {
	Platforms []string
	// Commands lists what to collect over a transport ("ssh" or "gnmi"),
	// the required one first: CLI commands, or gNMI paths prefixed
	// snapshot.GNMIPrefix.
	Commands func(platform, transport string) []string
	// ConfigCommand is the command whose output is a saved config file.
	ConfigCommand string
	// Parse reads one command's output into the device; file is the name
	// evidence cites.
	Parse func(dev *model.Device, command, file string, data []byte) error
	// CanonicalInterface spells an interface name the way the platform's
	// configuration does.
	CanonicalInterface func(platform, name string) string
	// Apply predicts the configuration after lines are typed in
	// configuration mode; nil where the platform has no configuration text.
	Apply func(platform string, config []byte, lines []string) ([]byte, error)

	// Token says whether the platform accepts value as a token of kind
	// ("interface", "acl", "vlan-map", "vlan-name") in a configuration
	// line; remediation writes nothing the platform's Token refuses. nil
	// where the platform has no remediation templates.
	Token func(platform, kind, value string) error
	// MaxACLSeq is the highest ACL sequence number the platform takes.
	MaxACLSeq func(platform string) int
	// Resequence is the command that renumbers an ACL, for a manual item.
	Resequence func(platform, acl string) (string, error)
	// CheckComplete proves a running configuration collected over SSH
	// whole; run sends one more command and returns its output. nil where
	// nothing is collected over SSH.
	CheckComplete func(platform string, config []byte, run func(command string) ([]byte, error)) error
}

var all = []Vendor{
	{
		Platforms:          cisco.Platforms,
		Commands:           cisco.Commands,
		ConfigCommand:      cisco.ConfigCommand,
		Apply:              cisco.Apply,
		Token:              cisco.Token,
		MaxACLSeq:          cisco.MaxACLSeq,
		Resequence:         cisco.Resequence,
		CheckComplete:      cisco.CheckComplete,
		Parse:              cisco.ParseOutput,
		CanonicalInterface: cisco.CanonicalInterface,
	},
	{
		// Any vendor's switch, through OpenConfig over gNMI only.
		Platforms:          openconfig.Platforms,
		Commands:           openconfig.Commands,
		ConfigCommand:      openconfig.ConfigCommand,
		Parse:              openconfig.ParseOutput,
		CanonicalInterface: openconfig.CanonicalInterface,
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
