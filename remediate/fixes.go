package remediate

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/topology"
)

// Template data. Field names are what the templates use; every string
// field says which token it is (tokens.go), and is checked before it is
// written.
type (
	vlanData struct {
		VLAN             int
		Name             string `token:"vlan-name"`
		Create, Activate bool
	}
	// VLANName, in the data of the templates that name a VLAN, is its
	// name on platforms that refer to VLANs by name (Junos), else empty.
	vlanOnly struct {
		VLAN     int
		VLANName string `token:"vlan-name" empty:"ok"`
	}
	querierData struct {
		VLAN     int
		VLANName string `token:"vlan-name" empty:"ok"`
		Address  string `token:"address"`
		Enable   bool
	}
	versionData struct {
		Interface string `token:"interface"`
		Previous  int
	}
	// sviData names a VLAN interface.
	sviData struct {
		Interface string `token:"interface"`
	}
	// querierVersionData has no interface: the querier's version is set
	// for the VLAN, or for every VLAN.
	querierVersionData struct {
		VLAN   int
		Global bool
	}
	aclEntry struct {
		Seq int
		Src string `token:"prefix"`
		Dst string `token:"prefix"`
	}
	aclData struct {
		ACL      string `token:"acl"`
		Standard bool
		Entries  []aclEntry
		// Term names the new entry and Before the entry it goes before
		// ("": last), where the platform names entries (Junos terms).
		Term   string `token:"term" empty:"ok"`
		Before string `token:"term" empty:"ok"`
	}
	vlanMapData struct {
		Map     string `token:"vlan-map"`
		Seq     int
		ACL     string `token:"acl"`
		Entries []aclEntry
	}
	trunkData struct {
		Interface string `token:"interface"`
		VLAN      int
		VLANName  string `token:"vlan-name" empty:"ok"`
	}
	accessData struct {
		Interface    string `token:"interface"`
		VLAN         int
		VLANName     string `token:"vlan-name" empty:"ok"`
		SetMode      bool
		PrevVLAN     int
		PrevVLANName string `token:"vlan-name" empty:"ok"`
		// PrevMode is the port's mode before the change, as the platform
		// names it ("access", "trunk"); false in a condition where the
		// port had no mode line.
		PrevMode model.PortMode
	}
)

// switchWide is the data of a template that changes the whole switch.
type switchWide struct{}

func (switchWide) objects() []Object { return []Object{{Kind: "igmp-snooping"}} }

func vlanObject(v int) Object { return Object{Kind: "vlan", Name: strconv.Itoa(v)} }

func (d vlanData) objects() []Object           { return []Object{vlanObject(d.VLAN)} }
func (d vlanOnly) objects() []Object           { return []Object{vlanObject(d.VLAN)} }
func (d querierData) objects() []Object        { return []Object{vlanObject(d.VLAN)} }
func (d querierVersionData) objects() []Object { return []Object{vlanObject(d.VLAN)} }
func (d versionData) objects() []Object        { return []Object{{Kind: "interface", Name: d.Interface}} }
func (d sviData) objects() []Object            { return []Object{{Kind: "interface", Name: d.Interface}} }
func (d aclData) objects() []Object            { return []Object{{Kind: "acl", Name: d.ACL}} }
func (d vlanMapData) objects() []Object {
	return []Object{{Kind: "vlan-map", Name: d.Map}, {Kind: "acl", Name: d.ACL}}
}
func (d trunkData) objects() []Object  { return []Object{{Kind: "interface", Name: d.Interface}} }
func (d accessData) objects() []Object { return []Object{{Kind: "interface", Name: d.Interface}} }

