package rules

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/topology"
)

var querierMissing = Rule{
	ID:       "igmp-querier-missing",
	Severity: Error,
	Summary: "An IGMP querier runs in each layer-2 domain of the cluster VLAN: a snooping querier with a usable " +
		"source address, or an SVI running PIM, or one seen in show output.",
	Why: "Snooping switches forward a group only to ports that answered a membership query. Without a " +
		"querier nobody asks, the membership learned from the hosts' first joins ages out after about " +
		"260 s, and the cluster's multicast stops: it works for a few minutes, then fails. The querier " +
		"is a property of the whole layer-2 domain, not of one switch, and show output of a running " +
		"querier beats configuration.",
	Fix:   "Run exactly one querier in each layer-2 domain of the VLAN: an IGMP snooping querier with an unused address of the VLAN's subnet (ip igmp snooping querier on IOS, querier address under vlan configuration on NX-OS), or PIM on the VLAN's SVI where multicast routing is on. mcaudit remediate configures a snooping querier on the switch the finding names, with the SVI's address or the cluster's querier_address.",
	check: checkQuerier,
}

// querierSource is a querier found, or one configured that cannot run.
type querierSource struct {
	device  string
	what    string // "IGMP snooping querier, source 10.10.100.5"
	problem string // why it does not run; "" when it can
	refs    []model.Ref
}

func checkQuerier(s *Scope) []Finding {
	var out []Finding
	v := s.Cluster.VLAN
	for _, dom := range s.domains {
		var devs, unknown []*model.Device
		snooping := false
		for _, name := range dom {
			if d := s.device(name); d != nil {
				devs = append(devs, d)
				if d.SnoopingUnknown != "" {
					// Whether it snoops (or runs a snooping querier)
					// could not be read: it may need a querier.
					unknown = append(unknown, d)
				} else if _, off := snoopingOff(d, v); !off {
					snooping = true
				}
			}
		}
		if len(devs) == 0 || (!snooping && len(unknown) == 0) {
			continue // nothing to judge, or every switch floods
		}
		if f, missing := judgeDomain(s, dom, devs, unknown); missing {
			out = append(out, f)
		}
	}
	return out
}

