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
		if d.Config != "" || d.Declared() {
			continue // read offline, or declared in the inventory
		}
		if d.Skip != "" {
			out = append(out, Target{Name: d.Name, Platform: d.Platform, Skip: d.Skip})
			continue
		}
		if d.Address == "" {
			return nil, fmt.Errorf("%s line %d: device %q has no address to collect from and no config file (to read it from recorded output instead, give the snapshot: --snapshot DIR or the inventory's snapshot key)", d.File, d.Line, d.Name)
		}
		t, err := NewTarget(d.Name, d.Platform, d.Address, d.Port, d.Transport)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: device %q: %w", d.File, d.Line, d.Name, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// NewTarget is a device to collect, with what its vendor says to collect
// and how: the commands, the completeness check, the scrubber and the SSH
// driver. transport "" means SSH.
func NewTarget(name, platform, address string, port int, transport string) (Target, error) {
	v, ok := vendors.Lookup(platform)
	if !ok {
		return Target{}, fmt.Errorf("unknown platform %q", platform)
	}
	if transport == "" {
		transport = "ssh"
	}
	t := Target{
		Name: name, Platform: platform, Address: address, Port: port,
		Transport: transport, Commands: v.Commands(platform, transport),
		Scrub: func(command string, data []byte) []byte { return v.Scrub(platform, command, data) },
	}
	if sc, ok := v.(vendors.SSHCollector); ok && transport == "ssh" {
		t.SSHDriver, t.SSHDefinition = sc.SSHDriver(platform)
		t.Complete = func(data []byte, run func(string) ([]byte, error)) error {
			return sc.CheckComplete(platform, data, run)
		}
	}
	return t, nil
}