// finding plans the fix of one finding, or says why it must be done by hand.
func (p *planner) finding(f rules.Finding) {
	v := f.VLAN
	switch f.Rule {
	case "vlan-missing":
		p.vlanMissing(f)
	case "igmp-snooping-disabled":
		found := false
		if p.dev.Snooping.Disabled != nil {
			p.add("snoop-global", step{ClassSnooping, f.Rule, "snooping-global", switchWide{}})
			found = true
		}
		name, named := p.nameOf(f, v)
		if vs := p.dev.Snooping.VLANs[v]; vs != nil && vs.Disabled != nil {
			if named {
				p.add(fmt.Sprint("snoop-vlan", v), step{ClassSnooping, f.Rule, "snooping-vlan", vlanOnly{v, name}})
			}
			found = true
		}
		vs := p.dev.Snooping.VLANs[v]
		offByDefault := f.Subject != nil && f.Subject.Scope == "default" ||
			// show output says off where nothing turns it on
			!p.dev.Defaults.SnoopingOn && p.dev.Snooping.Enabled == nil && (vs == nil || vs.Enabled == nil)
		if !found && offByDefault && (vs == nil || vs.Disabled == nil) {
			// What the platform leaves off: its "snooping-default" template
			// turns it on (NX-OS: ip igmp snooping vxlan).
			if named {
				p.add("snoop-default", step{ClassSnooping, f.Rule, "snooping-default", vlanOnly{v, name}})
			}
			found = true
		}
		if !found {
			p.manualf(f, "show output says snooping is off on %s, but its configuration has no \"no ip igmp snooping\" line to undo: check the switch", p.dev.Name)
		}
	case "igmp-querier-missing":
		p.querier(f)
	case "igmp-version-v1":
		p.version(f)
	case "pgm-blocked":
		p.pgmFinding(f)
	case "vlan-not-on-trunk":
		p.trunk(f)
	case "host-port-wrong-vlan":
		p.hostPort(f)
	case "vlan-not-dedicated":
		p.manualf(f, "move the other hosts out of VLAN %d, or give the cluster a VLAN of its own (%s)", v, f.Message)
	case "igmp-query-interval-short":
		p.manualf(f, "raise the querier's IGMP query interval for VLAN %d to at least 8 s (%s)", v, f.Message)
	case "storm-control-multicast":
		p.manualf(f, "raise the multicast storm-control threshold above the cluster's peak rate, or remove it once you know why it was set (%s)", f.Message)
	case "acl-unparsed":
		p.manualf(f, "check by hand whether this ACL passes IP protocol 113 (%s)", f.Message)
	case "vlan-unverified":
		p.manualf(f, "record \"show vlan brief\" on %s to prove VLAN %d exists, and create it if it does not", p.dev.Name, v)
	case "igmp-snooping-unverified":
		p.manualf(f, "check IGMP snooping and the snooping querier for VLAN %d on %s by other means (SSH): OpenConfig cannot show them", v, p.dev.Name)
	case "no-l2-path":
		p.manualf(f, "%s", f.Message)
	case "router-acl-on-svi":
		// Information only: it does not filter the cluster's bridged traffic.
	default:
		p.manualf(f, "no fix is known for this rule (%s)", f.Message)
	}
}

func (p *planner) vlanMissing(f rules.Finding) {
	v := f.VLAN
	if f.Subject != nil && f.Subject.Scope == "suspended" {
		p.add(fmt.Sprint("vlan", v), step{ClassVLAN, f.Rule, "vlan", vlanData{VLAN: v, Activate: true}})
		return
	}
	if src := p.dev.VLANSource; src.Learned {
		p.manualf(f, "%s learns its VLANs (it %s): create VLAN %d on %s", p.dev.Name, src.Why, v, src.Origin)
		return
	}
	c := p.cluster(f)
	if c.VLANName != "" && p.vendor != nil {
		// The inventory's word, refused for the inventory's line: it is
		// bad input, not something to do by hand on one switch.
		if err := p.vendor.Token(p.dev.Platform, tokVLANName, c.VLANName); err != nil {
			p.err = fmt.Errorf("%s line %d: cluster %q: vlan_name %+q cannot be written on %s (%s): %v",
				c.VLANNameRef.File, c.VLANNameRef.Line, c.Name, c.VLANName, p.dev.Name, p.dev.Platform, err)
			return
		}
	}
	p.add(fmt.Sprint("vlan", v), step{ClassVLAN, f.Rule, "vlan", vlanData{VLAN: v, Name: vlanName(c), Create: true}})
}

