package rules

import (
	"fmt"
	"github.com/mcaudit/mcaudit/discover"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

var noL2Path = Rule{
	ID:       "no-l2-path",
	Severity: Error,
	Summary:  "The links - declared in the inventory or heard in the switches' CDP and LLDP tables - give a layer-2 path between the switches of every pair of cluster hosts.",
	Why: "PGM between cluster nodes is link-local multicast in one VLAN: without a layer-2 path it " +
		"cannot arrive. Between sites, multicast needs GRE (or similar) across the interconnect, or " +
		"the application's unicast mode (EFT 7.4.2 and later can run its cluster over unicast).",
	Fix:   "Declare the missing links (links:), or let mcaudit read the switches' CDP/LLDP tables; add to the inventory the switches the path crosses that it lacks (the finding names those heard). Between sites, carry the multicast over GRE, or run the cluster over unicast (EFT 7.4.2 and later).",
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
			how := "the inventory's links do not connect them"
			if s.fleet != nil && s.fleet.Heard {
				how = "neither the inventory's links nor the switches' neighbor tables connect them"
			}
			msg := fmt.Sprintf("no layer-2 path between %s (%s) and %s (%s): %s", a.Switch, a.Name, b.Switch, b.Name, how)
			var ev []model.Ref
			if out := s.outsideNear(a.Switch, b.Switch); len(out) > 0 {
				var heard []string
				for _, o := range out {
					heard = append(heard, fmt.Sprintf("%s (heard by %s on %s)", o.Name, o.Device, o.LocalPort))
					ev = append(ev, o.Ref)
				}
				msg += "; switches they hear that the inventory lacks: " + strings.Join(heard, ", ") + ": add the one the path crosses to the inventory"
			}
			if a.Site != "" && b.Site != "" && a.Site != b.Site {
				msg += fmt.Sprintf("; %s is in site %s and %s in site %s: multicast between sites needs GRE (or similar) across the interconnect, "+
					"or run the cluster over unicast (EFT 7.4.2 and later)", a.Name, a.Site, b.Name, b.Site)
			}
			out = append(out, Finding{Device: a.Switch, Message: msg, Evidence: append([]model.Ref{a.Ref, b.Ref}, ev...)})
		}
	}
	return out
}

// outsideNear lists the switches outside the inventory that the devices
// connected to a or b hear: where the path may leave the inventory.
func (s *Scope) outsideNear(a, b string) []discover.Outside {
	if s.fleet == nil || len(s.fleet.Outside) == 0 {
		return nil
	}
	near := map[string]bool{}
	for _, start := range []string{a, b} {
		queue := []string{start}
		near[start] = true
		for len(queue) > 0 {
			d := queue[0]
			queue = queue[1:]
			for _, i := range s.Graph.LinksOf(d) {
				l := s.Graph.Links[i]
				for _, e := range []string{l.A.Device, l.B.Device} {
					if !near[e] {
						near[e] = true
						queue = append(queue, e)
					}
				}
			}
		}
	}
	var out []discover.Outside
	for _, o := range s.fleet.Outside {
		if near[o.Device] {
			out = append(out, o)
		}
	}
	return out
}
