package model

import (
	"net/netip"
	"slices"
	"time"
)

// Device is one switch as its configuration and show output describe it.
type Device struct {
	Name     string // inventory name
	Platform string // scrapli-style platform name, e.g. cisco_iosxe
	Hostname string
	// HostnameRef is the hostname line: the anchor for a finding that
	// rests on the absence of configuration.
	HostnameRef *Ref
	// RequestRef, for a device read from gNMI documents, is the line
	// naming the first request it answered: the anchor where there is no
	// hostname line.
	RequestRef *Ref
	Sources    []string // files the device was read from, in reading order

	// VLANs defined in the configuration, and whether the configuration
	// is where the device keeps them.
	VLANs      map[int]*VLAN
	VLANSource VLANSource

	Interfaces []*Interface // in configuration order

	Snooping Snooping
	// SnoopingUnknown, when set, says why the device's IGMP snooping state
	// could not be read, as a clause completing "could not be read", e.g.
	// "from gNMI (OpenConfig has no snooping model)". The parser of a
	// device read only through OpenConfig sets it; a device-native parser
	// that reads snooping data clears it. Rules do not take the empty
	// Snooping of such a device for the platform's default.
	SnoopingUnknown  string
	MulticastRouting *Ref // "ip multicast-routing" (IOS); nil where absent

	ACLs          map[string]*ACL
	AddressGroups map[string]*AddressGroup
	ServiceGroups map[string]*ServiceGroup
	VLANMaps      map[string]*VLANMap
	VLANFilters   []*VLANFilter

	Oper Oper

	// QuerySync is set where the device shares its snooping state with a
	// peer (NX-OS vPC) and needs IGMP queries at least QuerySync.Min apart.
	QuerySync *QuerySync

	// Neighbors are what the device's CDP and LLDP tables show, and
	// NeighborsOff the protocols it says are not running.
	Neighbors    []Neighbor
	NeighborsOff []NeighborsOff

	// Unparsed are the configuration lines the parser could not read, in
	// file order.
	Unparsed []Unparsed
	// Refused are the requests the device did not answer (gNMI paths it
	// does not serve), in the order they were asked.
	Refused []Refusal

	// Defaults is how the platform behaves where the configuration is
	// silent; the vendor parser states it so that rules need not know
	// platforms.
	Defaults Defaults

	byName map[string]*Interface
}

// VLANSource says where a device keeps the VLANs it has. The zero value:
// in its configuration, which is then the authority on which exist.
type VLANSource struct {
	// Elsewhere: the device keeps its VLANs outside the configuration
	// (IOS in VTP server or client mode: vlan.dat), so only show output
	// proves which exist.
	Elsewhere bool
	// Learned: the VLANs come from another device of its domain (a VTP
	// client), which is where a VLAN is created; Origin names it.
	Learned bool
	Origin  string
	// Why completes "it ..." in the vendor's words ("runs VTP server
	// mode"); Prove is the show command that lists the VLANs.
	Why, Prove string
	// Ref is the line that decides; nil where the platform's default does.
	Ref *Ref
}

// Defaults is platform behaviour a verdict may rest on.
type Defaults struct {
	// SnoopingOn: IGMP snooping runs on a VLAN unless a line disables it.
	// Where false, a VLAN is snooped only where a line (Snooping.Enabled,
	// VLANSnooping.Enabled) or show output says so.
	SnoopingOn bool
	// QuerierAddressFallback: a snooping querier without a configured
	// address sources its queries from the VLAN's SVI, else from the first
	// IP address on the switch (IOS); without any it sends nothing.
	QuerierAddressFallback bool
	// PIMNeedsMulticastRouting: PIM on an interface does nothing unless
	// multicast routing is enabled globally (IOS "ip multicast-routing").
	PIMNeedsMulticastRouting bool
	// BuiltinVLANs exist on every switch of the platform and cannot be
	// deleted, whether or not the configuration names them (VLAN 1; IOS's
	// 1002-1005); BuiltinWhy says so in a verdict's words.
	BuiltinVLANs VLANSet
	BuiltinWhy   string
	// QuerierIsSVI: the platform has no snooping-only querier; IGMP on
	// the VLAN's layer-3 interface is the VLAN's querier (AOS-CX, legacy
	// non-ELS Junos).
	QuerierIsSVI bool
	// NoQuerier, where set, says why the platform runs no IGMP querier of
	// its own and where the domain's querier goes instead, in the vendor's
	// words (Nexus 1000V: on the UCS fabric interconnect or the upstream
	// Nexus 5000). No querier is ever placed or suggested on it.
	NoQuerier string
	// QuerierByHand, where set, is how the querier is turned on for a VLAN
	// outside any configuration mcaudit writes (UCS Manager's multicast
	// policy), as a format taking the VLAN and the querier's address.
	QuerierByHand string
	// AccessDefault says, in the vendor's words, why a switched port with
	// no access VLAN configured is in VLAN 1, completing "is in VLAN 1
	// (...)": `no "switchport access vlan" line: the default`.
	// DownDefault says why a port nothing brings up is down. Empty: the
	// rules' neutral words.
	AccessDefault, DownDefault string
	// Note says how the parser read the platform where that changes its
	// defaults (Junos' legacy non-ELS style snoops every VLAN, ELS none):
	// reported with the device, so that a verdict resting on a default
	// can be checked against it.
	Note string
}

