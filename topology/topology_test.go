package topology

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/model/modeltest"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

func parse(t *testing.T, name, platform, text string) *model.Device {
	t.Helper()
	d := model.NewDevice(name, platform)
	if err := cisco.ParseConfig(d, name+".cfg", []byte(text)); err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return d
}

// lineRef finds a line by text: the first line equal to path[0], then the
// first after it equal to path[1], and so on. It returns "LINE:TEXT".
func lineRef(t *testing.T, text string, path ...string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	i := 0
	for _, want := range path {
		for ; i < len(lines) && lines[i] != want; i++ {
		}
		if i == len(lines) {
			t.Fatalf("line %q (path %q) not in config", want, path)
		}
		i++
	}
	return fmt.Sprintf("%d:%s", i, lines[i-1])
}

func refStrings(refs []model.Ref) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, fmt.Sprintf("%d:%s", r.Line, r.Text))
	}
	return out
}

const sw1Config = `hostname sw1
vtp mode transparent
vlan 10,20,100
interface Port-channel1
 switchport trunk allowed vlan 10,100
 switchport mode trunk
interface Port-channel2
 switchport trunk allowed vlan 10,20
 switchport mode trunk
interface TenGigabitEthernet1/1/1
 switchport trunk allowed vlan 10,20
 switchport mode trunk
 channel-group 1 mode active
interface TenGigabitEthernet1/1/2
 switchport trunk allowed vlan 10,100
 switchport mode trunk
 channel-group 2 mode active
interface TenGigabitEthernet1/1/3
 switchport trunk allowed vlan 10,100
 switchport mode trunk
 shutdown
 channel-group 1 mode active
interface TenGigabitEthernet1/1/4
 switchport mode trunk
interface TenGigabitEthernet1/1/5
 switchport trunk allowed vlan 1-99
 switchport trunk allowed vlan add 100-200
 switchport trunk allowed vlan remove 150
 switchport mode trunk
interface TenGigabitEthernet1/1/6
 switchport trunk allowed vlan 10,20,100
 switchport trunk allowed vlan remove 100
 switchport mode trunk
interface TenGigabitEthernet1/1/7
 switchport trunk allowed vlan none
 switchport mode trunk
interface TenGigabitEthernet1/1/8
 switchport trunk allowed vlan 100
 switchport mode dynamic desirable
interface GigabitEthernet1/0/1
 switchport access vlan 100
 switchport mode access
interface GigabitEthernet1/0/2
 switchport access vlan 20
 switchport mode access
interface GigabitEthernet1/0/3
 switchport mode access
interface GigabitEthernet1/0/4
 switchport access vlan 100
 switchport mode access
 shutdown
interface GigabitEthernet1/0/5
 no switchport
 ip address 192.0.2.1 255.255.255.252
end
`

