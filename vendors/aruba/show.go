package aruba

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// ParseShowVLAN reads "show vlan": VLAN, name, status (up, down), reason,
// type and interfaces, a long interface list continued on lines of its
// own. The header line is the evidence that a VLAN missing from the table
// does not exist.
func ParseShowVLAN(dev *model.Device, file string, text []byte) error {
	vlans := map[int]*model.OperVLAN{}
	var header *model.Ref
	var cur *model.OperVLAN
	cols := map[string]int{}
	for no, line := range strings.Split(string(text), "\n") {
		line = strings.TrimRight(line, "\r ")
		t := strings.TrimSpace(line)
		ref := model.Ref{File: file, Line: no + 1, Text: line}
		switch {
		case t == "" || strings.HasPrefix(t, "---"):
			continue
		case strings.HasPrefix(t, "Invalid input") || strings.HasPrefix(t, "% "):
			return fmt.Errorf("%s line %d: the switch refused the command: %s", file, no+1, t)
		case header == nil:
			f := strings.Fields(t)
			if len(f) >= 5 && f[0] == "VLAN" && f[1] == "Name" && f[2] == "Status" {
				header = &ref
				for _, c := range []string{"Status", "Reason", "Interfaces"} {
					cols[c] = strings.Index(line, c)
				}
			}
			continue
		}
		f := strings.Fields(line)
		if id, err := strconv.Atoi(f[0]); err == nil && line[0] != ' ' && cols["Status"] > 0 && len(line) > cols["Status"] {
			if len(f[0]) >= cols["Status"] {
				return fmt.Errorf("%s line %d: VLAN %s runs into the Status column of the header", file, no+1, f[0])
			}
			status := strings.Fields(line[cols["Status"]:])
			if len(status) == 0 {
				return fmt.Errorf("%s line %d: a VLAN row without a status", file, no+1)
			}
			// AOS-CX says "up" where others say "active".
			st := status[0]
			if st == "up" {
				st = "active"
			}
			cur = &model.OperVLAN{ID: id, Name: strings.TrimSpace(line[len(f[0]):cols["Status"]]), Status: st, Ref: ref}
			vlans[id] = cur
			if i := cols["Interfaces"]; i > 0 && len(line) > i {
				addPorts(cur, line[i:])
			}
			continue
		}
		if cur != nil && line[0] == ' ' {
			addPorts(cur, t)
		}
	}
	if header == nil {
		return fmt.Errorf("%s: not \"show vlan\" output: no VLAN/Name/Status header", file)
	}
	dev.Oper.VLANs, dev.Oper.VLANsRef, dev.Oper.VLANsFrom = vlans, header, "show vlan"
	return nil
}

// addPorts adds a list such as "1/1/2-1/1/4,1/1/6,lag1" as it is written:
// a range is kept as one entry, since nothing reads the ports one by one.
func addPorts(v *model.OperVLAN, s string) {
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		v.Ports = append(v.Ports, CanonicalInterface(p))
	}
}

// ParseShowSnooping reads "show ip igmp snooping": per VLAN, a block that
// starts "VLAN ID : N" and says either "IGMP Snooping is not enabled" or
// who the querier is ("Querier Address [this switch] : A", "Querier
// Address : A", empty where there is none). The layout is HPE's
// documented one; "key : value" with any padding.
func ParseShowSnooping(dev *model.Device, file string, text []byte) error {
	if dev.Oper.Snooping == nil {
		dev.Oper.Snooping = map[int]*model.OperSnooping{}
	}
	var cur *model.OperSnooping
	version := 0 // the block's operating version, which may come before its querier
	seen := false
	for no, line := range strings.Split(string(text), "\n") {
		line = strings.TrimRight(line, "\r ")
		t := strings.TrimSpace(line)
		ref := model.Ref{File: file, Line: no + 1, Text: line}
		if strings.HasPrefix(t, "Invalid input") || strings.HasPrefix(t, "% ") {
			return fmt.Errorf("%s line %d: the switch refused the command: %s", file, no+1, t)
		}
		if strings.Contains(t, "IGMP Snooping") && strings.HasSuffix(t, "Protocol Info") {
			seen = true
		}
		key, val, ok := strings.Cut(t, ":")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch {
		case ok && key == "VLAN ID":
			v, err := strconv.Atoi(val)
			if err != nil || v < 1 || v > model.MaxVLAN {
				return fmt.Errorf("%s line %d: VLAN ID %q is not a VLAN", file, no+1, val)
			}
			cur = &model.OperSnooping{Enabled: &model.OperFlag{Enabled: true, Ref: ref}}
			dev.Oper.Snooping[v] = cur
			seen, version = true, 0
		case cur == nil:
		case t == "IGMP Snooping is not enabled":
			cur.Enabled = &model.OperFlag{Enabled: false, Ref: ref}
		case ok && strings.HasPrefix(key, "Querier Address"):
			if val == "" {
				cur.NoQuerier = &ref
				continue
			}
			a, err := netip.ParseAddr(val)
			if err != nil || !a.Is4() {
				return fmt.Errorf("%s line %d: querier address %q is not an IPv4 address", file, no+1, val)
			}
			port := ""
			if strings.Contains(key, "this switch") {
				port = "this switch"
			}
			cur.Querier = &model.OperQuerier{Address: a, Port: port, Version: version, Ref: ref}
		case ok && key == "Querier Port" && cur.Querier != nil && val != "":
			cur.Querier.Port = CanonicalInterface(val)
		case ok && key == "IGMP Operating Version":
			version, _ = strconv.Atoi(val)
			if cur.Querier != nil {
				cur.Querier.Version = version
			}
		}
	}
	if !seen {
		return fmt.Errorf("%s: not \"show ip igmp snooping\" output: no IGMP Snooping Protocol Info or VLAN ID", file)
	}
	dev.SnoopingUnknown = ""
	return nil
}
