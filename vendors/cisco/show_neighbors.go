package cisco

import (
	"net/netip"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// ParseShowCDPNeighborsDetail reads "show cdp neighbors detail" (IOS,
// IOS-XE, NX-OS) into dev.Neighbors: one entry per "Device ID", its local
// and remote ports from the "Interface: …, Port ID (outgoing port): …"
// line, its addresses, platform and capabilities. "% CDP is not enabled"
// is recorded in dev.NeighborsOff, not an error. An entry without its
// Interface line is reported as unread and left out.
func ParseShowCDPNeighborsDetail(dev *model.Device, file string, text []byte) error {
	const cmd = "show cdp neighbors detail"
	sc, err := newShowScanner(file, cmd, text)
	if err != nil {
		return err
	}
	names := showNamer{platform: dev.Platform}
	var (
		out     []model.Neighbor
		skipped []model.Unparsed
		cur     *model.Neighbor
		start   *model.Ref
		mgmt    bool // the addresses being read are management addresses
	)
	flush := func() {
		if cur == nil {
			return
		}
		if cur.LocalPort == "" {
			skipped = append(skipped, model.Unparsed{Ref: *start, Why: "a CDP entry without its \"Interface: …, Port ID (outgoing port): …\" line"})
		} else {
			out = append(out, *cur)
		}
		cur = nil
	}
	for sc.next() {
		t := strings.TrimSpace(sc.line)
		if t == "" || showIsPrompt(t) {
			continue
		}
		if strings.HasPrefix(t, "% CDP is not enabled") || strings.HasPrefix(t, "CDP is not enabled") {
			dev.NeighborsOff = append(dev.NeighborsOff, model.NeighborsOff{Protocol: "cdp", Ref: *sc.ref()})
			return nil
		}
		if err := sc.deviceError(t); err != nil {
			return err
		}
		key, val, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "Device ID":
			flush()
			cur, start, mgmt = &model.Neighbor{Protocol: "cdp", Name: val}, sc.ref(), false
		case "System Name":
			if cur != nil {
				cur.SystemName = val
			}
		case "Platform":
			if cur == nil {
				continue
			}
			// "Platform: cisco WS-C2960-8TC-L,  Capabilities: Switch IGMP"
			plat, caps, _ := strings.Cut(t[strings.Index(t, ":")+1:], "Capabilities:")
			cur.Platform = strings.TrimSuffix(strings.TrimSpace(plat), ",")
			cur.Capabilities = cdpCapabilities(caps)
		case "Interface":
			if cur == nil {
				continue
			}
			// "Interface: GigabitEthernet1/0/16,  Port ID (outgoing port): GigabitEthernet0/1"
			local, remote, _ := strings.Cut(val, ",")
			cur.LocalPort = names.canonical(strings.TrimSpace(local))
			cur.Ref = *sc.ref()
			if _, port, ok := strings.Cut(remote, ":"); ok {
				cur.Port = strings.TrimSpace(port)
				cur.PortIsMAC = model.IsMAC(cur.Port)
			}
		case "Management address(es)", "Mgmt address(es)":
			mgmt = true
		case "Entry address(es)", "Interface address(es)":
			mgmt = false
		case "IP address", "IPv4 Address", "IPv4 address":
			if cur == nil {
				continue
			}
			if a, err := netip.ParseAddr(val); err == nil && (mgmt || !cur.Address.IsValid()) {
				cur.Address = a
			}
		}
	}
	flush()
	dev.Neighbors = append(dev.Neighbors, out...)
	dev.Unparsed = append(dev.Unparsed, skipped...)
	return nil
}

// cdpCapabilities maps CDP's capability words to the neutral ones.
func cdpCapabilities(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		switch strings.ToLower(strings.TrimSuffix(w, ",")) {
		case "switch":
			out = append(out, "switch")
		case "router":
			out = append(out, "router")
		case "trans-bridge", "source-route-bridge", "bridge":
			out = append(out, "bridge")
		case "host":
			out = append(out, "host")
		case "phone":
			out = append(out, "phone")
		}
	}
	return out
}

