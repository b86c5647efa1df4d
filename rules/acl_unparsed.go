package rules

var aclUnparsed = Rule{
	ID:       "acl-unparsed",
	Severity: Warning,
	Summary: "Every ACL line on the cluster's path that could match PGM was understood: no unreadable line, " +
		"no condition (DSCP, TTL, time-range) the audit cannot evaluate, no undefined ACL or object-group.",
	Why: "A line the audit cannot read might match PGM. It never counts as a permit, so the verdict on " +
		"the traffic it might match is not proven; check that line by hand.",
	check: func(s *Scope) []Finding { return s.aclCheck().unparsed },
}
