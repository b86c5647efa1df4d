package cisco

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mcaudit/mcaudit/model"
)

const showFile = "sw1/show.txt"

// showCase is one input to a show-output parser and what it must produce.
type showCase struct {
	name     string
	platform string // cisco_iosxe when empty
	in       string
	pre      func(*model.Device) // state left by earlier parsers
	want     model.Oper
	wantErr  string
}

// showText joins lines the way a capture ends them.
func showText(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

func showCRLF(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func showRef(line int, text string) model.Ref {
	return model.Ref{File: showFile, Line: line, Text: text}
}

func showRefp(line int, text string) *model.Ref {
	r := showRef(line, text)
	return &r
}

var showCmpOpts = cmp.Options{
	cmp.Transformer("VLANSet", func(s model.VLANSet) string { return s.String() }),
	cmp.Transformer("Addr", func(a netip.Addr) string {
		if !a.IsValid() {
			return "invalid"
		}
		return a.String()
	}),
}

func showDevice(c showCase) *model.Device {
	p := c.platform
	if p == "" {
		p = IOSXE
	}
	dev := model.NewDevice("sw1", p)
	if c.pre != nil {
		c.pre(dev)
	}
	return dev
}

func runShowCases(t *testing.T, parse func(*model.Device, string, []byte) error, cases []showCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dev := showDevice(c)
			err := parse(dev, showFile, []byte(c.in))
			if c.wantErr != "" {
				if err == nil {
					t.Fatalf("no error, want %q", c.wantErr)
				}
				if err.Error() != c.wantErr {
					t.Fatalf("error\n got: %s\nwant: %s", err, c.wantErr)
				}
				// A failed parse leaves the device as it was.
				if diff := cmp.Diff(showDevice(c).Oper, dev.Oper, showCmpOpts); diff != "" {
					t.Errorf("device changed by a failed parse (-before +after):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			// Which command a table came from is said in verdicts.
			if dev.Oper.VLANs != nil && dev.Oper.VLANsFrom != "show vlan brief" || dev.Oper.Trunks != nil && dev.Oper.TrunksFrom != "show interfaces trunk" {
				t.Errorf("tables read from %q and %q", dev.Oper.VLANsFrom, dev.Oper.TrunksFrom)
			}
			got := dev.Oper
			got.VLANsFrom, got.TrunksFrom = c.want.VLANsFrom, c.want.TrunksFrom
			if diff := cmp.Diff(c.want, got, showCmpOpts); diff != "" {
				t.Errorf("Oper mismatch (-want +got):\n%s", diff)
			}
			if c.pre == nil { // earlier parsers cite other files
				checkShowRefs(t, showFile, []byte(c.in), dev)
			}
		})
	}
}

const (
	showVLANHdr  = "VLAN Name                             Status    Ports"
	showVLANRule = "---- -------------------------------- --------- -------------------------------"
)

// Classic IOS: wrapped port lists, every status, and the further tables of
// plain "show vlan".
var showIOSVLANRows = []string{
	"1    default                          active    Gi0/1",
	"10   SERVERS                          active    ",
	"100  EFT-HA                           active    Fa0/1, Fa0/2, Fa0/3, Fa0/4, Fa0/5, Fa0/6, Fa0/7, Fa0/8, Fa0/9",
	"                                                Fa0/10, Fa0/11",
	"200  LEGACY                           act/lshut ",
	"300  PARKED                           sus/lshut Fa0/12",
	"400  OLD                              suspended ",
	"1002 fddi-default                     act/unsup ",
	"1005 trnet-default                    act/unsup ",
}

var showVLANBriefTests = []showCase{
	{
		name:     "ios classic with continuation and second tables",
		platform: IOS,
		in: showText(append(append([]string{showVLANHdr, showVLANRule}, showIOSVLANRows...),
			"",
			"VLAN Type  SAID       MTU   Parent RingNo BridgeNo Stp  BrdgMode Trans1 Trans2",
			"---- ----- ---------- ----- ------ ------ -------- ---- -------- ------ ------",
			"1    enet  100001     1500  -      -      -        -    -        0      0   ",
			"9999 this row belongs to another table and is never read",
			"",
			"Remote SPAN VLANs",
			"------------------------------------------------------------------------------",
			"",
			"Primary Secondary Type              Ports",
			"------- --------- ----------------- ------------------------------------------",
		)...),
		want: model.Oper{
			VLANsRef: showRefp(1, showVLANHdr),
			VLANs: map[int]*model.OperVLAN{
				1:    {ID: 1, Name: "default", Status: "active", Ports: []string{"GigabitEthernet0/1"}, Ref: showRef(3, showIOSVLANRows[0])},
				10:   {ID: 10, Name: "SERVERS", Status: "active", Ref: showRef(4, showIOSVLANRows[1])},
				100:  {ID: 100, Name: "EFT-HA", Status: "active", Ports: []string{"FastEthernet0/1", "FastEthernet0/2", "FastEthernet0/3", "FastEthernet0/4", "FastEthernet0/5", "FastEthernet0/6", "FastEthernet0/7", "FastEthernet0/8", "FastEthernet0/9", "FastEthernet0/10", "FastEthernet0/11"}, Ref: showRef(5, showIOSVLANRows[2])},
				200:  {ID: 200, Name: "LEGACY", Status: "act/lshut", Ref: showRef(7, showIOSVLANRows[4])},
				300:  {ID: 300, Name: "PARKED", Status: "sus/lshut", Ports: []string{"FastEthernet0/12"}, Ref: showRef(8, showIOSVLANRows[5])},
				400:  {ID: 400, Name: "OLD", Status: "suspended", Ref: showRef(9, showIOSVLANRows[6])},
				1002: {ID: 1002, Name: "fddi-default", Status: "act/unsup", Ref: showRef(10, showIOSVLANRows[7])},
				1005: {ID: 1005, Name: "trnet-default", Status: "act/unsup", Ref: showRef(11, showIOSVLANRows[8])},
			},
		},
	},
	{
		// IOS-XE keeps the port list on one line; the capture has leading
		// blank lines, the echoed command and no final newline.
		name: "iosxe one line per vlan with prompt",
		in: "\n\nsw1#show vlan brief\n" + showVLANHdr + "\n" + showVLANRule + "\n" +
			"1    default                          active    Gi1/0/1, Gi1/0/2, Te1/1/1, Ap1/0/1, Fo3/1/1\n" +
			"50   VLAN0050                         active\n" +
			"666  VLAN0666                         active    Te1/1/6, Te1/1/7   \n" +
			"1005 trnet-default                    act/unsup",
		want: model.Oper{
			VLANsRef: showRefp(4, showVLANHdr),
			VLANs: map[int]*model.OperVLAN{
				1: {ID: 1, Name: "default", Status: "active",
					Ports: []string{"GigabitEthernet1/0/1", "GigabitEthernet1/0/2", "TenGigabitEthernet1/1/1", "AppGigabitEthernet1/0/1", "FortyGigabitEthernet3/1/1"},
					Ref:   showRef(6, "1    default                          active    Gi1/0/1, Gi1/0/2, Te1/1/1, Ap1/0/1, Fo3/1/1")},
				50:   {ID: 50, Name: "VLAN0050", Status: "active", Ref: showRef(7, "50   VLAN0050                         active")},
				666:  {ID: 666, Name: "VLAN0666", Status: "active", Ports: []string{"TenGigabitEthernet1/1/6", "TenGigabitEthernet1/1/7"}, Ref: showRef(8, "666  VLAN0666                         active    Te1/1/6, Te1/1/7   ")},
				1005: {ID: 1005, Name: "trnet-default", Status: "act/unsup", Ref: showRef(9, "1005 trnet-default                    act/unsup")},
			},
		},
	},
	{
		name:     "nxos crlf continuation and prompts",
		platform: NXOS,
		in: showCRLF(showText(
			"# show vlan brief",
			"",
			showVLANHdr,
			showVLANRule,
			"1    default                          active    Eth1/2, Eth1/3, Eth1/4",
			"                                                Eth1/5, Po10",
			"100  EFT-HA                           active    Eth1/10",
			"101  VLAN0101                         act/lshut",
			"",
			"N9K-1# ",
		)),
		want: model.Oper{
			VLANsRef: showRefp(3, showVLANHdr),
			VLANs: map[int]*model.OperVLAN{
				1:   {ID: 1, Name: "default", Status: "active", Ports: []string{"Ethernet1/2", "Ethernet1/3", "Ethernet1/4", "Ethernet1/5", "port-channel10"}, Ref: showRef(5, "1    default                          active    Eth1/2, Eth1/3, Eth1/4")},
				100: {ID: 100, Name: "EFT-HA", Status: "active", Ports: []string{"Ethernet1/10"}, Ref: showRef(7, "100  EFT-HA                           active    Eth1/10")},
				101: {ID: 101, Name: "VLAN0101", Status: "act/lshut", Ref: showRef(8, "101  VLAN0101                         act/lshut")},
			},
		},
	},
	{
		name: "names with spaces and status words",
		in: showText(showVLANHdr, showVLANRule,
			"20   active                           active    Gi1/0/3",
			"30   my active vlan                   suspended Gi1/0/4",
			"40   x                                    active",
		),
		want: model.Oper{
			VLANsRef: showRefp(1, showVLANHdr),
			VLANs: map[int]*model.OperVLAN{
				20: {ID: 20, Name: "active", Status: "active", Ports: []string{"GigabitEthernet1/0/3"}, Ref: showRef(3, "20   active                           active    Gi1/0/3")},
				30: {ID: 30, Name: "my active vlan", Status: "suspended", Ports: []string{"GigabitEthernet1/0/4"}, Ref: showRef(4, "30   my active vlan                   suspended Gi1/0/4")},
				// Off the header's columns: the first status-like word wins.
				40: {ID: 40, Name: "x", Status: "active", Ref: showRef(5, "40   x                                    active")},
			},
		},
	},
	{
		name: "empty table",
		in:   showText(showVLANHdr, showVLANRule),
		want: model.Oper{VLANsRef: showRefp(1, showVLANHdr), VLANs: map[int]*model.OperVLAN{}},
	},
	{
		name: "adds to vlans read before",
		pre: func(d *model.Device) {
			d.Oper.VLANs = map[int]*model.OperVLAN{7: {ID: 7, Name: "seven", Status: "active"}}
		},
		in: showText(showVLANHdr, showVLANRule, "8    eight                            active"),
		want: model.Oper{
			VLANsRef: showRefp(1, showVLANHdr),
			VLANs: map[int]*model.OperVLAN{
				7: {ID: 7, Name: "seven", Status: "active"},
				8: {ID: 8, Name: "eight", Status: "active", Ref: showRef(3, "8    eight                            active")},
			},
		},
	},
	{
		name:    "empty input",
		in:      "",
		wantErr: `sw1/show.txt: not show vlan brief output: no "VLAN Name Status Ports" header`,
	},
	{
		name:    "other command output",
		in:      showText("Port        Mode             Encapsulation  Status        Native vlan", "Gi1/0/4     on               802.1q         trunking      1"),
		wantErr: `sw1/show.txt: not show vlan brief output: no "VLAN Name Status Ports" header`,
	},
	{
		name:    "ios rejected the command",
		in:      showText("sw1#show vlan brif", "              ^", "% Invalid input detected at '^' marker.", ""),
		wantErr: `sw1/show.txt line 3: the device reported an error instead of show vlan brief output: % Invalid input detected at '^' marker.`,
	},
	{
		name:    "nxos rejected the command",
		in:      showText("N9K-1# show vlan brif", "% Invalid command at '^' marker."),
		wantErr: `sw1/show.txt line 2: the device reported an error instead of show vlan brief output: % Invalid command at '^' marker.`,
	},
	{
		name:    "binary",
		in:      showVLANHdr + "\n\x1f\x8b\x08\x00\x00\x00",
		wantErr: `sw1/show.txt line 2: binary data (NUL byte), not show vlan brief output`,
	},
	{
		name:    "vlan id out of range",
		in:      showText(showVLANHdr, showVLANRule, "4095 reserved                         active"),
		wantErr: `sw1/show.txt line 3: "4095 reserved                         active" is not a VLAN row: VLAN ID "4095" is not a number 1-4094`,
	},
	{
		name:    "vlan id not a number",
		in:      showText(showVLANHdr, showVLANRule, "1    default                          active", "Total VLANs: 1"),
		wantErr: `sw1/show.txt line 4: "Total VLANs: 1" is not a VLAN row: VLAN ID "Total" is not a number 1-4094`,
	},
	{
		name:    "row without status",
		in:      showText(showVLANHdr, showVLANRule, "10   SERVERS"),
		wantErr: `sw1/show.txt line 3: VLAN 10 row has no name and status (active, suspended, act/..., sus/...)`,
	},
	{
		// Found by FuzzShowVLANBrief: a carriage return is no column
		// separator, so it stood in for the name, which trimmed to "".
		name:    "row whose name is a carriage return",
		in:      showText(showVLANHdr, showVLANRule, "10 \r active"),
		wantErr: `sw1/show.txt line 3: VLAN 10 row has no name before its status "active"`,
	},
	{
		name:    "continuation without row",
		in:      showText(showVLANHdr, showVLANRule, "                                                Gi1/0/1"),
		wantErr: `sw1/show.txt line 3: port list continuation "Gi1/0/1" with no VLAN row above it`,
	},
	{
		name:    "continuation after blank line",
		in:      showText(showVLANHdr, showVLANRule, "1    default                          active    Gi1/0/1", "", "                                                Gi1/0/2"),
		wantErr: `sw1/show.txt line 5: port list continuation "Gi1/0/2" with no VLAN row above it`,
	},
	{
		name:    "vlan twice",
		in:      showText(showVLANHdr, showVLANRule, "10   A                                active", "10   B                                active"),
		wantErr: `sw1/show.txt line 4: VLAN 10 listed twice (first on line 3)`,
	},
}

func TestParseShowVLANBrief(t *testing.T) {
	runShowCases(t, ParseShowVLANBrief, showVLANBriefTests)
}

func TestShowIsPrompt(t *testing.T) {
	for in, want := range map[string]bool{
		"sw1#":                         true,
		"sw1>":                         true,
		"sw1#show vlan brief":          true,
		"N95_1# show ip igmp snooping": true,
		"# show ip igmp snooping":      true,
		"sw1(config)#":                 true,
		"#":                            false,
		"sw1# configure terminal":      false,
		"10   VLAN#10    active":       false,
		"Gi1/0/1     1-10":             false,
		"IGMP querier none":            false,
	} {
		if got := showIsPrompt(in); got != want {
			t.Errorf("showIsPrompt(%q) = %v, want %v", in, got, want)
		}
	}
}

// BenchmarkParseShowVLANBrief reads a switch with every VLAN defined, one
// in ten with a wrapped port list.
func BenchmarkParseShowVLANBrief(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(showText(showVLANHdr, showVLANRule))
	for v := 1; v <= model.MaxVLAN; v++ {
		row := showPad(strconv.Itoa(v), 5) + showPad("VLAN"+strconv.Itoa(v), 33) + "active    "
		if v%10 != 0 {
			sb.WriteString(showText(row))
			continue
		}
		sb.WriteString(showText(
			row+"Gi1/0/1, Gi1/0/2, Gi1/0/3, Gi1/0/4, Gi1/0/5, Gi1/0/6",
			"                                                Gi1/0/7, Gi1/0/8",
		))
	}
	benchShow(b, ParseShowVLANBrief, IOSXE, sb.String())
}

func benchShow(b *testing.B, parse func(*model.Device, string, []byte) error, platform, text string) {
	in := []byte(text)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if err := parse(model.NewDevice("sw1", platform), showFile, in); err != nil {
			b.Fatal(err)
		}
	}
}

func showPad(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len(s))) }

func TestShowNamerMatchesCanonicalInterface(t *testing.T) {
	names := []string{"Gi1/0/1", "gi1/0/1", "Te1/1/1", "Fo3/1/1", "Ap1/0/1", "Po10", "Eth1/49", "e1/1", "Vl100",
		"pw100115", "Router", "1/0/1", "Gi 1/0/1", "Gi1/0/1\v", "Port-channel5", "port-channel5", "Fou1/0/31", "Twe1/0/1", "Xy1", "Gi", "-1", "Gi1é"}
	for _, platform := range Platforms {
		n := showNamer{platform: platform}
		for _, name := range names {
			for range 2 { // the second round hits the cache
				if got, want := n.canonical(name), CanonicalInterface(platform, name); got != want {
					t.Errorf("%s: canonical(%q) = %q, CanonicalInterface gives %q", platform, name, got, want)
				}
			}
		}
	}
}
