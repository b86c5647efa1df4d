package cisco

import (
	"net/netip"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

func TestParseConfigSVI(t *testing.T) { runCfgCases(t, sviCases()) }

func sviCases() []cfgCase {
	ios := cfg(
		"hostname sw1",
		"ip multicast-routing",
		"interface Vlan100",
		" description EFT-HA cluster",
		" ip address 10.10.100.1 255.255.255.0",
		" ip address 10.10.101.1 255.255.255.0 secondary",
		" ip pim sparse-mode",
		" ip igmp version 3",
		"interface Vlan200",
		" ip address 10.10.200.1 255.255.255.0",
		" ip igmp version 1",
		" shutdown",
		"interface Vlan300",
		" no ip address",
		" ip pim dense-mode",
		" ip igmp version 2",
		"end",
	)
	nxos := cfg(
		"!Command: show running-config",
		"feature interface-vlan",
		"feature pim",
		"interface Vlan100",
		"  no shutdown",
		"  ip address 10.10.100.1/24",
		"  ip pim sparse-mode",
		"  ip igmp version 2",
		"interface Vlan200",
		"  ip address 10.10.200.1/24",
		"  ip igmp version 3",
		"interface Vlan300",
		"  no shutdown",
		"  shutdown",
	)
	svi := func(v int, name string, ref model.Ref) *model.Interface {
		i := port(name, ref)
		i.SVI, i.Routed = v, true
		return i
	}
	return []cfgCase{
		{
			name: "ios multicast-routing", in: ios,
			get:  func(d *model.Device) any { return d.MulticastRouting },
			want: crefp(2, "ip multicast-routing"),
		},
		{
			name: "ios pim igmpv3", in: ios, get: getIface("Vlan100"),
			want: func() *model.Interface {
				i := svi(100, "Vlan100", cref(3, "interface Vlan100"))
				i.Description = "EFT-HA cluster"
				i.IPv4 = []netip.Prefix{pfx("10.10.100.1/24"), pfx("10.10.101.1/24")}
				i.IPv4Ref = crefp(5, " ip address 10.10.100.1 255.255.255.0")
				i.PIM, i.PIMRef = "sparse-mode", crefp(7, " ip pim sparse-mode")
				i.IGMPVer, i.IGMPVerRef = 3, crefp(8, " ip igmp version 3")
				return i
			}(),
		},
		{
			name: "ios shutdown igmpv1", in: ios, get: getIface("Vlan200"),
			want: func() *model.Interface {
				i := svi(200, "Vlan200", cref(9, "interface Vlan200"))
				i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.10.200.1/24")}, crefp(10, " ip address 10.10.200.1 255.255.255.0")
				i.IGMPVer, i.IGMPVerRef = 1, crefp(11, " ip igmp version 1")
				i.Shutdown, i.ShutdownRef = true, crefp(12, " shutdown")
				return i
			}(),
		},
		{
			name: "ios no address dense-mode", in: ios, get: getIface("Vlan300"),
			want: func() *model.Interface {
				i := svi(300, "Vlan300", cref(13, "interface Vlan300"))
				i.PIM, i.PIMRef = "dense-mode", crefp(15, " ip pim dense-mode")
				i.IGMPVer, i.IGMPVerRef = 2, crefp(16, " ip igmp version 2")
				return i
			}(),
		},
		{
			name: "nxos no shutdown", platform: NXOS, in: nxos, get: getIface("Vlan100"),
			want: func() *model.Interface {
				i := svi(100, "Vlan100", cref(4, "interface Vlan100"))
				i.ShutdownRef = crefp(5, "  no shutdown")
				i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.10.100.1/24")}, crefp(6, "  ip address 10.10.100.1/24")
				i.PIM, i.PIMRef = "sparse-mode", crefp(7, "  ip pim sparse-mode")
				i.IGMPVer, i.IGMPVerRef = 2, crefp(8, "  ip igmp version 2")
				return i
			}(),
		},
		{
			// NX-OS creates SVIs shut: no line says so.
			name: "nxos default shutdown", platform: NXOS, in: nxos, get: getIface("Vlan200"),
			want: func() *model.Interface {
				i := svi(200, "Vlan200", cref(9, "interface Vlan200"))
				i.Shutdown = true
				i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.10.200.1/24")}, crefp(10, "  ip address 10.10.200.1/24")
				i.IGMPVer, i.IGMPVerRef = 3, crefp(11, "  ip igmp version 3")
				return i
			}(),
		},
		{
			name: "nxos last admin line wins", platform: NXOS, in: nxos, get: getIface("Vlan300"),
			want: func() *model.Interface {
				i := svi(300, "Vlan300", cref(12, "interface Vlan300"))
				i.Shutdown, i.ShutdownRef = true, crefp(14, "  shutdown")
				return i
			}(),
		},
		{
			name: "ios multicast-routing distributed",
			in:   cfg("hostname sw1", "ip multicast-routing vrf BLUE", "ip multicast-routing distributed", "interface Vlan100", "end"),
			get:  func(d *model.Device) any { return d.MulticastRouting },
			want: crefp(3, "ip multicast-routing distributed"),
		},
		{
			name: "nxos has no multicast-routing line", platform: NXOS, in: nxos,
			get:  func(d *model.Device) any { return d.MulticastRouting },
			want: (*model.Ref)(nil),
		},
	}
}

// iosTrunks exercises every form of the allowed list.
var iosTrunks = cfg(
	"hostname sw1",
	"interface GigabitEthernet1/0/1",
	" switchport trunk allowed vlan 10,20",
	" switchport trunk allowed vlan add 30-40",
	" switchport trunk allowed vlan remove 20",
	" switchport mode trunk",
	"interface GigabitEthernet1/0/2",
	" switchport trunk allowed vlan except 1-99",
	" switchport mode trunk",
	"interface GigabitEthernet1/0/3",
	" switchport trunk allowed vlan none",
	" switchport trunk allowed vlan add 100",
	" switchport mode trunk",
	"interface GigabitEthernet1/0/4",
	" switchport trunk allowed vlan 10",
	" switchport trunk allowed vlan all",
	" switchport mode trunk",
	"interface GigabitEthernet1/0/5",
	" switchport mode trunk",
	"interface TenGigabitEthernet1/1/1",
	" switchport trunk native vlan 99",
	" switchport trunk allowed vlan 1-10,20,30,40,50,60,70,80,90,100,110,120,130,140,150,160,170,180,190,200",
	" switchport trunk allowed vlan add 210,220,230,240,250,260,270,280,290,300,310,320,330,340,350,360",
	" switchport trunk allowed vlan add 1000-1100",
	" switchport mode trunk",
	" channel-group 1 mode active",
	"interface Port-channel1",
	" switchport trunk allowed vlan 100",
	" switchport trunk allowed vlan add 200",
	" switchport mode trunk",
	"interface GigabitEthernet1/0/6",
	" switchport trunk allowed vlan none",
	" switchport mode trunk",
	"end",
)

func TestParseConfigTrunks(t *testing.T) { runCfgCases(t, trunkCases()) }

func trunkCases() []cfgCase {
	trunk := func(name string, ref model.Ref, modeRef *model.Ref, allowed string, refs ...model.Ref) *model.Interface {
		i := port(name, ref)
		i.Mode, i.ModeRef = model.ModeTrunk, modeRef
		if allowed == "none" {
			i.Allowed = model.VLANSet{}
		} else {
			i.Allowed = vset(allowed)
		}
		i.AllowedRefs = refs
		return i
	}
	return []cfgCase{
		{name: "list add remove", in: iosTrunks, get: getIface("GigabitEthernet1/0/1"),
			want: trunk("GigabitEthernet1/0/1", cref(2, "interface GigabitEthernet1/0/1"), crefp(6, " switchport mode trunk"), "10,30-40",
				cref(3, " switchport trunk allowed vlan 10,20"),
				cref(4, " switchport trunk allowed vlan add 30-40"),
				cref(5, " switchport trunk allowed vlan remove 20"))},
		{name: "except", in: iosTrunks, get: getIface("GigabitEthernet1/0/2"),
			want: trunk("GigabitEthernet1/0/2", cref(7, "interface GigabitEthernet1/0/2"), crefp(9, " switchport mode trunk"), "100-4094",
				cref(8, " switchport trunk allowed vlan except 1-99"))},
		{name: "none then add", in: iosTrunks, get: getIface("GigabitEthernet1/0/3"),
			want: trunk("GigabitEthernet1/0/3", cref(10, "interface GigabitEthernet1/0/3"), crefp(13, " switchport mode trunk"), "100",
				cref(11, " switchport trunk allowed vlan none"),
				cref(12, " switchport trunk allowed vlan add 100"))},
		{name: "all", in: iosTrunks, get: getIface("GigabitEthernet1/0/4"),
			want: trunk("GigabitEthernet1/0/4", cref(14, "interface GigabitEthernet1/0/4"), crefp(17, " switchport mode trunk"), "1-4094",
				cref(15, " switchport trunk allowed vlan 10"),
				cref(16, " switchport trunk allowed vlan all"))},
		{name: "default is all", in: iosTrunks, get: getIface("GigabitEthernet1/0/5"),
			want: trunk("GigabitEthernet1/0/5", cref(18, "interface GigabitEthernet1/0/5"), crefp(19, " switchport mode trunk"), "1-4094")},
		{name: "wrapped list", in: iosTrunks, get: getIface("TenGigabitEthernet1/1/1"),
			want: func() *model.Interface {
				i := trunk("TenGigabitEthernet1/1/1", cref(20, "interface TenGigabitEthernet1/1/1"), crefp(25, " switchport mode trunk"),
					"1-10,20,30,40,50,60,70,80,90,100,110,120,130,140,150,160,170,180,190,200,210,220,230,240,250,260,270,280,290,300,310,320,330,340,350,360,1000-1100",
					cref(22, " switchport trunk allowed vlan 1-10,20,30,40,50,60,70,80,90,100,110,120,130,140,150,160,170,180,190,200"),
					cref(23, " switchport trunk allowed vlan add 210,220,230,240,250,260,270,280,290,300,310,320,330,340,350,360"),
					cref(24, " switchport trunk allowed vlan add 1000-1100"))
				i.NativeVLAN = 99
				i.Bundle, i.BundleRef = "Port-channel1", crefp(26, " channel-group 1 mode active")
				return i
			}()},
		{name: "port-channel", in: iosTrunks, get: getIface("Port-channel1"),
			want: trunk("Port-channel1", cref(27, "interface Port-channel1"), crefp(30, " switchport mode trunk"), "100,200",
				cref(28, " switchport trunk allowed vlan 100"),
				cref(29, " switchport trunk allowed vlan add 200"))},
		{name: "none", in: iosTrunks, get: getIface("GigabitEthernet1/0/6"),
			want: trunk("GigabitEthernet1/0/6", cref(31, "interface GigabitEthernet1/0/6"), crefp(33, " switchport mode trunk"), "none",
				cref(32, " switchport trunk allowed vlan none"))},
		{name: "members", in: iosTrunks,
			get: func(d *model.Device) any {
				var names []string
				for _, m := range d.Members(d.Interface("Port-channel1")) {
					names = append(names, m.Name)
				}
				return names
			},
			want: []string{"TenGigabitEthernet1/1/1"}},
	}
}

func TestParseConfigNXOSTrunks(t *testing.T) { runCfgCases(t, nxosTrunkCases()) }

func nxosTrunkCases() []cfgCase {
	in := cfg(
		"!Command: show running-config",
		"feature lacp",
		"system default switchport",
		"interface port-channel10",
		"  switchport",
		"  switchport mode trunk",
		"  switchport trunk allowed vlan 10,20,100",
		"interface Ethernet1/1",
		"  switchport",
		"  switchport mode trunk",
		"  switchport trunk native vlan 10",
		"  switchport trunk allowed vlan 1-10,20,30",
		"  switchport trunk allowed vlan add 40,50-60",
		"  switchport trunk allowed vlan remove 5",
		"  channel-group 10 mode active",
		"  no shutdown",
	)
	return []cfgCase{
		{name: "port-channel", platform: NXOS, in: in, get: getIface("port-channel10"),
			want: func() *model.Interface {
				i := port("port-channel10", cref(4, "interface port-channel10"))
				i.Mode, i.ModeRef = model.ModeTrunk, crefp(6, "  switchport mode trunk")
				i.Allowed, i.AllowedRefs = vset("10,20,100"), []model.Ref{cref(7, "  switchport trunk allowed vlan 10,20,100")}
				return i
			}()},
		{name: "member", platform: NXOS, in: in, get: getIface("Ethernet1/1"),
			want: func() *model.Interface {
				i := port("Ethernet1/1", cref(8, "interface Ethernet1/1"))
				i.Mode, i.ModeRef = model.ModeTrunk, crefp(10, "  switchport mode trunk")
				i.NativeVLAN = 10
				i.Allowed = vset("1-4,6-10,20,30,40,50-60")
				i.AllowedRefs = []model.Ref{
					cref(12, "  switchport trunk allowed vlan 1-10,20,30"),
					cref(13, "  switchport trunk allowed vlan add 40,50-60"),
					cref(14, "  switchport trunk allowed vlan remove 5"),
				}
				i.Bundle, i.BundleRef = "port-channel10", crefp(15, "  channel-group 10 mode active")
				i.ShutdownRef = crefp(16, "  no shutdown")
				return i
			}()},
		{name: "bundle", platform: NXOS, in: in,
			get:  func(d *model.Device) any { return d.BundleOf(d.Interface("Ethernet1/1")).Name },
			want: "port-channel10"},
	}
}

func TestParseConfigPortModes(t *testing.T) { runCfgCases(t, portModeCases()) }

func portModeCases() []cfgCase {
	in := cfg(
		"hostname sw1",
		"interface GigabitEthernet1/0/1",
		" switchport mode access",
		" switchport access vlan 100",
		"interface GigabitEthernet1/0/2",
		" switchport mode dynamic auto",
		"interface GigabitEthernet1/0/3",
		" switchport mode dynamic desirable",
		"interface GigabitEthernet1/0/4",
		" switchport access vlan 100",
		"interface GigabitEthernet1/0/5",
		" switchport mode private-vlan host",
		"interface GigabitEthernet1/0/6",
		" no switchport",
		" ip address 10.0.0.1 255.255.255.252",
		"interface GigabitEthernet1/0/7",
		" shutdown",
		"interface GigabitEthernet1/0/8",
		" shutdown",
		" no shutdown",
		"interface GigabitEthernet0/0",
		" vrf forwarding Mgmt-vrf",
		" ip address 192.168.0.11 255.255.255.0",
		"interface Loopback0",
		" ip address 10.255.0.1 255.255.255.255",
		"end",
	)
	gi := func(n string, line int) *model.Interface {
		return port("GigabitEthernet"+n, cref(line, "interface GigabitEthernet"+n))
	}
	return []cfgCase{
		{name: "access", in: in, get: getIface("GigabitEthernet1/0/1"), want: func() *model.Interface {
			i := gi("1/0/1", 2)
			i.Mode, i.ModeRef = model.ModeAccess, crefp(3, " switchport mode access")
			i.AccessVLAN, i.AccessRef = 100, crefp(4, " switchport access vlan 100")
			return i
		}()},
		{name: "dynamic auto", in: in, get: getIface("GigabitEthernet1/0/2"), want: func() *model.Interface {
			i := gi("1/0/2", 5)
			i.Mode, i.ModeRef = model.ModeDynamicAuto, crefp(6, " switchport mode dynamic auto")
			return i
		}()},
		{name: "dynamic desirable", in: in, get: getIface("GigabitEthernet1/0/3"), want: func() *model.Interface {
			i := gi("1/0/3", 7)
			i.Mode, i.ModeRef = model.ModeDynamicDesirable, crefp(8, " switchport mode dynamic desirable")
			return i
		}()},
		{name: "no mode line", in: in, get: getIface("GigabitEthernet1/0/4"), want: func() *model.Interface {
			i := gi("1/0/4", 9)
			i.AccessVLAN, i.AccessRef = 100, crefp(10, " switchport access vlan 100")
			return i
		}()},
		{name: "other mode", in: in, get: getIface("GigabitEthernet1/0/5"), want: func() *model.Interface {
			i := gi("1/0/5", 11)
			i.ModeRef = crefp(12, " switchport mode private-vlan host")
			return i
		}()},
		{name: "no switchport", in: in, get: getIface("GigabitEthernet1/0/6"), want: func() *model.Interface {
			i := gi("1/0/6", 13)
			i.Routed, i.RoutedRef = true, crefp(14, " no switchport")
			i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.0.0.1/30")}, crefp(15, " ip address 10.0.0.1 255.255.255.252")
			return i
		}()},
		{name: "shutdown", in: in, get: getIface("GigabitEthernet1/0/7"), want: func() *model.Interface {
			i := gi("1/0/7", 16)
			i.Shutdown, i.ShutdownRef = true, crefp(17, " shutdown")
			return i
		}()},
		{name: "no shutdown", in: in, get: getIface("GigabitEthernet1/0/8"), want: func() *model.Interface {
			i := gi("1/0/8", 18)
			i.ShutdownRef = crefp(20, " no shutdown")
			return i
		}()},
		{name: "management port with address", in: in, get: getIface("GigabitEthernet0/0"), want: func() *model.Interface {
			i := gi("0/0", 21)
			i.Routed = true
			i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("192.168.0.11/24")}, crefp(23, " ip address 192.168.0.11 255.255.255.0")
			return i
		}()},
		{name: "loopback", in: in, get: getIface("Loopback0"), want: func() *model.Interface {
			i := port("Loopback0", cref(24, "interface Loopback0"))
			i.Routed = true
			i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.255.0.1/32")}, crefp(25, " ip address 10.255.0.1 255.255.255.255")
			return i
		}()},
	}
}

