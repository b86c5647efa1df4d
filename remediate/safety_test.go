package remediate

import (
	"context"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/model/modeltest"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/templates"
)

// planFor plans the fix of one finding on a device of the neutral model.
func planFor(t *testing.T, d *model.Device, f rules.Finding) *DevicePlan {
	t.Helper()
	f.Device, f.VLAN, f.Cluster = d.Name, 100, "eft-ha"
	res := &audit.Result{
		Clusters: []model.Cluster{{Name: "eft-ha", VLAN: 100}},
		Devices:  []audit.DeviceResult{{Name: d.Name, Platform: d.Platform, Status: audit.StatusOK}},
		Findings: []rules.Finding{f},
		Models:   map[string]*model.Device{d.Name: d},
	}
	plan, err := Build(context.Background(), res, templates.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return plan.Devices[0]
}

// Remediation changes a port only where the change cannot cut off what
// the port carries now: anything else is a manual item saying why, and no
// line is written.
func TestSafetyRefusals(t *testing.T) {
	host := func(port string) rules.Finding {
		return rules.Finding{Rule: "host-port-wrong-vlan", Subject: &rules.Subject{Interface: port}, Message: "host eft1's port is not in VLAN 100"}
	}
	trunk := func(port string) rules.Finding {
		return rules.Finding{Rule: "vlan-not-on-trunk", Subject: &rules.Subject{Interface: port}, Message: "does not carry VLAN 100"}
	}
	routed := modeltest.New("sw1").Access("ge-1", 10).Device()
	routed.Interface("ge-1").Routed = true
	b := modeltest.New("sw1")
	ref := b.Ref("switchport mode private-vlan host")
	b.Port("ge-1").ModeRef = &ref
	pvlan := b.Device()
	operSaysNo := modeltest.New("sw1").Trunk("up", "10,100").Device()
	for _, c := range []struct {
		name    string
		dev     *model.Device
		finding rules.Finding
		manual  string
	}{
		{"a host on an aggregate's member", modeltest.New("sw1").Trunk("ae1", "10").Member("ge-1", "ae1").Device(), host("ge-1"),
			"ge-1 is not an up access port: changing it could cut off what it carries now"},
		{"a host on a port shut down", modeltest.New("sw1").Access("ge-1", 10).Shutdown("ge-1").Device(), host("ge-1"),
			"ge-1 is not an up access port"},
		{"a host on a routed port", routed, host("ge-1"), "ge-1 is not an up access port"},
		{"a host on a trunk", modeltest.New("sw1").Trunk("ge-1", "10").Device(), host("ge-1"), "ge-1 is not an up access port"},
		{"a host on a port of another mode", pvlan, host("ge-1"),
			"ge-1 is in a switchport mode remediation does not change (switchport mode private-vlan host)"},
		{"a host on a port the device lacks", modeltest.New("sw1").Device(), host("ge-9"), "host eft1's port is not in VLAN 100"},
		{"a trunk shut down", modeltest.New("sw1").Trunk("up", "10").Shutdown("up").Device(), trunk("up"),
			"up is not an up trunk: decide how this link should carry VLAN 100"},
		{"an access port where a trunk should be", modeltest.New("sw1").Access("up", 10).Device(), trunk("up"), "up is not an up trunk"},
		{"a trunk whose configuration carries the VLAN", operSaysNo, trunk("up"),
			"up is configured to carry VLAN 100 but show output says it does not"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dp := planFor(t, c.dev, c.finding)
			if len(dp.Remediation) != 0 || len(dp.Changes) != 0 {
				t.Errorf("lines written: %q", dp.Remediation)
			}
			if len(dp.Manual) != 1 || !strings.Contains(dp.Manual[0], c.manual) {
				t.Errorf("manual %q, want one containing %q", dp.Manual, c.manual)
			}
		})
	}
	// An up access port is planned: here the neutral platform has no
	// template, which is said as such.
	dp := planFor(t, modeltest.New("sw1").Access("ge-1", 10).Device(), host("ge-1"))
	if len(dp.Manual) != 1 || !strings.Contains(dp.Manual[0], "no access-port template for platform neutral") {
		t.Errorf("manual %q", dp.Manual)
	}
}
