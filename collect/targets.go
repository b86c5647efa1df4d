package collect

import (
	"fmt"

	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

// Targets lists what to collect from the devices of inv that are reached
// over the network (those with a config file are read offline), with the
// commands their vendor asks for.
func Targets(inv *inventory.Inventory) ([]Target, error) {
	var out []Target
	for _, d := range inv.Devices {
		if d.Config != "" {
			continue
		}
		v, ok := vendors.Lookup(d.Platform)
		if !ok {
			return nil, fmt.Errorf("%s line %d: device %q: unknown platform %q", d.File, d.Line, d.Name, d.Platform)
		}
		if d.Address == "" {
			return nil, fmt.Errorf("%s line %d: device %q has no address to collect from and no config file (to read it from recorded output instead, give the snapshot: --snapshot DIR or the inventory's snapshot key)", d.File, d.Line, d.Name)
		}
		tr := d.Transport
		if tr == "" {
			tr = "ssh"
		}
		t := Target{
			Name: d.Name, Platform: d.Platform, Address: d.Address, Port: d.Port,
			Transport: tr, Commands: v.Commands(d.Platform, tr),
		}
		if check, platform := v.CheckComplete, d.Platform; check != nil && tr == "ssh" {
			t.Complete = func(data []byte, run func(string) ([]byte, error)) error { return check(platform, data, run) }
		}
		out = append(out, t)
	}
	return out, nil
}
