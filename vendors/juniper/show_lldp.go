package juniper

import (
	"fmt"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

const cmdLLDP = "show lldp neighbors"

// ParseShowLLDPNeighbors reads Junos' "show lldp neighbors" table, by the
// columns of its header: local interface, parent interface (the ae
// bundle), chassis ID, port info and system name. Port info is the
// neighbor's port ID or description, as the neighbor sends it.
func ParseShowLLDPNeighbors(dev *model.Device, file string, text []byte) error {
	cols := map[string]int{}
	order := []string{"Local Interface", "Parent Interface", "Chassis Id", "Port info", "System Name"}
	var out []model.Neighbor
	header := false
	for no, line := range strings.Split(string(text), "\n") {
		line = strings.TrimRight(line, "\r ")
		t := strings.TrimSpace(line)
		ref := model.Ref{File: file, Line: no + 1, Text: line}
		switch {
		case t == "" || strings.HasPrefix(t, "{master") || strings.HasSuffix(t, "> show lldp neighbors"):
			continue
		case strings.Contains(t, "LLDP is not running") || strings.Contains(t, "LLDP is not enabled") || strings.Contains(t, "lldp subsystem not running"):
			dev.NeighborsOff = append(dev.NeighborsOff, model.NeighborsOff{Protocol: "lldp", Ref: ref})
			return nil
		case strings.HasPrefix(t, "error:") || strings.HasPrefix(t, "syntax error") || strings.HasPrefix(t, "unknown command"):
			return fmt.Errorf("%s line %d: the switch refused the command: %s", file, no+1, t)
		case strings.HasPrefix(t, "Local Interface"):
			for _, c := range order {
				cols[c] = strings.Index(line, c)
			}
			header = cols["Chassis Id"] > 0 && cols["Port info"] > 0 && cols["System Name"] > 0
			continue
		case !header:
			continue
		}
		// The first three columns are single words; the system name is
		// what starts under its header; port info, which may be a
		// description with blanks, is what lies between.
		f := strings.Fields(line)
		if len(f) < 4 {
			dev.Unparsed = append(dev.Unparsed, model.Unparsed{Ref: ref, Why: "an LLDP row without local interface, parent interface, chassis ID and port info"})
			continue
		}
		rest := line[strings.Index(line, f[2])+len(f[2]):]
		n := model.Neighbor{Protocol: "lldp", LocalPort: CanonicalInterface(f[0]), ChassisID: f[2], Ref: ref}
		if at := cols["System Name"]; at < len(line) && line[at-1] == ' ' && at > len(line)-len(rest) {
			n.Name = strings.TrimSpace(line[at:])
			rest = line[len(line)-len(rest) : at]
		}
		n.Port = strings.TrimSpace(rest)
		if f[1] != "-" {
			n.Bundle = CanonicalInterface(f[1])
		}
		n.PortIsMAC = model.IsMAC(n.Port)
		out = append(out, n)
	}
	dev.Neighbors = append(dev.Neighbors, out...)
	return nil
}
