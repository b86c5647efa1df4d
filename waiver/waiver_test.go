package waiver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/rules"
)

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "w.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"waivers:\n  - {rule: pgm-blocked, device: a, reason: r, owner: me}\n", `line 2: unknown key "owner" in a waiver`},
		{"waivers:\n  - {rule: nope, device: a, reason: r}\n", `line 2: rule "nope" is not one of mcaudit's`},
		{"waivers:\n  - {rule: pgm-blocked, reason: r}\n", "line 2: a waiver names the device"},
		{"waivers:\n  - {rule: pgm-blocked, device: a, reason: '  '}\n", "line 2: a waiver says why (reason:)"},
		{"waivers:\n  - {rule: pgm-blocked, device: a, reason: r, expires: 31/03/2027}\n", `line 2: expires "31/03/2027" is not a date (YYYY-MM-DD)`},
		{"waiver:\n  - {rule: pgm-blocked}\n", `line 1: unknown key "waiver"`},
		{"- a\n", "line 1: a waivers file is a mapping"},
	} {
		_, err := Load(write(t, c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.text, err, c.want)
		}
	}
}

func TestApply(t *testing.T) {
	p := write(t, `waivers:
  - {rule: pgm-blocked, device: acc1, interface: gigabitethernet1/0/10, reason: one port}
  - {rule: pgm-blocked, device: acc1, acl: OTHER, reason: another ACL}
  - {rule: vlan-not-dedicated, device: acc1, cluster: eft-ha, reason: moving, expires: 2027-03-31}
  - {rule: storm-control-multicast, device: acc1, reason: gone, expires: 2027-03-30}
`)
	ws, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	fs := []rules.Finding{
		{Rule: "pgm-blocked", Device: "acc1", Cluster: "eft-ha", Subject: &rules.Subject{Interface: "GigabitEthernet1/0/10", ACL: "EDGE-IN"}},
		{Rule: "pgm-blocked", Device: "acc1", Cluster: "eft-ha", Subject: &rules.Subject{Interface: "GigabitEthernet1/0/11", ACL: "EDGE-IN"}},
		{Rule: "vlan-not-dedicated", Device: "acc1", Cluster: "eft-ha"},
		{Rule: "storm-control-multicast", Device: "acc1", Cluster: "eft-ha"},
	}
	// On the expiry date a waiver still holds; the day after, it does not.
	r := Apply(fs, ws, p, time.Date(2027, 3, 31, 23, 0, 0, 0, time.UTC))
	if r.Waived[0] == nil || r.Waived[0].Reason != "one port" || r.Waived[1] != nil || r.Waived[2] == nil || r.Waived[3] != nil {
		t.Errorf("waived: %+v", r.Waived)
	}
	if len(r.Expired) != 1 || r.Expired[0].Rule != "storm-control-multicast" {
		t.Errorf("expired: %+v", r.Expired)
	}
	if len(r.Unused) != 1 || r.Unused[0].ACL != "OTHER" {
		t.Errorf("unused: %+v", r.Unused)
	}
	own := r.Findings()
	if len(own) != 2 || own[0].Rule != "waiver-expired" || own[0].Severity != rules.Warning || own[0].Evidence[0].Line != 5 ||
		own[1].Rule != "waiver-unused" || own[1].Severity != rules.Info || own[1].Evidence[0].Line != 3 {
		t.Errorf("the waivers' own findings: %+v", own)
	}
}