func TestCarries(t *testing.T) {
	sw1 := parse(t, "sw1", cisco.IOSXE, sw1Config)
	g := New(map[string]*model.Device{"sw1": sw1, "down": nil}, nil)
	r := func(path ...string) string { return lineRef(t, sw1Config, path...) }
	cases := []struct {
		ifc     string
		dev     string // default sw1
		carried bool
		unknown bool
		iface   string // the deciding interface, "" for none
		reason  string
		refs    []string
	}{{
		ifc: "Port-channel1", carried: true, iface: "Port-channel1",
		refs: []string{r("interface Port-channel1"), r("interface Port-channel1", " switchport trunk allowed vlan 10,100")},
	}, {
		ifc: "Port-channel2", iface: "Port-channel2", reason: "the trunk's allowed VLANs are 10,20",
		refs: []string{r("interface Port-channel2"), r("interface Port-channel2", " switchport trunk allowed vlan 10,20")},
	}, {
		// A member's own allowed list does not count: the port-channel's does.
		ifc: "TenGigabitEthernet1/1/1", carried: true, iface: "Port-channel1",
		refs: []string{r("interface Port-channel1"), r("interface Port-channel1", " switchport trunk allowed vlan 10,100")},
	}, {
		ifc: "TenGigabitEthernet1/1/2", iface: "Port-channel2", reason: "the trunk's allowed VLANs are 10,20",
		refs: []string{r("interface Port-channel2"), r("interface Port-channel2", " switchport trunk allowed vlan 10,20")},
	}, {
		ifc: "TenGigabitEthernet1/1/3", iface: "Port-channel1", reason: "TenGigabitEthernet1/1/3 is shut down",
		refs: []string{r("interface TenGigabitEthernet1/1/3"), r("interface TenGigabitEthernet1/1/3", " shutdown")},
	}, {
		ifc: "TenGigabitEthernet1/1/4", carried: true, iface: "TenGigabitEthernet1/1/4",
		refs: []string{r("interface TenGigabitEthernet1/1/4")},
	}, {
		ifc: "TenGigabitEthernet1/1/5", carried: true, iface: "TenGigabitEthernet1/1/5",
		refs: []string{r("interface TenGigabitEthernet1/1/5"),
			r("interface TenGigabitEthernet1/1/5", " switchport trunk allowed vlan 1-99"),
			r("interface TenGigabitEthernet1/1/5", " switchport trunk allowed vlan add 100-200"),
			r("interface TenGigabitEthernet1/1/5", " switchport trunk allowed vlan remove 150")},
	}, {
		ifc: "TenGigabitEthernet1/1/6", iface: "TenGigabitEthernet1/1/6", reason: "the trunk's allowed VLANs are 10,20",
		refs: []string{r("interface TenGigabitEthernet1/1/6"),
			r("interface TenGigabitEthernet1/1/6", " switchport trunk allowed vlan 10,20,100"),
			r("interface TenGigabitEthernet1/1/6", " switchport trunk allowed vlan remove 100")},
	}, {
		ifc: "TenGigabitEthernet1/1/7", iface: "TenGigabitEthernet1/1/7", reason: "the trunk's allowed VLANs are none",
		refs: []string{r("interface TenGigabitEthernet1/1/7"), r("interface TenGigabitEthernet1/1/7", " switchport trunk allowed vlan none")},
	}, {
		// DTP desirable with trunk settings is meant to trunk.
		ifc: "TenGigabitEthernet1/1/8", carried: true, iface: "TenGigabitEthernet1/1/8",
		refs: []string{r("interface TenGigabitEthernet1/1/8"), r("interface TenGigabitEthernet1/1/8", " switchport trunk allowed vlan 100")},
	}, {
		ifc: "GigabitEthernet1/0/1", carried: true, iface: "GigabitEthernet1/0/1",
		refs: []string{r("interface GigabitEthernet1/0/1"), r("interface GigabitEthernet1/0/1", " switchport access vlan 100")},
	}, {
		ifc: "GigabitEthernet1/0/2", iface: "GigabitEthernet1/0/2", reason: "GigabitEthernet1/0/2 is an access port in VLAN 20, not a trunk",
		refs: []string{r("interface GigabitEthernet1/0/2"), r("interface GigabitEthernet1/0/2", " switchport access vlan 20")},
	}, {
		ifc: "GigabitEthernet1/0/3", iface: "GigabitEthernet1/0/3", reason: "GigabitEthernet1/0/3 is an access port in VLAN 1, not a trunk",
		refs: []string{r("interface GigabitEthernet1/0/3")},
	}, {
		ifc: "GigabitEthernet1/0/4", iface: "GigabitEthernet1/0/4", reason: "GigabitEthernet1/0/4 is shut down",
		refs: []string{r("interface GigabitEthernet1/0/4"), r("interface GigabitEthernet1/0/4", " shutdown")},
	}, {
		ifc: "GigabitEthernet1/0/5", iface: "GigabitEthernet1/0/5", reason: "GigabitEthernet1/0/5 is a routed port, not a switchport",
		refs: []string{r("interface GigabitEthernet1/0/5"), r("interface GigabitEthernet1/0/5", " no switchport")},
	}, {
		ifc: "GigabitEthernet1/0/99", reason: "sw1 has no interface GigabitEthernet1/0/99", refs: []string{},
	}, {
		dev: "down", ifc: "Ethernet1/1", unknown: true, reason: "the device could not be audited", refs: []string{},
	}}
	for _, c := range cases {
		dev := c.dev
		if dev == "" {
			dev = "sw1"
		}
		t.Run(dev+":"+c.ifc, func(t *testing.T) {
			got := g.Carries(model.Endpoint{Device: dev, Interface: c.ifc}, 100)
			if got.Carried != c.carried || got.Unknown != c.unknown {
				t.Errorf("Carried=%v Unknown=%v, want %v %v (reason %q)", got.Carried, got.Unknown, c.carried, c.unknown, got.Reason)
			}
			name := ""
			if got.Iface != nil {
				name = got.Iface.Name
			}
			if name != c.iface {
				t.Errorf("deciding interface %q, want %q", name, c.iface)
			}
			if got.Reason != c.reason {
				t.Errorf("reason %q, want %q", got.Reason, c.reason)
			}
			if g := refStrings(got.Refs); !slices.Equal(g, c.refs) {
				t.Errorf("refs\n got %q\nwant %q", g, c.refs)
			}
		})
	}
}

