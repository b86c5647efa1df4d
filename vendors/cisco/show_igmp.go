package cisco

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// ParseShowIPIGMPSnoopingQuerier reads the IOS/IOS-XE table of
// "show ip igmp snooping querier" (Vlan, IP Address, IGMP Version, Port)
// into dev.Oper.Snooping[vlan].Querier and sets dev.Oper.QuerierTableRef to
// its header: the switch lists only VLANs where it sees a querier, so a VLAN
// absent from the table has none, and an empty table is valid. The Port
// column is kept as printed ("Router", "Switch", "Po47", "pw100115"). On
// error dev is left unchanged.
func ParseShowIPIGMPSnoopingQuerier(dev *model.Device, file string, text []byte) error {
	const cmd = "show ip igmp snooping querier"
	sc, err := newShowScanner(file, cmd, text)
	if err != nil {
		return err
	}
	var (
		header   *model.Ref
		queriers = map[int]*model.OperQuerier{}
	)
	for sc.next() {
		t := strings.TrimSpace(sc.line)
		if t == "" || showIsPrompt(t) {
			continue
		}
		if err := sc.deviceError(t); err != nil {
			return err
		}
		if header == nil {
			if showIsQuerierHeader(t) {
				header = sc.ref()
			}
			continue
		}
		if showIsRule(t) {
			continue
		}
		f := strings.Fields(t)
		if len(f) != 4 {
			return sc.errorf("%q is not a querier row (want Vlan, IP Address, IGMP Version, Port)", t)
		}
		vlan, ok := showVLANID(f[0])
		if !ok {
			return sc.errorf("%q is not a querier row: VLAN %q is not a number 1-%d", t, f[0], model.MaxVLAN)
		}
		addr, ok := showQuerierAddr(f[1])
		if !ok {
			return sc.errorf("querier of VLAN %d: %q is not an IP address", vlan, f[1])
		}
		ver, ok := showIGMPVersion(f[2])
		if !ok {
			return sc.errorf("querier of VLAN %d: %q is not an IGMP version (v1, v2, v3)", vlan, f[2])
		}
		if old := queriers[vlan]; old != nil {
			return sc.errorf("VLAN %d listed twice (first on line %d)", vlan, old.Ref.Line)
		}
		queriers[vlan] = &model.OperQuerier{Address: addr, Version: ver, Port: f[3], Ref: *sc.ref()}
	}
	if header == nil {
		return fmt.Errorf("%s: not %s output: no \"Vlan IP Address IGMP Version Port\" header", file, cmd)
	}
	snoop := showSnoopingMap(dev)
	for vlan, q := range queriers {
		showSnoopingFor(snoop, vlan).Querier = q
	}
	dev.Oper.QuerierTableRef = header
	return nil
}

func showIsQuerierHeader(t string) bool {
	f := strings.Fields(t)
	want := [...]string{"Vlan", "IP", "Address", "IGMP", "Version", "Port"}
	if len(f) != len(want) {
		return false
	}
	for i, w := range want {
		if !strings.EqualFold(f[i], w) {
			return false
		}
	}
	return true
}