// TestParseConfigNXOSPortDefaults: whether an NX-OS port that says nothing
// is switched, and whether it is up, depends on "system default
// switchport [shutdown]".
func TestParseConfigNXOSPortDefaults(t *testing.T) { runCfgCases(t, nxosPortDefaultCases()) }

func nxosPortDefaultCases() []cfgCase {
	routedDefault := cfg(
		"!Command: show running-config",
		"interface Ethernet1/1",
		"  switchport",
		"  switchport access vlan 100",
		"interface Ethernet1/2",
		"  no shutdown",
		"interface Ethernet1/3",
		"  ip address 10.0.0.1/30",
		"interface mgmt0",
		"  vrf member management",
		"  ip address 192.168.0.31/24",
	)
	l2Shut := cfg(
		"!Command: show running-config",
		"system default switchport",
		"system default switchport shutdown",
		"interface Ethernet1/1",
		"  switchport access vlan 100",
		"  no shutdown",
		"interface Ethernet1/2",
		"interface Ethernet1/3",
		"  no switchport",
		"interface port-channel5",
		"interface Vlan100",
		"  no shutdown",
	)
	shutOnly := cfg(
		"!Command: show running-config",
		"system default switchport shutdown",
		"interface Ethernet1/1",
		"  switchport",
		"interface Ethernet1/2",
	)
	eth := func(n string, line int) *model.Interface {
		return port("Ethernet"+n, cref(line, "interface Ethernet"+n))
	}
	return []cfgCase{
		{name: "routed default: switchport line", platform: NXOS, in: routedDefault, get: getIface("Ethernet1/1"),
			want: func() *model.Interface {
				i := eth("1/1", 2)
				i.AccessVLAN, i.AccessRef = 100, crefp(4, "  switchport access vlan 100")
				return i
			}()},
		{name: "routed default: silent port", platform: NXOS, in: routedDefault, get: getIface("Ethernet1/2"),
			want: func() *model.Interface {
				i := eth("1/2", 5)
				i.Routed, i.ShutdownRef = true, crefp(6, "  no shutdown")
				return i
			}()},
		{name: "routed default: address", platform: NXOS, in: routedDefault, get: getIface("Ethernet1/3"),
			want: func() *model.Interface {
				i := eth("1/3", 7)
				i.Routed = true
				i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.0.0.1/30")}, crefp(8, "  ip address 10.0.0.1/30")
				return i
			}()},
		{name: "mgmt0", platform: NXOS, in: routedDefault, get: getIface("mgmt0"),
			want: func() *model.Interface {
				i := port("mgmt0", cref(9, "interface mgmt0"))
				i.Routed = true
				i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("192.168.0.31/24")}, crefp(11, "  ip address 192.168.0.31/24")
				return i
			}()},
		{name: "l2 shut default: no shutdown", platform: NXOS, in: l2Shut, get: getIface("Ethernet1/1"),
			want: func() *model.Interface {
				i := eth("1/1", 4)
				i.AccessVLAN, i.AccessRef = 100, crefp(5, "  switchport access vlan 100")
				i.ShutdownRef = crefp(6, "  no shutdown")
				return i
			}()},
		{name: "l2 shut default: silent port", platform: NXOS, in: l2Shut, get: getIface("Ethernet1/2"),
			want: func() *model.Interface {
				i := eth("1/2", 7)
				i.Shutdown = true
				return i
			}()},
		{name: "l2 shut default: routed port stays up", platform: NXOS, in: l2Shut, get: getIface("Ethernet1/3"),
			want: func() *model.Interface {
				i := eth("1/3", 8)
				i.Routed, i.RoutedRef = true, crefp(9, "  no switchport")
				return i
			}()},
		{name: "l2 shut default: port-channel", platform: NXOS, in: l2Shut, get: getIface("port-channel5"),
			want: func() *model.Interface {
				i := port("port-channel5", cref(10, "interface port-channel5"))
				i.Shutdown = true
				return i
			}()},
		{name: "l2 shut default: SVI", platform: NXOS, in: l2Shut, get: getIface("Vlan100"),
			want: func() *model.Interface {
				i := port("Vlan100", cref(11, "interface Vlan100"))
				i.SVI, i.Routed, i.ShutdownRef = 100, true, crefp(12, "  no shutdown")
				return i
			}()},
		{name: "shut default alone: switchport", platform: NXOS, in: shutOnly, get: getIface("Ethernet1/1"),
			want: func() *model.Interface {
				i := eth("1/1", 3)
				i.Shutdown = true
				return i
			}()},
		{name: "shut default alone: routed", platform: NXOS, in: shutOnly, get: getIface("Ethernet1/2"),
			want: func() *model.Interface {
				i := eth("1/2", 5)
				i.Routed = true
				return i
			}()},
	}
}

