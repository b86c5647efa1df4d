package model

import (
	"fmt"
)

// Presence says whether a VLAN exists on a device, as far as can be proven.
type Presence int

const (
	// VLANUnknown: the configuration is not the authority (IOS VTP
	// server/client) and no show output says.
	VLANUnknown Presence = iota
	VLANAbsent
	VLANSuspended
	VLANActive
)

// VLANStatus is the verdict on one VLAN of a device with its evidence.
type VLANStatus struct {
	Presence Presence
	Refs     []Ref
	// FromOper is true when show output decided, false when configuration did.
	FromOper bool
	Detail   string // e.g. the operational status "act/lshut"
}

// VLANStatus decides whether VLAN v exists and forwards on d. Show output
// beats configuration; configuration counts only where it is the authority.
func (d *Device) VLANStatus(v int) VLANStatus {
	if d.Oper.VLANs != nil {
		ov := d.Oper.VLANs[v]
		switch {
		case ov == nil:
			st := VLANStatus{Presence: VLANAbsent, FromOper: true}
			if d.Oper.VLANsRef != nil {
				st.Refs = []Ref{*d.Oper.VLANsRef}
			}
			return st
		case ov.Active():
			return VLANStatus{Presence: VLANActive, FromOper: true, Refs: []Ref{ov.Ref}, Detail: ov.Status}
		default:
			return VLANStatus{Presence: VLANSuspended, FromOper: true, Refs: []Ref{ov.Ref}, Detail: ov.Status}
		}
	}
	if vl := d.VLANs[v]; vl != nil {
		if vl.Suspended != nil {
			return VLANStatus{Presence: VLANSuspended, Refs: []Ref{vl.Ref, *vl.Suspended}, Detail: "suspended"}
		}
		return VLANStatus{Presence: VLANActive, Refs: []Ref{vl.Ref}}
	}
	if d.Defaults.BuiltinVLANs.Has(v) {
		// Never printed, always there: the default VLAN and its kin.
		return VLANStatus{Presence: VLANActive, Detail: d.Defaults.BuiltinWhy}
	}
	st := VLANStatus{Presence: VLANAbsent}
	if d.VLANSource.Elsewhere {
		st.Presence = VLANUnknown
	}
	if d.VLANSource.Ref != nil {
		st.Refs = []Ref{*d.VLANSource.Ref}
	}
	return st
}

// BundleOf returns the link aggregate an interface is a member of, or
// nil (also where the aggregate is not configured).
func (d *Device) BundleOf(ifc *Interface) *Interface {
	if ifc.Bundle == "" {
		return nil
	}
	return d.Interface(ifc.Bundle)
}

// Members returns the member ports of a link aggregate.
func (d *Device) Members(bundle *Interface) []*Interface {
	var out []*Interface
	for _, ifc := range d.Interfaces {
		if ifc.Bundle == bundle.Name {
			out = append(out, ifc)
		}
	}
	return out
}

// Anchor returns a line to cite when a verdict rests on something being
// absent from the configuration: the hostname line, else the first line
// of the first source.
func (d *Device) Anchor() Ref {
	if d.HostnameRef != nil {
		return *d.HostnameRef
	}
	if d.RequestRef != nil {
		return *d.RequestRef
	}
	if len(d.Sources) > 0 {
		// The file as a whole: no line of it says more than another.
		return Ref{File: d.Sources[0]}
	}
	return Ref{File: d.Name}
}

func (s VLANStatus) String() string {
	switch s.Presence {
	case VLANActive:
		return "active"
	case VLANSuspended:
		return fmt.Sprintf("suspended (%s)", s.Detail)
	case VLANAbsent:
		return "absent"
	}
	return "unknown"
}
