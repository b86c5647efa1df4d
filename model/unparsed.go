package model

// Unparsed is a configuration line its parser could not read. The device
// is still audited: the line is reported, and only the verdicts that rest
// on what it configures are not proven.
type Unparsed struct {
	Ref Ref
	// Why says what was expected, e.g. `want "ip address A.B.C.D MASK"`.
	Why string
	On  Setting
}

// Setting is what a configuration line configures, as far as the audit
// cares: which verdicts rest on it.
type Setting struct {
	Kind SettingKind
	// Name is the interface, ACL or VLAN map; VLAN the VLAN (0: every
	// VLAN, for a global snooping or VLAN-database line).
	Name string
	VLAN int
}

// SettingKind is what a line configures.
type SettingKind string

const (
	// OnNothing: nothing the audit reads (a line counted, not judged).
	OnNothing SettingKind = ""
	// OnInterface: what an interface carries (mode, VLANs, admin state,
	// bundle, ACL binding, storm control).
	OnInterface SettingKind = "interface"
	// OnVLAN: whether a VLAN exists and is active.
	OnVLAN SettingKind = "vlan"
	// OnSnooping: IGMP snooping and the snooping querier.
	OnSnooping SettingKind = "snooping"
	// OnVLANMap: a VLAN map's entries.
	OnVLANMap SettingKind = "vlan-map"
	// OnACL: an ACL's entries (acl-unparsed judges unreadable entries).
	OnACL SettingKind = "acl"
)

// Unread records a line that could not be read.
func (d *Device) Unread(ref Ref, why string, on Setting) {
	d.Unparsed = append(d.Unparsed, Unparsed{Ref: ref, Why: why, On: on})
}
