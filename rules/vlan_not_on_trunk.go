package rules

import (
	"fmt"

	"github.com/mcaudit/mcaudit/model"
)

var vlanNotOnTrunk = Rule{
	ID:       "vlan-not-on-trunk",
	Severity: Error,
	Summary:  "Every link on the path between the hosts' switches carries the cluster VLAN at both ends.",
	Why: "A trunk that does not allow the VLAN cuts the VLAN in two: the hosts on either side never see " +
		"each other's multicast. The classic cause is \"switchport trunk allowed vlan LIST\" typed " +
		"without \"add\", which replaces the list. Only links on a shortest path between the hosts' " +
		"switches are judged, and only when the VLAN does not already connect them another way.",
	Fix:   "Allow the VLAN on the trunk with \"switchport trunk allowed vlan add N\" (never the list without add, which replaces it), on both ends and on a port-channel rather than its members. mcaudit remediate writes it.",
	check: checkVLANOnTrunk,
}

func checkVLANOnTrunk(s *Scope) []Finding {
	if s.Single {
		return nil
	}
	var out []Finding
	v := s.Cluster.VLAN
	seen := map[model.Endpoint]bool{}
	for i, a := range s.hostSwitches {
		for _, b := range s.hostSwitches[i+1:] {
			if s.sameDomain(a, b) {
				continue
			}
			path, ok := s.Graph.Path(a, b)
			if !ok {
				continue // no-l2-path reports it
			}
			for _, l := range path {
				link := s.Graph.Links[l]
				for _, ends := range [][2]model.Endpoint{{link.A, link.B}, {link.B, link.A}} {
					ep, peer := ends[0], ends[1]
					c := s.Graph.Carries(ep, v)
					if c.Carried || c.Unknown || seen[ep] {
						continue
					}
					seen[ep] = true
					member := ""
					if c.Iface != nil && c.Iface.Name != ep.Interface {
						// The aggregate decides for its members.
						member = "; a member of " + c.Iface.Name
					}
					out = append(out, Finding{Device: ep.Device,
						Message: fmt.Sprintf("%s (link to %s %s, between %s and %s%s) does not carry VLAN %d: %s",
							ep.Interface, peer.Device, peer.Interface, a, b, member, v, c.Reason),
						Evidence: append(c.Refs, link.Ref),
						Subject:  &Subject{Interface: ep.Interface}})
				}
			}
		}
	}
	return out
}

// sameDomain reports whether devices a and b share one of the VLAN's domains.
func (s *Scope) sameDomain(a, b string) bool {
	for _, dom := range s.domains {
		hasA, hasB := false, false
		for _, d := range dom {
			hasA = hasA || d == a
			hasB = hasB || d == b
		}
		if hasA && hasB {
			return true
		}
	}
	return false
}
