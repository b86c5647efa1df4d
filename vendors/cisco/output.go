package cisco

import (
	"fmt"

	"github.com/mcaudit/mcaudit/model"
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
}

// ParseOutput parses the output of one command into dev; file is the name
// evidence will cite.
func ParseOutput(dev *model.Device, command, file string, data []byte) error {
	p, ok := parsers[command]
	if !ok {
		return fmt.Errorf("%s: no parser for %q on %s", file, command, dev.Platform)
	}
	return p(dev, file, data)
}
