package cisco

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/internal/jsontree"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
)

// NX-OS device-model (DME, YANG module Cisco-NX-OS-device) paths of IGMP
// snooping, which OpenConfig does not model. The DN of each is in
// brackets: sys/igmpsnoop/inst/dom/gl and sys/igmpsnoop/inst/dom/vlan-<id>.
const (
	DMESnoopingGlobal = "/System/igmpsnoop-items/inst-items/dom-items/gl-items/igmpsnbase-items"
	DMESnoopingVLANs  = "/System/igmpsnoop-items/inst-items/dom-items/vlan-items"
)

// dmeOrigin is the gNMI origin of the NX-OS device model.
const dmeOrigin = "device"

// isDMEPath reports whether a gNMI path (after the "gnmi:" prefix, with an
// optional origin) is in the NX-OS device model.
func isDMEPath(p string) bool {
	origin, path := gnmidoc.SplitOrigin(p)
	return origin == dmeOrigin || origin == "DME" || strings.HasPrefix(path, "/System/") || path == "/System"
}

// ParseNXOSDME reads a recorded gNMI document of the NX-OS device model's
// IGMP snooping tree into dev:
//
//   - gl-items/igmpsnbase-items/igmpsnoop false: snooping is off globally
//     (dev.Snooping.Disabled);
//   - vlan-items/Vlan-list[vlanid]: igmpsnbase-items/igmpsnoop false turns
//     snooping off in the VLAN; querierp-items/addr (a usable address, not
//     0.0.0.0) is the VLAN's snooping querier with that source, at
//     querierp-items/ver; querierst-items/addr is the querier the switch
//     sees in the VLAN (operational state), with its version and
//     interface (if).
//
// The vlanid key is read as "vlan100", "vlan-100" or "100": the format
// varies by release. Once any of this tree is read, the device's snooping
// state is known and dev.SnoopingUnknown is cleared.
func ParseNXOSDME(dev *model.Device, file string, data []byte) error {
	t, err := jsontree.Load(file, data)
	if err != nil {
		return err
	}
	dom := t.Root.Get("System", "igmpsnoop-items", "inst-items", "dom-items")
	if dom == nil {
		return nil // nothing recorded: the state stays unknown
	}
	dev.SnoopingUnknown = ""
	if on := dom.Get("gl-items", "igmpsnbase-items", "igmpsnoop"); on != nil {
		v, ok := dmeBool(on)
		if !ok {
			return dmeErrorf(t, on, "igmpsnoop %q is not a boolean", on.Str())
		}
		if v {
			dev.Snooping.Disabled = nil
		} else {
			dev.Snooping.Disabled = t.RefP(on)
		}
	}
	for _, e := range dom.Get("vlan-items").List("Vlan-list") {
		idN := jsontree.KeyLeaf(e, "vlanid")
		if idN == nil {
			idN = jsontree.KeyLeaf(e, "id")
		}
		if idN == nil {
			return dmeErrorf(t, e, "a Vlan-list entry without a vlanid")
		}
		id, ok := dmeVLANID(idN.Str())
		if !ok {
			return dmeErrorf(t, idN, "vlanid %q is not a VLAN (want vlan1-vlan%d or 1-%d)", idN.Str(), model.MaxVLAN, model.MaxVLAN)
		}
		vs := dev.VLANSnoopingFor(id)
		if on := e.Get("igmpsnbase-items", "igmpsnoop"); on != nil {
			v, ok := dmeBool(on)
			if !ok {
				return dmeErrorf(t, on, "igmpsnoop %q is not a boolean", on.Str())
			}
			if v {
				vs.Disabled = nil
			} else {
				vs.Disabled = t.RefP(on)
			}
		}
		if qp := e.Get("querierp-items"); qp != nil {
			addr, ok, err := dmeAddr(t, qp.Get("addr"))
			if err != nil {
				return err
			}
			if ok {
				ref := t.RefP(qp.Get("addr"))
				vs.Querier.Enabled, vs.Querier.Disabled, vs.Querier.Address, vs.Querier.AddressRef = ref, nil, addr, ref
			}
			if vn := qp.Get("ver"); vn != nil && vn.Str() != "" {
				v, ok := dmeVersion(vn.Str())
				if !ok {
					return dmeErrorf(t, vn, "querier version %q is not v1, v2 or v3", vn.Str())
				}
				vs.Querier.Version, vs.Querier.VersionRef = v, t.RefP(vn)
			}
		}
		if qs := e.Get("querierst-items"); qs != nil {
			addr, ok, err := dmeAddr(t, qs.Get("addr"))
			if err != nil {
				return err
			}
			if !ok {
				continue // no querier address: nothing proven either way
			}
			q := &model.OperQuerier{Address: addr, Ref: t.Ref(qs.Get("addr").Line), Port: qs.Get("if").Str()}
			if vn := qs.Get("ver"); vn != nil && vn.Str() != "" {
				// An unreadable version here is not worth failing the
				// device over: the querier rule needs only that one runs.
				if v, ok := dmeVersion(vn.Str()); ok {
					q.Version = v
				}
			}
			if q.Version == 0 {
				q.Version = 2 // the NX-OS default; the querier rule needs only that one runs
			}
			if dev.Oper.Snooping == nil {
				dev.Oper.Snooping = map[int]*model.OperSnooping{}
			}
			os := dev.Oper.Snooping[id]
			if os == nil {
				os = &model.OperSnooping{}
				dev.Oper.Snooping[id] = os
			}
			os.Querier, os.NoQuerier = q, nil
		}
	}
	return nil
}

