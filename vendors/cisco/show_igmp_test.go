package cisco

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

const (
	showQuerierHdr  = "Vlan      IP Address               IGMP Version  Port              "
	showQuerierRule = "-------------------------------------------------------------"
)

var showQuerierRows = []string{
	"1         193.1.1.1                v2            Switch                   ",
	"10        192.1.1.1                v3            Fou1/0/31",
	"327       27.1.1.2                 v2            Router                   ",
	"637       37.1.1.1                 v1            Po47                     ",
	"801       3.1.1.4                  v2            pw100115                 ",
	"2127      2001:db8::1              v3            Router",
}

var showQuerierTests = []showCase{
	{
		name: "table",
		in:   showText(append([]string{showQuerierHdr, showQuerierRule}, showQuerierRows...)...),
		want: model.Oper{
			QuerierTableRef: showRefp(1, showQuerierHdr),
			Snooping: map[int]*model.OperSnooping{
				1:    {Querier: &model.OperQuerier{Address: netip.MustParseAddr("193.1.1.1"), Version: 2, Port: "Switch", Ref: showRef(3, showQuerierRows[0])}},
				10:   {Querier: &model.OperQuerier{Address: netip.MustParseAddr("192.1.1.1"), Version: 3, Port: "Fou1/0/31", Ref: showRef(4, showQuerierRows[1])}},
				327:  {Querier: &model.OperQuerier{Address: netip.MustParseAddr("27.1.1.2"), Version: 2, Port: "Router", Ref: showRef(5, showQuerierRows[2])}},
				637:  {Querier: &model.OperQuerier{Address: netip.MustParseAddr("37.1.1.1"), Version: 1, Port: "Po47", Ref: showRef(6, showQuerierRows[3])}},
				801:  {Querier: &model.OperQuerier{Address: netip.MustParseAddr("3.1.1.4"), Version: 2, Port: "pw100115", Ref: showRef(7, showQuerierRows[4])}},
				2127: {Querier: &model.OperQuerier{Address: netip.MustParseAddr("2001:db8::1"), Version: 3, Port: "Router", Ref: showRef(8, showQuerierRows[5])}},
			},
		},
	},
	{
		name: "empty table",
		in:   showText(showQuerierHdr, showQuerierRule),
		want: model.Oper{QuerierTableRef: showRefp(1, showQuerierHdr), Snooping: map[int]*model.OperSnooping{}},
	},
	{
		name: "crlf prompts and masked address",
		in: showCRLF(showText(
			"",
			"sw1#show ip igmp snooping querier",
			"Vlan      IP Address               IGMP Version  Port",
			showQuerierRule,
			"100       XXX.XXX.XXX.XXX          v2            Gi1/0/48",
			"sw1#",
		)),
		want: model.Oper{
			QuerierTableRef: showRefp(3, "Vlan      IP Address               IGMP Version  Port"),
			Snooping: map[int]*model.OperSnooping{
				100: {Querier: &model.OperQuerier{Version: 2, Port: "Gi1/0/48", Ref: showRef(5, "100       XXX.XXX.XXX.XXX          v2            Gi1/0/48")}},
			},
		},
	},
	{
		name: "merges with snooping state read before",
		pre: func(d *model.Device) {
			d.Oper.Snooping = map[int]*model.OperSnooping{
				100: {Enabled: &model.OperFlag{Enabled: true}},
				200: {Enabled: &model.OperFlag{Enabled: false}},
			}
		},
		in: showText(showQuerierHdr, showQuerierRule, "100       10.0.0.1                 v2            Router"),
		want: model.Oper{
			QuerierTableRef: showRefp(1, showQuerierHdr),
			Snooping: map[int]*model.OperSnooping{
				100: {Enabled: &model.OperFlag{Enabled: true}, Querier: &model.OperQuerier{Address: netip.MustParseAddr("10.0.0.1"), Version: 2, Port: "Router", Ref: showRef(3, "100       10.0.0.1                 v2            Router")}},
				200: {Enabled: &model.OperFlag{Enabled: false}},
			},
		},
	},
	{
		name:    "empty input",
		in:      "\n\n",
		wantErr: `sw1/show.txt: not show ip igmp snooping querier output: no "Vlan IP Address IGMP Version Port" header`,
	},
	{
		name:    "other output",
		in:      showText("Vlan      Group                    Type        Version     Port List", "-----------------------------------------------------------------------", "801       225.6.1.1                igmp        v2          pw100115"),
		wantErr: `sw1/show.txt: not show ip igmp snooping querier output: no "Vlan IP Address IGMP Version Port" header`,
	},
	{
		name:    "rejected",
		in:      showText("sw1#show ip igmp snooping querie", "% Invalid input detected at '^' marker."),
		wantErr: `sw1/show.txt line 2: the device reported an error instead of show ip igmp snooping querier output: % Invalid input detected at '^' marker.`,
	},
	{
		name:    "binary",
		in:      showQuerierHdr + "\n" + showQuerierRule + "\n1 \x00",
		wantErr: `sw1/show.txt line 3: binary data (NUL byte), not show ip igmp snooping querier output`,
	},
	{
		name:    "bad vlan",
		in:      showText(showQuerierHdr, showQuerierRule, "0         10.0.0.1                 v2            Router"),
		wantErr: `sw1/show.txt line 3: "0         10.0.0.1                 v2            Router" is not a querier row: VLAN "0" is not a number 1-4094`,
	},
	{
		name:    "bad address",
		in:      showText(showQuerierHdr, showQuerierRule, "10        10.0.0                   v2            Router"),
		wantErr: `sw1/show.txt line 3: querier of VLAN 10: "10.0.0" is not an IP address`,
	},
	{
		name:    "bad version",
		in:      showText(showQuerierHdr, showQuerierRule, "10        10.0.0.1                 v4            Router"),
		wantErr: `sw1/show.txt line 3: querier of VLAN 10: "v4" is not an IGMP version (v1, v2, v3)`,
	},
	{
		name:    "missing column",
		in:      showText(showQuerierHdr, showQuerierRule, "10        10.0.0.1                 v2"),
		wantErr: `sw1/show.txt line 3: "10        10.0.0.1                 v2" is not a querier row (want Vlan, IP Address, IGMP Version, Port)`,
	},
	{
		name:    "vlan twice",
		in:      showText(showQuerierHdr, showQuerierRule, "10        10.0.0.1                 v2            Router", "10        10.0.0.2                 v2            Po1"),
		wantErr: `sw1/show.txt line 4: VLAN 10 listed twice (first on line 3)`,
	},
}