// judgeDomain decides whether a querier runs in one domain. unknown are
// the devices whose snooping configuration could not be read: a snooping
// querier of theirs cannot be ruled out, so a verdict resting on
// configuration is not proven for them.
func judgeDomain(s *Scope, dom []string, devs, unknown []*model.Device) (Finding, bool) {
	v := s.Cluster.VLAN
	var seenNone []*model.Device
	var noneRefs []model.Ref
	for _, d := range devs {
		q, none := operQuerier(d, v)
		if q != nil {
			return Finding{}, false
		}
		if none != nil {
			seenNone = append(seenNone, d)
			noneRefs = append(noneRefs, *none)
		}
	}
	var usable, broken []querierSource
	var hints []model.Ref
	for _, d := range devs {
		for _, q := range configQueriers(d, v) {
			if q.problem == "" {
				usable = append(usable, q)
			} else {
				broken = append(broken, q)
			}
		}
		if svi := d.SVI(v); svi != nil && svi.PIM == "" && svi.IGMPEnabled == nil {
			hints = append(hints, svi.Ref)
			hints = append(hints, optRef(svi.IGMPVerRef)...)
		}
	}
	if len(seenNone) == 0 && len(usable) > 0 {
		return Finding{}, false
	}

	var msg strings.Builder
	fmt.Fprintf(&msg, "No IGMP querier ")
	var ev []model.Ref
	if len(seenNone) > 0 {
		// The evidence of an empty table is its header: say what it
		// means, and which output it is.
		var outs []string
		for _, r := range noneRefs {
			outs = append(outs, r.File)
		}
		fmt.Fprintf(&msg, "is active in VLAN %d's layer-2 domain (%s): the show output of %s lists no querier for VLAN %d (%s)",
			v, strings.Join(dom, ", "), names(seenNone), v, strings.Join(outs, ", "))
		ev = append(ev, noneRefs...)
		for _, q := range usable {
			fmt.Fprintf(&msg, "; %s has %s configured, but it is not running", q.device, q.what)
			ev = append(ev, q.refs...)
		}
	} else if len(unknown) > 0 {
		fmt.Fprintf(&msg, "is proven to run in VLAN %d's layer-2 domain (%s): ", v, strings.Join(dom, ", "))
		if len(broken) == 0 {
			msg.WriteString("no switch whose snooping configuration could be read has an IGMP snooping querier, and no SVI in the VLAN runs PIM or IGMP")
		} else {
			msg.WriteString("no querier configured in it is able to run")
		}
	} else {
		fmt.Fprintf(&msg, "can run in VLAN %d's layer-2 domain (%s): ", v, strings.Join(dom, ", "))
		if len(broken) == 0 {
			msg.WriteString("no switch has an IGMP snooping querier (off by default) and no SVI in the VLAN runs PIM")
		} else {
			// Saying "no switch has a querier" here would contradict the
			// configured ones listed next.
			msg.WriteString("no querier configured in it is able to run")
		}
	}
	for _, q := range broken {
		fmt.Fprintf(&msg, "; %s has %s, but %s", q.device, q.what, q.problem)
		ev = append(ev, q.refs...)
	}
	for _, d := range devs {
		if svi := d.SVI(v); svi != nil && svi.PIM == "" && svi.IGMPEnabled == nil {
			fmt.Fprintf(&msg, "; %s on %s has no PIM, so it sends no queries", svi.Name, d.Name)
		}
		if vs := d.Snooping.VLANs[v]; vs != nil && vs.Querier.Disabled != nil && vs.Querier.Enabled == nil && d.Snooping.Querier.Enabled == nil {
			fmt.Fprintf(&msg, "; %s has its querier turned off for VLAN %d", d.Name, v)
			ev = append(ev, *vs.Querier.Disabled)
		}
	}
	ev = append(ev, hints...)
	if len(seenNone) == 0 && len(unknown) > 0 {
		for _, d := range unknown {
			fmt.Fprintf(&msg, "; whether %s runs a snooping querier could not be read %s", d.Name, d.SnoopingUnknown)
			ev = append(ev, vlanAnchor(d, v)...)
		}
		fmt.Fprintf(&msg, "; the verdict is not proven for %s", names(unknown))
	}
	if b := s.borderFailed(dom); len(b) > 0 {
		fmt.Fprintf(&msg, "; the domain may extend through %s, which could not be audited", strings.Join(b, ", "))
	}
	at := placeQuerier(s, devs)
	msg.WriteString(placement(devs, at))
	msg.WriteString(". Without a querier the switches age the cluster's group out after about 260 s and its multicast stops")
	if len(ev) == 0 {
		ev = vlanAnchor(at, v)
	}
	return Finding{Device: at.Name, Message: msg.String(), Evidence: dedupRefs(ev)}, true
}

// operQuerier returns what show output says about VLAN v's querier: the
// querier seen, or the line that shows none; both nil when nothing was
// recorded.
func operQuerier(d *model.Device, v int) (*model.OperQuerier, *model.Ref) {
	if o := d.Oper.Snooping[v]; o != nil {
		if o.Querier != nil {
			return o.Querier, nil
		}
		if o.NoQuerier != nil {
			return nil, o.NoQuerier
		}
	}
	if d.Oper.QuerierTableRef != nil {
		return nil, d.Oper.QuerierTableRef
	}
	return nil, nil
}

