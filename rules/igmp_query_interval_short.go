package rules

import (
	"fmt"
	"time"

	"github.com/mcaudit/mcaudit/model"
)

var queryIntervalShort = Rule{
	ID:       "igmp-query-interval-short",
	Severity: Warning,
	Summary: "Where switches share their snooping state with a peer (NX-OS vPC), the cluster VLAN's querier " +
		"queries no more often than the pair can keep up with (8 s on NX-OS).",
	Why: "A vPC pair synchronises the IGMP snooping entries each peer learns; with queries less than 8 s " +
		"apart, the entries learned from the peer expire before they are refreshed and the group's " +
		"forwarding flaps (Cisco defect CSCvc48358, whose workaround is a query interval of at least 8 s).",
	Fix:   "Raise the querier's query interval for the VLAN to 8 s or more (the default 125 s is safe) on the switch that runs the querier.",
	check: checkQueryInterval,
}

// queryInterval is a querier's configured interval in the VLAN.
type queryInterval struct {
	device string
	what   string
	every  time.Duration
	ref    model.Ref
}

func checkQueryInterval(s *Scope) []Finding {
	var out []Finding
	v := s.Cluster.VLAN
	for _, dom := range s.domains {
		var intervals []queryInterval
		var synced []*model.Device
		for _, name := range dom {
			d := s.device(name)
			if d == nil {
				continue
			}
			if d.QuerySync != nil {
				synced = append(synced, d)
			}
			intervals = append(intervals, configuredIntervals(d, v)...)
		}
		for _, d := range synced {
			for _, q := range intervals {
				if q.every >= d.QuerySync.Min {
					continue
				}
				out = append(out, Finding{Device: d.Name, Evidence: []model.Ref{d.QuerySync.Ref, q.ref},
					Message: fmt.Sprintf("%s queries VLAN %d every %s (%s), under the %s %s needs: %s; set the query interval to %s or more",
						q.device, v, q.every, q.what, d.QuerySync.Min, d.Name, d.QuerySync.Why, d.QuerySync.Min)})
			}
		}
	}
	return out
}

// configuredIntervals lists the query intervals d's configuration sets for
// VLAN v where a querier runs with them: its snooping querier's (per VLAN,
// else global) and its SVI's, where PIM or IGMP runs there.
func configuredIntervals(d *model.Device, v int) []queryInterval {
	var out []queryInterval
	q := d.Snooping.Querier
	if vs := d.Snooping.VLANs[v]; vs != nil && vs.Querier.IntervalRef != nil {
		q = vs.Querier
	}
	on := d.Snooping.Querier.Enabled != nil
	if vs := d.Snooping.VLANs[v]; vs != nil && (vs.Querier.Enabled != nil || vs.Querier.Disabled != nil) {
		on = vs.Querier.Enabled != nil
	}
	if q.IntervalRef != nil && on {
		out = append(out, queryInterval{d.Name, "its snooping querier", q.Interval, *q.IntervalRef})
	}
	if svi := d.SVI(v); svi != nil && svi.IGMPQueryIntervalRef != nil && (svi.PIM != "" || svi.IGMPEnabled != nil) {
		out = append(out, queryInterval{d.Name, svi.Name, svi.IGMPQueryInterval, *svi.IGMPQueryIntervalRef})
	}
	return out
}
