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
	nameCol, tagCol, ifCol := -1, -1, -1
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
			if strings.Contains(line, "Tag") && strings.Contains(line, "Interfaces") && (strings.Contains(line, "VLAN name") || strings.HasPrefix(t, "Name")) {
				header = &ref
				nameCol = strings.Index(line, "VLAN name")
				if nameCol < 0 {
					nameCol = strings.Index(line, "Name")
				}
				tagCol, ifCol = strings.Index(line, "Tag"), strings.Index(line, "Interfaces")
			}
			continue
		}
		if len(line) > nameCol && line[nameCol] != ' ' && (nameCol == 0 || line[:nameCol] == strings.Repeat(" ", nameCol) || line[nameCol-1] == ' ') && indentOf(line) < ifCol {
			// a VLAN's row: name, tag, perhaps its first interfaces
			cur = nil
			f := strings.Fields(line[nameCol:])
			if len(f) < 2 || len(line) <= tagCol {
				continue // no tag: not a numbered VLAN
			}
			id, err := strconv.Atoi(strings.Fields(line[min(tagCol, len(line)):] + " ")[0])
			if err != nil {
				id, err = strconv.Atoi(f[1])
			}
			if err != nil || id < 1 || id > model.MaxVLAN {
				return fmt.Errorf("%s line %d: VLAN %s has tag %q, not a VLAN ID", file, no+1, f[0], f[1])
			}
			cur = &model.OperVLAN{ID: id, Name: f[0], Status: "active", Ref: ref}
			vlans[id] = cur
			if len(line) > ifCol {
				addPorts(cur, line[ifCol:])
			}
			continue
		}
		if cur != nil {
			addPorts(cur, t)
		}
	}
	if header == nil {
		return fmt.Errorf("%s: not \"show vlans\" output: no header with Name, Tag and Interfaces", file)
	}
	dev.Oper.VLANs, dev.Oper.VLANsRef = vlans, header
	return nil
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func addPorts(v *model.OperVLAN, s string) {
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		v.Ports = append(v.Ports, CanonicalInterface(p))
	}
}