// querier configures a snooping querier on the switch the finding names,
// with an address that is given or the VLAN's SVI's: never invented.
func (p *planner) querier(f rules.Finding) {
	v, d := f.VLAN, p.dev
	if d.SnoopingUnknown != "" {
		p.manualf(f, "the snooping querier of %s could not be read: check it over SSH before adding one", d.Name)
		return
	}
	if d.Defaults.NoQuerier != "" {
		p.manualf(f, "%s runs no querier (%s): carry VLAN %d to a device that can, and run remediate again", d.Name, d.Defaults.NoQuerier, v)
		return
	}
	if d.Defaults.QuerierByHand != "" {
		// Set outside any configuration mcaudit writes.
		addr := "an unused address of the VLAN's subnet"
		if a := p.cluster(f).QuerierAddress; a.IsValid() {
			addr = a.String()
		}
		p.manualf(f, "%s: %s", d.Name, fmt.Sprintf(d.Defaults.QuerierByHand, v, addr))
		return
	}
	svi := d.SVI(v)
	if svi != nil && svi.PIM != "" {
		p.manualf(f, "%s runs PIM on %s, which makes it the querier once it works: mend what keeps it from querying rather than adding a snooping querier (%s)", d.Name, svi.Name, f.Message)
		return
	}
	if (!p.tmpl.Has(d.Platform, "querier") || d.Defaults.QuerierIsSVI) && p.tmpl.Has(d.Platform, "querier-svi") {
		// No snooping querier on this platform: the VLAN's interface
		// queries, from its own address.
		if svi == nil || svi.Shutdown || len(svi.IPv4) == 0 {
			p.manualf(f, "%s has no snooping-only querier: IGMP on VLAN %d's interface is its querier, which needs an address in the VLAN's subnet: give VLAN %d an interface with one on %s, and run remediate again", d.Platform, v, v, d.Name)
			return
		}
		p.add(fmt.Sprint("querier", v), step{ClassQuerier, f.Rule, "querier-svi", sviData{Interface: svi.Name}})
		return
	}
	addr := p.cluster(f).QuerierAddress
	if !addr.IsValid() && svi != nil && !svi.Shutdown && len(svi.IPv4) > 0 {
		addr = svi.IPv4[0].Addr()
	}
	if !addr.IsValid() {
		p.manualUnlessSolved(f, "choose an unused address of VLAN %d's subnet as the source of a snooping querier on %s, set it as querier_address of the cluster in the inventory, and run remediate again", v, d.Name)
		return
	}
	name, ok := p.nameOf(f, v)
	if !ok {
		return
	}
	p.add(fmt.Sprint("querier", v), step{ClassQuerier, f.Rule, "querier", querierData{VLAN: v, VLANName: name, Address: addr.String(), Enable: !querierOn(d, v)}})
}

// querierOn reports whether a snooping querier is already switched on for
// VLAN v (then only its address is missing).
func querierOn(d *model.Device, v int) bool {
	vs := d.Snooping.VLANs[v]
	switch {
	case vs != nil && vs.Querier.Enabled != nil:
		return true
	case vs != nil && vs.Querier.Disabled != nil:
		return false
	}
	return d.Snooping.Querier.Enabled != nil
}

func (p *planner) version(f rules.Finding) {
	v := f.VLAN
	switch {
	case f.Subject != nil && f.Subject.Scope == "svi":
		p.add("version-svi", step{ClassVersion, f.Rule, "igmp-version-svi", versionData{Interface: f.Subject.Interface, Previous: 1}})
	case f.Subject != nil && f.Subject.Scope == "querier":
		vs := p.dev.Snooping.VLANs[v]
		global := vs == nil || vs.Querier.Version == 0
		p.add("version-querier", step{ClassVersion, f.Rule, "querier-version", querierVersionData{VLAN: v, Global: global}})
	default:
		p.manualf(f, "the querier the switches see runs IGMPv1: set IGMPv2 on it (%s)", f.Message)
	}
}

