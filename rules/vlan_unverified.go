package rules

import (
	"fmt"

	"github.com/mcaudit/mcaudit/model"
)

var vlanUnverified = Rule{
	ID:       "vlan-unverified",
	Severity: Warning,
	Unproven: true,
	Summary:  "Where the configuration is not the authority on VLANs, show output proves the cluster VLAN exists.",
	Why: "IOS in VTP server or client mode keeps VLANs in vlan.dat, not in running-config, so a saved " +
		"config cannot show whether the VLAN exists. Record \"show vlan brief\" to prove it; until then " +
		"the verdict is not proven.",
	Fix:   "Record show vlan brief (mcaudit collect does) so that the VLAN's existence is proven, or check it by hand.",
	check: checkVLANUnverified,
}

func checkVLANUnverified(s *Scope) []Finding {
	var out []Finding
	v := s.Cluster.VLAN
	for _, d := range s.needsVLAN() {
		st := d.VLANStatus(v)
		if st.Presence != model.VLANUnknown {
			continue
		}
		ev := st.Refs
		if len(ev) == 0 {
			ev = []model.Ref{d.Anchor()}
		}
		src := d.VLANSource
		out = append(out, Finding{Device: d.Name, Evidence: ev,
			Message: fmt.Sprintf("whether VLAN %d exists on %s is not proven: it %s, so its VLANs are not in the configuration; record %s", v, d.Name, src.Why, src.Prove)})
	}
	return out
}
