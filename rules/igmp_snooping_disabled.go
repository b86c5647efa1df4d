package rules

import (
	"fmt"

	"github.com/mcaudit/mcaudit/model"
)

var snoopingDisabled = Rule{
	ID:       "igmp-snooping-disabled",
	Severity: Error,
	Summary:  "IGMP snooping is enabled, globally and on the cluster VLAN, on every switch of the VLAN's layer-2 domain.",
	Why: "Without snooping a switch floods the cluster's multicast to every port of the VLAN, and the " +
		"design the cluster's vendor supports (EFT HA: IGMPv2 snooping with a querier) no longer holds. " +
		"IOS, IOS-XE and NX-OS enable snooping by default and print only the \"no\" form, so a verdict " +
		"without such a line rests on that default. Where a platform leaves a VLAN unsnooped by default " +
		"(NX-OS: a VLAN mapped to a VXLAN segment without \"ip igmp snooping vxlan\"), the verdict cites the line " +
		"that makes the default apply and says why.",
	Fix:   "Turn IGMP snooping on for the cluster VLAN (and globally where it is off): remove \"no ip igmp snooping\" lines, or enable it where the platform leaves it off (AOS-CX ip igmp snooping enable in the VLAN, Junos protocols igmp-snooping vlan NAME). mcaudit remediate writes it.",
	check: checkSnooping,
}

func checkSnooping(s *Scope) []Finding {
	var out []Finding
	v := s.Cluster.VLAN
	for _, d := range s.domainDevices() {
		if d.SnoopingUnknown != "" {
			continue // igmp-snooping-unverified says so
		}
		if f, ok := snoopingOff(d, v); ok {
			out = append(out, f)
		}
	}
	return out
}

// snoopingOff reports whether snooping is off for VLAN v on d, with the
// finding that says so. Show output, where recorded, decides.
func snoopingOff(d *model.Device, v int) (Finding, bool) {
	f := Finding{Device: d.Name}
	if g := d.Oper.SnoopingGlobal; g != nil && !g.Enabled {
		f.Message = fmt.Sprintf("IGMP snooping is disabled globally on %s (show output), so VLAN %d floods multicast", d.Name, v)
		f.Evidence = append([]model.Ref{g.Ref}, optRef(d.Snooping.Disabled)...)
		f.Subject = &Subject{Scope: "global"}
		return f, true
	}
	if o := d.Oper.Snooping[v]; o != nil && o.Enabled != nil {
		if o.Enabled.Enabled {
			return f, false
		}
		f.Message = fmt.Sprintf("IGMP snooping is disabled on VLAN %d on %s (show output)", v, d.Name)
		f.Evidence = append([]model.Ref{o.Enabled.Ref}, configSnoopingOff(d, v)...)
		f.Subject = &Subject{Scope: "vlan"}
		return f, true
	}
	// Show output that says snooping runs globally outweighs a "no ip
	// igmp snooping" line (the config was saved at another time).
	if g := d.Oper.SnoopingGlobal; d.Snooping.Disabled != nil && (g == nil || !g.Enabled) {
		f.Message = fmt.Sprintf("IGMP snooping is disabled globally on %s, so VLAN %d floods multicast", d.Name, v)
		f.Evidence = []model.Ref{*d.Snooping.Disabled}
		f.Subject = &Subject{Scope: "global"}
		return f, true
	}
	if vs := d.Snooping.VLANs[v]; vs != nil && vs.Disabled != nil {
		f.Message = fmt.Sprintf("IGMP snooping is disabled on VLAN %d on %s", v, d.Name)
		f.Evidence = []model.Ref{*vs.Disabled}
		f.Subject = &Subject{Scope: "vlan"}
		return f, true
	}
	if vs := d.Snooping.VLANs[v]; vs != nil && vs.DefaultOff != nil {
		f.Message = fmt.Sprintf("IGMP snooping is off on VLAN %d on %s by the platform's default: %s", v, d.Name, vs.DefaultOffWhy)
		f.Evidence = []model.Ref{*vs.DefaultOff}
		f.Subject = &Subject{Scope: "default"}
		return f, true
	}
	if !d.Defaults.SnoopingOn && !snoopingTurnedOn(d, v) {
		f.Message = fmt.Sprintf("IGMP snooping is off on VLAN %d on %s: the platform leaves it off unless configured, and no line turns it on", v, d.Name)
		f.Evidence = []model.Ref{d.Anchor()}
		f.Subject = &Subject{Scope: "default"}
		return f, true
	}
	return f, false
}

// snoopingTurnedOn reports whether a line turns snooping on for VLAN v,
// on a platform whose default leaves it off. Show output that says so has
// decided before this is asked.
func snoopingTurnedOn(d *model.Device, v int) bool {
	if d.Snooping.Enabled != nil {
		return true
	}
	vs := d.Snooping.VLANs[v]
	return vs != nil && vs.Enabled != nil
}

func configSnoopingOff(d *model.Device, v int) []model.Ref {
	refs := optRef(d.Snooping.Disabled)
	if vs := d.Snooping.VLANs[v]; vs != nil {
		refs = append(refs, optRef(vs.Disabled)...)
	}
	return refs
}

func optRef(r *model.Ref) []model.Ref {
	if r == nil {
		return nil
	}
	return []model.Ref{*r}
}