func (p *planner) trunk(f rules.Finding) {
	v := f.VLAN
	if f.Subject == nil {
		p.manualf(f, "%s", f.Message)
		return
	}
	ifc := p.dev.Interface(f.Subject.Interface)
	if ifc == nil {
		p.manualf(f, "%s", f.Message)
		return
	}
	eff := ifc
	if b := p.dev.BundleOf(ifc); b != nil {
		eff = b
	}
	switch {
	case ifc.Shutdown || eff.Shutdown || !eff.IsL2() || !topology.IsTrunk(eff):
		p.manualf(f, "%s is not an up trunk: decide how this link should carry VLAN %d (%s)", ifc.Name, v, f.Message)
	case eff.Allowed.Has(v):
		p.manualf(f, "%s is configured to carry VLAN %d but show output says it does not: check VTP pruning and the VLAN on both switches (%s)", eff.Name, v, f.Message)
	default:
		if name, ok := p.nameOf(f, v); ok {
			p.add("trunk "+eff.Name, step{ClassTrunk, f.Rule, "trunk-add", trunkData{Interface: eff.Name, VLAN: v, VLANName: name}})
		}
	}
}

func (p *planner) hostPort(f rules.Finding) {
	v := f.VLAN
	var ifc *model.Interface
	if f.Subject != nil {
		ifc = p.dev.Interface(f.Subject.Interface)
	}
	switch {
	case ifc == nil:
		p.manualf(f, "%s", f.Message)
		return
	case ifc.Bundle != "", ifc.Shutdown, !ifc.IsL2(), topology.IsTrunk(ifc):
		p.manualf(f, "%s is not an up access port: changing it could cut off what it carries now, so decide by hand (%s)", ifc.Name, f.Message)
		return
	case ifc.ModeRef != nil && ifc.Mode == model.ModeDefault:
		// private-vlan, dot1q-tunnel...: a rollback could not restore it.
		p.manualf(f, "%s is in a switchport mode remediation does not change (%s): decide by hand (%s)", ifc.Name, ifc.ModeRef.Text, f.Message)
		return
	}
	name, ok := p.nameOf(f, v)
	if !ok {
		return
	}
	d := accessData{Interface: ifc.Name, VLAN: v, VLANName: name, SetMode: ifc.Mode != model.ModeAccess}
	if ifc.AccessRef != nil {
		d.PrevVLAN = ifc.AccessVLAN
		if d.PrevVLANName, ok = p.nameOf(f, ifc.AccessVLAN); !ok {
			return
		}
	}
	if ifc.ModeRef != nil {
		d.PrevMode = ifc.Mode
	}
	p.add("host "+ifc.Name, step{ClassHostPort, f.Rule, "access-port", d})
}

// pgmKey groups what blocks PGM: an ACL or a VLAN map, and the entry that
// decides (0: the implicit deny or drop at the end).
type pgmKey struct {
	acl, vlanMap string
	seq          int
}

type pgmGroup struct {
	finding rules.Finding
	sources []string
	group   netip.Prefix
}

func (p *planner) pgmFinding(f rules.Finding) {
	s := f.Subject
	if s == nil || (s.ACL == "" && s.VLANMap == "") || len(s.Sources) == 0 {
		p.manualf(f, "%s", f.Message)
		return
	}
	if p.pgm == nil {
		p.pgm = map[pgmKey]*pgmGroup{}
	}
	k := pgmKey{acl: s.ACL, vlanMap: s.VLANMap, seq: s.Seq}
	g := p.pgm[k]
	if g == nil {
		g = &pgmGroup{finding: f, group: groupPrefix(p.cluster(f))}
		p.pgm[k] = g
	}
	for _, src := range s.Sources {
		if !slices.Contains(g.sources, src) {
			g.sources = append(g.sources, src)
		}
	}
}

func groupPrefix(c model.Cluster) netip.Prefix {
	if c.Group.IsValid() {
		return netip.PrefixFrom(c.Group, 32)
	}
	return netip.MustParsePrefix("224.0.0.0/4")
}