func TestParseShowIPIGMPSnoopingQuerier(t *testing.T) {
	runShowCases(t, ParseShowIPIGMPSnoopingQuerier, showQuerierTests)
}

func showFlag(on bool, line int, text string) *model.OperFlag {
	return &model.OperFlag{Enabled: on, Ref: showRef(line, text)}
}

// showNXSnooping is NX-OS output with the global block and VLANs without a
// querier, with an external one and with an idle switch querier.
var showNXSnooping = showText(
	"",
	"N95_1# show ip igmp snooping",
	"Global IGMP Snooping Information:",
	"  IGMP Snooping enabled",
	"  IGMPv1/v2 Report Suppression enabled",
	"  IGMPv3 Report Suppression disabled",
	"",
	"IGMP Snooping information for vlan 1",
	"  IGMP snooping enabled",
	"  Lookup mode: IP",
	"  IGMP querier none",
	"  Switch-querier disabled",
	"  Number of router-ports: 1",
	"  Active ports:",
	"    Po20        Po30",
	"",
	"IGMP Snooping information for vlan 100",
	"  IGMP snooping enabled",
	"  Lookup mode: IP",
	"  IGMP querier present, address: 10.51.1.1, version: 2, i/f Vlan100",
	"  Querier interval: 125 secs",
	"  Switch-querier disabled",
	"  Report Flooding: Disabled",
	"",
	"IGMP Snooping information for vlan 461",
	"  IGMP snooping disabled",
	"  IGMP querier present, address: 1.2.3.200, version: 3, i/f Vlan461",
	"  Switch-querier enabled, address 1.2.3.200, currently not running",
	"",
)