// configQueriers lists the queriers d's configuration would run in VLAN v.
func configQueriers(d *model.Device, v int) []querierSource {
	var out []querierSource
	vs := d.Snooping.VLANs[v]
	var q *model.Querier
	switch {
	case vs != nil && vs.Querier.Enabled != nil:
		q = &vs.Querier
	case vs != nil && vs.Querier.Disabled != nil:
		// Turned off for this VLAN only: worth saying where a global
		// querier would otherwise have served it.
		if g := d.Snooping.Querier.Enabled; g != nil {
			out = append(out, querierSource{device: d.Name, what: "an IGMP snooping querier enabled globally",
				problem: fmt.Sprintf("it is turned off for VLAN %d", v), refs: []model.Ref{*g, *vs.Querier.Disabled}})
		}
	case d.Snooping.Querier.Enabled != nil:
		q = &d.Snooping.Querier
	}
	if q != nil {
		src := querierSource{device: d.Name, refs: []model.Ref{*q.Enabled}}
		addr, from := querierAddress(d, v, vs)
		switch {
		case addr.IsValid():
			src.what = fmt.Sprintf("an IGMP snooping querier (source %s%s)", addr, from)
			if r := addrRef(d, vs); r != nil {
				src.refs = append(src.refs, *r)
			}
		default:
			src.what = "an IGMP snooping querier"
			src.problem = "it has no IP address to send queries from (no querier address, no SVI address" +
				ifThen(d.Defaults.QuerierAddressFallback, ", no IP address on the switch") + ")"
		}
		if f, off := snoopingOff(d, v); off {
			src.problem = "snooping is disabled in the VLAN, so the querier does not run"
			src.refs = append(src.refs, f.Evidence...)
		}
		out = append(out, src)
	}
	if svi := d.SVI(v); svi != nil && (svi.PIM != "" || svi.IGMPEnabled != nil) {
		var src querierSource
		if svi.PIM != "" {
			src = querierSource{device: d.Name, what: fmt.Sprintf("%s with PIM %s", svi.Name, svi.PIM), refs: []model.Ref{svi.Ref, *svi.PIMRef}}
		} else {
			// IGMP without PIM (e.g. OpenConfig router IGMP) queries too.
			src = querierSource{device: d.Name, what: svi.Name + " running IGMP", refs: []model.Ref{svi.Ref, *svi.IGMPEnabled}}
		}
		switch {
		case svi.Shutdown:
			src.problem = topology.ShutReason(svi)
			src.refs = append(src.refs, optRef(svi.ShutdownRef)...)
		case len(svi.IPv4) == 0:
			src.problem = svi.Name + " has no IP address"
		case d.Defaults.PIMNeedsMulticastRouting && d.MulticastRouting == nil:
			src.problem = "multicast routing is not enabled globally (no \"ip multicast-routing\"), so PIM and IGMP do not run"
		}
		out = append(out, src)
	}
	return out
}

// querierAddress finds the source address of a snooping querier: its own,
// the global one, or where the platform falls back to, the SVI's or the
// first address on the switch.
func querierAddress(d *model.Device, v int, vs *model.VLANSnooping) (netip.Addr, string) {
	if vs != nil && vs.Querier.Address.IsValid() {
		return vs.Querier.Address, ""
	}
	if d.Snooping.Querier.Address.IsValid() {
		return d.Snooping.Querier.Address, ""
	}
	if !d.Defaults.QuerierAddressFallback {
		return netip.Addr{}, ""
	}
	if svi := d.SVI(v); svi != nil && !svi.Shutdown && len(svi.IPv4) > 0 {
		return svi.IPv4[0].Addr(), ", taken from " + svi.Name
	}
	for _, ifc := range d.Interfaces {
		if !ifc.Shutdown && len(ifc.IPv4) > 0 {
			return ifc.IPv4[0].Addr(), ", taken from " + ifc.Name + ", the first address on the switch"
		}
	}
	return netip.Addr{}, ""
}

func addrRef(d *model.Device, vs *model.VLANSnooping) *model.Ref {
	if vs != nil && vs.Querier.AddressRef != nil {
		return vs.Querier.AddressRef
	}
	return d.Snooping.Querier.AddressRef
}

