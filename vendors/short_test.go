package vendors

import "testing"

func TestShortInterface(t *testing.T) {
	for _, c := range []struct{ platform, name, want string }{
		{"cisco_iosxe", "TenGigabitEthernet1/0/2", "Te1/0/2"},
		{"cisco_ios", "GigabitEthernet1/0/49", "Gi1/0/49"},
		{"cisco_nxos", "Ethernet1/49", "Eth1/49"},
		{"arista_eos", "Port-Channel10", "Po10"},
		{"juniper_junos", "ge-0/0/0", "ge-0/0/0"},
		{"cisco_iosxe", "Port-channel1", "Po1"},
		{"nonsense", "Ethernet1", "Ethernet1"},
	} {
		if got := ShortInterface(c.platform, c.name); got != c.want {
			t.Errorf("ShortInterface(%s, %s) = %s, want %s", c.platform, c.name, got, c.want)
		}
	}
}
