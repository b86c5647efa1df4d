package rules

import (
	"fmt"

	"github.com/mcaudit/mcaudit/model"
)

var noL2Path = Rule{
	ID:       "no-l2-path",
	Severity: Error,
	Summary:  "The inventory's links give a layer-2 path between the switches of every pair of cluster hosts.",
	Why: "PGM between cluster nodes is link-local multicast in one VLAN: without a layer-2 path it " +
		"cannot arrive. Between sites, multicast needs GRE (or similar) across the interconnect, or " +
		"the application's unicast mode (EFT 7.4.2 and later can run its cluster over unicast).",
	check: checkL2Path,
}

func checkL2Path(s *Scope) []Finding {
	if s.Single {
		return nil
	}
	var out []Finding
	seen := map[[2]string]bool{}
	for i, a := range s.Cluster.Hosts {
		for _, b := range s.Cluster.Hosts[i+1:] {
			if a.Switch == b.Switch {
				continue
			}
			if _, ok := s.Graph.Path(a.Switch, b.Switch); ok {
				continue
			}
			// One finding per pair of switches, in either order.
			key := [2]string{min(a.Switch, b.Switch), max(a.Switch, b.Switch)}
			if seen[key] {
				continue
			}
			seen[key] = true
			msg := fmt.Sprintf("no layer-2 path between %s (%s) and %s (%s): the inventory's links do not connect them",
				a.Switch, a.Name, b.Switch, b.Name)
			if a.Site != "" && b.Site != "" && a.Site != b.Site {
				msg += fmt.Sprintf("; %s is in site %s and %s in site %s: multicast between sites needs GRE (or similar) across the interconnect, "+
					"or run the cluster over unicast (EFT 7.4.2 and later)", a.Name, a.Site, b.Name, b.Site)
			}
			out = append(out, Finding{Device: a.Switch, Message: msg, Evidence: []model.Ref{a.Ref, b.Ref}})
		}
	}
	return out
}
