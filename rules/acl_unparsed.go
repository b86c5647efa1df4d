package rules

var aclUnparsed = Rule{
	ID:       "acl-unparsed",
	Severity: Warning,
	Unproven: true,
	Summary: "Every ACL line on the cluster's path that could match PGM was understood: no unreadable line, " +
		"no condition (DSCP, TTL, time-range) the audit cannot evaluate, no undefined ACL or object-group.",
	Why: "A line the audit cannot read might match PGM. It never counts as a permit, so the verdict on " +
		"the traffic it might match is not proven; check that line by hand.",
	Fix:   "Read the ACL line the finding cites and decide by hand whether it passes IP protocol 113 between the hosts and the group; where it depends on DSCP, TTL or a time range, add an explicit permit for protocol 113 above it. mcaudit remediate lists it as a manual item.",
	check: func(s *Scope) []Finding { return s.aclCheck().unparsed },
}
