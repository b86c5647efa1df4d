// Package arista reads Arista EOS: what to collect, how to scrub and parse
// its running-config and show output into the model, the platform's
// defaults, and its remediation templates and the prediction of a change.
package arista

import (
	"fmt"
	"strings"

	"github.com/mcaudit/mcaudit/internal/ifname"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// EOS is the platform name, after the scrapli/netutils convention.
const EOS = "arista_eos"

// Platforms lists the platforms this package reads.
var Platforms = []string{EOS}

// ConfigCommand is the command whose output a saved config file holds.
const ConfigCommand = "show running-config"

// Show commands collected beside the configuration. The snooping state is
// read as JSON (the "| json" form of the CLI, as eAPI returns it): its text
// form is not documented anywhere this project could check.
const (
	cmdVLAN     = "show vlan"
	cmdSnooping = "show ip igmp snooping | json"
	// pathSnooping is the same over gNMI, through EOS's "cli" origin:
	// OpenConfig has no snooping model.
	pathSnooping = "cli:/show ip igmp snooping"
)

// Commands returns what to collect over a transport, the required item
// first: over SSH the running-config and the show commands that prove
// operational state; over gNMI the OpenConfig paths and the snooping
// state through the "cli" origin.
func Commands(platform, transport string) []string {
	if transport == "gnmi" {
		return append(openconfig.Paths(""), snapshot.GNMIPrefix+pathSnooping)
	}
	return []string{ConfigCommand, cmdVLAN, cmdSnooping, cmdLLDP}
}

// types are EOS's interface types, as its running-config spells them and
// as its show output abbreviates them.
var types = ifname.Table{
	ifname.T("Ethernet", "et", "eth"),
	ifname.T("Port-Channel", "po", "port-channel", "portchannel"),
	ifname.T("Vlan", "vl", "vlan"),
	ifname.T("Management", "ma", "mgmt"),
	ifname.T("Loopback", "lo"),
	ifname.T("Vxlan", "vx"),
	ifname.T("Tunnel", "tu"),
	ifname.T("Recirc-Channel", "re"),
}

// CanonicalInterface spells an interface name as EOS's configuration does.
func CanonicalInterface(name string) string { return types.Canonical(name) }

// defaults is how EOS behaves where its configuration is silent: IGMP
// snooping runs on every VLAN (only "no ip igmp snooping [vlan N]" is
// printed), the snooping querier is off, VLAN 1 always exists.
func defaults() model.Defaults {
	d := model.Defaults{SnoopingOn: true, AccessDefault: `no "switchport access vlan" line: the default`}
	d.BuiltinVLANs.Add(1)
	d.BuiltinWhy = "VLAN 1 is the default VLAN, which exists on every EOS switch and cannot be deleted"
	return d
}

// ParseOutput reads one command's output of an EOS switch.
func ParseOutput(dev *model.Device, command, file string, data []byte) error {
	if path, ok := strings.CutPrefix(command, snapshot.GNMIPrefix); ok {
		if path == pathSnooping {
			return ParseSnoopingJSON(dev, file, data)
		}
		dev.Defaults = defaults()
		return openconfig.Parse(dev, file, data, openconfig.Options{Canonical: CanonicalInterface})
	}
	switch command {
	case ConfigCommand:
		return ParseConfig(dev, file, data)
	case cmdVLAN:
		return ParseShowVLAN(dev, file, data)
	case cmdSnooping:
		return ParseSnoopingJSON(dev, file, data)
	case cmdLLDP:
		return ParseShowLLDPNeighborsDetail(dev, file, data)
	}
	return fmt.Errorf("%s: no parser for %q on %s", file, command, dev.Platform)
}
