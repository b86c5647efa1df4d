package rules

var routerACLOnSVI = Rule{
	ID:       "router-acl-on-svi",
	Severity: Info,
	Summary:  "A router ACL on the cluster VLAN's SVI is noted, with whether it would drop PGM.",
	Why: "A router ACL on an SVI filters only traffic routed into or out of the VLAN; the cluster's PGM " +
		"is bridged inside the VLAN and never crosses it. It matters only if the cluster is ever split " +
		"across subnets, so it is information, never an error.",
	Fix:   "Nothing to do for bridged cluster traffic; if the cluster's multicast is ever routed, permit IP protocol 113 in this ACL too.",
	check: func(s *Scope) []Finding { return s.aclCheck().routed },
}
