package rules

var routerACLOnSVI = Rule{
	ID:       "router-acl-on-svi",
	Severity: Info,
	Summary:  "A router ACL on the cluster VLAN's SVI is noted, with whether it would drop PGM.",
	Why: "A router ACL on an SVI filters only traffic routed into or out of the VLAN; the cluster's PGM " +
		"is bridged inside the VLAN and never crosses it. It matters only if the cluster is ever split " +
		"across subnets, so it is information, never an error.",
	check: func(s *Scope) []Finding { return s.aclCheck().routed },
}