// TestCarriesOperTrunks checks that "show interfaces trunk" beats the
// configuration where it was recorded.
func TestCarriesOperTrunks(t *testing.T) {
	sw1 := parse(t, "sw1", cisco.IOSXE, sw1Config)
	const trunks = `
Port        Mode             Encapsulation  Status        Native vlan
Po1         on               802.1q         trunking      1
Po2         on               802.1q         trunking      1
Te1/1/5     on               802.1q         trunking      1

Port        Vlans allowed on trunk
Po1         10
Po2         10,20,100
Te1/1/5     1-149,151-200

Port        Vlans allowed and active in management domain
Po1         10
`
	if err := cisco.ParseShowInterfacesTrunk(sw1, "sw1/show_interfaces_trunk.txt", []byte(trunks)); err != nil {
		t.Fatal(err)
	}
	g := New(map[string]*model.Device{"sw1": sw1}, nil)
	r := func(path ...string) string { return lineRef(t, sw1Config, path...) }
	o := func(path ...string) string {
		s := lineRef(t, trunks, path...)
		return s
	}
	cases := []struct {
		ifc     string
		carried bool
		reason  string
		refs    []string
	}{{
		// The config allows 100 on Po1; the switch does not.
		ifc: "Port-channel1", reason: "the trunk's allowed VLANs are 10",
		refs: []string{o("Port        Vlans allowed on trunk", "Po1         10"), r("interface Port-channel1", " switchport trunk allowed vlan 10,100")},
	}, {
		// The config has 10,20 on Po2; the switch trunks 100 (changed since the config was saved).
		ifc: "Port-channel2", carried: true,
		refs: []string{o("Port        Vlans allowed on trunk", "Po2         10,20,100")},
	}, {
		// A member is looked up through its port-channel.
		ifc: "TenGigabitEthernet1/1/2", carried: true,
		refs: []string{o("Port        Vlans allowed on trunk", "Po2         10,20,100")},
	}, {
		ifc: "TenGigabitEthernet1/1/5", carried: true,
		refs: []string{o("Port        Vlans allowed on trunk", "Te1/1/5     1-149,151-200")},
	}, {
		// Configured as a trunk, absent from the table: not trunking.
		ifc: "TenGigabitEthernet1/1/4", reason: "TenGigabitEthernet1/1/4 is configured as a trunk but is not trunking (absent from the trunk show output)",
		refs: []string{r("interface TenGigabitEthernet1/1/4"), o("Port        Vlans allowed on trunk")},
	}, {
		// An access port is not in the trunk table and is judged by its config.
		ifc: "GigabitEthernet1/0/1", carried: true,
		refs: []string{r("interface GigabitEthernet1/0/1"), r("interface GigabitEthernet1/0/1", " switchport access vlan 100")},
	}}
	for _, c := range cases {
		t.Run(c.ifc, func(t *testing.T) {
			got := g.Carries(model.Endpoint{Device: "sw1", Interface: c.ifc}, 100)
			if got.Carried != c.carried || got.Reason != c.reason {
				t.Errorf("Carried=%v reason %q, want %v %q", got.Carried, got.Reason, c.carried, c.reason)
			}
			for i := range got.Refs {
				got.Refs[i].File = "" // two files; the text and line say which
			}
			if g := refStrings(got.Refs); !slices.Equal(g, c.refs) {
				t.Errorf("refs\n got %q\nwant %q", g, c.refs)
			}
		})
	}
}

