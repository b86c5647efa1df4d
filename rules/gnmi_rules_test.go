package rules_test

import (
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
	"github.com/mcaudit/mcaudit/vendors/cisco"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// ocDoc records a JSON_IETF value as the gNMI collector does.
func ocDoc(path, value string) string {
	b, err := gnmidoc.Encode(&gnmidoc.Document{Path: path, Timestamp: 1,
		Updates: []gnmidoc.Update{{Path: path, Value: []byte(value)}}})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// ocFiles are the snapshot files of an OpenConfig device: "snap/<dev>/"
// plus the file name of each of the platform's paths, in order.
func ocFiles(dev, platform string, values ...string) files {
	var cmds []string
	if platform == openconfig.OpenConfig {
		cmds = openconfig.Commands(platform, "gnmi")
	} else {
		cmds = cisco.Commands(platform, "gnmi")
	}
	fs := files{}
	for i, v := range values {
		if v == "" {
			continue
		}
		path, _ := strings.CutPrefix(cmds[i], snapshot.GNMIPrefix)
		fs["snap/"+dev+"/"+snapshot.FileName(cmds[i])] = ocDoc(path, v)
	}
	return fs
}

const (
	// oc1 is any vendor's switch read through OpenConfig: eft2 on
	// Ethernet1, a trunk to sw1 on Ethernet49.
	oc1Ifaces = `{"openconfig-interfaces:interface": [
	  {"name": "Ethernet1", "config": {"name": "Ethernet1", "description": "eft2"},
	   "openconfig-if-ethernet:ethernet": {"openconfig-vlan:switched-vlan": {"config": {"interface-mode": "ACCESS", "access-vlan": 100}}}},
	  {"name": "Ethernet49", "config": {"name": "Ethernet49", "description": "uplink sw1"},
	   "openconfig-if-ethernet:ethernet": {"openconfig-vlan:switched-vlan": {"config": {"interface-mode": "TRUNK", "trunk-vlans": [10, "100..101"]}}}}
	  %s]}`
	oc1VLANs = `{"openconfig-network-instance:vlans": {"vlan": [
	  {"vlan-id": 10, "config": {"vlan-id": 10, "name": "MGMT"}},
	  {"vlan-id": 100, "config": {"vlan-id": 100, "name": "EFT-HA"}}]}}`
	oc1SVI = `, {"name": "Vlan100", "config": {"name": "Vlan100", "type": "iana-if-type:l3ipvlan"},
	   "openconfig-vlan:routed-vlan": {"config": {"vlan": 100}, "openconfig-if-ip:ipv4": {"addresses": {"address": [
	     {"ip": "10.10.100.9", "config": {"ip": "10.10.100.9", "prefix-length": 24}}]}}}}`
	oc1IGMP = `{"openconfig-network-instance:interface": [
	  {"interface-id": "Vlan100", "config": {"interface-id": "Vlan100", "enabled": true, "version": %d}}]}`
	oc1ACL = `{"openconfig-acl:acl-sets": {"acl-set": [{"name": "EDGE", "type": "openconfig-acl:ACL_IPV4", "acl-entries": {"acl-entry": [
	    {"sequence-id": 10, "ipv4": {"config": {"protocol": %s}}, "actions": {"config": {"forwarding-action": "openconfig-acl:DROP"}}},
	    {"sequence-id": 20, "actions": {"config": {"forwarding-action": "ACCEPT"}}}]}}]},
	  "openconfig-acl:interfaces": {"interface": [{"id": "Ethernet1",
	    "ingress-acl-sets": {"ingress-acl-set": [{"set-name": "EDGE", "type": "ACL_IPV4"}]}}]}}`

	invOC = `snapshot: snap
clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: sw1, interface: GigabitEthernet1/0/10, site: dc1}
      - {name: eft2, ip: 10.10.100.12, switch: oc1, interface: Ethernet1, site: dc1}
devices:
  - {name: sw1, platform: cisco_iosxe, config: sw1.cfg}
  - {name: oc1, platform: openconfig, address: 192.0.2.9, transport: gnmi}
links:
  - [sw1:TenGigabitEthernet1/1/1, oc1:Ethernet49]
`
	// Evidence in oc1's recorded files.
	ocVLANs   = "oc1/gnmi_network-instances_network-instance_name_default_vlans.json"
	ocIfaces  = "oc1/gnmi_interfaces.json"
	ocIGMP    = "oc1/gnmi_network-instances_network-instance_name_default_protocols_protocol_identifier_IGMP_name_IGMP_igmp_interfaces.json"
	ocACLFile = "oc1/gnmi_acl.json"
	evOCVLAN  = ocVLANs + `|~"vlan-id": 100|~"vlan-id": 100`
)

// noSwitchedVLAN is oc1's interfaces with Ethernet1 as a target without
// the VLAN model sends it.
var noSwitchedVLAN = strings.Replace(strings.Replace(oc1Ifaces, "%s", "", 1),
	`,
	   "openconfig-if-ethernet:ethernet": {"openconfig-vlan:switched-vlan": {"config": {"interface-mode": "ACCESS", "access-vlan": 100}}}}`, "}", 1)

// refused records a Get of path that dev refused with code.
func refused(dev, path, code string) files {
	b, err := gnmidoc.Encode(&gnmidoc.Document{Path: path, Updates: []gnmidoc.Update{},
		Error: &gnmidoc.Status{Code: code, Message: "unsupported path"}})
	if err != nil {
		panic(err)
	}
	return files{"snap/" + dev + "/" + snapshot.FileName(snapshot.GNMIPrefix+path): string(b)}
}

func ocUnverified() want {
	return want{rule: "igmp-snooping-unverified", sev: rules.Warning, device: "oc1",
		msg: []string{"whether IGMP snooping runs on VLAN 100 on oc1, and whether oc1 runs a snooping querier, is not proven: " +
			"its snooping state could not be read from gNMI (OpenConfig has no snooping model)"},
		ev: []string{evOCVLAN}}
}

func TestOpenConfigDevice(t *testing.T) {
	base := files{"inventory.yaml": invOC, "sw1.cfg": sw1Base}.with(
		ocFiles("oc1", openconfig.OpenConfig, strings.Replace(oc1Ifaces, "%s", "", 1), oc1VLANs, "{}", "{}"))
	withSVI := ocFiles("oc1", openconfig.OpenConfig, strings.Replace(oc1Ifaces, "%s", oc1SVI, 1), "", "", "")
	igmp := func(v string) files {
		return ocFiles("oc1", openconfig.OpenConfig, "", "", "", strings.Replace(oc1IGMP, "%d", v, 1))
	}
	acl := func(proto string) files {
		return ocFiles("oc1", openconfig.OpenConfig, "", "", strings.Replace(oc1ACL, "%s", proto, 1), "")
	}
	runScenarios(t, base, []scenario{{
		// sw1's snooping querier serves the domain; only oc1's snooping
		// state is unknown, which igmp-snooping-disabled does not report.
		name: "OpenConfig switch beside a snooping querier",
		want: []want{ocUnverified()},
	}, {
		name:  "no querier: the verdict is not proven for the OpenConfig switch",
		files: files{"sw1.cfg": sw1NoQ},
		want: []want{ocUnverified(), {rule: "igmp-querier-missing", sev: rules.Error, device: "oc1",
			msg: []string{"No IGMP querier is proven to run in VLAN 100's layer-2 domain (oc1, sw1): " +
				"no switch whose snooping configuration could be read has an IGMP snooping querier, and no SVI in the VLAN runs PIM or IGMP",
				"whether oc1 runs a snooping querier could not be read from gNMI (OpenConfig has no snooping model)",
				"the verdict is not proven for oc1"},
			not: []string{"no switch has an IGMP snooping querier"},
			ev:  []string{evOCVLAN}}},
	}, {
		// The one switch whose snooping can be read floods: a querier is
		// needed only if oc1 snoops, which cannot be read.
		name:  "the readable switch floods, the OpenConfig one is unknown",
		files: files{"sw1.cfg": edit(sw1NoQ, "vtp mode transparent\n", "vtp mode transparent\nno ip igmp snooping\n")},
		want: []want{ocUnverified(),
			{rule: "igmp-snooping-disabled", sev: rules.Error, device: "sw1", ev: []string{"sw1.cfg|no ip igmp snooping"}},
			{rule: "igmp-querier-missing", sev: rules.Error, device: "oc1",
				msg: []string{"is proven to run", "the verdict is not proven for oc1"}, ev: []string{evOCVLAN}}},
	}, {
		name:  "an OpenConfig SVI running router IGMP is the querier",
		files: files{"sw1.cfg": sw1NoQ}.with(withSVI).with(igmp("2")),
		want:  []want{ocUnverified()},
	}, {
		name:  "an OpenConfig SVI without IGMP is no querier",
		files: files{"sw1.cfg": sw1NoQ}.with(withSVI),
		want: []want{ocUnverified(), {rule: "igmp-querier-missing", sev: rules.Error, device: "oc1",
			msg: []string{"Vlan100 on oc1 has no PIM, so it sends no queries", "the verdict is not proven for oc1"},
			ev:  []string{ocIfaces + `|~"name": "Vlan100"|~"name": "Vlan100"`, evOCVLAN}}},
	}, {
		name:  "an OpenConfig SVI running IGMPv1",
		files: withSVI.with(igmp("1")),
		want: []want{ocUnverified(), {rule: "igmp-version-v1", sev: rules.Error, device: "oc1",
			msg: []string{"Vlan100 runs IGMPv1"},
			ev:  []string{ocIfaces + `|~"name": "Vlan100"|~"name": "Vlan100"`, ocIGMP + `|~"version": 1`}}},
	}, {
		name:  "an OpenConfig ACL dropping protocol 113 on the host port",
		files: acl("113"),
		want: []want{ocUnverified(), {rule: "pgm-blocked", sev: rules.Error, device: "oc1",
			msg: []string{`ACL EDGE on Ethernet1 (in) denies IP protocol 113 from 10.10.100.12 to 239.192.10.10: ACL EDGE sequence 10 ("forwarding-action": "openconfig-acl:DROP")`},
			ev:  []string{ocACLFile + `|~"forwarding-action": "openconfig-acl:DROP"`, ocACLFile + `|~"ingress-acl-set"|~"set-name": "EDGE"`}}},
	}, {
		// A port the VLAN model says nothing about is in VLAN 1 by
		// OpenConfig's default, said in OpenConfig's words.
		name:  "an OpenConfig port without switched-vlan",
		files: ocFiles("oc1", openconfig.OpenConfig, noSwitchedVLAN, "", "", ""),
		want: []want{ocUnverified(), {rule: "host-port-wrong-vlan", sev: rules.Error, device: "oc1",
			msg: []string{"host eft2's port Ethernet1 is in VLAN 1 (no access-vlan in its OpenConfig switched-vlan: the default), not VLAN 100"},
			ev:  []string{ocIfaces + `|~"name": "Ethernet1"|~"name": "Ethernet1"`, "inventory.yaml|~name: eft2"}}},
	}, {
		// The same port on a target that refused the VLAN model: not in
		// VLAN 1, not proven; the refusal is cited where it is recorded.
		name:  "the VLAN model refused",
		files: ocFiles("oc1", openconfig.OpenConfig, noSwitchedVLAN, "", "", "").with(refused("oc1", openconfig.PathVLANs, "Unimplemented")),
		want: []want{{rule: "igmp-snooping-unverified", sev: rules.Warning, device: "oc1",
			msg: []string{"its snooping state could not be read from gNMI (OpenConfig has no snooping model)"},
			ev:  []string{ocIfaces + `|~"path": "/interfaces",`}}, {rule: "data-refused", sev: rules.Warning, device: "oc1",
			msg: []string{"oc1 did not answer " + openconfig.PathVLANs + " (refused: Unimplemented: unsupported path; its model: openconfig-vlan), so whether VLAN 100 exists on oc1 and which VLANs oc1's ports carry are not proven"},
			ev:  []string{ocVLANs + `|~"code": "Unimplemented",`}}},
	}, {
		// ACLs refused: whether one drops PGM is not proven, never a pass.
		name:  "the ACLs refused",
		files: refused("oc1", openconfig.PathACL, "NotFound"),
		want: []want{ocUnverified(), {rule: "data-refused", sev: rules.Warning, device: "oc1",
			msg: []string{"oc1 did not answer /acl (refused: NotFound: unsupported path; its model: openconfig-acl), so whether an ACL on oc1 drops IP protocol 113 is not proven"},
			ev:  []string{ocACLFile + `|~"code": "NotFound",`}}},
	}, {
		name:  "IP_PIM is protocol 103: dropping it does not block PGM",
		files: acl(`"openconfig-packet-match-types:IP_PIM"`),
		want:  []want{ocUnverified()},
	}, {
		name:  "an OpenConfig ACL entry with an unknown protocol is not proven",
		files: acl(`"IP_NOPE"`),
		want: []want{ocUnverified(), {rule: "acl-unparsed", sev: rules.Warning, device: "oc1",
			msg: []string{`protocol "IP_NOPE" is not an IP protocol number or a known IP_PROTOCOL identity`},
			ev:  []string{ocACLFile + `|~"forwarding-action": "openconfig-acl:DROP"`, ocACLFile + `|~"ingress-acl-set"|~"set-name": "EDGE"`}}},
	}})
}

// TestNXOSOverGNMI: NX-OS's snooping comes from its device model, so the
// snooping rules judge it as from its configuration.
func TestNXOSOverGNMI(t *testing.T) {
	inv := strings.NewReplacer("switch: oc1, interface: Ethernet1", "switch: nx1, interface: Eth1/1",
		"{name: oc1, platform: openconfig", "{name: nx1, platform: cisco_nxos", "oc1:Ethernet49", "nx1:Ethernet1/49").Replace(invOC)
	ifaces := strings.NewReplacer(`"Ethernet1"`, `"eth1/1"`, `"Ethernet49"`, `"eth1/49"`).Replace(strings.Replace(oc1Ifaces, "%s", "", 1))
	dmeGlobal := `{"igmpsnoop": true}`
	dmeVLAN := func(snoop string) string {
		return `{"Vlan-list": [{"vlanid": "vlan100", "igmpsnbase-items": {"igmpsnoop": ` + snoop + `}, "querierp-items": {"addr": "0.0.0.0"}}]}`
	}
	base := files{"inventory.yaml": inv, "sw1.cfg": sw1Base}.with(
		ocFiles("nx1", cisco.NXOS, ifaces, oc1VLANs, "{}", "{}", "", dmeGlobal, dmeVLAN("true")))
	dme := "nx1/gnmi_device_System_igmpsnoop-items_inst-items_dom-items_vlan-items.json"
	runScenarios(t, base, []scenario{{
		name: "snooping read from the DME: nothing unverified",
	}, {
		name:  "snooping off on the VLAN in the DME",
		files: ocFiles("nx1", cisco.NXOS, "", "", "", "", "", "", dmeVLAN("false")),
		want: []want{{rule: "igmp-snooping-disabled", sev: rules.Error, device: "nx1",
			msg: []string{"IGMP snooping is disabled on VLAN 100 on nx1"},
			ev:  []string{dme + `|~"igmpsnoop": false`}}},
	}, {
		// Without the DME recorded, NX-OS's snooping is not known: each
		// request without an answer is named, with the request as evidence.
		name: "DME not recorded",
		files: files{"snap/nx1/" + snapshot.FileName(cisco.Commands(cisco.NXOS, "gnmi")[5]): "",
			"snap/" + dme: ""},
		want: []want{{rule: "data-refused", sev: rules.Warning, device: "nx1",
			msg: []string{"nx1 did not answer device:/System/igmpsnoop-items/inst-items/dom-items/gl-items/igmpsnbase-items (no answer recorded: gnmi_device_System_igmpsnoop-items_inst-items_dom-items_gl-items_igmpsnbase-items.json is not in the snapshot; its model: the NX-OS device model (DME))",
				"whether nx1 snoops IGMP on VLAN 100 and whether nx1 runs an IGMP querier for VLAN 100 are not proven"},
			ev: []string{"gnmi:device:/System/igmpsnoop-items/inst-items/dom-items/gl-items/igmpsnbase-items:0"}}, {
			rule: "data-refused", sev: rules.Warning, device: "nx1",
			msg: []string{"nx1 did not answer device:/System/igmpsnoop-items/inst-items/dom-items/vlan-items (no answer recorded"},
			ev:  []string{"gnmi:device:/System/igmpsnoop-items/inst-items/dom-items/vlan-items:0"}}},
	}, {
		// A DME the switch refused: the refusal is cited where it is
		// recorded, and nothing rests on the snooping default.
		name: "DME refused",
		files: files{"snap/" + dme: `{
  "error": {
    "code": "PermissionDenied",
    "message": "role network-operator may not read the DME"
  },
  "path": "device:/System/igmpsnoop-items/inst-items/dom-items/vlan-items",
  "timestamp": 0,
  "updates": []
}
`},
		want: []want{{rule: "data-refused", sev: rules.Warning, device: "nx1",
			msg: []string{"nx1 did not answer device:/System/igmpsnoop-items/inst-items/dom-items/vlan-items (refused: PermissionDenied: role network-operator may not read the DME; its model: the NX-OS device model (DME)), so whether nx1 snoops IGMP on VLAN 100"},
			ev:  []string{dme + `|~"code": "PermissionDenied",`}}},
	}})
}
