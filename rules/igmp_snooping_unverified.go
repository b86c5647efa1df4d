package rules

import "fmt"

var snoopingUnverified = Rule{
	ID:       "igmp-snooping-unverified",
	Severity: Warning,
	Unproven: true,
	Summary:  "The IGMP snooping state of every switch in the cluster VLAN's layer-2 domain could be read.",
	Why: "OpenConfig, the vendor-neutral model read over gNMI, has no IGMP snooping or snooping-querier " +
		"model, so for a switch read only through it neither whether snooping runs on the cluster VLAN " +
		"nor whether it runs a snooping querier can be proven. Read its snooping state another way (its " +
		"device-native model, or show output over SSH); until then the snooping and querier verdicts " +
		"for it are not proven.",
	Fix:   "Collect the device over SSH (or NX-OS's device-model paths over gNMI) so that its snooping state can be read, or check it by hand.",
	check: checkSnoopingUnverified,
}

func checkSnoopingUnverified(s *Scope) []Finding {
	var out []Finding
	v := s.Cluster.VLAN
	for _, d := range s.domainDevices() {
		if d.SnoopingUnknown == "" {
			continue
		}
		out = append(out, Finding{Device: d.Name, Evidence: vlanAnchor(d, v),
			Message: fmt.Sprintf("whether IGMP snooping runs on VLAN %d on %s, and whether %s runs a snooping querier, is not proven: "+
				"its snooping state could not be read %s", v, d.Name, d.Name, d.SnoopingUnknown)})
	}
	return out
}
