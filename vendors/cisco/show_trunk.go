package cisco

import (
	"fmt"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// ParseShowInterfacesTrunk reads IOS "show interfaces trunk" and NX-OS
// "show interface trunk" into dev.Oper.Trunks, keyed by the canonical port
// name, and sets dev.Oper.TrunksRef to the "Vlans allowed on trunk" header.
// Only that section is read: the others (native VLAN, VLANs active in the
// VTP domain, STP forwarding, err-disabled) narrow the list for reasons the
// rules judge from the configuration.
//
// IOS prints nothing at all when no port is trunking, so input with nothing
// but blank lines and an echoed prompt is a device without trunks: Trunks is
// set to an empty map and TrunksRef stays nil, there being no line to cite.
// On error dev is left unchanged.
func ParseShowInterfacesTrunk(dev *model.Device, file string, text []byte) error {
	const cmd = "show interfaces trunk"
	sc, err := newShowScanner(file, cmd, text)
	if err != nil {
		return err
	}
	var (
		header    *model.Ref
		inAllowed bool // in the "Vlans allowed on trunk" section
		sawText   bool // any line that is neither blank nor a prompt
		trunks    = map[string]*model.OperTrunk{}
		row       *model.OperTrunk // the row whose list may continue on the next line
		list      string           // that row's list so far
	)
	finish := func() error {
		if row == nil {
			return nil
		}
		defer func() { row = nil }()
		if list == "" {
			return fmt.Errorf("%s line %d: port %s has no allowed VLAN list", file, row.Ref.Line, row.Port)
		}
		if !strings.EqualFold(list, "none") {
			set, err := model.ParseVLANList(list)
			if err != nil {
				return fmt.Errorf("%s line %d: VLANs allowed on %s: %v", file, row.Ref.Line, row.Port, err)
			}
			row.Allowed = set
		}
		if old := trunks[row.Port]; old != nil {
			return fmt.Errorf("%s line %d: port %s listed twice (first on line %d)", file, row.Ref.Line, row.Port, old.Ref.Line)
		}
		trunks[row.Port] = row
		return nil
	}
	names := showNamer{platform: dev.Platform}
	for sc.next() {
		line := sc.line
		t := strings.TrimSpace(line)
		if t == "" {
			if err := finish(); err != nil {
				return err
			}
			continue
		}
		if showIsPrompt(t) {
			continue
		}
		sawText = true
		if err := sc.deviceError(t); err != nil {
			return err
		}
		if word, title := showCutWord(t); word == "Port" && title != "" {
			if err := finish(); err != nil {
				return err
			}
			inAllowed = strings.EqualFold(strings.Join(strings.Fields(title), " "), "Vlans allowed on trunk")
			if inAllowed && header == nil {
				header = sc.ref()
			}
			continue
		}
		if !inAllowed {
			continue
		}
		if showIsRule(t) {
			// NX-OS frames each section header with dashed lines.
			if err := finish(); err != nil {
				return err
			}
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if row == nil {
				return sc.errorf("VLAN list continuation %q with no port row above it", t)
			}
			list = showJoinList(list, t)
			continue
		}
		if err := finish(); err != nil {
			return err
		}
		port, rest := showCutWord(t)
		row = &model.OperTrunk{Port: names.canonical(port), Ref: *sc.ref()}
		list = rest
	}
	if err := finish(); err != nil {
		return err
	}
	if header == nil && sawText {
		return fmt.Errorf("%s: not %s output: no \"Port Vlans allowed on trunk\" header", file, cmd)
	}
	if dev.Oper.Trunks == nil {
		dev.Oper.Trunks = trunks
	} else {
		for p, tr := range trunks {
			dev.Oper.Trunks[p] = tr
		}
	}
	dev.Oper.TrunksFrom = "show interfaces trunk"
	if header != nil {
		dev.Oper.TrunksRef = header
	}
	return nil
}

// showJoinList appends a wrapped piece of a VLAN list. The switch breaks
// the list after a comma (or, on NX-OS, after a range's dash); where neither
// side has the separator the break fell between two list items.
func showJoinList(list, more string) string {
	if list == "" || strings.HasSuffix(list, ",") || strings.HasSuffix(list, "-") ||
		strings.HasPrefix(more, ",") || strings.HasPrefix(more, "-") {
		return list + more
	}
	return list + "," + more
}

// showCutWord splits t at its first blank.
func showCutWord(t string) (word, rest string) {
	if i := strings.IndexAny(t, " \t"); i >= 0 {
		return t[:i], strings.TrimSpace(t[i+1:])
	}
	return t, ""
}
