package cisco

import (
	"bytes"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/model/modeltest"
)

// cfgFile is the file name evidence cites in these tests.
const cfgFile = "sw1/show_running-config.txt"

// cfg joins lines the way a saved running-config ends them.
func cfg(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

func cref(line int, text string) model.Ref {
	return model.Ref{File: cfgFile, Line: line, Text: text}
}

func crefp(line int, text string) *model.Ref {
	r := cref(line, text)
	return &r
}

func vset(list string) model.VLANSet {
	s, err := model.ParseVLANList(list)
	if err != nil {
		panic(err)
	}
	return s
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

var cfgCmpOpts = cmp.Options{
	cmp.Transformer("VLANSet", func(s model.VLANSet) string { return s.String() }),
	cmp.Transformer("Addr", func(a netip.Addr) string { return a.String() }),
	cmp.Transformer("Prefix", func(p netip.Prefix) string { return p.String() }),
	cmpopts.EquateEmpty(),
}

// port is an interface as the parser creates it before reading any of its
// lines: access VLAN 1, native VLAN 1, every VLAN allowed.
func port(name string, ref model.Ref) *model.Interface {
	return &model.Interface{Name: name, Ref: ref, AccessVLAN: 1, NativeVLAN: 1, Allowed: model.AllVLANs()}
}

// cfgCase is one running-config and one part of the device it must give.
type cfgCase struct {
	name     string
	platform string // cisco_iosxe when empty
	in       string
	get      func(*model.Device) any
	want     any
}

func getIface(name string) func(*model.Device) any {
	return func(d *model.Device) any { return d.Interface(name) }
}

func getACL(name string) func(*model.Device) any {
	return func(d *model.Device) any { return d.ACLs[name] }
}

func getSnooping(d *model.Device) any { return d.Snooping }

// parseCfg parses in as a running-config of platform (cisco_iosxe when
// empty), fails the test on an error, and checks every reference.
func parseCfg(t *testing.T, platform, in string) *model.Device {
	t.Helper()
	if platform == "" {
		platform = IOSXE
	}
	dev := model.NewDevice("sw1", platform)
	if err := ParseConfig(dev, cfgFile, []byte(in)); err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	checkConfigRefs(t, cfgFile, []byte(in), dev)
	checkConfigInvariants(t, dev)
	return dev
}

func runCfgCases(t *testing.T, cases []cfgCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dev := parseCfg(t, c.platform, c.in)
			if diff := cmp.Diff(c.want, c.get(dev), cfgCmpOpts); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// checkConfigRefs checks that every reference in dev quotes a line of
// file.
func checkConfigRefs(t *testing.T, file string, text []byte, dev *model.Device) {
	t.Helper()
	modeltest.CheckRefs(t, file, text, dev)
}

// checkConfigInvariants checks what must hold of any device a successful
// parse gives: the model's invariants, and Cisco's own.
func checkConfigInvariants(t *testing.T, dev *model.Device) {
	t.Helper()
	modeltest.CheckInvariants(t, dev)
	for _, ifc := range dev.Interfaces {
		// Only NX-OS "ip port access-group" binds a port ACL to a port
		// that is not a switchport.
		for _, b := range []*model.ACLBinding{ifc.PortACLIn, ifc.PortACLOut} {
			if b != nil && !ifc.IsL2() && !strings.Contains(strings.Join(strings.Fields(b.Ref.Text), " "), "port access-group") {
				t.Errorf("%s: port ACL on a routed interface: %v", ifc.Name, b.Ref)
			}
		}
	}
	if src := dev.VLANSource; src.Elsewhere && dev.Platform == NXOS {
		t.Errorf("VLAN source %+v on NX-OS", src)
	}
}

// iosWhole is a small but complete IOS-XE running-config.
var iosWhole = cfg(
	"Building configuration...",
	"",
	"Current configuration : 4211 bytes",
	"!",
	"! Last configuration change at 16:42:10 UTC Thu Nov 19 2026 by netadmin",
	"!",
	"version 17.9",
	"hostname sw1",
	"!",
	"vtp mode transparent",
	"ip multicast-routing",
	"ip igmp snooping querier",
	"ip igmp snooping querier address 10.10.100.2",
	"!",
	"vlan 100",
	" name EFT-HA",
	"!",
	"interface GigabitEthernet1/0/10",
	" description eft1",
	" switchport access vlan 100",
	" switchport mode access",
	" ip access-group EDGE-IN in",
	" storm-control multicast level 0.50",
	"!",
	"interface TenGigabitEthernet1/1/1",
	" switchport trunk allowed vlan 10,20,100",
	" switchport mode trunk",
	"!",
	"interface Vlan100",
	" ip address 10.10.100.1 255.255.255.0",
	" ip pim sparse-mode",
	"!",
	"ip access-list extended EDGE-IN",
	" 10 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255",
	" 20 deny   113 any any",
	" 30 permit ip any any",
	"!",
	"banner motd ^C",
	"interface Evil1",
	"^C",
	"!",
	"end",
)

// nxosWhole is a small but complete NX-OS running-config.
var nxosWhole = cfg(
	"!Command: show running-config",
	"!Running configuration last done at: Thu Nov 19 15:27:41 2026",
	"!Time: Fri Nov 20 09:14:08 2026",
	"",
	"version 9.3(10) Bios:version 05.47",
	"hostname leaf1",
	"",
	"feature interface-vlan",
	"feature lacp",
	"",
	"system default switchport",
	"ip access-list HOST-IN",
	"  statistics per-entry",
	"  10 permit 113 10.10.100.0/24 239.192.0.0/16",
	"  20 deny ip any any log",
	"vlan 1,100",
	"vlan 100",
	"  name EFT-HA",
	"vlan configuration 100",
	"  ip igmp snooping querier 10.10.100.5",
	"",
	"interface Vlan100",
	"  no shutdown",
	"  ip address 10.10.100.1/24",
	"",
	"interface Ethernet1/10",
	"  description eft2",
	"  switchport access vlan 100",
	"  ip port access-group HOST-IN in",
	"  no shutdown",
	"",
	"interface Ethernet1/49",
	"  switchport mode trunk",
	"  switchport trunk allowed vlan 10,20,100",
	"  no shutdown",
	"",
	"interface mgmt0",
	"  vrf member management",
	"  ip address 192.168.0.31/24",
	"line console",
	"  exec-timeout 15",
)

// deviceSummary is the device-wide part of a parse.
type deviceSummary struct {
	Hostname         string
	HostnameRef      *model.Ref
	VLANSource       model.VLANSource
	MulticastRouting *model.Ref
	Defaults         model.Defaults
	Interfaces       []string
	ACLs             []string
	VLANs            []int
}

func summarize(d *model.Device) deviceSummary {
	s := deviceSummary{
		Hostname: d.Hostname, HostnameRef: d.HostnameRef,
		VLANSource:       d.VLANSource,
		MulticastRouting: d.MulticastRouting, Defaults: d.Defaults,
	}
	for _, ifc := range d.Interfaces {
		s.Interfaces = append(s.Interfaces, ifc.Name)
	}
	for name := range d.ACLs {
		s.ACLs = append(s.ACLs, name)
	}
	for v := range d.VLANs {
		s.VLANs = append(s.VLANs, v)
	}
	return s
}

var summaryOpts = cmp.Options{cfgCmpOpts, cmpopts.SortSlices(func(a, b string) bool { return a < b }), cmpopts.SortSlices(func(a, b int) bool { return a < b })}

func TestParseConfigWhole(t *testing.T) {
	for _, c := range []struct {
		name, platform, in string
		want               deviceSummary
	}{
		{
			name: "ios", platform: IOSXE, in: iosWhole,
			want: deviceSummary{
				Hostname: "sw1", HostnameRef: crefp(8, "hostname sw1"),
				VLANSource:       model.VLANSource{Ref: crefp(10, "vtp mode transparent")},
				MulticastRouting: crefp(11, "ip multicast-routing"),
				Defaults:         iosDefaults(),
				Interfaces:       []string{"GigabitEthernet1/0/10", "TenGigabitEthernet1/1/1", "Vlan100"},
				ACLs:             []string{"EDGE-IN"},
				VLANs:            []int{100},
			},
		},
		{
			name: "ios platform", platform: IOS, in: iosWhole,
			want: deviceSummary{
				Hostname: "sw1", HostnameRef: crefp(8, "hostname sw1"),
				VLANSource:       model.VLANSource{Ref: crefp(10, "vtp mode transparent")},
				MulticastRouting: crefp(11, "ip multicast-routing"),
				Defaults:         iosDefaults(),
				Interfaces:       []string{"GigabitEthernet1/0/10", "TenGigabitEthernet1/1/1", "Vlan100"},
				ACLs:             []string{"EDGE-IN"},
				VLANs:            []int{100},
			},
		},
		{
			// A capture with the prompt and the command echoed around it,
			// saved by a Windows editor with a byte-order mark.
			name: "ios capture with BOM", platform: IOSXE,
			in: "\ufeffsw1#show running-config\n" + iosWhole + "sw1#\n",
			want: deviceSummary{
				Hostname: "sw1", HostnameRef: crefp(9, "hostname sw1"),
				VLANSource:       model.VLANSource{Ref: crefp(11, "vtp mode transparent")},
				MulticastRouting: crefp(12, "ip multicast-routing"),
				Defaults:         iosDefaults(),
				Interfaces:       []string{"GigabitEthernet1/0/10", "TenGigabitEthernet1/1/1", "Vlan100"},
				ACLs:             []string{"EDGE-IN"},
				VLANs:            []int{100},
			},
		},
		{
			name: "ios BOM before hostname", platform: IOSXE, in: "\ufeffhostname sw1\ninterface Vlan100\nend\n",
			want: deviceSummary{
				Hostname: "sw1", HostnameRef: crefp(1, "\ufeffhostname sw1"),
				VLANSource: model.VLANSource{Elsewhere: true, Why: "runs VTP server mode (the default: the configuration has no \"vtp mode\" line)", Prove: "show vlan brief"},
				Defaults:   iosDefaults(),
				Interfaces: []string{"Vlan100"},
			},
		},
		{
			name: "nxos with BOM", platform: NXOS, in: "\ufeff" + nxosWhole,
			want: deviceSummary{
				Hostname: "leaf1", HostnameRef: crefp(6, "hostname leaf1"),
				Defaults:   nxosDefaults(),
				Interfaces: []string{"Vlan100", "Ethernet1/10", "Ethernet1/49", "mgmt0"},
				ACLs:       []string{"HOST-IN"},
				VLANs:      []int{1, 100},
			},
		},
		{
			name: "nxos", platform: NXOS, in: nxosWhole,
			want: deviceSummary{
				Hostname: "leaf1", HostnameRef: crefp(6, "hostname leaf1"),
				Defaults:   nxosDefaults(),
				Interfaces: []string{"Vlan100", "Ethernet1/10", "Ethernet1/49", "mgmt0"},
				ACLs:       []string{"HOST-IN"},
				VLANs:      []int{1, 100},
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dev := parseCfg(t, c.platform, c.in)
			if diff := cmp.Diff(c.want, summarize(dev), summaryOpts); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// messyIOS is written the way a hand-edited file may be: tabs, runs of
// blanks, trailing blanks, indented comments.
var messyIOS = cfg(
	"hostname sw1",
	"no\tip igmp snooping vlan 100  ",
	"ip  igmp   snooping querier ",
	"interface GigabitEthernet1/0/1 ",
	"\tswitchport mode access",
	" switchport access vlan 100   ",
	"\t!",
	" description  two  spaces ",
	"ip access-list extended A",
	"\t10 deny\t113 any any  ",
	" !",
	" 20 permit ip any any",
	"end",
)

// iosBanners and nxosBanners hide commands in banner text.
var iosBanners = cfg(
	"hostname sw1",
	"banner motd ^C",
	"interface Foo1",
	"no ip igmp snooping",
	"vlan 999",
	"end",
	"^C",
	"banner login ^CAuthorized access only^C",
	"banner exec ^C",
	"ip access-list extended EVIL",
	" deny ip any any",
	"Have a nice day ^C",
	"banner incoming #",
	"no ip igmp snooping vlan 100",
	"#",
	"banner exec \x03",
	"interface Evil2",
	"\x03",
	"interface GigabitEthernet1/0/1",
	"end",
)

var nxosBanners = cfg(
	"!Command: show running-config",
	"banner motd #",
	"interface Ethernet9/9",
	"no ip igmp snooping",
	"#",
	"banner exec #Welcome to vlan 999#",
	"interface Ethernet1/1",
)

// TestParseConfigLineEndings: CRLF line endings, tab indentation, tabs and
// runs of blanks between words, trailing blanks and indented comments
// change nothing but the evidence text, which stays the raw line without
// its "\r".
func TestParseConfigLineEndings(t *testing.T) {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	for _, c := range []struct{ name, platform, in string }{
		{"ios", IOSXE, iosWhole},
		{"nxos", NXOS, nxosWhole},
	} {
		t.Run(c.name, func(t *testing.T) {
			lf := parseCfg(t, c.platform, c.in)
			cr := parseCfg(t, c.platform, crlf(c.in))
			if diff := cmp.Diff(lf, cr, cfgCmpOpts, cmpopts.IgnoreUnexported(model.Device{})); diff != "" {
				t.Errorf("CRLF parse differs (-LF +CRLF):\n%s", diff)
			}
		})
	}

	in := crlf(messyIOS)
	dev := parseCfg(t, IOSXE, in)
	want := port("GigabitEthernet1/0/1", cref(4, "interface GigabitEthernet1/0/1 "))
	want.Mode, want.ModeRef = model.ModeAccess, crefp(5, "\tswitchport mode access")
	want.AccessVLAN, want.AccessRef = 100, crefp(6, " switchport access vlan 100   ")
	want.Description = "two  spaces"
	if diff := cmp.Diff(want, dev.Interface("GigabitEthernet1/0/1"), cfgCmpOpts); diff != "" {
		t.Errorf("interface (-want +got):\n%s", diff)
	}
	wantSnoop := model.Snooping{
		Querier: model.Querier{Enabled: crefp(3, "ip  igmp   snooping querier ")},
		VLANs:   map[int]*model.VLANSnooping{100: {Disabled: crefp(2, "no\tip igmp snooping vlan 100  ")}},
	}
	if diff := cmp.Diff(wantSnoop, dev.Snooping, cfgCmpOpts); diff != "" {
		t.Errorf("snooping (-want +got):\n%s", diff)
	}
	wantACL := &model.ACL{Name: "A", Ref: cref(9, "ip access-list extended A"), Entries: []*model.ACE{
		{Seq: 10, Action: model.Deny, Proto: model.Proto{Num: 113}, Src: model.AddrMatch{Any: true}, Dst: model.AddrMatch{Any: true},
			Ref: cref(10, "\t10 deny\t113 any any  ")},
		{Seq: 20, Action: model.Permit, Proto: model.Proto{Any: true}, Src: model.AddrMatch{Any: true}, Dst: model.AddrMatch{Any: true},
			Ref: cref(12, " 20 permit ip any any")},
	}}
	if diff := cmp.Diff(wantACL, dev.ACLs["A"], cfgCmpOpts); diff != "" {
		t.Errorf("ACL (-want +got):\n%s", diff)
	}
}

// TestParseConfigBanners: banner text can look like any command and must
// not be read as one.
func TestParseConfigBanners(t *testing.T) {
	for _, c := range []struct{ name, platform, in, iface string }{
		{"ios", IOSXE, iosBanners, "GigabitEthernet1/0/1"},
		{"nxos", NXOS, nxosBanners, "Ethernet1/1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dev := parseCfg(t, c.platform, c.in)
			var names []string
			for _, ifc := range dev.Interfaces {
				names = append(names, ifc.Name)
			}
			if diff := cmp.Diff([]string{c.iface}, names); diff != "" {
				t.Errorf("interfaces (-want +got):\n%s", diff)
			}
			if dev.Snooping.Disabled != nil || len(dev.Snooping.VLANs) != 0 || len(dev.VLANs) != 0 || len(dev.ACLs) != 0 {
				t.Errorf("banner text was parsed: snooping %+v, VLANs %v, ACLs %v", dev.Snooping, dev.VLANs, dev.ACLs)
			}
		})
	}
}

// errCase is an input ParseConfig must refuse, and the exact message.
type errCase struct {
	name      string
	platform  string // cisco_iosxe when empty
	in        string
	want      string
	notConfig bool // the error wraps ErrNotConfig
}

func runErrCases(t *testing.T, cases []errCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.platform
			if p == "" {
				p = IOSXE
			}
			err := ParseConfig(model.NewDevice("sw1", p), cfgFile, []byte(c.in))
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if err.Error() != c.want {
				t.Errorf("error\n got: %s\nwant: %s", err, c.want)
			}
			if errors.Is(err, ErrNotConfig) != c.notConfig {
				t.Errorf("errors.Is(err, ErrNotConfig) = %v, want %v", !c.notConfig, c.notConfig)
			}
		})
	}
}

func TestParseConfigRefuses(t *testing.T) { runErrCases(t, refuseCases()) }

func refuseCases() []errCase {
	const nc = ": not a usable running-config"
	big := strings.Repeat("!\n", 5000) + "hostname sw1\x00\ninterface GigabitEthernet1/0/1\nend\n"
	return []errCase{
		{name: "unknown platform", platform: "juniper_junos", in: iosWhole,
			want: cfgFile + `: platform "juniper_junos" is not a Cisco platform (want one of cisco_ios, cisco_iosxe, cisco_nxos, cisco_n1kv)`},
		{name: "empty", in: "", want: cfgFile + ": file is empty" + nc, notConfig: true},
		{name: "blank", platform: NXOS, in: " \r\n\n\t\n", want: cfgFile + ": file is empty" + nc, notConfig: true},
		{name: "binary", in: "\x1f\x8b\x08\x00\x00\x00\x00\x00hostname sw1\n",
			want: cfgFile + ": binary data, not a text configuration" + nc, notConfig: true},
		{name: "utf-16", in: "\xff\xfeh\x00o\x00s\x00t\x00",
			want: cfgFile + ": UTF-16 text: save the configuration as UTF-8 or ASCII" + nc, notConfig: true},
		{name: "NUL late in the file", in: big,
			want: cfgFile + " line 5001: NUL byte in a text configuration (corrupted file?)" + nc, notConfig: true},
		{name: "yaml inventory", in: cfg(
			"clusters:",
			"  - name: eft-ha",
			"    vlan: 100",
			"devices:",
			"  - {name: sw1, platform: cisco_iosxe, address: 192.0.2.1}",
			"  - {name: sw2, platform: cisco_nxos, config: hostname.cfg}",
		), want: cfgFile + ": not a Cisco running-config: no hostname and no interface lines" + nc, notConfig: true},
		{name: "json", platform: NXOS, in: `{"version": 1, "devices": [{"name": "sw1", "hostname": "sw1", "interface": "Gi1/0/1"}]}`,
			want: cfgFile + ": not a Cisco running-config: no hostname and no interface lines" + nc, notConfig: true},
		{name: "ios given as nxos", platform: NXOS, in: iosWhole,
			want: cfgFile + ` line 1: this looks like an IOS/IOS-XE config ("Building configuration..."), not cisco_nxos; check --platform or the inventory` + nc, notConfig: true},
		{name: "ios without header given as nxos", platform: NXOS, in: cfg(
			"hostname sw1",
			"interface GigabitEthernet1/0/1",
			" switchport mode access",
			"end",
		), want: cfgFile + ` line 4: this looks like an IOS/IOS-XE config ("end"), not cisco_nxos; check --platform or the inventory` + nc, notConfig: true},
		{name: "nxos given as iosxe", platform: IOSXE, in: nxosWhole,
			want: cfgFile + ` line 1: this looks like an NX-OS config ("!Command: show running-config"), not cisco_iosxe; check --platform or the inventory` + nc, notConfig: true},
		{name: "nxos with BOM given as iosxe", platform: IOSXE, in: "\ufeff" + nxosWhole,
			want: cfgFile + ` line 1: this looks like an NX-OS config ("!Command: show running-config"), not cisco_iosxe; check --platform or the inventory` + nc, notConfig: true},
		{name: "nxos without header given as ios", platform: IOS, in: cfg(
			"hostname leaf1",
			"feature lacp",
			"interface Ethernet1/1",
			"  switchport",
		), want: cfgFile + ` line 2: this looks like an NX-OS config ("feature lacp"), not cisco_ios; check --platform or the inventory` + nc, notConfig: true},
		{name: "ios truncated", in: cfg(
			"Building configuration...",
			"",
			"Current configuration : 4211 bytes",
			"hostname sw1",
			"interface GigabitEthernet1/0/1",
			" switchport mode access",
			"",
		), want: cfgFile + `: truncated: an IOS running-config ends with "end", this one stops at line 6: "switchport mode access"` + nc, notConfig: true},
		{name: "no interfaces", in: cfg(
			"hostname sw1",
			"vlan 100",
			" name EFT-HA",
			"end",
		), want: cfgFile + `: no interface lines: the config is truncated or is not a switch running-config (last line 4: "end")` + nc, notConfig: true},
		{name: "nxos no interfaces", platform: NXOS, in: cfg(
			"!Command: show running-config",
			"hostname leaf1",
			"feature lacp",
		), want: cfgFile + `: no interface lines: the config is truncated or is not a switch running-config (last line 3: "feature lacp")` + nc, notConfig: true},
		{name: "end only inside a banner", in: cfg(
			"hostname sw1",
			"interface GigabitEthernet1/0/1",
			"banner motd ^C",
			"end",
			"^C",
		), want: cfgFile + `: truncated: an IOS running-config ends with "end", this one stops at line 5: "^C"` + nc, notConfig: true},
		{name: "banner never closed", in: cfg(
			"hostname sw1",
			"interface GigabitEthernet1/0/1",
			"banner motd ^C",
			"Welcome",
			"end",
		), want: cfgFile + ` line 3: banner never closed (delimiter "^C"): file truncated? not a usable running-config`, notConfig: true},
	}
}

// TestParseConfigBadValues: a line the audit depends on that cannot be
// read stops the parse with the line.
// TestParseConfigBadValues: a line with a value the parser cannot read
// does not stop the parse. It is recorded with what it configures, so
// that only the verdicts resting on it are not proven.
func TestParseConfigBadValues(t *testing.T) {
	for _, c := range badValueCases() {
		t.Run(c.name, func(t *testing.T) {
			p := c.platform
			if p == "" {
				p = IOSXE
			}
			dev := model.NewDevice("sw1", p)
			if err := ParseConfig(dev, cfgFile, []byte(c.in)); err != nil {
				t.Fatalf("the parse stopped: %v", err)
			}
			want := []model.Unparsed{{Ref: model.Ref{File: cfgFile, Line: c.line, Text: c.raw()}, Why: c.why, On: c.on}}
			if diff := cmp.Diff(want, dev.Unparsed); diff != "" {
				t.Errorf("unparsed (-want +got):\n%s", diff)
			}
		})
	}
}

// badValue is a line ParseConfig cannot read, and what it records.
type badValue struct {
	name      string
	platform  string
	in        string
	line      int
	why, text string
	on        model.Setting
}

// raw is the line as the config has it.
func (c badValue) raw() string {
	for i, l := range strings.Split(c.in, "\n") {
		if i+1 == c.line {
			return l
		}
	}
	return ""
}

func badValueCases() []badValue {
	ios := func(lines ...string) string {
		return cfg(append(append([]string{"hostname sw1", "interface GigabitEthernet1/0/1"}, lines...), "end")...)
	}
	nxos := func(lines ...string) string {
		return cfg(append([]string{"!Command: show running-config", "interface Ethernet1/1"}, lines...)...)
	}
	ifc := func(name string) model.Setting { return model.Setting{Kind: model.OnInterface, Name: name} }
	snoop := func(v int) model.Setting { return model.Setting{Kind: model.OnSnooping, VLAN: v} }
	vmap := func(name string) model.Setting { return model.Setting{Kind: model.OnVLANMap, Name: name} }
	return []badValue{
		{name: "access vlan 5000", in: ios(" switchport access vlan 5000"),
			line: 3, why: `access VLAN "5000" is not a VLAN ID 1-4094`, text: "switchport access vlan 5000", on: ifc("GigabitEthernet1/0/1")},
		{name: "nxos access vlan 0", platform: NXOS, in: nxos("  switchport access vlan 0"),
			line: 3, why: `access VLAN "0" is not a VLAN ID 1-4094`, text: "switchport access vlan 0", on: ifc("Ethernet1/1")},
		{name: "trunk list", in: ios(" switchport trunk allowed vlan 10-abc"),
			line: 3, why: `allowed VLAN list: "abc" is not a VLAN ID (1-4094)`, text: "switchport trunk allowed vlan 10-abc", on: ifc("GigabitEthernet1/0/1")},
		{name: "trunk add without list", platform: NXOS, in: nxos("  switchport trunk allowed vlan add"),
			line: 3, why: `"add" without a VLAN list`, text: "switchport trunk allowed vlan add", on: ifc("Ethernet1/1")},
		{name: "trunk range backwards", in: ios(" switchport trunk allowed vlan 20-10"),
			line: 3, why: `allowed VLAN list: VLAN range "20-10" runs backwards`, text: "switchport trunk allowed vlan 20-10", on: ifc("GigabitEthernet1/0/1")},
		{name: "non-contiguous mask", in: ios(" no switchport", " ip address 10.1.1.1 255.0.255.0"),
			line: 4, why: `bad subnet mask "255.0.255.0"`, text: "ip address 10.1.1.1 255.0.255.0", on: ifc("GigabitEthernet1/0/1")},
		{name: "address without mask", in: ios(" ip address 10.1.1.1"),
			line: 3, why: `want "ip address A.B.C.D MASK"`, text: "ip address 10.1.1.1", on: ifc("GigabitEthernet1/0/1")},
		{name: "nxos bad prefix", platform: NXOS, in: nxos("  ip address 10.1.1.1/33"),
			line: 3, why: `bad IPv4 prefix "10.1.1.1/33"`, text: "ip address 10.1.1.1/33", on: ifc("Ethernet1/1")},
		{name: "storm-control 150", in: ios(" storm-control multicast level 150"),
			line: 3, why: `storm-control level "150" is not a percentage`, text: "storm-control multicast level 150", on: ifc("GigabitEthernet1/0/1")},
		{name: "storm-control NaN", in: ios(" storm-control multicast level NaN"),
			line: 3, why: `storm-control level "NaN" is not a percentage`, text: "storm-control multicast level NaN", on: ifc("GigabitEthernet1/0/1")},
		{name: "igmp version 4", in: ios(" ip igmp version 4"),
			line: 3, why: `IGMP version "4" is not 1, 2 or 3`, text: "ip igmp version 4", on: ifc("GigabitEthernet1/0/1")},
		{name: "channel-group", in: ios(" channel-group one mode active"),
			line: 3, why: `channel-group "one" is not a port-channel number`, text: "channel-group one mode active", on: ifc("GigabitEthernet1/0/1")},
		{name: "access-group without direction", in: ios(" ip access-group EDGE-IN"),
			line: 3, why: `want "access-group NAME in|out"`, text: "ip access-group EDGE-IN", on: ifc("GigabitEthernet1/0/1")},
		{name: "svi 5000", in: cfg("hostname sw1", "interface Vlan5000", "end"),
			line: 2, why: `SVI "Vlan5000" does not name a VLAN 1-4094`, text: "interface Vlan5000", on: ifc("Vlan5000")},
		{name: "interface without a name", in: cfg("hostname sw1", "interface", "end"),
			line: 2, why: "interface without a name", text: "interface", on: ifc("")},
		{name: "snooping vlan 5000", in: ios("no ip igmp snooping vlan 5000"),
			line: 3, why: `"5000" is not a VLAN ID (1-4094)`, text: "no ip igmp snooping vlan 5000", on: snoop(5000)},
		{name: "snooping vlan without id", in: ios("ip igmp snooping vlan"),
			line: 3, why: `"ip igmp snooping vlan" without a VLAN`, text: "ip igmp snooping vlan", on: snoop(0)},
		{name: "querier address", in: ios("ip igmp snooping querier address 10.1.1"),
			line: 3, why: `querier address "10.1.1" is not an IPv4 address`, text: "ip igmp snooping querier address 10.1.1", on: snoop(0)},
		{name: "querier version", in: ios("ip igmp snooping vlan 100 querier version 4"),
			line: 3, why: `querier version "4" is not 1, 2 or 3`, text: "ip igmp snooping vlan 100 querier version 4", on: snoop(100)},
		{name: "nxos querier ipv6", platform: NXOS, in: nxos("vlan configuration 100", "  ip igmp snooping querier 2001:db8::1"),
			line: 4, why: `querier address "2001:db8::1" is not IPv4`, text: "ip igmp snooping querier 2001:db8::1", on: snoop(100)},
		{name: "vlan configuration 0", platform: NXOS, in: nxos("vlan configuration 0"),
			line: 3, why: `"0" is not a VLAN ID (1-4094)`, text: "vlan configuration 0", on: snoop(0)},
		{name: "vlan 4095", platform: NXOS, in: nxos("vlan 1,4095"),
			line: 3, why: `"4095" is not a VLAN ID (1-4094)`, text: "vlan 1,4095", on: model.Setting{Kind: model.OnVLAN}},
		{name: "vtp mode", in: ios("vtp mode bogus"),
			line: 3, why: `unknown VTP mode "bogus" (want server, client, transparent or off)`, text: "vtp mode bogus", on: model.Setting{Kind: model.OnVLAN}},
		{name: "vlan map action", in: ios("vlan access-map EFT 10", " action punt"),
			line: 4, why: `unknown VLAN map action "punt" (want forward, drop or redirect)`, text: "action punt", on: vmap("EFT")},
		{name: "vlan map sequence", in: ios("vlan access-map EFT ten"),
			line: 3, why: `vlan access-map sequence "ten" is not a number`, text: "vlan access-map EFT ten", on: vmap("EFT")},
		{name: "vlan filter", in: ios("vlan filter EFT 100"),
			line: 3, why: `want "vlan filter MAP vlan-list LIST"`, text: "vlan filter EFT 100", on: vmap("EFT")},
		{name: "vlan filter list", platform: NXOS, in: nxos("vlan filter EFT vlan-list 100-x"),
			line: 3, why: `"x" is not a VLAN ID (1-4094)`, text: "vlan filter EFT vlan-list 100-x", on: vmap("EFT")},
	}
}

// TestParseConfigFixtures parses the recorded lab configs.
func TestParseConfigFixtures(t *testing.T) {
	files := fixtureConfigs(t)
	if len(files) < 4 {
		t.Fatalf("found %d lab configs, want 4 (acc1, acc2, leaf1, core1): %v", len(files), files)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			platform := IOSXE
			if bytes.Contains(text, []byte("!Command: show running-config")) {
				platform = NXOS
			}
			dev := model.NewDevice("sw", platform)
			if err := ParseConfig(dev, f, text); err != nil {
				t.Fatal(err)
			}
			checkConfigRefs(t, f, text, dev)
			checkConfigInvariants(t, dev)
		})
	}
}

func fixtureConfigs(t testing.TB) []string {
	var out []string
	for _, pat := range []string{"../../fixtures/*/snapshot/*/show_running-config.txt", "../../fixtures/*/backups/*.cfg"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			// a snapshot of another vendor's switch is not Cisco's to read
			meta, err := os.ReadFile(filepath.Join(filepath.Dir(f), "meta.yaml"))
			if err == nil && !bytes.Contains(meta, []byte("platform: cisco_")) {
				continue
			}
			out = append(out, f)
		}
	}
	return out
}