// TestParseConfigInterfaceReopened: a configuration may open the same
// interface again; what the first block said still holds.
func TestParseConfigInterfaceReopened(t *testing.T) { runCfgCases(t, interfaceReopenedCases()) }

func interfaceReopenedCases() []cfgCase {
	nxos := cfg(
		"!Command: show running-config",
		"interface Vlan100",
		"  no shutdown",
		"interface Ethernet1/1",
		"  switchport",
		"  switchport mode trunk",
		"  ip port access-group HOST-IN in",
		"interface Vlan100",
		"  ip address 10.10.100.1/24",
		"interface Ethernet1/1",
		"  description uplink",
	)
	ios := cfg(
		"hostname sw1",
		"interface GigabitEthernet1/0/1",
		" ip access-group EDGE-IN in",
		"interface GigabitEthernet1/0/1",
		" no switchport",
		"end",
	)
	return []cfgCase{
		{name: "nxos svi", platform: NXOS, in: nxos, get: getIface("Vlan100"),
			want: func() *model.Interface {
				i := port("Vlan100", cref(2, "interface Vlan100"))
				i.SVI, i.Routed, i.ShutdownRef = 100, true, crefp(3, "  no shutdown")
				i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.10.100.1/24")}, crefp(9, "  ip address 10.10.100.1/24")
				return i
			}()},
		{name: "nxos port", platform: NXOS, in: nxos, get: getIface("Ethernet1/1"),
			want: func() *model.Interface {
				i := port("Ethernet1/1", cref(4, "interface Ethernet1/1"))
				i.Description = "uplink"
				i.Mode, i.ModeRef = model.ModeTrunk, crefp(6, "  switchport mode trunk")
				i.PortACLIn = &model.ACLBinding{ACL: "HOST-IN", Ref: cref(7, "  ip port access-group HOST-IN in")}
				return i
			}()},
		{name: "nxos listed once", platform: NXOS, in: nxos,
			get:  func(d *model.Device) any { return len(d.Interfaces) },
			want: 2},
		{name: "ios binding follows the port kind", in: ios, get: getIface("GigabitEthernet1/0/1"),
			want: func() *model.Interface {
				i := port("GigabitEthernet1/0/1", cref(2, "interface GigabitEthernet1/0/1"))
				i.Routed, i.RoutedRef = true, crefp(5, " no switchport")
				i.RouterACLIn = &model.ACLBinding{ACL: "EDGE-IN", Ref: cref(3, " ip access-group EDGE-IN in")}
				return i
			}()},
	}
}

