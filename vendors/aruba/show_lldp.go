package aruba

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

const cmdLLDP = "show lldp neighbor-info detail"

// ParseShowLLDPNeighborInfoDetail reads AOS-CX's "show lldp
// neighbor-info detail": a block per port ("Port : 1/1/12") between
// dashed lines, with the neighbor's name (Chassis-Name or System-Name by
// release), chassis ID, management address, port ID and description, and
// enabled capabilities.
func ParseShowLLDPNeighborInfoDetail(dev *model.Device, file string, text []byte) error {
	var out []model.Neighbor
	var cur *model.Neighbor
	flush := func() {
		if cur != nil && (cur.ChassisID != "" || cur.Name != "" || cur.Port != "") {
			out = append(out, *cur)
		}
		cur = nil
	}
	for no, line := range strings.Split(string(text), "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		ref := model.Ref{File: file, Line: no + 1, Text: line}
		switch {
		case t == "" || strings.HasPrefix(t, "---") || strings.HasPrefix(t, "==="):
			continue
		case strings.Contains(t, "LLDP is disabled") || strings.Contains(t, "LLDP is not enabled"):
			dev.NeighborsOff = append(dev.NeighborsOff, model.NeighborsOff{Protocol: "lldp", Ref: ref})
			return nil
		case strings.HasPrefix(t, "Invalid input") || strings.HasPrefix(t, "% "):
			return fmt.Errorf("%s line %d: the switch refused the command: %s", file, no+1, t)
		}
		key, val, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if key == "Port" {
			flush()
			cur = &model.Neighbor{Protocol: "lldp", LocalPort: CanonicalInterface(val), Ref: ref}
			continue
		}
		if cur == nil {
			continue
		}
		switch key {
		case "Neighbor Chassis-Name", "Neighbor System-Name":
			cur.Name = val
		case "Neighbor Chassis-Description", "Neighbor System-Description":
			cur.Platform = val
		case "Neighbor Chassis-ID":
			cur.ChassisID = val
		case "Neighbor Management-Address":
			if a, err := netip.ParseAddr(val); err == nil {
				cur.Address = a
			}
		case "Neighbor Port-ID":
			cur.Port, cur.PortIsMAC = val, model.IsMAC(val)
		case "Neighbor Port-Desc":
			cur.PortDescription = val
		case "Chassis Capabilities Enabled":
			cur.Capabilities = model.CapabilityWords(val)
		}
	}
	flush()
	dev.Neighbors = append(dev.Neighbors, out...)
	return nil
}