// ParseShowIPIGMPSnooping reads "show ip igmp snooping" (or its per-VLAN
// form) into dev.Oper.SnoopingGlobal and dev.Oper.Snooping. Two formats are
// read:
//
//   - NX-OS: "Global IGMP Snooping Information:" and "IGMP Snooping
//     information for vlan N" blocks, with the snooping state, the querier
//     the switch sees ("IGMP querier present, address: A, version: N, i/f X"
//     or "IGMP querier none") and its own snooping querier ("Switch-querier
//     enabled, address A, currently running").
//   - IOS-XE: "Global IGMP Snooping configuration:" and "Vlan N:" blocks of
//     "label : value" lines; only "IGMP snooping : Enabled" (older trains:
//     "IGMP snooping Admin State" / "Oper State") is read, the operational
//     state winning where both are printed.
//
// The many counters and timers are ignored. On error dev is left unchanged.
func ParseShowIPIGMPSnooping(dev *model.Device, file string, text []byte) error {
	const cmd = "show ip igmp snooping"
	sc, err := newShowScanner(file, cmd, text)
	if err != nil {
		return err
	}
	var (
		sawHeader bool
		global    showSnoopFlag
		vlans     = map[int]*model.OperSnooping{}
		block     *showSnoopFlag      // the flag a snooping state line sets
		cur       *model.OperSnooping // the VLAN block being read
		curFlag   showSnoopFlag
	)
	endVLAN := func() {
		if cur != nil {
			cur.Enabled = curFlag.flag
		}
		cur, block = nil, nil
	}
	startVLAN := func(v int) error {
		endVLAN()
		if vlans[v] != nil {
			return sc.errorf("VLAN %d has a second block", v)
		}
		cur, curFlag = &model.OperSnooping{}, showSnoopFlag{}
		vlans[v], block, sawHeader = cur, &curFlag, true
		return nil
	}
	for sc.next() {
		t := strings.TrimSpace(sc.line)
		if t == "" || showIsPrompt(t) {
			continue
		}
		if err := sc.deviceError(t); err != nil {
			return err
		}
		if rest, ok := showCutPrefixFold(t, "Global IGMP Snooping "); ok && strings.HasSuffix(rest, ":") {
			endVLAN()
			block, sawHeader = &global, true
			continue
		}
		if rest, ok := showCutPrefixFold(t, "IGMP Snooping information for vlan "); ok {
			v, ok := showVLANID(strings.TrimSpace(rest))
			if !ok {
				return sc.errorf("VLAN %q is not a number 1-%d", strings.TrimSpace(rest), model.MaxVLAN)
			}
			if err := startVLAN(v); err != nil {
				return err
			}
			continue
		}
		if v, ok := showIOSVLANHeader(t); ok {
			if err := startVLAN(v); err != nil {
				return err
			}
			continue
		}
		if block == nil {
			continue // nothing before the first block is ours
		}
		if rest, ok := showCutPrefixFold(t, "IGMP querier "); ok {
			if cur == nil {
				continue
			}
			if err := sc.querierLine(cur, rest); err != nil {
				return err
			}
			continue
		}
		if rest, ok := showCutPrefixFold(t, "Switch-querier "); ok {
			if cur == nil {
				continue
			}
			on, err := sc.switchQuerier(rest)
			if err != nil {
				return err
			}
			cur.SwitchQuerier = &model.OperFlag{Enabled: on, Ref: *sc.ref()}
			continue
		}
		rest, ok := showCutPrefixFold(t, "IGMP snooping")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != ':' && rest[0] != '\t') {
			continue
		}
		if key, val, ok := strings.Cut(rest, ":"); ok {
			// IOS-XE "IGMP snooping : Enabled", older IOS "IGMP snooping
			// Admin State : Enabled" and "... Oper State : ...".
			var oper bool
			switch strings.ToLower(strings.Join(strings.Fields(key), " ")) {
			case "", "admin state":
			case "oper state":
				oper = true
			default:
				continue
			}
			if on, ok := showEnabled(val); ok {
				block.set(on, oper, sc.ref())
			}
			continue
		}
		// NX-OS "IGMP snooping enabled" (global: "IGMP Snooping enabled").
		if on, ok := showEnabled(rest); ok {
			block.set(on, true, sc.ref())
		}
	}
	endVLAN()
	if !sawHeader {
		return fmt.Errorf("%s: not %s output: no \"Global IGMP Snooping\", \"IGMP Snooping information for vlan N\" or \"Vlan N:\" header", file, cmd)
	}
	if global.flag != nil {
		dev.Oper.SnoopingGlobal = global.flag
	}
	snoop := showSnoopingMap(dev)
	for v, s := range vlans {
		d := showSnoopingFor(snoop, v)
		if s.Enabled != nil {
			d.Enabled = s.Enabled
		}
		if s.Querier != nil {
			d.Querier = s.Querier
		}
		if s.NoQuerier != nil {
			d.NoQuerier = s.NoQuerier
		}
		if s.SwitchQuerier != nil {
			d.SwitchQuerier = s.SwitchQuerier
		}
	}
	return nil
}

// showSnoopFlag collects a snooping state where older IOS prints both an
// admin and an operational state: the operational one decides.
type showSnoopFlag struct {
	flag *model.OperFlag
	oper bool // flag came from an operational line
}

func (f *showSnoopFlag) set(on, oper bool, ref *model.Ref) {
	if f.oper && !oper {
		return
	}
	f.flag = &model.OperFlag{Enabled: on, Ref: *ref}
	f.oper = oper
}