func dmeErrorf(t *jsontree.Tree, n *jsontree.Node, format string, args ...any) error {
	return fmt.Errorf("%s line %d: %s", t.File, n.Line, fmt.Sprintf(format, args...))
}

// dmeBool reads a DME boolean, which releases write as true/false or as
// enabled/disabled (yes/no).
func dmeBool(n *jsontree.Node) (bool, bool) {
	switch strings.ToLower(jsontree.Local(n.Str())) {
	case "true", "enabled", "enable", "yes", "on", "1":
		return true, true
	case "false", "disabled", "disable", "no", "off", "0":
		return false, true
	}
	return false, false
}

// dmeVLANID reads a vlanid key: "vlan100", "vlan-100" or "100".
func dmeVLANID(s string) (int, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimPrefix(s, "vlan")
	s = strings.TrimPrefix(s, "-")
	v, err := strconv.Atoi(s)
	return v, err == nil && v >= 1 && v <= model.MaxVLAN
}

// dmeVersion reads an IGMP version: "v2", "ver2", "2".
func dmeVersion(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(jsontree.Local(s)))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "ver"), "v")
	v, err := strconv.Atoi(s)
	return v, err == nil && v >= 1 && v <= 3
}

// dmeAddr reads a querier address; ok is false for an absent, empty or
// unspecified (0.0.0.0) one, which the DME reports where none is set.
func dmeAddr(t *jsontree.Tree, n *jsontree.Node) (netip.Addr, bool, error) {
	if n == nil || n.Str() == "" {
		return netip.Addr{}, false, nil
	}
	a, err := netip.ParseAddr(strings.TrimSpace(n.Str()))
	if err != nil || !a.Is4() {
		return netip.Addr{}, false, dmeErrorf(t, n, "querier address %q is not an IPv4 address", n.Str())
	}
	if a.IsUnspecified() {
		return netip.Addr{}, false, nil
	}
	return a, true, nil
}

// dmePaths are the NX-OS device-model commands.
func dmePaths() []string {
	return []string{
		snapshot.GNMIPrefix + dmeOrigin + ":" + DMESnoopingGlobal,
		snapshot.GNMIPrefix + dmeOrigin + ":" + DMESnoopingVLANs,
	}
}
