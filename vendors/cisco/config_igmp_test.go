package cisco

import (
	"net/netip"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/model"
)

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

func TestParseConfigSnooping(t *testing.T) { runCfgCases(t, snoopingCases()) }

func snoopingCases() []cfgCase {
	return []cfgCase{
		{
			name: "ios global off",
			in: cfg(
				"hostname sw1",
				"no ip igmp snooping",
				"interface GigabitEthernet1/0/1",
				"end",
			),
			get:  getSnooping,
			want: model.Snooping{Disabled: crefp(2, "no ip igmp snooping")},
		},
		{
			name: "ios global off then on",
			in: cfg(
				"hostname sw1",
				"no ip igmp snooping",
				"ip igmp snooping",
				"interface GigabitEthernet1/0/1",
				"end",
			),
			get:  getSnooping,
			want: model.Snooping{Enabled: crefp(3, "ip igmp snooping")},
		},
		{
			name: "ios per vlan",
			in: cfg(
				"hostname sw1",
				"no ip igmp snooping vlan 100",
				"no ip igmp snooping vlan 200-201,300",
				"ip igmp snooping vlan 201",
				"ip igmp snooping vlan 400 immediate-leave",
				"no ip igmp snooping report-suppression",
				"ip igmp snooping vlan 500 mrouter interface GigabitEthernet1/0/1",
				"interface GigabitEthernet1/0/1",
				"end",
			),
			get: getSnooping,
			want: model.Snooping{VLANs: map[int]*model.VLANSnooping{
				100: {Disabled: crefp(2, "no ip igmp snooping vlan 100")},
				200: {Disabled: crefp(3, "no ip igmp snooping vlan 200-201,300")},
				201: {Enabled: crefp(4, "ip igmp snooping vlan 201")},
				300: {Disabled: crefp(3, "no ip igmp snooping vlan 200-201,300")},
				400: {},
				500: {},
			}},
		},
		{
			name:     "nxos global off",
			platform: NXOS,
			in: cfg(
				"!Command: show running-config",
				"!Time: Thu Nov 19 16:42:10 2026",
				"",
				"feature interface-vlan",
				"no ip igmp snooping",
				"interface Ethernet1/1",
			),
			get:  getSnooping,
			want: model.Snooping{Disabled: crefp(5, "no ip igmp snooping")},
		},
		{
			name:     "nxos vlan configuration",
			platform: NXOS,
			in: cfg(
				"!Command: show running-config",
				"!Time: Thu Nov 19 16:42:10 2026",
				"",
				"feature interface-vlan",
				"vlan configuration 100",
				"  no ip igmp snooping",
				"vlan configuration 101-102,200",
				"  no ip igmp snooping",
				"  ip igmp snooping last-member-query-interval 1",
				"  ip igmp snooping-foo",
				"interface Ethernet1/1",
			),
			get: getSnooping,
			want: model.Snooping{VLANs: map[int]*model.VLANSnooping{
				100: {Disabled: crefp(6, "  no ip igmp snooping")},
				101: {Disabled: crefp(8, "  no ip igmp snooping")},
				102: {Disabled: crefp(8, "  no ip igmp snooping")},
				200: {Disabled: crefp(8, "  no ip igmp snooping")},
			}},
		},
		{
			// The older NX-OS form: snooping lines inside the vlan block.
			name:     "nxos vlan block",
			platform: NXOS,
			in: cfg(
				"!Command: show running-config",
				"vlan 1,100,200",
				"vlan 100",
				"  name EFT-HA",
				"  ip igmp snooping querier 10.1.1.5",
				"vlan 200",
				"  no ip igmp snooping",
				"interface Ethernet1/1",
			),
			get: getSnooping,
			want: model.Snooping{VLANs: map[int]*model.VLANSnooping{
				100: {Querier: model.Querier{Enabled: crefp(5, "  ip igmp snooping querier 10.1.1.5"), Address: addr("10.1.1.5"), AddressRef: crefp(5, "  ip igmp snooping querier 10.1.1.5")}},
				200: {Disabled: crefp(7, "  no ip igmp snooping")},
			}},
		},
	}
}

func TestParseConfigQuerier(t *testing.T) { runCfgCases(t, querierCases()) }