// TestWalkRefs checks the reference walker the other tests rely on: it
// must reach references in maps, slices and pointers.
func TestWalkRefs(t *testing.T) {
	dev := parseCfg(t, IOSXE, iosWhole)
	got := map[string]model.Ref{}
	modeltest.WalkRefs(reflect.ValueOf(dev), "dev", func(path string, r model.Ref) { got[path] = r })
	for path, want := range map[string]model.Ref{
		"dev.HostnameRef":                      cref(8, "hostname sw1"),
		"dev.VLANs[100].NameRef":               cref(16, " name EFT-HA"),
		"dev.Interfaces[0].PortACLIn.Ref":      cref(22, " ip access-group EDGE-IN in"),
		"dev.Interfaces[1].AllowedRefs[0]":     cref(26, " switchport trunk allowed vlan 10,20,100"),
		"dev.ACLs[EDGE-IN].Entries[1].Ref":     cref(35, " 20 deny   113 any any"),
		"dev.Snooping.Querier.AddressRef":      cref(13, "ip igmp snooping querier address 10.10.100.2"),
		"dev.Interfaces[0].StormMulticast.Ref": cref(23, " storm-control multicast level 0.50"),
	} {
		if got[path] != want {
			t.Errorf("%s = %v, want %v", path, got[path], want)
		}
	}
}

func iosDefaults() model.Defaults {
	d := model.Defaults{SnoopingOn: true, QuerierAddressFallback: true, PIMNeedsMulticastRouting: true,
		BuiltinWhy:    "VLAN 1 and VLANs 1002-1005 exist on every Catalyst switch and cannot be deleted",
		AccessDefault: `no "switchport access vlan" line: the default`,
		DownDefault:   `no "no shutdown" line, and the platform's default is down`}
	d.BuiltinVLANs.Add(1)
	d.BuiltinVLANs.AddRange(1002, 1005)
	return d
}

func nxosDefaults() model.Defaults {
	d := model.Defaults{SnoopingOn: true, BuiltinWhy: "VLAN 1 is the default VLAN, which exists on every Cisco switch and cannot be deleted",
		AccessDefault: `no "switchport access vlan" line: the default`,
		DownDefault:   `no "no shutdown" line, and the platform's default is down`}
	d.BuiltinVLANs.Add(1)
	return d
}