// TestCarriesNXOS checks NX-OS defaults: a port with switchport lines is
// switched, an SVI-less leaf trunk carries its allowed list.
func TestCarriesNXOS(t *testing.T) {
	const cfg = `hostname leaf1
vlan 1,100
interface Ethernet1/10
  switchport access vlan 100
  no shutdown
interface Ethernet1/11
  no shutdown
interface Ethernet1/49
  switchport mode trunk
  switchport trunk allowed vlan 10,20,100
  no shutdown
`
	leaf := parse(t, "leaf1", cisco.NXOS, cfg)
	g := New(map[string]*model.Device{"leaf1": leaf}, nil)
	for _, c := range []struct {
		ifc     string
		carried bool
		reason  string
	}{
		{"Ethernet1/10", true, ""},
		{"Ethernet1/49", true, ""},
		// Without "system default switchport" a bare NX-OS port is routed.
		{"Ethernet1/11", false, "Ethernet1/11 is a routed port, not a switchport"},
	} {
		got := g.Carries(model.Endpoint{Device: "leaf1", Interface: c.ifc}, 100)
		if got.Carried != c.carried || got.Reason != c.reason {
			t.Errorf("%s: Carried=%v reason %q, want %v %q", c.ifc, got.Carried, got.Reason, c.carried, c.reason)
		}
	}
}

// TestCarriesDefaultShut: under "system default switchport shutdown" a
// switchport without "no shutdown" is down, and the reason says it is the
// default, there being no line to cite.
func TestCarriesDefaultShut(t *testing.T) {
	const cfg = `hostname leaf1
system default switchport
system default switchport shutdown
vlan 1,100
interface Ethernet1/49
  switchport mode trunk
interface Ethernet1/50
  switchport mode trunk
  no shutdown
interface Ethernet1/51
  switchport mode trunk
  shutdown
`
	leaf := parse(t, "leaf1", cisco.NXOS, cfg)
	g := New(map[string]*model.Device{"leaf1": leaf}, nil)
	for _, c := range []struct {
		ifc     string
		carried bool
		reason  string
		refs    []string
	}{
		{"Ethernet1/49", false, "Ethernet1/49 is shut down (no \"no shutdown\" line, and the platform's default is down)",
			[]string{lineRef(t, cfg, "interface Ethernet1/49")}},
		{"Ethernet1/50", true, "", []string{lineRef(t, cfg, "interface Ethernet1/50")}},
		{"Ethernet1/51", false, "Ethernet1/51 is shut down",
			[]string{lineRef(t, cfg, "interface Ethernet1/51"), lineRef(t, cfg, "interface Ethernet1/51", "  shutdown")}},
	} {
		got := g.Carries(model.Endpoint{Device: "leaf1", Interface: c.ifc}, 100)
		if got.Carried != c.carried || got.Reason != c.reason {
			t.Errorf("%s: Carried=%v reason %q, want %v %q", c.ifc, got.Carried, got.Reason, c.carried, c.reason)
		}
		if g := refStrings(got.Refs); !slices.Equal(g, c.refs) {
			t.Errorf("%s: refs %q, want %q", c.ifc, g, c.refs)
		}
	}
}

// trunkSwitch is a switch with VLAN 100 (unless absent) and the given
// trunk ports, each allowing the listed VLANs.
func trunkSwitch(t *testing.T, name string, vlan100 bool, ports map[string]string) *model.Device {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "hostname %s\nvtp mode transparent\nvlan 10\n", name)
	if vlan100 {
		b.WriteString("vlan 100\n")
	}
	names := make([]string, 0, len(ports))
	for p := range ports {
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		fmt.Fprintf(&b, "interface %s\n switchport trunk allowed vlan %s\n switchport mode trunk\n", p, ports[p])
	}
	b.WriteString("end\n")
	return parse(t, name, cisco.IOSXE, b.String())
}

func link(a, ai, b, bi string) model.Link {
	return model.Link{A: model.Endpoint{Device: a, Interface: ai}, B: model.Endpoint{Device: b, Interface: bi}}
}