// TestParseConfigSubModes: lines of a sub-mode (an HSRP or VRRP group)
// are indented deeper and say nothing of the interface itself.
func TestParseConfigSubModes(t *testing.T) { runCfgCases(t, subModeCases()) }

func subModeCases() []cfgCase {
	nxos := cfg(
		"!Command: show running-config",
		"feature vrrp",
		"feature hsrp",
		"interface Vlan100",
		"  ip address 10.10.100.2/24",
		"  vrrp 100",
		"    address 10.10.100.1",
		"    no shutdown",
		"interface Vlan200",
		"  shutdown",
		"  ip address 10.10.200.2/24",
		"  hsrp 200",
		"    ip 10.10.200.1",
		"    no shutdown",
	)
	ios := cfg(
		"hostname sw1",
		"interface Vlan100",
		" ip address 10.10.100.2 255.255.255.0",
		" vrrp 1 address-family ipv4",
		"  address 10.10.100.1 primary",
		"  shutdown",
		" ip pim sparse-mode",
		"end",
	)
	return []cfgCase{
		{name: "nxos vrrp no shutdown", platform: NXOS, in: nxos, get: getIface("Vlan100"),
			want: func() *model.Interface {
				i := port("Vlan100", cref(4, "interface Vlan100"))
				i.SVI, i.Routed, i.Shutdown = 100, true, true
				i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.10.100.2/24")}, crefp(5, "  ip address 10.10.100.2/24")
				return i
			}()},
		{name: "nxos hsrp no shutdown", platform: NXOS, in: nxos, get: getIface("Vlan200"),
			want: func() *model.Interface {
				i := port("Vlan200", cref(9, "interface Vlan200"))
				i.SVI, i.Routed = 200, true
				i.Shutdown, i.ShutdownRef = true, crefp(10, "  shutdown")
				i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.10.200.2/24")}, crefp(11, "  ip address 10.10.200.2/24")
				return i
			}()},
		{name: "iosxe vrrp shutdown", in: ios, get: getIface("Vlan100"),
			want: func() *model.Interface {
				i := port("Vlan100", cref(2, "interface Vlan100"))
				i.SVI, i.Routed = 100, true
				i.IPv4, i.IPv4Ref = []netip.Prefix{pfx("10.10.100.2/24")}, crefp(3, " ip address 10.10.100.2 255.255.255.0")
				i.PIM, i.PIMRef = "sparse-mode", crefp(7, " ip pim sparse-mode")
				return i
			}()},
	}
}

