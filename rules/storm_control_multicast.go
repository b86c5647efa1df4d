package rules

import (
	"fmt"

	"github.com/mcaudit/mcaudit/model"
)

var stormControlMulticast = Rule{
	ID:       "storm-control-multicast",
	Severity: Warning,
	Summary:  "No multicast storm control on a port the cluster's traffic crosses.",
	Why: "Storm control drops multicast above its threshold (or shuts the port): a burst of cluster " +
		"replication can trip it and lose PGM packets, which the cluster then has to repair or time out on.",
	Fix:   "Raise the multicast storm-control threshold above the cluster's peak rate, or remove it once you know why it was set.",
	check: checkStormControl,
}

func checkStormControl(s *Scope) []Finding {
	var out []Finding
	for _, p := range s.ports() {
		sc := p.Iface.StormMulticast
		if sc == nil || sc.Percent >= 100 {
			continue
		}
		role := "the cluster's path"
		if p.Host != nil {
			role = "host " + p.Host.Name + "'s port"
		} else if p.Link >= 0 {
			_, peer := s.Graph.Ends(p.Link, p.Device.Name)
			role = fmt.Sprintf("the link to %s %s", peer.Device, peer.Interface)
		}
		thr := sc.Level
		if sc.Percent >= 0 {
			thr = fmt.Sprintf("%.2f%% of the bandwidth", sc.Percent)
		}
		out = append(out, Finding{Device: p.Device.Name, Evidence: []model.Ref{p.Iface.Ref, sc.Ref},
			Subject: &Subject{Interface: p.Iface.Name},
			Message: fmt.Sprintf("multicast storm control on %s (%s) drops multicast above %s", p.Iface.Name, role, thr)})
	}
	return out
}