// showNXSnoopingFlat has no indentation, a bare "#" prompt, a masked address
// and a running switch querier.
var showNXSnoopingFlat = showText(
	"# show ip igmp snooping",
	"",
	"Global IGMP Snooping Information:",
	"IGMP Snooping disabled",
	"Optimised Multicast Flood (OMF) enabled",
	"",
	"IGMP Snooping information for vlan 2141",
	"IGMP snooping enabled",
	"IGMP querier present, address: XXX.XXX.XXX.XXX, version: 3",
	"Switch-querier enabled, address XXX.XXX.XXX.XXX, currently running",
	"Interfaces for Report Flooding: n/a ",
)

// showXESnooping is IOS-XE output: label : value lines, padded or not.
var showXESnooping = showText(
	"Global IGMP Snooping configuration:",
	"-------------------------------------------",
	"IGMP snooping                : Enabled",
	"Global PIM Snooping          : Disabled",
	"IGMPv3 snooping              : Enabled",
	"Last member query interval   : 1000",
	"",
	"Vlan 1:",
	"--------",
	"IGMP snooping : Disabled",
	"Pim Snooping                        : Disabled",
	"Multicast router learning mode      : pim-dvmrp",
	"",
	"Topology change                     : No",
	"Vlan 10:",
	"--------",
	"IGMP snooping                       : Enabled",
	"IGMPv2 immediate leave              : Enabled",
	"Vlan 11:",
	"IGMP snooping: Disabled (by configuration)",
	"IGMP snoopingly : Enabled",
)

// showOldIOSSnooping is the older wording with admin and operational state.
var showOldIOSSnooping = showText(
	"Global IGMP Snooping configuration:",
	"-----------------------------------",
	"IGMP snooping Admin State   : Enabled",
	"IGMP snooping Oper State    : Enabled",
	"",
	"Vlan 20:",
	"--------",
	"IGMP snooping Admin State           : Enabled",
	"IGMP snooping Oper State            : Disabled",
	"",
	"Vlan 30:",
	"--------",
	"IGMP snooping Oper State            : Enabled",
	"IGMP snooping Admin State           : Disabled",
)

