// Package aruba reads Aruba AOS-CX: what to collect, how to scrub and
// parse its running-config and show output into the model, the platform's
// defaults (IGMP snooping off unless a VLAN turns it on; the querier is
// IGMP on the VLAN interface), and its remediation templates and the
// prediction of a change.
package aruba

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/mcaudit/mcaudit/internal/ifname"
	"github.com/mcaudit/mcaudit/model"
)

// AOSCX is the platform name, after the netutils convention.
const AOSCX = "aruba_aoscx"

// Platforms lists the platforms this package reads.
var Platforms = []string{AOSCX}

// ConfigCommand is the command whose output a saved config file holds.
const ConfigCommand = "show running-config"

const (
	cmdVLAN     = "show vlan"
	cmdSnooping = "show ip igmp snooping"
	// countCommand proves a collected running-config whole: the number of
	// lines AOS-CX prints.
	countCommand = ConfigCommand + " | count"
)

// Commands returns what to collect, the required item first. AOS-CX is
// collected over SSH only here: its gNMI paths are not modelled.
func Commands(platform, transport string) []string {
	return []string{ConfigCommand, cmdVLAN, cmdSnooping, cmdLLDP}
}

// sshDefinition is mcaudit's scrapligo platform definition for AOS-CX,
// which scrapligo lacks.
//
//go:embed aoscx.yaml
var sshDefinition []byte

// types are AOS-CX's named interface types; a port is "1/1/1", with no
// type at all, and a name with a blank ("lag 1", "vlan 100") is written
// without it.
var types = ifname.Table{
	ifname.T("lag"),
	ifname.T("vlan"),
	ifname.T("loopback", "lo"),
	ifname.T("tunnel"),
}

// CanonicalInterface spells an interface name as mcaudit keys AOS-CX
// interfaces: "1/1/1", "lag1", "vlan100", "mgmt".
func CanonicalInterface(name string) string {
	f := strings.Fields(strings.ToLower(name))
	if len(f) > 1 && f[len(f)-1] == "multi-chassis" {
		f = f[:len(f)-1]
	}
	return types.Canonical(strings.Join(f, ""))
}

// defaults is how AOS-CX behaves where its configuration is silent: IGMP
// snooping is off on every VLAN ("the default behavior is to flood
// multicast traffic in the VLAN"), there is no snooping-only querier, and
// VLAN 1 always exists.
func defaults() model.Defaults {
	d := model.Defaults{SnoopingOn: false, QuerierIsSVI: true,
		AccessDefault: `no "vlan access" line: the default`,
		DownDefault:   `no "no shutdown" line, and the platform's default is down`}
	d.BuiltinVLANs.Add(1)
	d.BuiltinWhy = "VLAN 1 is the default VLAN, which exists on every AOS-CX switch"
	return d
}

// ParseOutput reads one command's output of an AOS-CX switch.
func ParseOutput(dev *model.Device, command, file string, data []byte) error {
	switch command {
	case ConfigCommand:
		return ParseConfig(dev, file, data)
	case cmdVLAN:
		return ParseShowVLAN(dev, file, data)
	case cmdSnooping:
		return ParseShowSnooping(dev, file, data)
	case cmdLLDP:
		return ParseShowLLDPNeighborInfoDetail(dev, file, data)
	}
	return fmt.Errorf("%s: no parser for %q on %s", file, command, dev.Platform)
}

// portName is a physical port: member/slot/port.
var portName = regexp.MustCompile(`^[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,3}$`)
