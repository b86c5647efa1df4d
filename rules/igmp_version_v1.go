package rules

import (
	"fmt"

	"github.com/mcaudit/mcaudit/model"
)

var igmpVersionV1 = Rule{
	ID:       "igmp-version-v1",
	Severity: Error,
	Summary:  "The cluster VLAN's querier and SVIs run IGMPv2 or later, not IGMPv1.",
	Why: "IGMPv1 has no leave messages and no group-specific queries; Windows hosts running the cluster " +
		"send IGMPv2 or v3, and a v1 querier makes them fall back and leave groups only by timeout. " +
		"The cluster needs IGMPv2 or higher.",
	Fix:   "Run IGMPv2 or later on the querier or SVI (ip igmp version 2, or the snooping querier's version). mcaudit remediate writes it.",
	check: checkIGMPVersion,
}

func checkIGMPVersion(s *Scope) []Finding {
	var out []Finding
	v := s.Cluster.VLAN
	for _, d := range s.domainDevices() {
		if o := d.Oper.Snooping[v]; o != nil && o.Querier != nil && o.Querier.Version == 1 {
			out = append(out, Finding{Device: d.Name,
				Message:  fmt.Sprintf("the querier of VLAN %d%s runs IGMPv1 (show output)", v, addrText(o.Querier)),
				Evidence: []model.Ref{o.Querier.Ref}})
		}
		if svi := d.SVI(v); svi != nil && svi.IGMPVer == 1 {
			out = append(out, Finding{Device: d.Name,
				Message:  fmt.Sprintf("%s runs IGMPv1", svi.Name),
				Evidence: []model.Ref{svi.Ref, *svi.IGMPVerRef},
				Subject:  &Subject{Interface: svi.Name, Scope: "svi"}})
		}
		if q, on := querierOf(d, v); q != nil && q.Version == 1 {
			out = append(out, Finding{Device: d.Name,
				Message:  fmt.Sprintf("the IGMP snooping querier for VLAN %d is set to IGMPv1", v),
				Evidence: dedupRefs(append(optRef(on), *q.VersionRef)),
				Subject:  &Subject{Scope: "querier"}})
		}
	}
	return out
}

// querierOf returns the snooping-querier settings whose version is in
// force for VLAN v (the VLAN's own if set, else the global ones) and the
// line that turns the querier on. A version set on a querier that is not
// on for the VLAN sends nothing, so it is no finding: q is nil then.
func querierOf(d *model.Device, v int) (q *model.Querier, on *model.Ref) {
	vs := d.Snooping.VLANs[v]
	switch {
	case vs != nil && vs.Querier.Enabled != nil:
		on = vs.Querier.Enabled
	case vs != nil && vs.Querier.Disabled != nil:
		return nil, nil
	case d.Snooping.Querier.Enabled != nil:
		on = d.Snooping.Querier.Enabled
	default:
		return nil, nil
	}
	if vs != nil && vs.Querier.Version != 0 {
		return &vs.Querier, on
	}
	if d.Snooping.Querier.Version != 0 {
		return &d.Snooping.Querier, on
	}
	return nil, nil
}

func addrText(q *model.OperQuerier) string {
	if q.Address.IsValid() {
		return " (" + q.Address.String() + ")"
	}
	return ""
}
