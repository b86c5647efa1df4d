package juniper

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// ParseShowVLANs reads "show vlans" into dev.Oper.VLANs. ELS prints a
// routing instance, the VLAN's name, its tag and its interfaces, each
// interface on a line of its own below the VLAN's; the legacy style has
// no routing instance and lists the interfaces comma-separated. A VLAN
// without a tag (legacy "default") has no number and is left out. The
// header line is the evidence that a VLAN missing from it does not exist.
func ParseShowVLANs(dev *model.Device, file string, text []byte) error {
	vlans := map[int]*model.OperVLAN{}
	var header *model.Ref
	var cur *model.OperVLAN
	ifCol, want := -1, 0 // the Interfaces column; words before it in a VLAN's row
	for no, line := range strings.Split(string(text), "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		ref := model.Ref{File: file, Line: no + 1, Text: line}
		switch {
		case t == "" || strings.HasPrefix(t, "{") || strings.HasSuffix(t, ">"):
			continue
		case strings.HasPrefix(t, "error:") || strings.HasPrefix(t, "syntax error"):
			return fmt.Errorf("%s line %d: the switch refused the command: %s", file, no+1, t)
		case header == nil:
			f := strings.Fields(line)
			switch {
			case len(f) == 6 && f[0] == "Routing" && f[1] == "instance" && f[2] == "VLAN" && f[3] == "name" && f[4] == "Tag" && f[5] == "Interfaces":
				want = 3 // ELS: instance, name, tag
			case len(f) == 3 && f[0] == "Name" && f[1] == "Tag" && f[2] == "Interfaces":
				want = 2 // legacy: name, tag
			default:
				continue
			}
			header, ifCol = &ref, strings.Index(line, "Interfaces")
			continue
		}
		if len(line)-len(strings.TrimLeft(line, " ")) >= ifCol {
			if cur != nil {
				addPorts(cur, t) // the interfaces of the row above
			}
			continue
		}
		// a VLAN's row: its words before the Interfaces column
		head := line[:min(len(line), ifCol)]
		f := strings.Fields(head)
		cur = nil
		if len(f) == want-1 {
			continue // no tag: not a numbered VLAN (legacy "default")
		}
		if len(f) != want {
			return fmt.Errorf("%s line %d: want %d columns before Interfaces, as the header has", file, no+1, want)
		}
		id, err := strconv.Atoi(f[want-1])
		if err != nil || id < 1 || id > model.MaxVLAN {
			return fmt.Errorf("%s line %d: VLAN %s has tag %q, not a VLAN ID", file, no+1, f[want-2], f[want-1])
		}
		cur = &model.OperVLAN{ID: id, Name: f[want-2], Status: "active", Ref: ref}
		vlans[id] = cur
		if len(line) > ifCol {
			addPorts(cur, line[ifCol:])
		}
	}
	if header == nil {
		return fmt.Errorf("%s: not \"show vlans\" output: no header with Name, Tag and Interfaces", file)
	}
	dev.Oper.VLANs, dev.Oper.VLANsRef, dev.Oper.VLANsFrom = vlans, header, "show vlans"
	return nil
}

func addPorts(v *model.OperVLAN, s string) {
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if n := CanonicalInterface(p); n != "" {
			v.Ports = append(v.Ports, n)
		}
	}
}