func TestDomain(t *testing.T) {
	// a —(100)— b —(10 only)— c —(100)— d ;  b —(100)— e, where e lacks VLAN 100;
	// e —(100)— f ; a —(100)— down (could not be read).
	devs := map[string]*model.Device{
		"a":    trunkSwitch(t, "a", true, map[string]string{"Te1/0/1": "10,100", "Te1/0/9": "100"}),
		"b":    trunkSwitch(t, "b", true, map[string]string{"Te1/0/1": "10,100", "Te1/0/2": "10", "Te1/0/3": "100"}),
		"c":    trunkSwitch(t, "c", true, map[string]string{"Te1/0/1": "10,100", "Te1/0/2": "100"}),
		"d":    trunkSwitch(t, "d", true, map[string]string{"Te1/0/1": "100"}),
		"e":    trunkSwitch(t, "e", false, map[string]string{"Te1/0/1": "100", "Te1/0/2": "100"}),
		"f":    trunkSwitch(t, "f", true, map[string]string{"Te1/0/1": "100"}),
		"down": nil,
	}
	g := New(devs, []model.Link{
		link("a", "TenGigabitEthernet1/0/1", "b", "TenGigabitEthernet1/0/1"),
		link("b", "TenGigabitEthernet1/0/2", "c", "TenGigabitEthernet1/0/1"),
		link("c", "TenGigabitEthernet1/0/2", "d", "TenGigabitEthernet1/0/1"),
		link("b", "TenGigabitEthernet1/0/3", "e", "TenGigabitEthernet1/0/1"),
		link("e", "TenGigabitEthernet1/0/2", "f", "TenGigabitEthernet1/0/1"),
		link("a", "TenGigabitEthernet1/0/9", "down", "Ethernet1/1"),
	})
	for _, c := range []struct {
		start string
		vlan  int
		want  []string
	}{
		{"a", 100, []string{"a", "b"}},
		{"b", 100, []string{"a", "b"}},
		{"c", 100, []string{"c", "d"}},
		{"d", 100, []string{"c", "d"}},
		// A switch without the VLAN does not forward it, even between trunks that allow it.
		{"f", 100, []string{"f"}},
		{"e", 100, []string{"e"}},
		{"down", 100, []string{"down"}},
		// VLAN 10 crosses b—c but not c—d or b—e (those trunks allow only 100).
		{"a", 10, []string{"a", "b", "c"}},
	} {
		if got := g.Domain(c.start, c.vlan); !slices.Equal(got, c.want) {
			t.Errorf("Domain(%s, %d) = %q, want %q", c.start, c.vlan, got, c.want)
		}
	}
}

// TestDomainVTPServer: a VTP server without show output may have the VLAN,
// so it joins the domain; with show vlan brief lacking the VLAN it does not.
func TestDomainVTPServer(t *testing.T) {
	const srv = `hostname srv
interface GigabitEthernet1/0/49
 switchport mode trunk
end
`
	mk := func(vlanBrief string) *Graph {
		s := parse(t, "srv", cisco.IOS, srv)
		if vlanBrief != "" {
			if err := cisco.ParseShowVLANBrief(s, "srv/show_vlan_brief.txt", []byte(vlanBrief)); err != nil {
				t.Fatal(err)
			}
		}
		a := trunkSwitch(t, "a", true, map[string]string{"Te1/0/1": "100"})
		return New(map[string]*model.Device{"a": a, "srv": s},
			[]model.Link{link("a", "TenGigabitEthernet1/0/1", "srv", "GigabitEthernet1/0/49")})
	}
	if got := mk("").Domain("a", 100); !slices.Equal(got, []string{"a", "srv"}) {
		t.Errorf("without show output: Domain = %q, want [a srv]", got)
	}
	const brief = `
VLAN Name                             Status    Ports
---- -------------------------------- --------- -------------------------------
1    default                          active    Gi1/0/1
10   MGMT                             active
`
	if got := mk(brief).Domain("a", 100); !slices.Equal(got, []string{"a"}) {
		t.Errorf("show vlan brief without VLAN 100: Domain = %q, want [a]", got)
	}
}