// pgmSteps plans one insertion per ACL (or VLAN map) and deciding entry,
// in a stable order.
func (p *planner) pgmSteps() {
	keys := make([]pgmKey, 0, len(p.pgm))
	for k := range p.pgm {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.acl+a.vlanMap != b.acl+b.vlanMap {
			return a.acl+a.vlanMap < b.acl+b.vlanMap
		}
		return a.seq < b.seq
	})
	for _, k := range keys {
		g := p.pgm[k]
		sort.Strings(g.sources)
		if k.acl != "" {
			p.aclStep(k, g)
		} else {
			p.vlanMapStep(k, g)
		}
	}
}

// aclStep inserts permits by sequence number before the entry that blocks
// PGM, or at the end before the implicit deny: never by removing and
// re-adding the ACL.
func (p *planner) aclStep(k pgmKey, g *pgmGroup) {
	acl := p.dev.ACLs[k.acl]
	if acl == nil {
		p.manualf(g.finding, "ACL %s is not defined in the configuration", k.acl)
		return
	}
	if acl.Named {
		p.termStep(k, g, acl)
		return
	}
	var seqs []int
	for _, e := range acl.Entries {
		seqs = append(seqs, e.Seq)
	}
	// A permit the ACL has already, below the entry that decides, cannot
	// be typed again above it: the switch keeps the copy it has, where it
	// is, and the new line would change nothing.
	sources := g.sources[:0:0]
	for _, src := range g.sources {
		if e := samePermit(acl, src, g.group); e != nil {
			p.manualf(g.finding, "ACL %s has this permit already as entry %d, below the entry that blocks PGM, and the switch does not take a second copy: remove entry %d and run remediate again (it then inserts the permit before the block)", acl.Name, e.Seq, e.Seq)
			continue
		}
		sources = append(sources, src)
	}
	if len(sources) == 0 {
		return
	}
	g.sources = sources
	free, ok := freeSeqs(seqs, k.seq, len(g.sources), p.maxSeq())
	if !ok {
		where := fmt.Sprintf("before entry %d", k.seq)
		if k.seq == 0 {
			where = "after its last entry"
		}
		how := "resequence it"
		if p.vendor != nil {
			if cmd, err := p.vendor.Resequence(p.dev.Platform, k.acl); err == nil {
				how += " (" + cmd + ")"
			}
		}
		p.manualf(g.finding, "ACL %s has no free sequence numbers %s for %d permits: %s and run remediate again", k.acl, where, len(g.sources), how)
		return
	}
	d := aclData{ACL: acl.Name, Standard: acl.Standard}
	for i, src := range g.sources {
		d.Entries = append(d.Entries, aclEntry{Seq: free[i], Src: src, Dst: g.group.String()})
	}
	p.add(fmt.Sprint("acl ", k.acl, k.seq), step{ClassACL, "pgm-blocked", "acl-permit", d})
}

// samePermit is the entry of acl that is the permit remediation would
// write for src and group, or nil.
func samePermit(acl *model.ACL, src string, group netip.Prefix) *model.ACE {
	sp, err := netip.ParsePrefix(src)
	if err != nil {
		return nil
	}
	for _, e := range acl.Entries {
		if e.Action != model.Permit || e.Condition != "" || e.Fragments || e.Unparsed != "" || e.Src.Prefix != sp {
			continue
		}
		if acl.Standard || (!e.Proto.Any && e.Proto.Group == "" && e.Proto.Num == 113 && e.Dst.Prefix == group) {
			return e
		}
	}
	return nil
}

// termStep adds a term accepting PGM to a filter whose entries are named
// terms (Junos), inserted before the term that discards it, or last.
func (p *planner) termStep(k pgmKey, g *pgmGroup, acl *model.ACL) {
	d := aclData{ACL: acl.Name, Term: p.termName(acl)}
	for _, e := range acl.Entries {
		if k.seq != 0 && e.Seq == k.seq {
			d.Before = e.Name
		}
	}
	if k.seq != 0 && d.Before == "" {
		p.manualf(g.finding, "the entry of %s that decides is not a named term: add a term accepting IP protocol 113 before it by hand", acl.Name)
		return
	}
	for _, src := range g.sources {
		d.Entries = append(d.Entries, aclEntry{Src: src, Dst: g.group.String()})
	}
	p.add(fmt.Sprint("acl ", k.acl, k.seq), step{ClassACL, "pgm-blocked", "acl-permit", d})
}

