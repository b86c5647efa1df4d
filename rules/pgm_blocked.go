package rules

var pgmBlocked = Rule{
	ID:       "pgm-blocked",
	Severity: Error,
	Summary: "No port ACL on a port the cluster's traffic crosses, and no VLAN map or VLAN ACL on the cluster VLAN, " +
		"drops IP protocol 113 (PGM) from the cluster hosts to the group.",
	Why: "The cluster's reliable multicast is PGM, IP protocol 113 — not UDP, not TCP. ACLs are first " +
		"match with an implicit deny at the end; \"ip\" matches every protocol, and no switch has a " +
		"keyword for PGM, so an ACL written for TCP and UDP drops it silently. Port ACLs, VLAN maps and VLAN ACLs " +
		"filter bridged traffic; each host's address is evaluated as source and the group (or all of " +
		"224.0.0.0/4) as destination.",
	Fix:   "Permit IP protocol 113 from each cluster host to the group above the entry that drops it. mcaudit remediate inserts the permits by sequence number before that entry (never removing and re-adding the ACL), with their removal as the rollback.",
	check: func(s *Scope) []Finding { return s.aclCheck().blocked },
}
