package model

import "net/netip"

// Oper is the operational state read from show output. Each part is nil
// when the snapshot had no output for it; where present it beats the
// configuration.
type Oper struct {
	// VLANs from "show vlan brief".
	VLANs map[int]*OperVLAN
	// VLANsRef is the header line of that output, for evidence of absence.
	VLANsRef *Ref

	// Trunks from "show interfaces trunk" (IOS) / "show interface trunk"
	// (NX-OS), keyed by canonical port name.
	Trunks    map[string]*OperTrunk
	TrunksRef *Ref
	// VLANsFrom and TrunksFrom name the show commands VLANs and Trunks
	// were read from, for verdicts that rest on them.
	VLANsFrom, TrunksFrom string

	// Snooping from "show ip igmp snooping" (NX-OS) and
	// "show ip igmp snooping querier" (IOS), keyed by VLAN.
	SnoopingGlobal *OperFlag
	Snooping       map[int]*OperSnooping
	// QuerierTableRef is set when a querier table was read: a VLAN missing
	// from it has no querier.
	QuerierTableRef *Ref
}

// OperVLAN is one VLAN of "show vlan brief".
type OperVLAN struct {
	ID     int
	Name   string
	Status string // active, act/lshut, sus/lshut, act/unsup, suspended, ...
	Ports  []string
	Ref    Ref
}

// Active reports whether the VLAN forwards traffic.
func (v *OperVLAN) Active() bool {
	return v.Status == "active"
}

// OperTrunk is one trunking port.
type OperTrunk struct {
	Port    string
	Allowed VLANSet
	Ref     Ref // the port's line in the "Vlans allowed on trunk" section
}

// OperFlag is an enabled/disabled state with the line that shows it.
type OperFlag struct {
	Enabled bool
	Ref     Ref
}

// OperSnooping is what the switch reports for one VLAN.
type OperSnooping struct {
	Enabled *OperFlag
	// Querier is the querier the switch sees; nil with NoQuerier set when
	// it reports none.
	Querier   *OperQuerier
	NoQuerier *Ref
	// SwitchQuerier is the switch's own snooping querier state (NX-OS
	// "Switch-querier enabled, address A, currently not running").
	SwitchQuerier *OperFlag
}

// OperQuerier is an IGMP querier seen in a VLAN.
type OperQuerier struct {
	Address netip.Addr // invalid when the output masks it
	Version int
	Port    string // where it was seen: a port, "Router", "Switch", an SVI
	Ref     Ref
}
