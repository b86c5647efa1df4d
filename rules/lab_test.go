package rules_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/vendors"
)

// TestLab audits the recorded lab and expects exactly the findings its
// README lists: the planted problems, the informational router ACL, and
// nothing on leaf1 or acc2.
func TestLab(t *testing.T) {
	inv, err := inventory.Load("../fixtures/lab/inventory.yaml", vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Devices {
		if d.Status != audit.StatusOK {
			t.Errorf("device %s: %s %s", d.Name, d.Status, d.Error)
		}
	}
	if len(res.Devices) != 4 {
		t.Errorf("%d devices, want 4", len(res.Devices))
	}

	const (
		acc1  = "acc1/show_running-config.txt"
		core1 = "../fixtures/lab/backups/core1.cfg"
	)
	// Each finding with all its evidence; the decisive line (the one the
	// README names) is given with its text.
	type line struct {
		file string
		no   int
		text string // "" to skip the text check
	}
	wants := []struct {
		rule     string
		sev      rules.Severity
		device   string
		msg      string
		evidence []line
	}{{
		rule: "vlan-not-on-trunk", sev: rules.Error, device: "core1",
		msg: "TenGigabitEthernet1/0/2 (link to leaf1 Ethernet1/49, between acc1 and leaf1) does not carry VLAN 100: the trunk's allowed VLANs are 10,20,30,200",
		evidence: []line{{core1, 123, "interface TenGigabitEthernet1/0/2"},
			{core1, 125, " switchport trunk allowed vlan 10,20,30,200"},
			{"../fixtures/lab/inventory.yaml", 25, "  - [core1:TenGigabitEthernet1/0/2, leaf1:Ethernet1/49]"}},
	}, {
		rule: "igmp-querier-missing", sev: rules.Error, device: "core1",
		msg: "No IGMP querier is active in VLAN 100's layer-2 domain (acc1, acc2, core1): the show output of acc1, acc2 lists no querier for VLAN 100 (acc1/show_ip_igmp_snooping_querier.txt, acc2/show_ip_igmp_snooping_querier.txt)",
		evidence: []line{{"acc1/show_ip_igmp_snooping_querier.txt", 1, ""},
			{"acc2/show_ip_igmp_snooping_querier.txt", 1, ""},
			{core1, 242, "interface Vlan100"},
			{core1, 246, " ip igmp version 2"}},
	}, {
		rule: "pgm-blocked", sev: rules.Error, device: "acc1",
		msg: "ACL EDGE-IN on GigabitEthernet1/0/10 (in) denies IP protocol 113 from 10.10.100.11 to 239.192.10.10: ACL EDGE-IN sequence 70 (deny ip any any log)",
		evidence: []line{{acc1, 439, " 70 deny   ip any any log"},
			{acc1, 160, " ip access-group EDGE-IN in"}},
	}, {
		rule: "vlan-not-dedicated", sev: rules.Warning, device: "acc1",
		msg: "VLAN 100 is not dedicated to the cluster: 1 other access port on acc1: GigabitEthernet1/0/11 (\"BACKUP-SRV01\")",
		evidence: []line{{acc1, 163, "interface GigabitEthernet1/0/11"},
			{acc1, 165, " switchport access vlan 100"}},
	}, {
		rule: "storm-control-multicast", sev: rules.Warning, device: "acc1",
		msg:      "multicast storm control on TenGigabitEthernet1/1/1 (the link to core1 Port-channel1) drops multicast above 0.50% of the bandwidth",
		evidence: []line{{acc1, 373, "interface TenGigabitEthernet1/1/1"}, {acc1, 377, " storm-control multicast level 0.50"}},
	}, {
		rule: "storm-control-multicast", sev: rules.Warning, device: "acc1",
		msg:      "multicast storm control on TenGigabitEthernet1/1/2 (the link to core1 Port-channel1) drops multicast above 0.50% of the bandwidth",
		evidence: []line{{acc1, 380, "interface TenGigabitEthernet1/1/2"}, {acc1, 384, " storm-control multicast level 0.50"}},
	}, {
		rule: "router-acl-on-svi", sev: rules.Info, device: "core1",
		msg:      "ACL SVI100-IN on Vlan100 (in) is a router ACL: it filters routed traffic only and does not see PGM bridged inside VLAN 100",
		evidence: []line{{core1, 245, " ip access-group SVI100-IN in"}, {core1, 277, " 30 deny   ip any any"}},
	}}

	used := make([]bool, len(res.Findings))
	for _, w := range wants {
		found := false
		for i, f := range res.Findings {
			if used[i] || f.Rule != w.rule || f.Device != w.device || !strings.Contains(f.Message, w.msg) {
				continue
			}
			used[i], found = true, true
			if f.Severity != w.sev {
				t.Errorf("%s on %s: severity %s, want %s", w.rule, w.device, f.Severity, w.sev)
			}
			var got, want []string
			for _, r := range f.Evidence {
				got = append(got, fmt.Sprintf("%s:%d", r.File, r.Line))
			}
			for j, l := range w.evidence {
				want = append(want, fmt.Sprintf("%s:%d", l.file, l.no))
				if l.text != "" && j < len(f.Evidence) && f.Evidence[j].Text != l.text {
					t.Errorf("%s on %s: evidence %d text %q, want %q", w.rule, w.device, j, f.Evidence[j].Text, l.text)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s on %s: evidence\n got %q\nwant %q", w.rule, w.device, got, want)
			}
			break
		}
		if !found {
			t.Errorf("missing %s on %s: %q", w.rule, w.device, w.msg)
		}
	}
	for i, f := range res.Findings {
		if !used[i] {
			t.Errorf("unexpected finding %s %s on %s: %s", f.Rule, f.Severity, f.Device, f.Message)
		}
		if f.Device == "leaf1" || f.Device == "acc2" {
			t.Errorf("%s must have no findings, got %s: %s", f.Device, f.Rule, f.Message)
		}
		if f.Cluster != "eft-ha" || f.VLAN != 100 {
			t.Errorf("%s on %s: cluster %q VLAN %d, want eft-ha 100", f.Rule, f.Device, f.Cluster, f.VLAN)
		}
	}
	if e, w, i := res.Count(rules.Error), res.Count(rules.Warning), res.Count(rules.Info); e != 3 || w != 3 || i != 1 {
		t.Errorf("errors/warnings/info = %d/%d/%d, want 3/3/1", e, w, i)
	}
}