// ParseShowLLDPNeighborsDetail reads "show lldp neighbors detail" in the
// IOS form (entries between dashed lines, "Local Intf: Gi1/0/2") and the
// NX-OS form (entries from "Chassis id:", "Local Port id: Eth1/1") into
// dev.Neighbors. A port ID that is a MAC address or a number (an SNMP
// ifIndex, as Junos sends) is kept with the port description beside it,
// which such devices fill with the interface name. "% LLDP is not
// enabled" is recorded in dev.NeighborsOff, not an error.
func ParseShowLLDPNeighborsDetail(dev *model.Device, file string, text []byte) error {
	const cmd = "show lldp neighbors detail"
	sc, err := newShowScanner(file, cmd, text)
	if err != nil {
		return err
	}
	names := showNamer{platform: dev.Platform}
	var (
		out     []model.Neighbor
		skipped []model.Unparsed
		cur     *model.Neighbor
		start   *model.Ref
		inMgmt  bool
		desc    bool // IOS writes the system description on the next line
	)
	begin := func() {
		cur, start, inMgmt, desc = &model.Neighbor{Protocol: "lldp"}, sc.ref(), false, false
	}
	flush := func() {
		if cur == nil {
			return
		}
		switch {
		case cur.LocalPort == "" && cur.ChassisID == "" && cur.Name == "":
			// a dashed line with nothing under it
		case cur.LocalPort == "":
			skipped = append(skipped, model.Unparsed{Ref: *start, Why: "an LLDP entry without its local port (\"Local Intf:\" or \"Local Port id:\")"})
		default:
			out = append(out, *cur)
		}
		cur = nil
	}
	for sc.next() {
		t := strings.TrimSpace(sc.line)
		if t == "" || showIsPrompt(t) {
			continue
		}
		if strings.Contains(t, "LLDP is not enabled") || strings.Contains(t, "LLDP is not running") {
			dev.NeighborsOff = append(dev.NeighborsOff, model.NeighborsOff{Protocol: "lldp", Ref: *sc.ref()})
			return nil
		}
		if err := sc.deviceError(t); err != nil {
			return err
		}
		if desc {
			desc = false
			if cur != nil && cur.Platform == "" {
				cur.Platform = t
				continue
			}
		}
		if showIsRule(t) {
			// IOS: a dashed line opens each entry.
			flush()
			begin()
			continue
		}
		key, val, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if cur == nil && key != "Chassis id" && key != "Local Intf" {
			continue // the legend and table header NX-OS prints first
		}
		switch key {
		case "Local Intf", "Local Port id":
			if key == "Local Intf" && cur != nil && cur.LocalPort != "" {
				flush()
				begin()
			}
			if cur == nil {
				begin()
			}
			cur.LocalPort = names.canonical(val)
			cur.Ref = *sc.ref()
		case "Chassis id":
			if cur == nil || cur.ChassisID != "" {
				// NX-OS: each entry starts here.
				flush()
				begin()
			}
			cur.ChassisID = val
		case "Port id":
			cur.Port = val
			cur.PortIsMAC = model.IsMAC(val)
		case "Port Description":
			cur.PortDescription = val
		case "System Name":
			cur.Name = val
		case "System Description":
			cur.Platform, desc = val, val == ""
		case "Enabled Capabilities":
			cur.Capabilities = lldpCapabilities(val)
		case "Management Address", "Management Addresses":
			inMgmt = true
			if a, err := netip.ParseAddr(val); err == nil {
				cur.Address = a
			}
		case "IP", "IPV4", "IPv4":
			if a, err := netip.ParseAddr(val); err == nil && inMgmt && !cur.Address.IsValid() {
				cur.Address = a
			}
		}
	}
	flush()
	dev.Neighbors = append(dev.Neighbors, out...)
	dev.Unparsed = append(dev.Unparsed, skipped...)
	return nil
}

// lldpCapabilities maps LLDP's capability letters (B,R / B, R) to the
// neutral words.
func lldpCapabilities(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		switch strings.ToUpper(w) {
		case "B":
			out = append(out, "bridge")
		case "R":
			out = append(out, "router")
		case "T":
			out = append(out, "telephone")
		case "W":
			out = append(out, "wlan")
		case "S":
			out = append(out, "station")
		}
	}
	return out
}
