package rules_test

import (
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/model/modeltest"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/topology"
)

// These scenarios build the neutral model directly: the rules judge what
// the model says, whichever vendor's parser filled it.

// neutralAudit runs every rule on devices joined by links, for one cluster
// in VLAN 100 with a host on each of sw1's and sw2's ge-1 ports.
func neutralAudit(links []model.Link, devs ...*model.Device) []rules.Finding {
	m := map[string]*model.Device{}
	var order []string
	for _, d := range devs {
		m[d.Name] = d
		order = append(order, d.Name)
	}
	c := model.Cluster{Name: "eft-ha", VLAN: 100, Hosts: []model.Host{
		modeltest.Host("eft1", "10.10.100.11", "sw1", "ge-1"),
		modeltest.Host("eft2", "10.10.100.12", "sw2", "ge-1"),
	}}
	return rules.Run(rules.NewScope(c, rules.NewFleet(topology.New(m, links), order), false))
}

// edge is a switch with the cluster VLAN, a host port, and a querier.
func edge(name string) *modeltest.Builder {
	return modeltest.New(name).VLAN(100, "EFT-HA").Access("ge-1", 100).Querier(100, "10.10.100.3")
}

func only(t *testing.T, got []rules.Finding, rule, device string, msg ...string) rules.Finding {
	t.Helper()
	expected.Store(rule, true)
	if len(got) != 1 || got[0].Rule != rule || got[0].Device != device {
		t.Fatalf("want one %s on %s, got:\n%s", rule, device, dump(got))
	}
	for _, m := range msg {
		if !strings.Contains(got[0].Message, m) {
			t.Errorf("message %q lacks %q", got[0].Message, m)
		}
	}
	for _, e := range got[0].Evidence {
		if !e.Valid() || e.Text == "" {
			t.Errorf("evidence %+v is not a line", e)
		}
	}
	return got[0]
}

// A link aggregate is found by the bundle the parser resolved, whatever
// the vendor calls it: a trunk missing the VLAN is the aggregate's, and
// the link declared on a member port is judged by the aggregate.
func TestNeutralLAGNames(t *testing.T) {
	for _, bundle := range []string{"Port-channel10", "port-channel10", "Port-Channel10", "ae10", "lag10", "Bundle-Ether10"} {
		t.Run(bundle, func(t *testing.T) {
			b1 := edge("sw1").Trunk(bundle, "10,200").Member("xe-0/0/1", bundle).Member("xe-0/0/2", bundle)
			sw2 := edge("sw2").Trunk("et-1", "all").Device()
			links := []model.Link{modeltest.Link("sw1", "xe-0/0/1", "sw2", "et-1")}
			f := only(t, neutralAudit(links, b1.Device(), sw2), "vlan-not-on-trunk", "sw1", "xe-0/0/1 (link to sw2 et-1, between sw1 and sw2; a member of "+bundle+")", "10,200")
			if f.Evidence[0].Text != "interface "+bundle || f.Evidence[1].Text != "trunk allowed vlan 10,200" {
				t.Errorf("evidence %v", f.Evidence)
			}
			// With the VLAN on the aggregate, the path is whole.
			b1.Port(bundle).Allowed.Add(100)
			if got := neutralAudit(links, b1.Device(), sw2); len(got) != 0 {
				t.Errorf("VLAN carried by %s, yet:\n%s", bundle, dump(got))
			}
		})
	}
}

// A host on a member of an aggregate is not on an access port.
func TestNeutralHostOnAMember(t *testing.T) {
	sw1 := modeltest.New("sw1").VLAN(100, "EFT-HA").Querier(100, "10.10.100.3").
		Trunk("ae3", "100").Member("ge-1", "ae3").Trunk("up", "100").Device()
	sw2 := edge("sw2").Trunk("up", "100").Device()
	got := neutralAudit([]model.Link{modeltest.Link("sw1", "up", "sw2", "up")}, sw1, sw2)
	only(t, got, "host-port-wrong-vlan", "sw1", "ge-1")
}

// Where the platform leaves snooping off unless configured, a VLAN with
// no line turning it on is not snooped, and the verdict says why; a line
// that turns it on is enough.
func TestNeutralSnoopingOffByDefault(t *testing.T) {
	links := []model.Link{modeltest.Link("sw1", "up", "sw2", "up")}
	off := edge("sw1").SnoopingOffByDefault().Trunk("up", "100")
	sw2 := edge("sw2").Trunk("up", "100").Device()
	f := only(t, neutralAudit(links, off.Device(), sw2), "igmp-snooping-disabled", "sw1",
		"IGMP snooping is off on VLAN 100 on sw1", "the platform leaves it off unless configured")
	if f.Evidence[0].Text != "hostname sw1" {
		t.Errorf("a verdict on an absence cites the hostname line, got %v", f.Evidence)
	}
	if got := neutralAudit(links, off.SnoopingOn(100).Device(), sw2); len(got) != 0 {
		t.Errorf("snooping turned on, yet:\n%s", dump(got))
	}
	// On a platform that snoops by default, an explicit "off" is still off.
	sw1 := edge("sw1").Trunk("up", "100").SnoopingOff(100).Device()
	only(t, neutralAudit(links, sw1, sw2), "igmp-snooping-disabled", "sw1")
}