// querierLine reads the rest of an NX-OS "IGMP querier ..." line: "none",
// or "present, address: A, version: N[, i/f X]".
func (sc *showScanner) querierLine(s *model.OperSnooping, rest string) error {
	rest = strings.TrimSpace(rest)
	if strings.EqualFold(rest, "none") {
		s.Querier, s.NoQuerier = nil, sc.ref()
		return nil
	}
	parts := strings.Split(rest, ",")
	if !strings.EqualFold(strings.TrimSpace(parts[0]), "present") {
		return sc.errorf("cannot read querier state %q (want \"none\" or \"present, address: A, version: N\")", rest)
	}
	q := &model.OperQuerier{Ref: *sc.ref()}
	var sawAddr bool
	for _, p := range parts[1:] {
		key, val, ok := strings.Cut(strings.TrimSpace(p), ":")
		if !ok {
			key, val, _ = strings.Cut(strings.TrimSpace(p), " ")
		}
		val = strings.TrimSpace(val)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "address":
			a, ok := showQuerierAddr(val)
			if !ok {
				return sc.errorf("querier address %q is not an IP address", val)
			}
			q.Address, sawAddr = a, true
		case "version":
			v, ok := showIGMPVersion(val)
			if !ok {
				return sc.errorf("querier version %q is not an IGMP version 1-3", val)
			}
			q.Version = v
		case "i/f", "interface":
			q.Port = val
		}
	}
	if !sawAddr || q.Version == 0 {
		return sc.errorf("querier line %q lacks an address or a version", rest)
	}
	s.Querier, s.NoQuerier = q, nil
	return nil
}

// switchQuerier reads the rest of an NX-OS "Switch-querier ..." line:
// "disabled", or "enabled, address A, currently running|not running". The
// querier counts only while it runs: NX-OS keeps a configured one idle
// while another querier with a lower address is present.
func (sc *showScanner) switchQuerier(rest string) (bool, error) {
	rest = strings.TrimSpace(rest)
	state, _, _ := strings.Cut(rest, ",")
	switch strings.ToLower(strings.TrimSpace(state)) {
	case "disabled":
		return false, nil
	case "enabled":
		l := strings.ToLower(rest)
		switch {
		case strings.Contains(l, "currently not running"):
			return false, nil
		case strings.Contains(l, "currently running"):
			return true, nil
		}
	}
	return false, sc.errorf("cannot read switch-querier state %q (want \"disabled\" or \"enabled, address A, currently running|not running\")", rest)
}

// showIOSVLANHeader recognises the IOS-XE per-VLAN block header "Vlan N:".
func showIOSVLANHeader(t string) (int, bool) {
	rest, ok := showCutPrefixFold(t, "Vlan ")
	if !ok {
		return 0, false
	}
	n, ok := strings.CutSuffix(rest, ":")
	if !ok {
		return 0, false
	}
	return showVLANID(strings.TrimSpace(n))
}

// showEnabled reads an "Enabled"/"Disabled" value, ignoring what follows
// the word ("Enabled (state inherited)").
func showEnabled(s string) (bool, bool) {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	switch {
	case strings.EqualFold(w, "enabled"):
		return true, true
	case strings.EqualFold(w, "disabled"):
		return false, true
	}
	return false, false
}

// showQuerierAddr reads a querier address. A capture scrubbed before
// publication masks it ("XXX.XXX.XXX.XXX"): the querier still exists, with
// an invalid address.
func showQuerierAddr(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a, true
	}
	masked := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'X' || c == 'x' || c == '*':
			masked = true
		case c == '.' || c == ':' || (c >= '0' && c <= '9'):
		default:
			return netip.Addr{}, false
		}
	}
	return netip.Addr{}, masked
}

// showIGMPVersion reads "v2" (IOS) or "2" (NX-OS).
func showIGMPVersion(s string) (int, bool) {
	if len(s) > 0 && (s[0] == 'v' || s[0] == 'V') {
		s = s[1:]
	}
	v, err := strconv.Atoi(s)
	return v, err == nil && v >= 1 && v <= 3 && len(s) == 1
}

func showCutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return "", false
	}
	return s[len(prefix):], true
}

func showSnoopingMap(dev *model.Device) map[int]*model.OperSnooping {
	if dev.Oper.Snooping == nil {
		dev.Oper.Snooping = map[int]*model.OperSnooping{}
	}
	return dev.Oper.Snooping
}

func showSnoopingFor(m map[int]*model.OperSnooping, vlan int) *model.OperSnooping {
	s := m[vlan]
	if s == nil {
		s = &model.OperSnooping{}
		m[vlan] = s
	}
	return s
}
