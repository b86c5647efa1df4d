package model

import "net/netip"

// Cluster is an application cluster whose nodes exchange multicast in one VLAN.
type Cluster struct {
	Name  string
	VLAN  int
	Group netip.Addr // the cluster's group; invalid when not given
	Hosts []Host
	// VLANName and QuerierAddress guide remediation: the name to give the
	// VLAN where it is created, and the source address of a snooping
	// querier it configures (invalid: none given).
	VLANName       string
	VLANNameRef    Ref // the vlan_name line of the inventory
	QuerierAddress netip.Addr
	Ref            Ref // where the cluster is defined (inventory line)
}

// Host is one cluster node and where it attaches.
type Host struct {
	Name      string
	IP        netip.Addr
	Switch    string // device name; "" when unknown (single-config audits)
	Interface string // canonical interface name on Switch
	Site      string
	Ref       Ref
}

// Endpoint is one end of a link.
type Endpoint struct {
	Device    string
	Interface string // canonical name
}

// Link is a cable (or bundle) between two devices.
type Link struct {
	A, B Endpoint
	// Ref is where the link was found: the inventory line that declares
	// it, or the neighbor-table line that shows it.
	Ref Ref
	// Source says where the link came from: "inventory", "cdp", "lldp",
	// "netbox".
	Source string
	// Also is the other direction's neighbor line, where both ends
	// showed the link.
	Also *Ref
}
