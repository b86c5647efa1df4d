package arista

import (
	"errors"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"

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
	d := model.NewDevice("leaf1", EOS)
	if err := ParseConfig(d, "leaf1.cfg", []byte(text)); err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	checkRefs(t, text, d)
	return d
}

// checkRefs: every line of evidence cites the line it says, as the file
// has it.
func checkRefs(t testing.TB, text string, d *model.Device) {
	t.Helper()
	lines := strings.Split(text, "\n")
	check := func(what string, r *model.Ref) {
		if r == nil {
			return
		}
		if r.Line < 1 || r.Line > len(lines) || lines[r.Line-1] != r.Text {
			t.Errorf("%s: ref %d %q is not the file's line", what, r.Line, r.Text)
		}
	}
	check("hostname", d.HostnameRef)
	for _, v := range d.VLANs {
		check("vlan", &v.Ref)
		check("vlan name", v.NameRef)
	}
	for _, ifc := range d.Interfaces {
		check(ifc.Name, &ifc.Ref)
		for _, r := range []*model.Ref{ifc.ModeRef, ifc.AccessRef, ifc.BundleRef, ifc.ShutdownRef, ifc.IPv4Ref} {
			check(ifc.Name, r)
		}
	}
	for _, a := range d.ACLs {
		for _, e := range a.Entries {
			check(a.Name, &e.Ref)
		}
	}
}

func TestParseLeaf(t *testing.T) {
	text := string(readFile(t, "leaf1.cfg"))
	d := parse(t, text)
	if d.Hostname != "dc1-leaf1" || len(d.Unparsed) != 0 {
		t.Errorf("hostname %q, unparsed %+v", d.Hostname, d.Unparsed)
	}
	// Snooping: on by default, off in VLAN 30, a querier with an address
	// in VLAN 100; the banner's text is not read.
	if !d.Defaults.SnoopingOn || d.Snooping.Disabled != nil {
		t.Errorf("snooping defaults %+v, disabled %v", d.Defaults, d.Snooping.Disabled)
	}
	if s := d.Snooping.VLANs[30]; s == nil || s.Disabled == nil || s.Disabled.Text != "no ip igmp snooping vlan 30" {
		t.Errorf("VLAN 30 snooping %+v", s)
	}
	q := d.Snooping.VLANs[100].Querier
	if q.Enabled == nil || q.Address != netip.MustParseAddr("10.10.100.4") {
		t.Errorf("VLAN 100 querier %+v", q)
	}
	// VLANs, a suspended one, a trunk group.
	if v := d.VLANs[100]; v == nil || v.Name != "EFT-HA" || v.Suspended != nil {
		t.Errorf("VLAN 100 %+v", v)
	}
	if d.VLANs[30].Suspended == nil || !slices.Equal(d.VLANs[4094].TrunkGroups, []string{"MLAG"}) {
		t.Errorf("VLAN 30 %+v, 4094 %+v", d.VLANs[30], d.VLANs[4094])
	}
	// Interfaces: an access port by EOS's default mode, a bundle with its
	// members, a routed management port, an SVI with a router ACL.
	e1 := d.Interface("Ethernet1")
	if e1.Mode != model.ModeAccess || e1.ModeRef != nil || e1.AccessVLAN != 100 || e1.StormMulticast == nil || e1.StormMulticast.Percent != 5 {
		t.Errorf("Ethernet1 %+v", e1)
	}
	po := d.Interface("Port-Channel10")
	if po.Mode != model.ModeTrunk || po.Allowed.String() != "10,30" || len(d.Members(po)) != 2 {
		t.Errorf("Port-Channel10 %+v, members %d", po, len(d.Members(po)))
	}
	if b := d.BundleOf(d.Interface("Ethernet49/1")); b != po {
		t.Errorf("Ethernet49/1 bundle %v", b)
	}
	if pl := d.Interface("Port-Channel2000"); !slices.Equal(pl.TrunkGroups, []string{"MLAG"}) || !pl.Allowed.Has(100) {
		t.Errorf("peer link %+v", pl)
	}
	if !d.Interface("Ethernet2").Shutdown || !d.Interface("Management1").Routed {
		t.Error("Ethernet2 up or Management1 switched")
	}
	svi := d.SVI(100)
	if svi == nil || svi.IPv4[0] != netip.MustParsePrefix("10.10.100.3/24") || svi.RouterACLIn == nil || svi.RouterACLIn.ACL != "SVI-IN" || svi.PortACLIn != nil {
		t.Errorf("SVI %+v", svi)
	}
	// ACLs, in sequence order; 113 has no keyword.
	acl := d.ACLs["HOST-IN"]
	var seqs []int
	for _, e := range acl.Entries {
		seqs = append(seqs, e.Seq)
	}
	if !slices.Equal(seqs, []int{20, 30, 40}) || !acl.Entries[2].Proto.Any || acl.Entries[2].Action != model.Deny {
		t.Errorf("HOST-IN %v %+v", seqs, acl.Entries[2])
	}
	if s := d.ACLs["MGMT-ONLY"]; s == nil || !s.Standard || s.Entries[0].Src.Prefix != netip.MustParsePrefix("10.10.10.0/24") {
		t.Errorf("MGMT-ONLY %+v", s)
	}
}

