package rules

// The waivers file's own findings: made by package waiver, registered here
// so that every report knows the rules they belong to.
var (
	waiverExpired = Rule{
		ID:       "waiver-expired",
		Severity: Warning,
		Summary:  "Every waiver in the waivers file is within its expiry date.",
		Why: "A waiver is a decision with a date: past it, the finding it accepted counts again, and " +
			"the expired waiver is reported so that someone decides again.",
		Fix: "Fix what the waiver accepted, or renew the waiver with a new expires: date and a reason " +
			"that still holds.",
	}
	waiverUnused = Rule{
		ID:       "waiver-unused",
		Severity: Info,
		Summary:  "Every waiver in the waivers file matches a finding.",
		Why: "A waiver that matches nothing was fixed, renamed or mistyped: left in place it would " +
			"silently accept the same finding if it ever came back.",
		Fix: "Remove the waiver, or correct its rule, device, cluster, interface or ACL to the finding it means.",
	}
)