func TestPath(t *testing.T) {
	// Two equal-cost paths a—b—d and a—c—d, and a long one a—x—y—d.
	links := []model.Link{
		link("a", "p1", "b", "p1"), // 0
		link("a", "p2", "c", "p1"), // 1
		link("c", "p2", "d", "p2"), // 2
		link("b", "p2", "d", "p1"), // 3
		link("a", "p3", "x", "p1"), // 4
		link("x", "p2", "y", "p1"), // 5
		link("y", "p2", "d", "p3"), // 6
		link("e", "p1", "f", "p1"), // 7: an island
	}
	g := New(map[string]*model.Device{}, links)
	for _, c := range []struct {
		a, b string
		want []int
		ok   bool
	}{
		// Ties go to the link listed first: a—b (0) before a—c (1).
		{"a", "d", []int{0, 3}, true},
		// From d, d—c (2) is listed before d—b (3).
		{"d", "a", []int{2, 1}, true},
		{"a", "y", []int{4, 5}, true},
		{"a", "b", []int{0}, true},
		{"a", "a", nil, true},
		{"a", "e", nil, false},
		{"a", "nowhere", nil, false},
	} {
		for range 3 { // the answer must not vary between calls
			got, ok := g.Path(c.a, c.b)
			if ok != c.ok || !slices.Equal(got, c.want) {
				t.Fatalf("Path(%s, %s) = %v, %v; want %v, %v", c.a, c.b, got, ok, c.want, c.ok)
			}
		}
	}
	// The same topology with a—c listed first takes a—c—d.
	swapped := slices.Clone(links)
	swapped[0], swapped[1] = swapped[1], swapped[0]
	if got, _ := New(nil, swapped).Path("a", "d"); !slices.Equal(got, []int{0, 2}) {
		t.Errorf("with a—c listed first: Path(a, d) = %v, want [0 2]", got)
	}
	// A direct link beats any longer path, wherever it is listed.
	direct := append(slices.Clone(links), link("d", "p9", "a", "p9"))
	if got, _ := New(nil, direct).Path("a", "d"); !slices.Equal(got, []int{8}) {
		t.Errorf("with a direct link: Path(a, d) = %v, want [8]", got)
	}
}

func TestEnds(t *testing.T) {
	g := New(nil, []model.Link{link("a", "p1", "b", "p2")})
	near, far := g.Ends(0, "b")
	if near != (model.Endpoint{Device: "b", Interface: "p2"}) || far != (model.Endpoint{Device: "a", Interface: "p1"}) {
		t.Errorf("Ends(0, b) = %v, %v", near, far)
	}
	if s := String(far); s != "a:p1" {
		t.Errorf("String = %q, want a:p1", s)
	}
}

// On the neutral model, whatever a vendor calls its aggregates: a member
// carries what its aggregate carries, and the domain follows.
func TestNeutralBundles(t *testing.T) {
	for _, bundle := range []string{"ae1", "lag1", "Port-Channel1"} {
		sw1 := modeltest.New("sw1").VLAN(100, "EFT").Trunk(bundle, "100").Member("xe-1", bundle).Member("xe-2", bundle).Device()
		sw2 := modeltest.New("sw2").VLAN(100, "EFT").Trunk(bundle, "200").Member("xe-1", bundle).Device()
		sw3 := modeltest.New("sw3").VLAN(100, "EFT").Trunk("up", "all").Device()
		g := New(map[string]*model.Device{"sw1": sw1, "sw2": sw2, "sw3": sw3}, []model.Link{
			modeltest.Link("sw1", "xe-1", "sw3", "up"), modeltest.Link("sw2", "xe-1", "sw3", "up")})
		if c := g.Carries(model.Endpoint{Device: "sw1", Interface: "xe-1"}, 100); !c.Carried || c.Iface.Name != bundle {
			t.Errorf("%s: sw1 xe-1 carries VLAN 100: %+v", bundle, c)
		}
		if c := g.Carries(model.Endpoint{Device: "sw2", Interface: "xe-1"}, 100); c.Carried || !strings.Contains(c.Reason, "200") {
			t.Errorf("%s: sw2 xe-1 carries VLAN 100: %+v", bundle, c)
		}
		if dom := g.Domain("sw1", 100); !slices.Equal(dom, []string{"sw1", "sw3"}) {
			t.Errorf("%s: VLAN 100's domain from sw1 is %v", bundle, dom)
		}
	}
}
