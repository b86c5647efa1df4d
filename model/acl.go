package model

import "net/netip"

// Action is what an ACL entry or VLAN map does with a packet it matches.
type Action int

const (
	Permit Action = iota + 1
	Deny
)

func (a Action) String() string {
	switch a {
	case Permit:
		return "permit"
	case Deny:
		return "deny"
	}
	return "?"
}

// ACL is an ordered list of entries; the first entry that matches decides,
// and a packet no entry matches is denied.
type ACL struct {
	// Kind is what the platform calls it where that is not "ACL" (Junos:
	// "filter"), for messages.
	Kind string
	Name string
	// Named: the entries are named and placed by name (Junos terms), not
	// by sequence number; Seq only orders them.
	Named    bool
	Standard bool // matches source address only
	Ref      Ref  // the header line, or the first line of a numbered ACL
	Entries  []*ACE
}

// ACE is one entry of an ACL.
type ACE struct {
	Seq int
	// Name is the entry's name where the platform names entries rather
	// than numbering them (a Junos filter's term); Seq then orders them.
	Name   string
	Action Action
	Proto  Proto
	Src    AddrMatch
	Dst    AddrMatch
	// Fragments restricts the entry to non-initial fragments.
	Fragments bool
	// Condition names a qualifier that makes the match depend on more than
	// protocol and addresses (dscp, precedence, ttl, time-range, ...), so
	// the entry cannot be proven to match or miss a packet.
	Condition string
	// Unparsed says why the parser could not understand the line; such an
	// entry never counts as a permit.
	Unparsed string
	Ref      Ref
}

// Proto is the protocol an ACE matches.
type Proto struct {
	Any   bool   // "ip": every protocol
	Num   int    // IP protocol number when !Any and Group == ""
	Group string // a service object-group to expand
}

// AddrMatch is the source or destination of an ACE.
type AddrMatch struct {
	Any bool
	// Prefix is set for host, prefix and contiguous wildcard forms.
	Prefix netip.Prefix
	// Group names an address object-group.
	Group string
}

// AddressGroup is a named set of addresses (IOS "object-group network",
// NX-OS "object-group ip address").
type AddressGroup struct {
	Name     string
	Ref      Ref
	Prefixes []netip.Prefix
	Groups   []string // nested "group-object" references
	Unparsed []Ref    // member lines the parser did not understand
}

// ServiceGroup is a named set of protocols (IOS "object-group service").
type ServiceGroup struct {
	Name     string
	Ref      Ref
	Protos   []ServiceEntry
	Groups   []string
	Unparsed []Ref
}

// ServiceEntry is one protocol of a service group.
type ServiceEntry struct {
	Any bool // "ip"
	Num int
	Ref Ref
}

// VLANMap is a VLAN access map (VACL): entries in sequence order, each
// matching packets its ACLs permit and forwarding or dropping them.
type VLANMap struct {
	Name    string
	Entries []*VLANMapEntry
}

// VLANMapEntry is one "vlan access-map NAME SEQ" block.
type VLANMapEntry struct {
	Seq       int
	Ref       Ref
	MatchIP   []string // ACL names from "match ip address"
	MatchRef  *Ref
	MatchMAC  bool // "match mac address": applies to non-IP frames only
	Drop      bool // "action drop"; the default action is forward
	ActionRef *Ref
}

// VLANFilter applies a VLAN map to a list of VLANs.
type VLANFilter struct {
	Map   string
	VLANs VLANSet
	Ref   Ref
}
