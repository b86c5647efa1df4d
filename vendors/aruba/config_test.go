package aruba

import (
	"bytes"
	"errors"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/internal/secrets"
	"github.com/mcaudit/mcaudit/model"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parse(t testing.TB, text string) *model.Device {
	t.Helper()
	d := model.NewDevice("cx1", AOSCX)
	if err := ParseConfig(d, "cx1.cfg", []byte(text)); err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	lines := strings.Split(text, "\n")
	for _, ifc := range d.Interfaces {
		for _, r := range []*model.Ref{&ifc.Ref, ifc.ModeRef, ifc.AccessRef, ifc.BundleRef, ifc.ShutdownRef, ifc.IGMPEnabled} {
			if r != nil && (r.Line < 1 || r.Line > len(lines) || lines[r.Line-1] != r.Text) {
				t.Errorf("%s: ref %d %q is not the file's line", ifc.Name, r.Line, r.Text)
			}
		}
	}
	return d
}

func TestParseAccess(t *testing.T) {
	d := parse(t, string(readFile(t, "access1.cfg")))
	if d.Hostname != "dc1-cx1" || len(d.Unparsed) != 0 {
		t.Errorf("hostname %q, unparsed %+v", d.Hostname, d.Unparsed)
	}
	// Snooping: off by default, on in VLAN 200 by its line.
	if d.Defaults.SnoopingOn || d.Snooping.VLANs[200].Enabled == nil || d.Snooping.VLANs[100].Enabled != nil {
		t.Errorf("snooping %+v / %+v", d.Defaults, d.Snooping.VLANs)
	}
	if v := d.VLANs[100]; v == nil || v.Name != "EFT-HA" {
		t.Errorf("VLAN 100 %+v", v)
	}
	// Ports: access ports with a port ACL and a rate limit, a trunk LAG
	// with its members, a shut port.
	p1 := d.Interface("1/1/1")
	if p1.Mode != model.ModeAccess || p1.AccessVLAN != 100 || p1.PortACLIn == nil || p1.PortACLIn.ACL != "EDGE-CX" || !p1.IsL2() {
		t.Errorf("1/1/1 %+v", p1)
	}
	if sc := d.Interface("1/1/2").StormMulticast; sc == nil || sc.Level != "200 pps" || sc.Percent != -1 {
		t.Errorf("1/1/2 rate limit %+v", sc)
	}
	lag := d.Interface("lag1")
	if lag == nil || lag.Mode != model.ModeTrunk || lag.Allowed.String() != "10,100,200" || len(d.Members(lag)) != 2 {
		t.Errorf("lag1 %+v", lag)
	}
	if !d.Interface("1/1/3").Shutdown || !d.Interface("mgmt").Routed {
		t.Error("1/1/3 up or mgmt switched")
	}
	// VLAN interfaces: 100 without IGMP (no querier), 200 with.
	if s := d.SVI(100); s == nil || s.IGMPEnabled != nil || s.IPv4[0] != netip.MustParsePrefix("10.10.100.41/24") {
		t.Errorf("vlan100 %+v", s)
	}
	if s := d.SVI(200); s == nil || s.IGMPEnabled == nil {
		t.Errorf("vlan200 %+v", s)
	}
	// The ACL: "any" for every protocol, "count" understood.
	es := d.ACLs["EDGE-CX"].Entries
	if len(es) != 3 || es[2].Seq != 40 || !es[2].Proto.Any || es[2].Action != model.Deny || es[2].Unparsed != "" {
		t.Errorf("EDGE-CX %+v", es)
	}
}

func TestParseVLANACLAndTrunkDefaults(t *testing.T) {
	d := parse(t, "hostname x\nvlan 100\n    apply access-list ip GUARD in\ninterface 1/1/9\n    no routing\n    vlan trunk native 20\n"+
		"interface 1/1/10\n    routing\n    ip address 10.1.1.1/30\n")
	if b := d.VLANs[100].ACLIn; b == nil || b.ACL != "GUARD" {
		t.Errorf("VLAN ACL %+v", b)
	}
	// A trunk without an allowed list carries its native VLAN only.
	if p := d.Interface("1/1/9"); p.Mode != model.ModeTrunk || p.Allowed.String() != "20" {
		t.Errorf("1/1/9 %+v", p)
	}
	if !d.Interface("1/1/10").Routed {
		t.Error("a routed port switches")
	}
}

func TestParseUnreadable(t *testing.T) {
	d := parse(t, "hostname x\ninterface 1/1/1\n    vlan access 5000\n    vlan trunk allowed 10-x\nvlan 100\n    apply access-list ip X\n")
	if len(d.Unparsed) != 3 {
		t.Fatalf("unparsed %+v", d.Unparsed)
	}
	on := []model.Setting{{Kind: model.OnInterface, Name: "1/1/1"}, {Kind: model.OnInterface, Name: "1/1/1"}, {Kind: model.OnVLAN, VLAN: 100}}
	for i, u := range d.Unparsed {
		if u.On != on[i] {
			t.Errorf("%d: %+v", i, u)
		}
	}
	for _, c := range []string{"", "\x00x"} {
		if err := ParseConfig(model.NewDevice("x", AOSCX), "x", []byte(c)); !errors.Is(err, ErrNotConfig) {
			t.Errorf("%q: %v", c, err)
		}
	}
}

func TestParseShow(t *testing.T) {
	d := model.NewDevice("cx1", AOSCX)
	if err := ParseShowVLAN(d, "vlan.txt", readFile(t, "show_vlan.txt")); err != nil {
		t.Fatal(err)
	}
	if v := d.Oper.VLANs[100]; v == nil || !v.Active() || !slices.Equal(v.Ports, []string{"1/1/1-1/1/2", "lag1"}) {
		t.Errorf("VLAN 100 %+v", v)
	}
	d.SnoopingUnknown = "x"
	if err := ParseShowSnooping(d, "snoop.txt", readFile(t, "show_ip_igmp_snooping.txt")); err != nil {
		t.Fatal(err)
	}
	if s := d.Oper.Snooping[100]; s == nil || s.Enabled.Enabled || s.Enabled.Ref.Text != "IGMP Snooping is not enabled" {
		t.Errorf("VLAN 100 %+v", s)
	}
	if s := d.Oper.Snooping[200]; s == nil || !s.Enabled.Enabled || s.Querier == nil || s.Querier.Address != netip.MustParseAddr("10.10.200.41") || s.Querier.Version != 3 || d.SnoopingUnknown != "" {
		t.Errorf("VLAN 200 %+v", s)
	}
	for _, bad := range []string{"Invalid input: snooping\n", "nothing here\n"} {
		if err := ParseShowSnooping(model.NewDevice("x", AOSCX), "x", []byte(bad)); err == nil {
			t.Errorf("%q parses", bad)
		}
	}
}

func TestScrub(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"user admin group administrators password ciphertext AQBapQ7", "user admin group administrators password ciphertext <scrubbed>"},
		{"tacacs-server host 10.0.0.5 key ciphertext AQBa", "tacacs-server host 10.0.0.5 key ciphertext <scrubbed>"},
		{"radius-server host 10.0.0.6 key plaintext s3cret", "radius-server host 10.0.0.6 key plaintext <scrubbed>"},
		{"ntp authentication-key 1 md5 ciphertext AQBb", "ntp authentication-key 1 md5 ciphertext <scrubbed>"},
		{"snmp-server community n0t-public", "snmp-server community <scrubbed>"},
		{"    vlan trunk allowed 10,100", "    vlan trunk allowed 10,100"},
	} {
		if got := string(Scrub([]byte(c.in + "\n"))); got != c.want+"\n" {
			t.Errorf("Scrub(%q) = %q", c.in, got)
		}
	}
	out := Scrub(readFile(t, "access1.cfg"))
	if bytes.Contains(out, []byte("AQBapQ7c3Z")) || bytes.Contains(out, []byte("n0t-public")) {
		t.Error("a secret survives")
	}
	if again, n := secrets.Scrub(out, scrubRules); !bytes.Equal(again, out) || n != 0 {
		t.Error("not idempotent")
	}
}

func TestCanonicalInterface(t *testing.T) {
	for in, want := range map[string]string{"1/1/1": "1/1/1", "lag 1": "lag1", "LAG1": "lag1", "lag 1 multi-chassis": "lag1", "vlan 100": "vlan100", "vlan100": "vlan100", "mgmt": "mgmt"} {
		if got := CanonicalInterface(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