// NewDevice returns an empty device ready to be filled by a parser.
func NewDevice(name, platform string) *Device {
	return &Device{
		Name:          name,
		Platform:      platform,
		VLANs:         map[int]*VLAN{},
		ACLs:          map[string]*ACL{},
		AddressGroups: map[string]*AddressGroup{},
		ServiceGroups: map[string]*ServiceGroup{},
		VLANMaps:      map[string]*VLANMap{},
		Snooping:      Snooping{VLANs: map[int]*VLANSnooping{}},
	}
}

// Interface returns the interface with the given canonical name, or nil.
func (d *Device) Interface(name string) *Interface {
	return d.byName[name]
}

// ReserveInterfaces makes room for n more interfaces, so that reading a
// switch with thousands of ports does not grow the index again and again.
func (d *Device) ReserveInterfaces(n int) {
	if d.byName == nil {
		d.byName = make(map[string]*Interface, n)
	}
	d.Interfaces = slices.Grow(d.Interfaces, n)
}

// AddInterface appends ifc, or returns the existing one with the same name
// (a configuration may open an interface block more than once).
func (d *Device) AddInterface(ifc *Interface) *Interface {
	if d.byName == nil {
		d.byName = map[string]*Interface{}
	}
	if old, ok := d.byName[ifc.Name]; ok {
		return old
	}
	d.byName[ifc.Name] = ifc
	d.Interfaces = append(d.Interfaces, ifc)
	return ifc
}

// VLANSnoopingFor returns the per-VLAN snooping settings for v, creating them.
func (d *Device) VLANSnoopingFor(v int) *VLANSnooping {
	s := d.Snooping.VLANs[v]
	if s == nil {
		s = &VLANSnooping{}
		d.Snooping.VLANs[v] = s
	}
	return s
}

// SVI returns the layer-3 interface of VLAN v (interface VlanN), or nil.
func (d *Device) SVI(v int) *Interface {
	for _, ifc := range d.Interfaces {
		if ifc.SVI == v {
			return ifc
		}
	}
	return nil
}

// VLAN is a VLAN defined in configuration.
type VLAN struct {
	ID      int
	Name    string
	Ref     Ref  // the "vlan N" line (or the list line that created it)
	NameRef *Ref // the "name ..." line
	// Suspended is the "state suspend" or "shutdown" line of a VLAN that
	// exists but does not forward.
	Suspended *Ref
	// Segment is the overlay segment the VLAN is mapped to (a VXLAN VNI:
	// NX-OS "vn-segment N"), 0 where none; SegmentRef is that line.
	Segment    int
	SegmentRef *Ref
	// TrunkGroups restrict the VLAN to the trunks in one of these groups
	// (EOS "trunk group G"); none: every trunk that allows it.
	TrunkGroups    []string
	TrunkGroupRefs []Ref
	// ACLIn and ACLOut filter every packet entering or leaving the VLAN,
	// bridged ones included (AOS-CX "apply access-list ip X in" on the
	// VLAN, a Junos VLAN filter); nil where none. Cisco's VLAN maps are
	// VLANMaps and VLANFilters.
	ACLIn, ACLOut *ACLBinding
}

// PortMode is how a switchport carries VLANs.
type PortMode int

const (
	// ModeDefault: no "switchport mode" line. IOS runs DTP (dynamic auto),
	// NX-OS ports are access ports.
	ModeDefault PortMode = iota
	ModeAccess
	ModeTrunk
	ModeDynamicAuto
	ModeDynamicDesirable
)

func (m PortMode) String() string {
	switch m {
	case ModeAccess:
		return "access"
	case ModeTrunk:
		return "trunk"
	case ModeDynamicAuto:
		return "dynamic auto"
	case ModeDynamicDesirable:
		return "dynamic desirable"
	}
	return "default"
}

