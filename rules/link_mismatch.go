package rules

import (
	"github.com/mcaudit/mcaudit/discover"
	"github.com/mcaudit/mcaudit/model"
)

var linkMismatch = Rule{
	ID:       "link-mismatch",
	Severity: Warning,
	Summary: "Each link the inventory or NetBox declares between the switches of the cluster's path or domain is " +
		"the one their CDP or LLDP neighbor tables show, and the two ends of a discovered link agree.",
	Why: "The audit judges the path the links describe. A declared link the switches contradict - a " +
		"recabled uplink, a typo in a port - makes it check a trunk the traffic does not cross and miss " +
		"the one it does. The declared link is used, as declared, until it is corrected or removed.",
	Fix:   "Correct the declared link (the inventory's links: or NetBox's cable) to what the switches' neighbor tables show, or recable; remove a declared link the neighbors show and mcaudit finds it by itself.",
	check: checkLinkMismatch,
}

// checkLinkMismatch reports the mismatches that touch a device of the
// scope, on the device whose neighbor table disagrees.
func checkLinkMismatch(s *Scope) []Finding {
	if s.fleet == nil {
		return nil
	}
	in := map[string]bool{}
	for _, d := range s.scoped {
		in[d] = true
	}
	var out []Finding
	for _, m := range s.fleet.Mismatches {
		if !in[m.At.Device] && !in[m.Declared.A.Device] && !in[m.Declared.B.Device] {
			continue
		}
		var ev []model.Ref
		for _, r := range m.Evidence {
			if r.Valid() {
				ev = append(ev, r)
			}
		}
		out = append(out, Finding{Device: m.At.Device, Message: mismatchMessage(m), Evidence: ev,
			Subject: &Subject{Interface: m.At.Interface}})
	}
	return out
}

func mismatchMessage(m discover.Mismatch) string {
	switch m.Declared.Source {
	case "inventory":
		return m.String() + ": the audit uses the declared link; correct or remove it"
	case "netbox":
		return m.String() + ": the audit uses NetBox's cable; correct NetBox, or the cabling"
	}
	return m.String() + ": the audit uses the link heard first; check the cabling and the neighbor tables"
}