func TestParseConfigACLBindings(t *testing.T) { runCfgCases(t, aclBindingCases()) }

func aclBindingCases() []cfgCase {
	ios := cfg(
		"hostname sw1",
		"interface GigabitEthernet1/0/10",
		" switchport mode access",
		" switchport access vlan 100",
		" ip access-group EDGE-IN in",
		"interface GigabitEthernet1/0/11",
		" no switchport",
		" ip address 10.0.0.1 255.255.255.252",
		" ip access-group WAN-IN in",
		" ip access-group WAN-OUT out",
		"interface Vlan100",
		" ip address 10.10.100.1 255.255.255.0",
		" ip access-group SVI-IN in",
		" ip access-group SVI-OUT out",
		"interface GigabitEthernet1/0/12",
		" ip access-group 101 out",
		"interface GigabitEthernet1/0/13",
		" ip access-group LATE in",
		" no switchport",
		"end",
	)
	nxos := cfg(
		"!Command: show running-config",
		"feature interface-vlan",
		"system default switchport",
		"interface Vlan100",
		"  no shutdown",
		"  ip address 10.10.100.1/24",
		"  ip access-group SVI-IN in",
		"interface Ethernet1/10",
		"  switchport access vlan 100",
		"  ip port access-group HOST-IN in",
		"interface Ethernet1/11",
		"  no switchport",
		"  ip access-group WAN-IN in",
		"interface Ethernet1/12",
		"  ip port something-else",
	)
	type bindings struct{ PortIn, PortOut, RouterIn, RouterOut *model.ACLBinding }
	get := func(name string) func(*model.Device) any {
		return func(d *model.Device) any {
			i := d.Interface(name)
			return bindings{i.PortACLIn, i.PortACLOut, i.RouterACLIn, i.RouterACLOut}
		}
	}
	bind := func(acl string, line int, text string) *model.ACLBinding {
		return &model.ACLBinding{ACL: acl, Ref: cref(line, text)}
	}
	return []cfgCase{
		{name: "ios switchport", in: ios, get: get("GigabitEthernet1/0/10"),
			want: bindings{PortIn: bind("EDGE-IN", 5, " ip access-group EDGE-IN in")}},
		{name: "ios routed port", in: ios, get: get("GigabitEthernet1/0/11"),
			want: bindings{RouterIn: bind("WAN-IN", 9, " ip access-group WAN-IN in"), RouterOut: bind("WAN-OUT", 10, " ip access-group WAN-OUT out")}},
		{name: "ios svi", in: ios, get: get("Vlan100"),
			want: bindings{RouterIn: bind("SVI-IN", 13, " ip access-group SVI-IN in"), RouterOut: bind("SVI-OUT", 14, " ip access-group SVI-OUT out")}},
		{name: "ios switchport out", in: ios, get: get("GigabitEthernet1/0/12"),
			want: bindings{PortOut: bind("101", 16, " ip access-group 101 out")}},
		{name: "ios no switchport after access-group", in: ios, get: get("GigabitEthernet1/0/13"),
			want: bindings{RouterIn: bind("LATE", 18, " ip access-group LATE in")}},
		{name: "nxos svi", platform: NXOS, in: nxos, get: get("Vlan100"),
			want: bindings{RouterIn: bind("SVI-IN", 7, "  ip access-group SVI-IN in")}},
		{name: "nxos port access-group", platform: NXOS, in: nxos, get: get("Ethernet1/10"),
			want: bindings{PortIn: bind("HOST-IN", 10, "  ip port access-group HOST-IN in")}},
		{name: "nxos routed port", platform: NXOS, in: nxos, get: get("Ethernet1/11"),
			want: bindings{RouterIn: bind("WAN-IN", 13, "  ip access-group WAN-IN in")}},
		{name: "nxos ip port without access-group", platform: NXOS, in: nxos, get: get("Ethernet1/12"),
			want: bindings{}},
	}
}

