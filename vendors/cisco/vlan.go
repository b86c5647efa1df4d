package cisco

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// vlanTop dispatches the top-level "vlan ..." commands.
func (p *configParser) vlanTop(l line, rest string) error {
	var wbuf [24]string
	f := words(rest, wbuf[:0])
	if len(f) == 0 {
		return nil
	}
	switch f[0] {
	case "configuration":
		if len(f) < 2 {
			return p.errorf(l, "\"vlan configuration\" without a VLAN list")
		}
		vlans, err := model.ParseVLANList(strings.Join(f[1:], ""))
		if err != nil {
			return p.errorf(l, "%v", err)
		}
		p.block = func(c line) error { return p.vlanBlockIGMP(vlans, c) }
		p.blockSetting = model.Setting{Kind: model.OnSnooping, VLAN: firstVLAN(vlans)}
		return nil
	case "access-map":
		return p.accessMap(l, f[1:])
	case "filter":
		return p.vlanFilter(l, f[1:])
	}
	if f[0][0] < '0' || f[0][0] > '9' {
		return nil // "vlan internal allocation policy", "vlan dot1q tag native", ...
	}
	// "vlan 100" is by far the common form: read it without building a set.
	single := len(f) == 1 && !strings.ContainsAny(f[0], ",-")
	var vlans model.VLANSet
	var ids []int
	if n, err := strconv.Atoi(f[0]); single && err == nil && n >= 1 && n <= model.MaxVLAN {
		ids = []int{n}
	} else {
		if vlans, err = model.ParseVLANList(strings.Join(f, "")); err != nil {
			return p.errorf(l, "%v", err)
		}
		ids = slices.Collect(vlans.All())
	}
	p.blockSetting = model.Setting{Kind: model.OnVLAN, VLAN: ids[0]}
	defined := make([]*model.VLAN, 0, len(ids))
	for _, v := range ids {
		vl := p.dev.VLANs[v]
		if vl == nil {
			vl = &model.VLAN{ID: v, Ref: p.ref(l)}
			p.dev.VLANs[v] = vl
		} else if single {
			// NX-OS lists every VLAN on one line, then opens a block per
			// named VLAN: the block is the better evidence.
			vl.Ref = p.ref(l)
		}
		defined = append(defined, vl)
	}
	p.block = func(c line) error {
		switch {
		case strings.HasPrefix(c.text, "name "):
			for _, vl := range defined {
				vl.Name = strings.TrimSpace(strings.TrimPrefix(c.text, "name "))
				vl.NameRef = p.refp(c)
			}
		case c.text == "state suspend" || c.text == "shutdown":
			for _, vl := range defined {
				vl.Suspended = p.refp(c)
			}
		case c.text == "state active" || c.text == "no shutdown":
			for _, vl := range defined {
				vl.Suspended = nil
			}
		case p.nx && strings.HasPrefix(c.text, "vn-segment "):
			n, err := strconv.Atoi(strings.TrimPrefix(c.text, "vn-segment "))
			if err != nil || n < 1 || n > 16777215 {
				return p.errorf(c, "vn-segment %q is not a VXLAN segment 1-16777215", strings.TrimPrefix(c.text, "vn-segment "))
			}
			for _, vl := range defined {
				vl.Segment, vl.SegmentRef = n, p.refp(c)
			}
		default:
			if vlans.Empty() {
				vlans.Add(ids[0])
			}
			return p.vlanBlockIGMP(vlans, c)
		}
		return nil
	}
	return nil
}

// accessMap reads "vlan access-map NAME [SEQ]" and its match/action lines.
func (p *configParser) accessMap(l line, f []string) error {
	if len(f) == 0 {
		return p.errorf(l, "vlan access-map without a name")
	}
	seq := 10
	if len(f) >= 2 {
		n, err := strconv.Atoi(f[1])
		if err != nil || n < 0 {
			return p.errorf(l, "vlan access-map sequence %q is not a number", f[1])
		}
		seq = n
	}
	m := p.dev.VLANMaps[f[0]]
	if m == nil {
		m = &model.VLANMap{Name: f[0]}
		p.dev.VLANMaps[f[0]] = m
	}
	// Opening an entry that exists edits it, as on the switch.
	var e *model.VLANMapEntry
	for _, old := range m.Entries {
		if old.Seq == seq {
			e = old
		}
	}
	if e == nil {
		e = &model.VLANMapEntry{Seq: seq, Ref: p.ref(l)}
		m.Entries = append(m.Entries, e)
		sort.SliceStable(m.Entries, func(i, j int) bool { return m.Entries[i].Seq < m.Entries[j].Seq })
	}
	p.blockSetting = model.Setting{Kind: model.OnVLANMap, Name: f[0]}
	p.block = func(c line) error {
		var wbuf [24]string
		cf := words(c.text, wbuf[:0])
		switch {
		case len(cf) >= 4 && cf[0] == "match" && cf[1] == "ip" && cf[2] == "address":
			e.MatchIP = append(e.MatchIP, cf[3:]...)
			e.MatchRef = p.refp(c)
		case len(cf) >= 3 && cf[0] == "match" && cf[1] == "mac":
			e.MatchMAC = true
			if e.MatchRef == nil {
				e.MatchRef = p.refp(c)
			}
		case len(cf) >= 2 && cf[0] == "action":
			switch cf[1] {
			case "drop", "redirect":
				// A redirected packet leaves the VLAN for another port:
				// for the cluster it is as lost as a dropped one.
				e.Drop = true
			case "forward":
				e.Drop = false
			default:
				return p.errorf(c, "unknown VLAN map action %q (want forward, drop or redirect)", cf[1])
			}
			e.ActionRef = p.refp(c)
		}
		return nil
	}
	return nil
}

// vlanFilter reads "vlan filter NAME vlan-list LIST".
func (p *configParser) vlanFilter(l line, f []string) error {
	if len(f) < 3 || f[1] != "vlan-list" {
		return p.errorf(l, "want \"vlan filter MAP vlan-list LIST\"")
	}
	vlans, err := model.ParseVLANList(strings.Join(f[2:], ""))
	if err != nil {
		return p.errorf(l, "%v", err)
	}
	p.dev.VLANFilters = append(p.dev.VLANFilters, &model.VLANFilter{Map: f[0], VLANs: vlans, Ref: p.ref(l)})
	return nil
}

// firstVLAN is the lowest VLAN of a set, 0 for an empty one.
func firstVLAN(s model.VLANSet) int {
	for v := range s.All() {
		return v
	}
	return 0
}