var showSnoopingTests = []showCase{
	{
		name:     "nxos",
		platform: NXOS,
		in:       showNXSnooping,
		want: model.Oper{
			SnoopingGlobal: showFlag(true, 4, "  IGMP Snooping enabled"),
			Snooping: map[int]*model.OperSnooping{
				1: {
					Enabled:       showFlag(true, 9, "  IGMP snooping enabled"),
					NoQuerier:     showRefp(11, "  IGMP querier none"),
					SwitchQuerier: showFlag(false, 12, "  Switch-querier disabled"),
				},
				100: {
					Enabled: showFlag(true, 18, "  IGMP snooping enabled"),
					Querier: &model.OperQuerier{Address: netip.MustParseAddr("10.51.1.1"), Version: 2, Port: "Vlan100",
						Ref: showRef(20, "  IGMP querier present, address: 10.51.1.1, version: 2, i/f Vlan100")},
					SwitchQuerier: showFlag(false, 22, "  Switch-querier disabled"),
				},
				461: {
					Enabled: showFlag(false, 26, "  IGMP snooping disabled"),
					Querier: &model.OperQuerier{Address: netip.MustParseAddr("1.2.3.200"), Version: 3, Port: "Vlan461",
						Ref: showRef(27, "  IGMP querier present, address: 1.2.3.200, version: 3, i/f Vlan461")},
					SwitchQuerier: showFlag(false, 28, "  Switch-querier enabled, address 1.2.3.200, currently not running"),
				},
			},
		},
	},
	{
		name:     "nxos unindented masked",
		platform: NXOS,
		in:       showNXSnoopingFlat,
		want: model.Oper{
			SnoopingGlobal: showFlag(false, 4, "IGMP Snooping disabled"),
			Snooping: map[int]*model.OperSnooping{
				2141: {
					Enabled:       showFlag(true, 8, "IGMP snooping enabled"),
					Querier:       &model.OperQuerier{Version: 3, Ref: showRef(9, "IGMP querier present, address: XXX.XXX.XXX.XXX, version: 3")},
					SwitchQuerier: showFlag(true, 10, "Switch-querier enabled, address XXX.XXX.XXX.XXX, currently running"),
				},
			},
		},
	},
	{
		name:     "nxos one vlan crlf",
		platform: NXOS,
		in: showCRLF(showText(
			"N9K-1# show ip igmp snooping vlan 100",
			"IGMP Snooping information for vlan 100",
			"  IGMP snooping enabled",
			"  IGMP querier none",
			"  Switch-querier disabled",
			"N9K-1# ",
		)),
		want: model.Oper{
			Snooping: map[int]*model.OperSnooping{
				100: {
					Enabled:       showFlag(true, 3, "  IGMP snooping enabled"),
					NoQuerier:     showRefp(4, "  IGMP querier none"),
					SwitchQuerier: showFlag(false, 5, "  Switch-querier disabled"),
				},
			},
		},
	},
	{
		name: "iosxe",
		in:   showXESnooping,
		want: model.Oper{
			SnoopingGlobal: showFlag(true, 3, "IGMP snooping                : Enabled"),
			Snooping: map[int]*model.OperSnooping{
				1:  {Enabled: showFlag(false, 10, "IGMP snooping : Disabled")},
				10: {Enabled: showFlag(true, 17, "IGMP snooping                       : Enabled")},
				11: {Enabled: showFlag(false, 20, "IGMP snooping: Disabled (by configuration)")},
			},
		},
	},
	{
		name:     "older ios admin and oper state",
		platform: IOS,
		in:       showOldIOSSnooping,
		want: model.Oper{
			SnoopingGlobal: showFlag(true, 4, "IGMP snooping Oper State    : Enabled"),
			Snooping: map[int]*model.OperSnooping{
				20: {Enabled: showFlag(false, 9, "IGMP snooping Oper State            : Disabled")},
				30: {Enabled: showFlag(true, 13, "IGMP snooping Oper State            : Enabled")},
			},
		},
	},
	{
		name: "merges with querier table read before",
		pre: func(d *model.Device) {
			d.Oper.QuerierTableRef = &model.Ref{File: "q.txt", Line: 1}
			d.Oper.Snooping = map[int]*model.OperSnooping{10: {Querier: &model.OperQuerier{Version: 2, Port: "Router"}}}
		},
		in: showXESnooping,
		want: model.Oper{
			QuerierTableRef: &model.Ref{File: "q.txt", Line: 1},
			SnoopingGlobal:  showFlag(true, 3, "IGMP snooping                : Enabled"),
			Snooping: map[int]*model.OperSnooping{
				1:  {Enabled: showFlag(false, 10, "IGMP snooping : Disabled")},
				10: {Enabled: showFlag(true, 17, "IGMP snooping                       : Enabled"), Querier: &model.OperQuerier{Version: 2, Port: "Router"}},
				11: {Enabled: showFlag(false, 20, "IGMP snooping: Disabled (by configuration)")},
			},
		},
	},
	{
		name:    "empty",
		in:      "",
		wantErr: `sw1/show.txt: not show ip igmp snooping output: no "Global IGMP Snooping", "IGMP Snooping information for vlan N" or "Vlan N:" header`,
	},
	{
		name:    "querier table is not this output",
		in:      showText(showQuerierHdr, showQuerierRule, showQuerierRows[0]),
		wantErr: `sw1/show.txt: not show ip igmp snooping output: no "Global IGMP Snooping", "IGMP Snooping information for vlan N" or "Vlan N:" header`,
	},
	{
		name:     "nxos rejected",
		platform: NXOS,
		in:       showText("N9K-1# show ip igmp snoping", "                        ^", "% Invalid command at '^' marker."),
		wantErr:  `sw1/show.txt line 3: the device reported an error instead of show ip igmp snooping output: % Invalid command at '^' marker.`,
	},
	{
		name:    "binary",
		in:      "Global IGMP Snooping Information:\n\x00",
		wantErr: `sw1/show.txt line 2: binary data (NUL byte), not show ip igmp snooping output`,
	},
	{
		name:    "bad vlan",
		in:      showText("IGMP Snooping information for vlan 5000", "  IGMP snooping enabled"),
		wantErr: `sw1/show.txt line 1: VLAN "5000" is not a number 1-4094`,
	},
	{
		name:    "vlan twice",
		in:      showText("Vlan 10:", "IGMP snooping : Enabled", "Vlan 10:"),
		wantErr: `sw1/show.txt line 3: VLAN 10 has a second block`,
	},
	{
		name:    "querier without version",
		in:      showText("IGMP Snooping information for vlan 10", "  IGMP querier present, address: 10.1.1.1"),
		wantErr: `sw1/show.txt line 2: querier line "present, address: 10.1.1.1" lacks an address or a version`,
	},
	{
		name:    "querier bad address",
		in:      showText("IGMP Snooping information for vlan 10", "  IGMP querier present, address: 10.1.1, version: 2"),
		wantErr: `sw1/show.txt line 2: querier address "10.1.1" is not an IP address`,
	},
	{
		name:    "querier bad version",
		in:      showText("IGMP Snooping information for vlan 10", "  IGMP querier present, address: 10.1.1.1, version: 9"),
		wantErr: `sw1/show.txt line 2: querier version "9" is not an IGMP version 1-3`,
	},
	{
		name:    "querier unknown state",
		in:      showText("IGMP Snooping information for vlan 10", "  IGMP querier absent"),
		wantErr: `sw1/show.txt line 2: cannot read querier state "absent" (want "none" or "present, address: A, version: N")`,
	},
	{
		name:    "switch querier unknown state",
		in:      showText("IGMP Snooping information for vlan 10", "  Switch-querier enabled, address 10.1.1.1"),
		wantErr: `sw1/show.txt line 2: cannot read switch-querier state "enabled, address 10.1.1.1" (want "disabled" or "enabled, address A, currently running|not running")`,
	},
}

