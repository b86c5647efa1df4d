package cisco

import "testing"

func TestCanonicalInterface(t *testing.T) {
	for _, c := range []struct{ platform, in, want string }{
		{IOSXE, "Gi1/0/1", "GigabitEthernet1/0/1"},
		{IOSXE, "gi1/0/1", "GigabitEthernet1/0/1"},
		{IOSXE, "Gig1/0/1", "GigabitEthernet1/0/1"},
		{IOSXE, "GigabitEthernet1/0/1", "GigabitEthernet1/0/1"},
		{IOSXE, "gigabitethernet1/0/1", "GigabitEthernet1/0/1"},
		{IOSXE, "GigabitEthernet 1/0/1", "GigabitEthernet1/0/1"},
		{IOSXE, "  Gi1/0/1 ", "GigabitEthernet1/0/1"},
		{IOSXE, "Te1/1/1", "TenGigabitEthernet1/1/1"},
		{IOSXE, "Twe1/0/1", "TwentyFiveGigE1/0/1"},
		{IOSXE, "Tw1/0/1", "TwoGigabitEthernet1/0/1"},
		{IOSXE, "Fo1/1/1", "FortyGigabitEthernet1/1/1"},
		{IOSXE, "Hu1/0/49", "HundredGigE1/0/49"},
		{IOSXE, "Fa0/1", "FastEthernet0/1"},
		{IOSXE, "Po1", "Port-channel1"},
		{IOSXE, "port-channel1", "Port-channel1"},
		{IOSXE, "Vl100", "Vlan100"},
		{IOSXE, "vlan100", "Vlan100"},
		{IOSXE, "Lo0", "Loopback0"},
		{IOSXE, "Eth0/1", "Ethernet0/1"},
		{IOSXE, "Tu1", "Tunnel1"},
		{IOS, "Gi0/1", "GigabitEthernet0/1"},
		{IOS, "Fa0/24", "FastEthernet0/24"},
		{IOSXE, "GigabitEthernet2/0/4.223415", "GigabitEthernet2/0/4.223415"},
		// Not interface names: returned as given, to be reported.
		{IOSXE, "pw100115", "pw100115"},
		{IOSXE, "Router", "Router"},
		{IOSXE, "Virtual-Template1", "Virtual-Template1"},
		{IOSXE, "", ""},
		{NXOS, "Eth1/49", "Ethernet1/49"},
		{NXOS, "eth1/49", "Ethernet1/49"},
		{NXOS, "e1/1", "Ethernet1/1"},
		{NXOS, "Ethernet1/1", "Ethernet1/1"},
		{NXOS, "Eth101/1/1", "Ethernet101/1/1"},
		{NXOS, "po10", "port-channel10"},
		{NXOS, "Po10", "port-channel10"},
		{NXOS, "Port-channel10", "port-channel10"},
		{NXOS, "port-channel10", "port-channel10"},
		{NXOS, "mgmt0", "mgmt0"},
		{NXOS, "Vlan100", "Vlan100"},
		{NXOS, "Vl100", "Vlan100"},
		{NXOS, "lo0", "loopback0"},
		{NXOS, "Lo0", "loopback0"},
		{NXOS, "nve1", "nve1"},
		{NXOS, "Gi1/0/1", "Gi1/0/1"},
	} {
		if got := CanonicalInterface(c.platform, c.in); got != c.want {
			t.Errorf("CanonicalInterface(%s, %q) = %q, want %q", c.platform, c.in, got, c.want)
		}
	}
}

func TestShortInterface(t *testing.T) {
	for _, c := range []struct{ platform, in, want string }{
		{IOSXE, "GigabitEthernet1/0/10", "Gi1/0/10"},
		{IOSXE, "TenGigabitEthernet1/1/1", "Te1/1/1"},
		{IOSXE, "TwentyFiveGigE1/0/1", "Twe1/0/1"},
		{IOSXE, "TwoGigabitEthernet1/0/1", "Tw1/0/1"},
		{IOSXE, "FortyGigabitEthernet1/1/1", "Fo1/1/1"},
		{IOSXE, "HundredGigE1/0/49", "Hu1/0/49"},
		{IOSXE, "FastEthernet0/1", "Fa0/1"},
		{IOSXE, "Port-channel1", "Po1"},
		{IOSXE, "Vlan100", "Vl100"},
		{IOSXE, "Loopback0", "Lo0"},
		{IOSXE, "Ethernet0/1", "Et0/1"},
		{IOSXE, "pw100115", "pw100115"},
		{IOSXE, "GigabitEthernet", "GigabitEthernet"},
		{NXOS, "Ethernet1/49", "Eth1/49"},
		{NXOS, "port-channel10", "Po10"},
		{NXOS, "loopback0", "Lo0"},
		{NXOS, "Vlan100", "Vl100"},
	} {
		got := ShortInterface(c.platform, c.in)
		if got != c.want {
			t.Errorf("ShortInterface(%s, %q) = %q, want %q", c.platform, c.in, got, c.want)
		}
		// The short name reads back as the long one.
		if back := CanonicalInterface(c.platform, got); back != c.in {
			t.Errorf("CanonicalInterface(%s, %q) = %q, want %q", c.platform, got, back, c.in)
		}
	}
}
