package cisco

import (
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

func getVLANs(d *model.Device) any { return d.VLANs }

func TestParseConfigVLANs(t *testing.T) { runCfgCases(t, vlanCases()) }

func vlanCases() []cfgCase {
	ios := cfg(
		"hostname sw1",
		"vtp mode transparent",
		"vlan 100",
		" name EFT-HA",
		"vlan 200",
		" state suspend",
		"vlan 300",
		" shutdown",
		"vlan 400-401",
		"vlan 500",
		" state suspend",
		" state active",
		"vlan internal allocation policy ascending",
		"interface GigabitEthernet1/0/1",
		"end",
	)
	nxos := cfg(
		"!Command: show running-config",
		"vlan 1,10,100",
		"vlan 100",
		"  name EFT-HA",
		"vlan 10",
		"  state suspend",
		"vlan dot1Q tag native",
		"interface Ethernet1/1",
	)
	return []cfgCase{
		{name: "ios", in: ios, get: getVLANs, want: map[int]*model.VLAN{
			100: {ID: 100, Name: "EFT-HA", Ref: cref(3, "vlan 100"), NameRef: crefp(4, " name EFT-HA")},
			200: {ID: 200, Ref: cref(5, "vlan 200"), Suspended: crefp(6, " state suspend")},
			300: {ID: 300, Ref: cref(7, "vlan 300"), Suspended: crefp(8, " shutdown")},
			400: {ID: 400, Ref: cref(9, "vlan 400-401")},
			401: {ID: 401, Ref: cref(9, "vlan 400-401")},
			500: {ID: 500, Ref: cref(10, "vlan 500")},
		}},
		{
			// NX-OS lists every VLAN on one line, then opens a block for
			// each one with settings: the block is the evidence.
			name: "nxos", platform: NXOS, in: nxos, get: getVLANs, want: map[int]*model.VLAN{
				1:   {ID: 1, Ref: cref(2, "vlan 1,10,100")},
				10:  {ID: 10, Ref: cref(5, "vlan 10"), Suspended: crefp(6, "  state suspend")},
				100: {ID: 100, Name: "EFT-HA", Ref: cref(3, "vlan 100"), NameRef: crefp(4, "  name EFT-HA")},
			},
		},
		{name: "nxos status", platform: NXOS, in: nxos,
			get: func(d *model.Device) any {
				return []model.VLANStatus{d.VLANStatus(100), d.VLANStatus(10), d.VLANStatus(20)}
			},
			want: []model.VLANStatus{{Presence: model.VLANActive, Refs: []model.Ref{cref(3, "vlan 100")}}, {Presence: model.VLANSuspended, Refs: []model.Ref{cref(5, "vlan 10"), cref(6, "  state suspend")}, Detail: "suspended"}, {Presence: model.VLANAbsent}}},
	}
}

func TestParseConfigVTP(t *testing.T) { runCfgCases(t, vtpCases()) }

func vtpCases() []cfgCase {
	get := func(d *model.Device) any { return d.VLANSource }
	const deflt = "runs VTP server mode (the default: the configuration has no \"vtp mode\" line)"
	server := model.VLANSource{Elsewhere: true, Why: deflt, Prove: "show vlan brief"}
	ios := func(line string) string {
		if line == "" {
			return cfg("hostname sw1", "interface GigabitEthernet1/0/1", "end")
		}
		return cfg("hostname sw1", line, "interface GigabitEthernet1/0/1", "end")
	}
	return []cfgCase{
		{name: "ios default", in: ios(""), get: get, want: server},
		{name: "ios server", in: ios("vtp mode server"), get: get, want: model.VLANSource{Elsewhere: true, Why: "runs VTP server mode", Prove: "show vlan brief", Ref: crefp(2, "vtp mode server")}},
		{name: "ios client", in: ios("vtp mode client"), get: get, want: model.VLANSource{Elsewhere: true, Learned: true, Origin: "the VTP server of its domain", Why: "runs VTP client mode", Prove: "show vlan brief", Ref: crefp(2, "vtp mode client")}},
		{name: "ios transparent", in: ios("vtp mode transparent"), get: get, want: model.VLANSource{Ref: crefp(2, "vtp mode transparent")}},
		{name: "ios off", in: ios("vtp mode off"), get: get, want: model.VLANSource{Ref: crefp(2, "vtp mode off")}},
		{name: "ios vtp3 vlan database", in: ios("vtp mode transparent vlan"), get: get, want: model.VLANSource{Ref: crefp(2, "vtp mode transparent vlan")}},
		{name: "ios vtp3 mst database", in: ios("vtp mode off mst"), get: get, want: server},
		{name: "ios other vtp lines", in: ios("vtp domain DC1"), get: get, want: server},
		{name: "ios vlan status unknown", in: cfg("hostname sw1", "vtp mode client", "vlan 100", "interface GigabitEthernet1/0/1", "end"),
			get:  func(d *model.Device) any { return d.VLANStatus(200) },
			want: model.VLANStatus{Refs: []model.Ref{cref(2, "vtp mode client")}}},
		{name: "nxos", platform: NXOS, in: cfg("!Command: show running-config", "feature vtp", "vtp mode transparent", "interface Ethernet1/1"),
			get: get, want: model.VLANSource{}},
	}
}

func TestParseConfigVLANMaps(t *testing.T) { runCfgCases(t, vlanMapCases()) }

func vlanMapCases() []cfgCase {
	ios := cfg(
		"hostname sw1",
		"ip access-list extended PGM",
		" permit 113 any any",
		"vlan access-map EFT 20",
		" match ip address ALL",
		" action forward",
		"vlan access-map EFT 10",
		" match ip address PGM OTHER",
		" action drop",
		"vlan access-map EFT 30",
		" action forward",
		"vlan access-map NONIP",
		" match mac address MACS",
		"vlan access-map EDIT 10",
		" match ip address FIRST",
		"vlan access-map EDIT 10",
		" action drop",
		"vlan access-map REDIR 10",
		" action redirect GigabitEthernet1/0/1",
		"vlan filter EFT vlan-list 100,200-210",
		"vlan filter NONIP vlan-list 300",
		"interface GigabitEthernet1/0/1",
		"end",
	)
	nxos := cfg(
		"!Command: show running-config",
		"vlan access-map VM-PROTECT 10",
		"  match ip address SMB-BLOCK",
		"  action drop",
		"  statistics per-entry",
		"vlan access-map VM-PROTECT 20",
		"  action forward",
		"vlan filter VM-PROTECT vlan-list 100",
		"interface Ethernet1/1",
	)
	getMap := func(name string) func(*model.Device) any {
		return func(d *model.Device) any { return d.VLANMaps[name] }
	}
	getFilters := func(d *model.Device) any { return d.VLANFilters }
	return []cfgCase{
		{name: "ios entries by sequence", in: ios, get: getMap("EFT"), want: &model.VLANMap{Name: "EFT", Entries: []*model.VLANMapEntry{
			{Seq: 10, Ref: cref(7, "vlan access-map EFT 10"), MatchIP: []string{"PGM", "OTHER"}, MatchRef: crefp(8, " match ip address PGM OTHER"), Drop: true, ActionRef: crefp(9, " action drop")},
			{Seq: 20, Ref: cref(4, "vlan access-map EFT 20"), MatchIP: []string{"ALL"}, MatchRef: crefp(5, " match ip address ALL"), ActionRef: crefp(6, " action forward")},
			{Seq: 30, Ref: cref(10, "vlan access-map EFT 30"), ActionRef: crefp(11, " action forward")},
		}}},
		{name: "ios default sequence and mac match", in: ios, get: getMap("NONIP"), want: &model.VLANMap{Name: "NONIP", Entries: []*model.VLANMapEntry{
			{Seq: 10, Ref: cref(12, "vlan access-map NONIP"), MatchMAC: true, MatchRef: crefp(13, " match mac address MACS")},
		}}},
		{
			// Opening an entry again edits it, as on the switch.
			name: "ios entry opened twice", in: ios, get: getMap("EDIT"), want: &model.VLANMap{Name: "EDIT", Entries: []*model.VLANMapEntry{
				{Seq: 10, Ref: cref(14, "vlan access-map EDIT 10"), MatchIP: []string{"FIRST"}, MatchRef: crefp(15, " match ip address FIRST"), Drop: true, ActionRef: crefp(17, " action drop")},
			}},
		},
		{name: "ios redirect drops for the VLAN", in: ios, get: getMap("REDIR"), want: &model.VLANMap{Name: "REDIR", Entries: []*model.VLANMapEntry{
			{Seq: 10, Ref: cref(18, "vlan access-map REDIR 10"), Drop: true, ActionRef: crefp(19, " action redirect GigabitEthernet1/0/1")},
		}}},
		{name: "ios filters", in: ios, get: getFilters, want: []*model.VLANFilter{
			{Map: "EFT", VLANs: vset("100,200-210"), Ref: cref(20, "vlan filter EFT vlan-list 100,200-210")},
			{Map: "NONIP", VLANs: vset("300"), Ref: cref(21, "vlan filter NONIP vlan-list 300")},
		}},
		{name: "nxos map", platform: NXOS, in: nxos, get: getMap("VM-PROTECT"), want: &model.VLANMap{Name: "VM-PROTECT", Entries: []*model.VLANMapEntry{
			{Seq: 10, Ref: cref(2, "vlan access-map VM-PROTECT 10"), MatchIP: []string{"SMB-BLOCK"}, MatchRef: crefp(3, "  match ip address SMB-BLOCK"), Drop: true, ActionRef: crefp(4, "  action drop")},
			{Seq: 20, Ref: cref(6, "vlan access-map VM-PROTECT 20"), ActionRef: crefp(7, "  action forward")},
		}}},
		{name: "nxos filter", platform: NXOS, in: nxos, get: getFilters, want: []*model.VLANFilter{
			{Map: "VM-PROTECT", VLANs: vset("100"), Ref: cref(8, "vlan filter VM-PROTECT vlan-list 100")},
		}},
	}
}
