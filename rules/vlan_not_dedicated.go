package rules

import (
	"fmt"
	"strings"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/topology"
)

var vlanNotDedicated = Rule{
	ID:       "vlan-not-dedicated",
	Severity: Warning,
	Summary:  "The cluster VLAN holds only the cluster's hosts: no other access port is in it.",
	Why: "Every device in the VLAN receives the cluster's flooded and unknown multicast, and its own " +
		"broadcast and multicast reach the cluster nodes. A dedicated VLAN keeps the cluster's traffic " +
		"and failure domain to itself.",
	Fix:   "Move the other hosts out of the cluster VLAN, or give the cluster a VLAN of its own: its multicast then reaches only its nodes.",
	check: checkDedicated,
}

func checkDedicated(s *Scope) []Finding {
	var out []Finding
	v := s.Cluster.VLAN
	for _, d := range s.domainDevices() {
		var ports []string
		var ev []model.Ref
		counted := map[string]bool{}
		for _, ifc := range d.Interfaces {
			if !accessPortIn(d, ifc, v) || s.isHostPort(d.Name, ifc) || s.isLinkPort(d, ifc) {
				continue
			}
			counted[ifc.Name] = true
			ports = append(ports, portLabel(ifc))
			ev = append(ev, ifc.Ref)
			ev = append(ev, optRef(ifc.AccessRef)...)
		}
		// Show output lists ports the configuration may not (a VTP client's
		// defaults); NX-OS lists trunk ports there too, which do not count.
		if ov := d.Oper.VLANs[v]; ov != nil {
			for _, p := range ov.Ports {
				ifc := d.Interface(p)
				if counted[p] || (ifc != nil && (!accessPortIn(d, ifc, v) || s.isHostPort(d.Name, ifc) || s.isLinkPort(d, ifc))) {
					continue
				}
				counted[p] = true
				ports = append(ports, p)
				ev = append(ev, ov.Ref)
			}
		}
		if s.Single {
			if len(s.Cluster.Hosts) == 0 || len(ports) <= len(s.Cluster.Hosts) {
				continue
			}
			out = append(out, Finding{Device: d.Name, Evidence: dedupRefs(ev),
				Message: fmt.Sprintf("VLAN %d has %d access ports on %s but the cluster has %d %s: %s",
					v, len(ports), d.Name, len(s.Cluster.Hosts), plural(len(s.Cluster.Hosts), "host", "hosts"), strings.Join(ports, ", "))})
			continue
		}
		if len(ports) == 0 {
			continue
		}
		out = append(out, Finding{Device: d.Name, Evidence: dedupRefs(ev),
			Message: fmt.Sprintf("VLAN %d is not dedicated to the cluster: %d other access port%s on %s: %s",
				v, len(ports), plural(len(ports), "", "s"), d.Name, strings.Join(ports, ", "))})
	}
	return out
}

// accessPortIn reports whether ifc is an up access port in VLAN v.
func accessPortIn(d *model.Device, ifc *model.Interface, v int) bool {
	return ifc.IsL2() && !ifc.Shutdown && ifc.Bundle == "" && !topology.IsTrunk(ifc) &&
		d.Oper.Trunks[ifc.Name] == nil && ifc.AccessVLAN == v
}

func portLabel(ifc *model.Interface) string {
	if ifc.Description != "" {
		return fmt.Sprintf("%s (%q)", ifc.Name, ifc.Description)
	}
	return ifc.Name
}