func TestParseConfigStormControl(t *testing.T) { runCfgCases(t, stormControlCases()) }

func stormControlCases() []cfgCase {
	ios := cfg(
		"hostname sw1",
		"interface GigabitEthernet1/0/1",
		" storm-control broadcast level 1.00",
		" storm-control multicast level 0.50",
		" storm-control action trap",
		"interface GigabitEthernet1/0/2",
		" storm-control multicast level 1.00 0.50",
		"interface GigabitEthernet1/0/3",
		" storm-control multicast level pps 10k 5k",
		"interface GigabitEthernet1/0/4",
		" storm-control multicast level bps 1m",
		"interface GigabitEthernet1/0/5",
		" storm-control unicast level 5.00",
		" storm-control broadcast level 5.00",
		"end",
	)
	nxos := cfg(
		"!Command: show running-config",
		"interface Ethernet1/1",
		"  switchport",
		"  storm-control broadcast level 10.00",
		"  storm-control multicast level 100.00",
	)
	storm := func(d *model.Device, name string) any { return d.Interface(name).StormMulticast }
	get := func(name string) func(*model.Device) any {
		return func(d *model.Device) any { return storm(d, name) }
	}
	return []cfgCase{
		{name: "percent", in: ios, get: get("GigabitEthernet1/0/1"),
			want: &model.StormControl{Level: "0.50", Percent: 0.5, Ref: cref(4, " storm-control multicast level 0.50")}},
		{name: "rising and falling", in: ios, get: get("GigabitEthernet1/0/2"),
			want: &model.StormControl{Level: "1.00 0.50", Percent: 1, Ref: cref(7, " storm-control multicast level 1.00 0.50")}},
		{name: "pps", in: ios, get: get("GigabitEthernet1/0/3"),
			want: &model.StormControl{Level: "pps 10k 5k", Percent: -1, Ref: cref(9, " storm-control multicast level pps 10k 5k")}},
		{name: "bps", in: ios, get: get("GigabitEthernet1/0/4"),
			want: &model.StormControl{Level: "bps 1m", Percent: -1, Ref: cref(11, " storm-control multicast level bps 1m")}},
		{name: "other traffic types", in: ios, get: get("GigabitEthernet1/0/5"),
			want: (*model.StormControl)(nil)},
		{name: "nxos", platform: NXOS, in: nxos, get: get("Ethernet1/1"),
			want: &model.StormControl{Level: "100.00", Percent: 100, Ref: cref(5, "  storm-control multicast level 100.00")}},
	}
}