// placeQuerier picks the switch best placed to run the domain's querier,
// which the finding is attributed to, never one whose platform runs none:
// where every cluster host is behind devices whose querier is set by hand
// (a UCS fabric interconnect, with the Nexus 1000V it serves), that one,
// as Cisco's UCS guidance has it; else one with an SVI in the VLAN, one
// that tries to run a querier, a switch between the hosts, the first.
func placeQuerier(s *Scope, devs []*model.Device) *model.Device {
	v := s.Cluster.VLAN
	var able, byHand []*model.Device
	for _, d := range devs {
		switch {
		case d.Defaults.NoQuerier != "":
		case d.Defaults.QuerierByHand != "":
			byHand = append(byHand, d)
		default:
			able = append(able, d)
		}
	}
	if len(byHand) > 0 && s.hostsInside() {
		return byHand[0]
	}
	for _, d := range able {
		if d.SVI(v) != nil {
			return d
		}
	}
	for _, d := range able {
		if len(configQueriers(d, v)) > 0 {
			return d
		}
	}
	for _, d := range able {
		if s.pathDevices[d.Name] && !slices.Contains(s.hostSwitches, d.Name) {
			return d
		}
	}
	switch {
	case len(able) > 0:
		return able[0]
	case len(byHand) > 0:
		return byHand[0]
	}
	return devs[0]
}

// hostsInside reports whether every cluster host attaches to a device
// that runs no querier or whose querier is set by hand: the receivers are
// all inside UCS.
func (s *Scope) hostsInside() bool {
	for _, name := range s.hostSwitches {
		d := s.device(name)
		if d == nil || (d.Defaults.NoQuerier == "" && d.Defaults.QuerierByHand == "") {
			return false
		}
	}
	return len(s.hostSwitches) > 0
}

// placement explains where the querier goes when the domain has devices
// that cannot run one, in the words of their vendor.
func placement(devs []*model.Device, at *model.Device) string {
	var b strings.Builder
	for _, d := range devs {
		if d.Defaults.NoQuerier != "" {
			fmt.Fprintf(&b, "; no querier is suggested on %s: %s", d.Name, d.Defaults.NoQuerier)
		}
	}
	switch {
	case b.Len() > 0 && at.Defaults.NoQuerier != "":
		b.WriteString("; no device of this domain can run one: carry the VLAN to a switch or fabric interconnect that can")
	case b.Len() > 0:
		fmt.Fprintf(&b, "; it goes on %s", at.Name)
	}
	return b.String()
}

// borderFailed lists the devices that could not be audited but are linked
// to a device of the domain.
func (s *Scope) borderFailed(dom []string) []string {
	// The links of the domain's devices, in inventory order as a scan of
	// every link would meet them.
	var idx []int
	for _, d := range dom {
		idx = append(idx, s.Graph.LinksOf(d)...)
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	var out []string
	for _, i := range idx {
		l := s.Graph.Links[i]
		for _, pair := range [][2]string{{l.A.Device, l.B.Device}, {l.B.Device, l.A.Device}} {
			if slices.Contains(dom, pair[0]) && s.device(pair[1]) == nil && !slices.Contains(out, pair[1]) {
				out = append(out, pair[1])
			}
		}
	}
	return out
}

// vlanAnchor is the evidence for a verdict that rests on absence: the
// VLAN's definition on the device, else its hostname line.
func vlanAnchor(d *model.Device, v int) []model.Ref {
	if st := d.VLANStatus(v); len(st.Refs) > 0 {
		return st.Refs
	}
	return []model.Ref{d.Anchor()}
}

func names(devs []*model.Device) string {
	var n []string
	for _, d := range devs {
		n = append(n, d.Name)
	}
	return strings.Join(n, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func ifThen(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}

func dedupRefs(refs []model.Ref) []model.Ref {
	var out []model.Ref
	seen := map[model.Ref]bool{}
	for _, r := range refs {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}
