package rules

import (
	"cmp"
	"fmt"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/topology"
)

var hostPortWrongVLAN = Rule{
	ID:       "host-port-wrong-vlan",
	Severity: Error,
	Summary:  "Each cluster host's switch port is an access port in the cluster VLAN, up and switched.",
	Why: "A host in another VLAN, on a trunk whose native VLAN is not the cluster's, on a routed " +
		"port or on a port that is shut down is not in the cluster's layer-2 domain at all.",
	Fix:   "Make the host's port an access port in the cluster VLAN (switchport mode access, switchport access vlan N, or the platform's equivalent) and bring it up. mcaudit remediate writes it, with the port's previous VLAN and mode as the rollback.",
	check: checkHostPorts,
}

func checkHostPorts(s *Scope) []Finding {
	if s.Single {
		return nil
	}
	var out []Finding
	v := s.Cluster.VLAN
	for _, h := range s.Cluster.Hosts {
		d := s.device(h.Switch)
		if d == nil {
			continue
		}
		ifc := d.Interface(h.Interface)
		if ifc == nil {
			out = append(out, Finding{Device: d.Name, Evidence: []model.Ref{h.Ref},
				Message: fmt.Sprintf("host %s's port %s does not exist on %s", h.Name, h.Interface, d.Name),
				Subject: &Subject{Interface: h.Interface, Host: h.Name}})
			continue
		}
		if msg, ev := hostPortProblem(d, ifc, v); msg != "" {
			out = append(out, Finding{Device: d.Name, Evidence: append(ev, h.Ref),
				Message: fmt.Sprintf("host %s's port %s %s", h.Name, ifc.Name, msg),
				Subject: &Subject{Interface: ifc.Name, Host: h.Name}})
		}
	}
	return out
}

// hostPortProblem says what keeps ifc from being an access port in VLAN v.
func hostPortProblem(d *model.Device, ifc *model.Interface, v int) (string, []model.Ref) {
	eff := ifc
	if b := d.BundleOf(ifc); b != nil {
		eff = b
	}
	ev := []model.Ref{eff.Ref}
	switch {
	case ifc.Shutdown || eff.Shutdown:
		// Cite the port that is down (the member or its port-channel).
		down := ifc
		if !ifc.Shutdown {
			down = eff
		}
		msg := "is shut down"
		if down != ifc {
			msg = "is in " + down.Name + ", which is shut down"
		}
		if down.ShutdownRef == nil {
			msg += " (" + cmp.Or(d.Defaults.DownDefault, "nothing brings it up, and the platform's default is down") + ")"
		}
		return msg, append([]model.Ref{down.Ref}, optRef(down.ShutdownRef)...)
	case !eff.IsL2():
		return "is a routed port, not a switchport", append(ev, optRef(eff.RoutedRef)...)
	case d.Oper.Trunks[eff.Name] != nil:
		return fmt.Sprintf("is a trunk (%s), not an access port in VLAN %d", cmp.Or(d.Oper.TrunksFrom, "operational state"), v),
			append(append(ev, optRef(eff.ModeRef)...), d.Oper.Trunks[eff.Name].Ref)
	case topology.IsTrunk(eff):
		return fmt.Sprintf("is a trunk, not an access port in VLAN %d", v), append(ev, optRef(eff.ModeRef)...)
	case eff.AccessVLAN != v:
		if eff.AccessRef == nil {
			return fmt.Sprintf("is in VLAN 1 (%s), not VLAN %d", cmp.Or(d.Defaults.AccessDefault, "no access VLAN is configured: the default"), v), ev
		}
		return fmt.Sprintf("is an access port in VLAN %d, not VLAN %d", eff.AccessVLAN, v), append(ev, *eff.AccessRef)
	}
	if d.Oper.VLANs != nil {
		for _, ov := range d.Oper.VLANs {
			if ov.ID != v && containsString(ov.Ports, eff.Name) {
				return fmt.Sprintf("is in VLAN %d according to %s, not VLAN %d", ov.ID, cmp.Or(d.Oper.VLANsFrom, "its VLAN table"), v), append(ev, ov.Ref)
			}
		}
	}
	return "", nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