// termName is a name for a new term of acl that neither it nor an
// earlier step of this plan uses.
func (p *planner) termName(acl *model.ACL) string {
	for n := 1; ; n++ {
		name := "mcaudit-pgm"
		if n > 1 {
			name = fmt.Sprintf("mcaudit-pgm-%d", n)
		}
		taken := p.seen["term "+acl.Name+" "+name]
		for _, e := range acl.Entries {
			taken = taken || e.Name == name
		}
		if !taken {
			if p.seen == nil {
				p.seen = map[string]bool{}
			}
			p.seen["term "+acl.Name+" "+name] = true
			return name
		}
	}
}

// nameOf is the name VLAN v goes by in the templates' lines: "" where the
// platform numbers VLANs, else its name on the device, or the name
// remediation gives it where it creates it. Where it has none, the fix is
// a manual item and ok is false.
func (p *planner) nameOf(f rules.Finding, v int) (name string, ok bool) {
	if !p.byName {
		return "", true
	}
	vl := p.dev.VLANs[v]
	switch {
	case vl != nil && vl.Name != "":
		return vl.Name, true
	case vl == nil && !p.dev.Defaults.BuiltinVLANs.Has(v):
		return vlanName(p.cluster(f)), true
	}
	p.manualf(f, "VLAN %d has no name on %s, and %s refers to VLANs by name: make this change by hand", v, p.dev.Name, p.dev.Platform)
	return "", false
}

// vlanMapStep adds a forwarding entry for PGM before the entry that drops
// it, with an ACL of its own.
func (p *planner) vlanMapStep(k pgmKey, g *pgmGroup) {
	m := p.dev.VLANMaps[k.vlanMap]
	if m == nil {
		p.manualf(g.finding, "VLAN map %s is not defined in the configuration", k.vlanMap)
		return
	}
	var seqs []int
	for _, e := range m.Entries {
		seqs = append(seqs, e.Seq)
	}
	free, ok := freeSeqs(seqs, k.seq, 1, vlanMapMaxSeq)
	if !ok {
		p.manualf(g.finding, "VLAN map %s has no free sequence number before entry %d: renumber its entries and run remediate again", k.vlanMap, k.seq)
		return
	}
	d := vlanMapData{Map: m.Name, Seq: free[0], ACL: fmt.Sprintf("MCAUDIT-PGM-%d", g.finding.VLAN)}
	for _, src := range g.sources {
		d.Entries = append(d.Entries, aclEntry{Src: src, Dst: g.group.String()})
	}
	p.add(fmt.Sprint("vlan-map ", k.vlanMap, k.seq), step{ClassVLANMap, "pgm-blocked", "vlan-map-permit", d})
}

// vlanMapMaxSeq is the highest VLAN access-map sequence number, on IOS
// and NX-OS alike.
const vlanMapMaxSeq = 65535

// maxSeq is the highest ACL sequence number of the device's platform.
func (p *planner) maxSeq() int {
	if p.vendor == nil {
		return 0
	}
	return p.vendor.MaxACLSeq(p.dev.Platform)
}

// freeSeqs picks n unused sequence numbers just before entry before (the
// deciding entry; 0 means after the last), spread over the gap so that a
// later insertion still finds room, none above max.
func freeSeqs(seqs []int, before, n, max int) ([]int, bool) {
	sort.Ints(seqs)
	if before == 0 {
		last := 0
		if len(seqs) > 0 {
			last = seqs[len(seqs)-1]
		}
		// Steps of 10 where there is room, else whatever room is left.
		step := 10
		if room := max - last; room < step*n {
			step = room / n
		}
		if step < 1 {
			return nil, false
		}
		out := make([]int, n)
		for i := range out {
			out[i] = last + step*(i+1)
		}
		return out, true
	}
	prev := 0
	for _, s := range seqs {
		if s >= before {
			break
		}
		prev = s
	}
	gap := before - prev
	if gap-1 < n {
		return nil, false
	}
	step := gap / (n + 1)
	out := make([]int, n)
	for i := range out {
		out[i] = prev + step*(i+1)
	}
	return out, true
}