func TestParseShowIPIGMPSnooping(t *testing.T) {
	runShowCases(t, ParseShowIPIGMPSnooping, showSnoopingTests)
}

func TestShowIGMPVersion(t *testing.T) {
	for in, want := range map[string]int{"v1": 1, "v2": 2, "V3": 3, "2": 2, "v4": 0, "v": 0, "": 0, "v22": 0, "+2": 0} {
		got, ok := showIGMPVersion(in)
		if !ok {
			got = 0
		}
		if got != want {
			t.Errorf("showIGMPVersion(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}

func BenchmarkParseShowIPIGMPSnooping(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(showNXSnooping)
	block := showNXSnooping[strings.Index(showNXSnooping, "  IGMP snooping enabled\n  Lookup"):strings.Index(showNXSnooping, "IGMP Snooping information for vlan 100")]
	for v := 2; v <= model.MaxVLAN; v++ {
		if v == 100 || v == 461 {
			continue
		}
		sb.WriteString("IGMP Snooping information for vlan " + strconv.Itoa(v) + "\n" + block)
	}
	benchShow(b, ParseShowIPIGMPSnooping, NXOS, sb.String())
}

func BenchmarkParseShowIPIGMPSnoopingQuerier(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(showText(showQuerierHdr, showQuerierRule))
	for v := 1; v <= model.MaxVLAN; v++ {
		sb.WriteString(showText(showPad(strconv.Itoa(v), 10) + showPad("10.0."+strconv.Itoa(v/256)+"."+strconv.Itoa(v%256), 25) + "v2            Po47                     "))
	}
	benchShow(b, ParseShowIPIGMPSnoopingQuerier, IOSXE, sb.String())
}
