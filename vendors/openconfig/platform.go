// Package openconfig reads vendor-neutral OpenConfig data collected over
// gNMI (VLANs, switched-vlan ports, LAG membership, IPv4 ACLs and their
// bindings, router IGMP) into the model. It also provides the "openconfig"
// platform, for a switch of any vendor audited through OpenConfig alone.
//
// OpenConfig has no IGMP snooping or snooping-querier model, so a device
// read only through it has model.Device.SnoopingUnknown set; a vendor
// parser of device-native data (NX-OS DME, see vendors/cisco) fills in
// what OpenConfig cannot.
package openconfig

import (
	"fmt"
	"strings"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
)

// OpenConfig is the platform of a switch audited through OpenConfig over
// gNMI only, whatever its vendor.
const OpenConfig = "openconfig"

// Platforms lists the platforms this package reads on its own.
var Platforms = []string{OpenConfig}

// The OpenConfig paths mcaudit collects, without origin.
const (
	PathInterfaces = "/interfaces"
	PathVLANs      = "/network-instances/network-instance[name=default]/vlans"
	PathACL        = "/acl"
	PathIGMP       = "/network-instances/network-instance[name=default]/protocols/protocol[identifier=IGMP][name=IGMP]/igmp/interfaces"
	// PathLLDP is the LLDP neighbor table: the links the audit can find
	// without an inventory's links.
	PathLLDP = "/lldp/interfaces"
)

// Paths returns the OpenConfig paths as commands (snapshot.GNMIPrefix +
// path), the required interfaces path first and the ACLs after it (their
// bindings refer to the interfaces). origin, when not empty, is written
// in front of each path ("openconfig:/interfaces") for targets whose
// default origin is not OpenConfig.
func Paths(origin string) []string {
	var out []string
	for _, p := range []string{PathInterfaces, PathVLANs, PathACL, PathIGMP, PathLLDP} {
		if origin != "" {
			p = origin + ":" + p
		}
		out = append(out, snapshot.GNMIPrefix+p)
	}
	return out
}

// Commands returns what to collect from an OpenConfig switch: the
// OpenConfig paths, over gNMI whatever the transport asked for (there is
// nothing to run over SSH).
func Commands(platform, transport string) []string { return Paths("") }

// ConfigCommand is the command a saved file of an OpenConfig switch is
// read as: a recorded document, or a JSON_IETF tree as a Get of "/"
// returns it.
const ConfigCommand = snapshot.GNMIPrefix + "/"

// ParseOutput parses one recorded gNMI document of an OpenConfig switch.
func ParseOutput(dev *model.Device, command, file string, data []byte) error {
	if !strings.HasPrefix(command, snapshot.GNMIPrefix) {
		return fmt.Errorf("%s: no parser for %q on %s: OpenConfig switches are read over gNMI only", file, command, dev.Platform)
	}
	return Parse(dev, file, data, Options{})
}

// CanonicalInterface returns name unchanged: an OpenConfig switch is
// known only by the names it reports.
func CanonicalInterface(platform, name string) string { return strings.TrimSpace(name) }

// Answers is what a request of the OpenConfig paths tells the audit: a
// target that refuses one leaves exactly these verdicts unproven. Without
// the VLAN model a port's switched-vlan settings are missing too (they
// are openconfig-vlan's augmentation of the interfaces), so a port with
// none is not known to be in VLAN 1. The model named is the one a target
// that refuses the path lacks. 0 for a path it does not know.
func Answers(command string) (model.Topics, string) {
	p, ok := strings.CutPrefix(command, snapshot.GNMIPrefix)
	if !ok {
		return 0, ""
	}
	_, p = gnmidoc.SplitOrigin(p)
	switch p {
	case PathInterfaces:
		return model.TopicPortVLANs, "openconfig-interfaces"
	case PathVLANs:
		return model.TopicVLANs | model.TopicPortVLANs, "openconfig-vlan"
	case PathACL:
		return model.TopicACLs, "openconfig-acl"
	case PathIGMP:
		return model.TopicQuerier, "openconfig-igmp"
	case PathLLDP:
		return model.TopicNeighbors, "openconfig-lldp"
	}
	return 0, ""
}
