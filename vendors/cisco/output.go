package cisco

import (
	"fmt"
	"strings"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// parsers maps each collected command to its parser. Both spellings of the
// trunk command are accepted whatever the platform, since a snapshot may
// have been recorded by hand.
var parsers = map[string]func(*model.Device, string, []byte) error{
	"show running-config":           ParseConfig,
	"show vlan brief":               ParseShowVLANBrief,
	"show interfaces trunk":         ParseShowInterfacesTrunk,
	"show interface trunk":          ParseShowInterfacesTrunk,
	"show ip igmp snooping querier": ParseShowIPIGMPSnoopingQuerier,
	"show ip igmp snooping":         ParseShowIPIGMPSnooping,
	"show cdp neighbors detail":     ParseShowCDPNeighborsDetail,
	"show lldp neighbors detail":    ParseShowLLDPNeighborsDetail,
}

// ParseOutput parses the output of one command into dev; file is the name
// evidence will cite.
//
// A gNMI path (snapshot.GNMIPrefix + path) is a recorded gNMI document:
// device-model (DME) paths go to ParseNXOSDME, the others are OpenConfig
// and go to the generic parser with the platform's interface names.
func ParseOutput(dev *model.Device, command, file string, data []byte) error {
	if path, ok := strings.CutPrefix(command, snapshot.GNMIPrefix); ok {
		if isDMEPath(path) {
			return ParseNXOSDME(dev, file, data)
		}
		dev.Defaults = defaults(dev.Platform)
		return openconfig.Parse(dev, file, data, openconfig.Options{
			Canonical: func(name string) string { return CanonicalInterface(dev.Platform, name) },
		})
	}
	p, ok := parsers[command]
	if !ok {
		return fmt.Errorf("%s: no parser for %q on %s", file, command, dev.Platform)
	}
	return p(dev, file, data)
}
