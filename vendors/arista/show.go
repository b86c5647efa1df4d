package arista

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/internal/jsontree"
	"github.com/mcaudit/mcaudit/model"
)

// ParseShowVLAN reads "show vlan" into dev.Oper.VLANs: a table of VLAN,
// name, status (active, suspended, act/lshut) and ports, the ports of a
// long row continued on lines of their own. The header line is the
// evidence that a VLAN missing from the table does not exist.
func ParseShowVLAN(dev *model.Device, file string, text []byte) error {
	vlans := map[int]*model.OperVLAN{}
	var header *model.Ref
	var cur *model.OperVLAN
	statusCol := -1
	for no, line := range strings.Split(string(text), "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		ref := model.Ref{File: file, Line: no + 1, Text: line}
		switch {
		case t == "" || strings.HasPrefix(t, "---") || strings.HasSuffix(t, "#") || strings.HasSuffix(t, ">"):
			continue
		case strings.HasPrefix(t, "% "):
			return fmt.Errorf("%s line %d: the switch refused the command: %s", file, no+1, t)
		case header == nil:
			if f := strings.Fields(t); len(f) >= 4 && f[0] == "VLAN" && f[1] == "Name" && f[2] == "Status" && f[3] == "Ports" {
				header, statusCol = &ref, strings.Index(line, "Status")
			}
			continue
		}
		f := strings.Fields(line)
		if id, err := strconv.Atoi(f[0]); err == nil && line[0] != ' ' && statusCol > 0 && len(line) > statusCol {
			if len(f[0]) >= statusCol {
				return fmt.Errorf("%s line %d: VLAN %s runs into the Status column of the header", file, no+1, f[0])
			}
			status := strings.Fields(line[statusCol:])
			if len(status) == 0 {
				return fmt.Errorf("%s line %d: a VLAN row without a status", file, no+1)
			}
			name := strings.TrimSpace(line[len(f[0]):statusCol])
			cur = &model.OperVLAN{ID: id, Name: name, Status: status[0], Ref: ref}
			vlans[id] = cur
			addPorts(cur, strings.Join(status[1:], " "))
			continue
		}
		if cur != nil && line[0] == ' ' {
			addPorts(cur, t)
		}
	}
	if header == nil {
		return fmt.Errorf("%s: not \"show vlan\" output: no VLAN/Name/Status/Ports header", file)
	}
	dev.Oper.VLANs, dev.Oper.VLANsRef, dev.Oper.VLANsFrom = vlans, header, "show vlan"
	return nil
}

func addPorts(v *model.OperVLAN, s string) {
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		v.Ports = append(v.Ports, CanonicalInterface(p))
	}
}

// ParseSnoopingJSON reads "show ip igmp snooping | json" (or the same over
// gNMI's "cli" origin) into dev.Oper: the global state and each VLAN's.
// Its keys are eAPI's: igmpSnoopingState "enabled"|"disabled", at the top
// and per VLAN under "vlans". Reading it proves the snooping state, which
// OpenConfig alone cannot.
func ParseSnoopingJSON(dev *model.Device, file string, data []byte) error {
	t, err := jsontree.Load(file, data)
	if err != nil {
		return err
	}
	root := t.Root
	if cli := root.Get("show ip igmp snooping"); cli != nil {
		root = cli // grafted at the gNMI path
	}
	state := func(n *jsontree.Node) (*model.OperFlag, error) {
		s := n.Get("igmpSnoopingState")
		if s == nil {
			return nil, nil
		}
		switch s.Text {
		case "enabled", "disabled":
			return &model.OperFlag{Enabled: s.Text == "enabled", Ref: t.Ref(s.Line)}, nil
		}
		return nil, fmt.Errorf("%s line %d: igmpSnoopingState %q is neither enabled nor disabled", file, s.Line, s.Text)
	}
	g, err := state(root)
	if err != nil {
		return err
	}
	if g == nil {
		return fmt.Errorf("%s: not the JSON of \"show ip igmp snooping\": no igmpSnoopingState", file)
	}
	dev.Oper.SnoopingGlobal = g
	if dev.Oper.Snooping == nil {
		dev.Oper.Snooping = map[int]*model.OperSnooping{}
	}
	if vs := root.Get("vlans"); vs != nil {
		for _, m := range vs.Members {
			v, err := strconv.Atoi(m.Name)
			if err != nil || v < 1 || v > model.MaxVLAN {
				return fmt.Errorf("%s line %d: VLAN %q is not a VLAN ID", file, m.Value.Line, m.Name)
			}
			f, err := state(m.Value)
			if err != nil {
				return err
			}
			if f != nil {
				dev.Oper.Snooping[v] = &model.OperSnooping{Enabled: f}
			}
		}
	}
	dev.SnoopingUnknown = ""
	return nil
}