// A line the parser cannot read is recorded with what it configures; the
// parse goes on.
func TestParseUnreadable(t *testing.T) {
	for _, c := range []struct {
		name, line string
		on         model.Setting
		why        string
	}{
		{"access VLAN", "interface Ethernet1\n   switchport access vlan 5000", model.Setting{Kind: model.OnInterface, Name: "Ethernet1"}, `access VLAN "5000" is not a VLAN ID 1-4094`},
		{"allowed list", "interface Ethernet1\n   switchport trunk allowed vlan add 10-x", model.Setting{Kind: model.OnInterface, Name: "Ethernet1"}, `allowed VLAN list: "x" is not a VLAN ID (1-4094)`},
		{"querier address", "ip igmp snooping vlan 100 querier address 10.1.1", model.Setting{Kind: model.OnSnooping}, `querier address "10.1.1" is not an IPv4 address`},
		{"snooping VLAN", "no ip igmp snooping vlan 0", model.Setting{Kind: model.OnSnooping}, `"0" is not a VLAN ID 1-4094`},
		{"storm control", "interface Ethernet1\n   storm-control multicast level 150", model.Setting{Kind: model.OnInterface, Name: "Ethernet1"}, `storm-control level "150" is not a percentage`},
		{"address", "interface Vlan100\n   ip address 10.10.100.3 255.255.255.0", model.Setting{Kind: model.OnInterface, Name: "Vlan100"}, `want "ip address A.B.C.D/LEN"`},
		{"SVI", "interface Vlan5000", model.Setting{Kind: model.OnInterface, Name: "Vlan5000"}, `SVI "Vlan5000" does not name a VLAN 1-4094`},
		{"VLAN list", "vlan 10-x", model.Setting{Kind: model.OnVLAN}, `"x" is not a VLAN ID (1-4094)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := parse(t, "hostname sw\n"+c.line+"\nend\n")
			if len(d.Unparsed) != 1 || d.Unparsed[0].On != c.on || d.Unparsed[0].Why != c.why || d.Unparsed[0].Ref.Line != strings.Count(c.line, "\n")+2 {
				t.Errorf("unparsed %+v", d.Unparsed)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "\n \n", "file is empty"},
		{"binary", "hostname x\x00\nend\n", "binary data"},
		{"no command", "! only comments\n", "no EOS configuration command"},
		{"truncated", "hostname sw\ninterface Ethernet1\n", `truncated: an EOS running-config ends with "end"`},
		{"banner never closed", "hostname sw\nbanner login\nhello\nend\n", `line 2: banner never closed`},
	} {
		err := ParseConfig(model.NewDevice("sw", EOS), "sw.cfg", []byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrNotConfig) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestParseShowVLAN(t *testing.T) {
	d := model.NewDevice("leaf1", EOS)
	if err := ParseShowVLAN(d, "show_vlan.txt", readFile(t, "show_vlan.txt")); err != nil {
		t.Fatal(err)
	}
	v := d.Oper.VLANs[100]
	if v == nil || v.Name != "EFT-HA" || !v.Active() || !slices.Equal(v.Ports, []string{"Cpu", "Ethernet1", "Port-Channel2000"}) {
		t.Errorf("VLAN 100 %+v", v)
	}
	if d.Oper.VLANs[30].Active() || d.Oper.VLANs[30].Status != "suspended" || d.Oper.VLANsRef.Line != 1 {
		t.Errorf("VLAN 30 %+v, header %+v", d.Oper.VLANs[30], d.Oper.VLANsRef)
	}
	if err := ParseShowVLAN(d, "x", []byte("% Invalid input\n")); err == nil {
		t.Error("a refused command parses")
	}
}

func TestParseSnoopingJSON(t *testing.T) {
	d := model.NewDevice("leaf1", EOS)
	d.SnoopingUnknown = "from gNMI (OpenConfig has no snooping model)"
	if err := ParseSnoopingJSON(d, "snoop.json", readFile(t, "show_ip_igmp_snooping.json")); err != nil {
		t.Fatal(err)
	}
	if g := d.Oper.SnoopingGlobal; g == nil || !g.Enabled || g.Ref.Line != 3 || d.SnoopingUnknown != "" {
		t.Errorf("global %+v, unknown %q", g, d.SnoopingUnknown)
	}
	if s := d.Oper.Snooping[30]; s == nil || s.Enabled.Enabled || !strings.Contains(s.Enabled.Ref.Text, `"30"`) {
		t.Errorf("VLAN 30 %+v", s.Enabled)
	}
	if s := d.Oper.Snooping[100]; s == nil || !s.Enabled.Enabled {
		t.Errorf("VLAN 100 %+v", s)
	}
	for _, bad := range []string{`{}`, `{"igmpSnoopingState": "maybe"}`, `{"igmpSnoopingState": "enabled", "vlans": {"x": {}}}`, `not json`} {
		if err := ParseSnoopingJSON(model.NewDevice("x", EOS), "x.json", []byte(bad)); err == nil {
			t.Errorf("%s parses", bad)
		}
	}
}

func TestCanonicalInterface(t *testing.T) {
	for in, want := range map[string]string{
		"Et1": "Ethernet1", "eth49/1": "Ethernet49/1", "Ethernet 1": "Ethernet1", "Po10": "Port-Channel10",
		"port-channel10": "Port-Channel10", "Vl100": "Vlan100", "Ma1": "Management1", "Ethernet1": "Ethernet1",
	} {
		if got := CanonicalInterface(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