// Interface is a physical port, port-channel or SVI.
type Interface struct {
	Name        string // canonical long name, e.g. GigabitEthernet1/0/10, Ethernet1/49, Port-channel10, Vlan100
	Ref         Ref    // the "interface ..." line
	Description string
	// Profile is the interface whose configuration this one inherits (a
	// Nexus 1000V port-profile), by name; "" where none.
	Profile string

	Shutdown    bool
	ShutdownRef *Ref // the line that decided the admin state, if any

	// Routed is true for "no switchport" ports and for SVIs and loopbacks;
	// such an interface does not bridge.
	Routed    bool
	RoutedRef *Ref
	SVI       int // VLAN ID for "interface VlanN", else 0

	Mode       PortMode
	ModeRef    *Ref
	AccessVLAN int  // 1 unless configured
	AccessRef  *Ref // "switchport access vlan N"
	NativeVLAN int
	// Allowed is the trunk's allowed VLAN list after every add/remove line;
	// AllowedRefs holds those lines. With no line it is all VLANs.
	Allowed     VLANSet
	AllowedRefs []Ref
	// TrunkGroups are the trunk groups the trunk is in (EOS "switchport
	// trunk group G"): a VLAN restricted to groups crosses it only where
	// they meet.
	TrunkGroups    []string
	TrunkGroupRefs []Ref

	// Bundle is the link aggregate (port-channel, ae, lag) the port is a
	// member of, by the canonical name the parser resolved; "" if none.
	// BundleRef is the line that makes it a member ("channel-group N").
	Bundle    string
	BundleRef *Ref

	IPv4       []netip.Prefix
	IPv4Ref    *Ref
	PIM        string // "sparse-mode", "dense-mode", "sparse-dense-mode", "" when off
	PIMRef     *Ref
	IGMPVer    int // configured "ip igmp version", 0 when default
	IGMPVerRef *Ref
	// IGMPQueryInterval is a configured "ip igmp query-interval"; 0 when
	// the default.
	IGMPQueryInterval    time.Duration
	IGMPQueryIntervalRef *Ref
	// IGMPEnabled is the evidence that IGMP runs on this layer-3 interface
	// without PIM, so that it sends queries and is a querier candidate in
	// its VLAN: e.g. OpenConfig router IGMP with enabled true on the SVI.
	// nil where IGMP is not enabled on its own (with PIM, see PIM).
	IGMPEnabled *Ref

	// PortACLIn filters bridged traffic entering the port: IOS
	// "ip access-group X in" on a switchport, NX-OS "ip port access-group X in".
	PortACLIn *ACLBinding
	// PortACLOut filters bridged traffic leaving the port, where the
	// platform supports it (Catalyst 9000 "ip access-group X out").
	PortACLOut *ACLBinding
	// RouterACLIn/Out filter routed traffic only: "ip access-group X in|out"
	// on an SVI or routed port.
	RouterACLIn  *ACLBinding
	RouterACLOut *ACLBinding

	StormMulticast *StormControl
}

// IsL2 reports whether the interface bridges (a switchport).
func (i *Interface) IsL2() bool { return !i.Routed && i.SVI == 0 }

// ACLBinding is an ACL applied to an interface.
type ACLBinding struct {
	ACL string
	Ref Ref
}

// StormControl is a multicast storm-control threshold on a port.
type StormControl struct {
	Level   string  // as configured, e.g. "0.50", "pps 10k", "bps 1m 500k"
	Percent float64 // the rising threshold in percent, or -1 when given in pps/bps
	Ref     Ref
}

// Snooping is the IGMP snooping configuration of a device.
type Snooping struct {
	Disabled *Ref // "no ip igmp snooping": off on every VLAN
	// Enabled is a line that turns snooping on for every VLAN, where the
	// platform has one; it matters where Defaults.SnoopingOn is false.
	Enabled *Ref
	Querier Querier
	VLANs   map[int]*VLANSnooping
}

// VLANSnooping is the per-VLAN snooping configuration.
type VLANSnooping struct {
	Disabled *Ref // "no ip igmp snooping vlan N", or "no ip igmp snooping" in a VLAN block
	// Enabled is a line that turns snooping on for this VLAN; it matters
	// where Defaults.SnoopingOn is false.
	Enabled *Ref
	Querier Querier
	// DefaultOff is set where snooping on this VLAN is off by the
	// platform's default and nothing turns it on: the line that makes the
	// default apply, and DefaultOffWhy, the vendor's words for why (NX-OS:
	// a VLAN mapped to a VXLAN segment, without "ip igmp snooping vxlan").
	DefaultOff    *Ref
	DefaultOffWhy string
}

// Querier is a snooping-querier configuration, global (IOS) or per VLAN.
type Querier struct {
	Enabled    *Ref // the line that turns it on
	Disabled   *Ref // an explicit "no ... querier"
	Address    netip.Addr
	AddressRef *Ref
	Version    int
	VersionRef *Ref
	// Interval is a configured query interval; 0 when the default.
	Interval    time.Duration
	IntervalRef *Ref
}

// QuerySync is a device's need for a minimum IGMP query interval because
// it synchronises snooping state with a peer.
type QuerySync struct {
	Ref Ref           // the line that makes the pair ("vpc domain 10")
	Min time.Duration // the shortest query interval that keeps entries
	Why string        // the vendor's words for why, with its defect ID
}
