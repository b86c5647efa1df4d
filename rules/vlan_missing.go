package rules

import (
	"fmt"

	"github.com/mcaudit/mcaudit/model"
)

var vlanMissing = Rule{
	ID:       "vlan-missing",
	Severity: Error,
	Summary:  "The cluster VLAN exists and is active on every switch a host is cabled to and every switch between them.",
	Why: "A switch drops frames of a VLAN it does not have, even on a trunk that allows it, and a " +
		"suspended VLAN forwards nothing. Show output (show vlan brief), where recorded, beats configuration.",
	Fix:   "Create the cluster VLAN on the switch (and activate a suspended one). mcaudit remediate writes it, with the inventory's vlan_name, or on a VTP client says which switch to create it on.",
	check: checkVLANMissing,
}

// needsVLAN lists the audited devices that must have the cluster VLAN:
// the hosts' switches and the switches on the paths between them.
func (s *Scope) needsVLAN() []*model.Device {
	var out []*model.Device
	for _, name := range s.scoped {
		if d := s.device(name); d != nil && s.pathDevices[name] {
			out = append(out, d)
		}
	}
	return out
}

func checkVLANMissing(s *Scope) []Finding {
	var out []Finding
	v := s.Cluster.VLAN
	for _, d := range s.needsVLAN() {
		st := d.VLANStatus(v)
		src := "configuration"
		if st.FromOper {
			src = d.Oper.VLANsFrom
			if src == "" {
				src = "its VLAN table"
			}
		}
		var msg string
		switch st.Presence {
		case model.VLANAbsent:
			msg = fmt.Sprintf("VLAN %d does not exist on %s (%s)", v, d.Name, src)
		case model.VLANSuspended:
			msg = fmt.Sprintf("VLAN %d exists on %s but is %s (%s), so it forwards nothing", v, d.Name, st.Detail, src)
		default:
			continue
		}
		ev := st.Refs
		if len(ev) == 0 {
			ev = []model.Ref{d.Anchor()}
		}
		f := Finding{Device: d.Name, Message: msg, Evidence: ev}
		if st.Presence == model.VLANSuspended {
			f.Subject = &Subject{Scope: "suspended"}
		}
		out = append(out, f)
	}
	return out
}
