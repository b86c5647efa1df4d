// Package juniper reads Juniper Junos switches (EX and QFX, the ELS
// configuration style and the legacy non-ELS one): what to collect, how to
// scrub and parse a configuration in either of its forms (the curly
// hierarchy or "set" lines) into the model, the platform's defaults, and
// its remediation templates with the prediction of a change in "set" and
// "delete" lines.
package juniper

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// Junos is the platform name, after the scrapli/netutils convention.
const Junos = "juniper_junos"

// Platforms lists the platforms this package reads.
var Platforms = []string{Junos}

// ConfigCommand is the command whose output a saved config file holds:
// the configuration as "set" lines, with what groups give it inherited
// in place. A saved file in the curly form reads as well.
const ConfigCommand = "show configuration | display inheritance | display set"

const (
	cmdVLANs = "show vlans"
	// countCommand proves a collected configuration whole: Junos prints
	// "Count: N lines" for it.
	countCommand = ConfigCommand + " | count"
)

// Commands returns what to collect over a transport, the required item
// first. Over gNMI, Junos serves the OpenConfig paths, which have no
// snooping model.
func Commands(platform, transport string) []string {
	if transport == "gnmi" {
		return openconfig.Paths("")
	}
	return []string{ConfigCommand, cmdVLANs, cmdLLDP}
}

// sshDefinition is scrapligo's juniper_junos definition, changed so that
// a session that logs in to the shell (root, or a user whose login class
// starts one) leaves it with "cli", where scrapligo's own would "exit"
// and end the session.
//
//go:embed junos.yaml
var sshDefinition []byte

// CanonicalInterface spells an interface name as mcaudit keys Junos
// interfaces: lower case, without the unit where it is 0 ("ge-0/0/1.0" is
// "ge-0/0/1"), with it where the unit is the interface (irb.100, vlan.100),
// and without the "*" "show vlans" marks an active port with.
func CanonicalInterface(name string) string {
	n := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), "*")
	if base, ok := strings.CutSuffix(n, ".0"); ok && base != "irb" && base != "vlan" {
		return base
	}
	return n
}

// defaults is how Junos behaves where its configuration is silent. ELS
// snoops only the VLANs "protocols igmp-snooping" names (the factory
// configuration names VLAN default); the legacy non-ELS style snoops every
// VLAN unless one is disabled. VLAN 1 is the VLAN "default". legacy and
// els are the first statements only one style has; a configuration with
// both, which no switch would commit, is read as ELS, the stricter.
func defaults(legacy, els *model.Ref) model.Defaults {
	isLegacy := legacy != nil && els == nil
	// Legacy has no l2-querier: IGMP on the VLAN's interface queries.
	d := model.Defaults{SnoopingOn: isLegacy, QuerierIsSVI: isLegacy,
		AccessDefault: `no "vlan members" statement: the VLAN "default"`}
	d.BuiltinVLANs.Add(1)
	d.BuiltinWhy = "VLAN 1 is the VLAN \"default\", which every Junos switch has"
	at := func(r *model.Ref) string {
		return fmt.Sprintf("%s line %d: %s", r.File, r.Line, strings.TrimSpace(r.Text))
	}
	switch {
	case isLegacy:
		d.Note = "read as the legacy non-ELS Junos style (" + at(legacy) + "): IGMP snooping runs on every VLAN unless disabled"
	case legacy != nil:
		d.Note = "statements of both Junos styles, which no switch would commit: legacy non-ELS (" + at(legacy) + ") and ELS (" + at(els) +
			"); read as ELS: IGMP snooping runs only on the VLANs \"protocols igmp-snooping\" names"
	case els != nil:
		d.Note = "read as the ELS Junos style (" + at(els) + "): IGMP snooping runs only on the VLANs \"protocols igmp-snooping\" names"
	default:
		d.Note = "read as the ELS Junos style: IGMP snooping runs only on the VLANs \"protocols igmp-snooping\" names"
	}
	return d
}

// ParseOutput reads one command's output of a Junos switch.
func ParseOutput(dev *model.Device, command, file string, data []byte) error {
	if strings.HasPrefix(command, snapshot.GNMIPrefix) {
		dev.Defaults = defaults(nil, nil)
		return openconfig.Parse(dev, file, data, openconfig.Options{Canonical: CanonicalInterface})
	}
	switch command {
	case ConfigCommand, "show configuration", "show configuration | display set":
		return ParseConfig(dev, file, data)
	case cmdVLANs:
		return ParseShowVLANs(dev, file, data)
	case cmdLLDP:
		return ParseShowLLDPNeighbors(dev, file, data)
	}
	return fmt.Errorf("%s: no parser for %q on %s", file, command, dev.Platform)
}