func querierCases() []cfgCase {
	return []cfgCase{
		{
			name: "ios global",
			in: cfg(
				"hostname sw1",
				"ip igmp snooping querier",
				"interface GigabitEthernet1/0/1",
				"end",
			),
			get:  getSnooping,
			want: model.Snooping{Querier: model.Querier{Enabled: crefp(2, "ip igmp snooping querier")}},
		},
		{
			name: "ios global with address and version",
			in: cfg(
				"hostname sw1",
				"ip igmp snooping querier",
				"ip igmp snooping querier address 10.10.100.2",
				"ip igmp snooping querier version 1",
				"ip igmp snooping querier query-interval 60",
				"ip igmp snooping querier max-response-time 10",
				"ip igmp snooping querier timer expiry 300",
				"ip igmp snooping querier tcn query count 10",
				"interface GigabitEthernet1/0/1",
				"end",
			),
			get: getSnooping,
			want: model.Snooping{Querier: model.Querier{
				Enabled: crefp(2, "ip igmp snooping querier"),
				Address: addr("10.10.100.2"), AddressRef: crefp(3, "ip igmp snooping querier address 10.10.100.2"),
				Version: 1, VersionRef: crefp(4, "ip igmp snooping querier version 1"),
				Interval: time.Minute, IntervalRef: crefp(5, "ip igmp snooping querier query-interval 60"),
			}},
		},
		{
			// An address alone does not turn the querier on.
			name: "ios address without querier",
			in: cfg(
				"hostname sw1",
				"ip igmp snooping querier address 10.10.100.2",
				"interface GigabitEthernet1/0/1",
				"end",
			),
			get: getSnooping,
			want: model.Snooping{Querier: model.Querier{
				Address: addr("10.10.100.2"), AddressRef: crefp(2, "ip igmp snooping querier address 10.10.100.2"),
			}},
		},
		{
			name: "ios no querier",
			in: cfg(
				"hostname sw1",
				"no ip igmp snooping querier",
				"interface GigabitEthernet1/0/1",
				"end",
			),
			get:  getSnooping,
			want: model.Snooping{Querier: model.Querier{Disabled: crefp(2, "no ip igmp snooping querier")}},
		},
		{
			name: "ios querier then no querier",
			in: cfg(
				"hostname sw1",
				"ip igmp snooping querier",
				"ip igmp snooping querier version 2",
				"no ip igmp snooping querier",
				"no ip igmp snooping querier version",
				"interface GigabitEthernet1/0/1",
				"end",
			),
			get:  getSnooping,
			want: model.Snooping{Querier: model.Querier{Disabled: crefp(4, "no ip igmp snooping querier")}},
		},
		{
			name: "iosxe per vlan",
			in: cfg(
				"hostname sw1",
				"ip igmp snooping vlan 100 querier",
				"ip igmp snooping vlan 100 querier address 10.10.100.2",
				"ip igmp snooping vlan 100 querier version 2",
				"no ip igmp snooping vlan 200 querier",
				"ip igmp snooping vlan 300 querier address 10.10.30.2",
				"no ip igmp snooping vlan 300 querier address",
				"interface GigabitEthernet1/0/1",
				"end",
			),
			get: getSnooping,
			want: model.Snooping{VLANs: map[int]*model.VLANSnooping{
				100: {Querier: model.Querier{
					Enabled: crefp(2, "ip igmp snooping vlan 100 querier"),
					Address: addr("10.10.100.2"), AddressRef: crefp(3, "ip igmp snooping vlan 100 querier address 10.10.100.2"),
					Version: 2, VersionRef: crefp(4, "ip igmp snooping vlan 100 querier version 2"),
				}},
				200: {Querier: model.Querier{Disabled: crefp(5, "no ip igmp snooping vlan 200 querier")}},
				300: {},
			}},
		},
		{
			name:     "nxos vlan configuration",
			platform: NXOS,
			in: cfg(
				"!Command: show running-config",
				"feature interface-vlan",
				"vlan configuration 100",
				"  ip igmp snooping querier 10.10.100.5",
				"  ip igmp snooping query-interval 60",
				"  ip igmp snooping version 3",
				"interface Ethernet1/1",
			),
			get: getSnooping,
			want: model.Snooping{VLANs: map[int]*model.VLANSnooping{
				100: {Querier: model.Querier{
					Enabled: crefp(4, "  ip igmp snooping querier 10.10.100.5"),
					Address: addr("10.10.100.5"), AddressRef: crefp(4, "  ip igmp snooping querier 10.10.100.5"),
					Interval: time.Minute, IntervalRef: crefp(5, "  ip igmp snooping query-interval 60"),
				}},
			}},
		},
		{
			name:     "nxos vlan configuration range",
			platform: NXOS,
			in: cfg(
				"!Command: show running-config",
				"vlan configuration 100-102,200",
				"  ip igmp snooping querier 10.10.100.5",
				"vlan configuration 102",
				"  no ip igmp snooping querier 10.10.100.5",
				"interface Ethernet1/1",
			),
			get: getSnooping,
			want: func() model.Snooping {
				q := model.Querier{
					Enabled: crefp(3, "  ip igmp snooping querier 10.10.100.5"),
					Address: addr("10.10.100.5"), AddressRef: crefp(3, "  ip igmp snooping querier 10.10.100.5"),
				}
				return model.Snooping{VLANs: map[int]*model.VLANSnooping{
					100: {Querier: q}, 101: {Querier: q}, 200: {Querier: q},
					102: {Querier: model.Querier{Disabled: crefp(5, "  no ip igmp snooping querier 10.10.100.5")}},
				}}
			}(),
		},
	}
}