// The rules read the model's words, never a vendor's: no finding about a
// neutral device names a Cisco command.
func TestNeutralFindingsSpeakNoCisco(t *testing.T) {
	links := []model.Link{modeltest.Link("sw1", "up", "sw2", "up")}
	sw1 := modeltest.New("sw1").SnoopingOffByDefault().Access("ge-1", 200).Trunk("up", "200").
		ACL("EDGE", "permit 6 any any", "deny ip any any").PortACL("ge-1", "EDGE").Device()
	sw1.VLANSource = model.VLANSource{Elsewhere: true, Why: "keeps its VLANs in a database", Prove: "the VLAN table"}
	sw2 := modeltest.New("sw2").Access("ge-1", 100).Access("ge-2", 100).Trunk("up", "10").Device()
	got := neutralAudit(links, sw1, sw2)
	if len(got) < 4 {
		t.Fatalf("expected several findings, got:\n%s", dump(got))
	}
	for _, f := range got {
		for _, w := range []string{"switchport", "VTP", "show vlan", "ip igmp snooping", "channel-group", "Port-channel"} {
			if strings.Contains(f.Message, w) {
				t.Errorf("%s on %s says %q: %s", f.Rule, f.Device, w, f.Message)
			}
		}
	}
}

// A verdict resting on a default says so in the vendor's words where the
// parser gave them, else in the model's: never another vendor's.
func TestNeutralDefaultsInTheirWords(t *testing.T) {
	links := []model.Link{modeltest.Link("sw1", "up", "sw2", "up")}
	sw2 := edge("sw2").Trunk("up", "100").Device()
	b := modeltest.New("sw1").VLAN(100, "EFT-HA").Querier(100, "10.10.100.3").Trunk("up", "100")
	b.Port("ge-1") // a switched port nothing configures: VLAN 1 by default
	only(t, neutralAudit(links, b.Device(), sw2), "host-port-wrong-vlan", "sw1",
		"host eft1's port ge-1 is in VLAN 1 (no access VLAN is configured: the default), not VLAN 100")
	b.Device().Defaults.AccessDefault = `no "vlan members" statement: the VLAN "default"`
	only(t, neutralAudit(links, b.Device(), sw2), "host-port-wrong-vlan", "sw1",
		`is in VLAN 1 (no "vlan members" statement: the VLAN "default"), not VLAN 100`)

	down := edge("sw1").Trunk("up", "100")
	down.Port("ge-1").Shutdown = true // down by the platform's default
	only(t, neutralAudit(links, down.Device(), sw2), "host-port-wrong-vlan", "sw1",
		"host eft1's port ge-1 is shut down (nothing brings it up, and the platform's default is down)")
}

// A device that refused to show its ACLs has not shown that none drops
// PGM: the ACL verdict is not proven, never a pass, and a verdict the
// refusal does not touch stands.
func TestNeutralRefusedACLs(t *testing.T) {
	links := []model.Link{modeltest.Link("sw1", "up", "sw2", "up")}
	sw1 := edge("sw1").Trunk("up", "100").ACL("EDGE", "deny ip any any").PortACL("ge-1", "EDGE").Device()
	sw2 := edge("sw2").Trunk("up", "100").Device()
	only(t, neutralAudit(links, sw1, sw2), "pgm-blocked", "sw1")
	ref := model.Ref{File: "sw1/gnmi_acl.json", Line: 3, Text: `"code": "Unimplemented",`}
	sw1.Refused = []model.Refusal{{Request: "gnmi:/acl", Answer: "refused: Unimplemented: no ACL model", Topics: model.TopicACLs, Ref: ref}}
	f := only(t, neutralAudit(links, sw1, sw2), "data-refused", "sw1",
		"sw1 did not answer /acl (refused: Unimplemented: no ACL model), so whether an ACL on sw1 drops IP protocol 113 is not proven")
	if f.Evidence[0] != ref {
		t.Errorf("evidence %v, want the recorded refusal", f.Evidence)
	}
	// The same refusal beside a trunk that misses the VLAN: that verdict
	// does not rest on the ACLs, and stands.
	sw2 = edge("sw2").Trunk("up", "10").Device()
	got := neutralAudit(links, sw1, sw2)
	if len(got) != 2 || got[0].Rule != "data-refused" || got[1].Rule != "vlan-not-on-trunk" {
		t.Errorf("want data-refused on sw1 and vlan-not-on-trunk, got:\n%s", dump(got))
	}
}
