package arista

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

const cmdLLDP = "show lldp neighbors detail"

// ParseShowLLDPNeighborsDetail reads EOS's "show lldp neighbors detail":
// per "Interface X detected N LLDP neighbors:" block, each "Neighbor …"
// entry with its port ID (and the port ID's type: an interface name, a
// MAC address, a locally assigned number), system name, capabilities and
// management address.
func ParseShowLLDPNeighborsDetail(dev *model.Device, file string, text []byte) error {
	var (
		out   []model.Neighbor
		local string
		cur   *model.Neighbor
		macID bool
	)
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for no, line := range strings.Split(string(text), "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		ref := model.Ref{File: file, Line: no + 1, Text: line}
		switch {
		case t == "":
			continue
		case strings.Contains(t, "LLDP is not enabled") || strings.Contains(t, "LLDP is not running"):
			dev.NeighborsOff = append(dev.NeighborsOff, model.NeighborsOff{Protocol: "lldp", Ref: ref})
			return nil
		case strings.HasPrefix(t, "% ") || strings.HasPrefix(t, "Invalid input"):
			return fmt.Errorf("%s line %d: the switch refused the command: %s", file, no+1, t)
		case strings.HasPrefix(t, "Interface ") && strings.Contains(t, " detected "):
			flush()
			local = CanonicalInterface(strings.Fields(t)[1])
			continue
		case strings.HasPrefix(t, "Neighbor ") && local != "":
			flush()
			cur = &model.Neighbor{Protocol: "lldp", LocalPort: local, Ref: ref}
			continue
		}
		if cur == nil {
			continue
		}
		key, val, ok := strings.Cut(strings.TrimPrefix(t, "- "), ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.Trim(strings.TrimSpace(val), `"`)
		switch key {
		case "Chassis ID":
			cur.ChassisID = val
		case "Port ID type":
			macID = strings.HasPrefix(val, "MAC address")
		case "Port ID":
			if cur.Port == "" { // the link aggregation block has a "Port ID" too
				cur.Port, cur.PortIsMAC = val, macID || model.IsMAC(val)
			}
		case "Port Description":
			cur.PortDescription = val
		case "System Name":
			cur.Name = val
		case "System Description":
			cur.Platform = val
		case "Enabled Capabilities":
			cur.Capabilities = model.CapabilityWords(val)
		case "Management Address":
			if a, err := netip.ParseAddr(val); err == nil && a.Is4() && !cur.Address.IsValid() {
				cur.Address = a
			}
		}
	}
	flush()
	dev.Neighbors = append(dev.Neighbors, out...)
	return nil
}
