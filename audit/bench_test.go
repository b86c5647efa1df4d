package audit

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

// genIOSConfig writes an IOS-XE running-config with nIfaces access and
// trunk ports and an ACL of nACEs entries ending in a deny: the size of a
// large stacked campus switch.
func genIOSConfig(hostname string, nIfaces, nACEs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Building configuration...\n\nCurrent configuration : 0 bytes\n!\nversion 17.9\nhostname %s\n!\nvtp mode transparent\n", hostname)
	b.WriteString("ip igmp snooping querier\nip igmp snooping querier address 10.10.100.3\n!\n")
	for v := 1; v <= 200; v++ {
		fmt.Fprintf(&b, "vlan %d\n name VLAN%04d\n!\n", v*10, v*10)
	}
	b.WriteString("ip access-list extended EDGE-IN\n remark generated edge policy\n")
	for i := 1; i < nACEs; i++ {
		fmt.Fprintf(&b, " %d permit tcp 10.%d.%d.0 0.0.0.255 any eq %d\n", i*10, i/250, i%250, 1000+i)
	}
	fmt.Fprintf(&b, " %d deny   ip any any log\n!\n", nACEs*10)
	for i := 0; i < nIfaces; i++ {
		fmt.Fprintf(&b, "interface GigabitEthernet%d/0/%d\n description server port %d\n", i/48+1, i%48+1, i)
		if i%48 == 47 {
			b.WriteString(" switchport trunk allowed vlan 10,20,30,100\n switchport trunk allowed vlan add 200-300\n switchport mode trunk\n storm-control multicast level 5.00\n")
		} else {
			fmt.Fprintf(&b, " switchport access vlan %d\n switchport mode access\n spanning-tree portfast\n", (i%20+1)*10)
			if i%7 == 0 {
				b.WriteString(" ip access-group EDGE-IN in\n")
			}
		}
		b.WriteString("!\n")
	}
	b.WriteString("interface Vlan100\n ip address 10.10.100.2 255.255.255.0\n!\nline vty 0 4\n transport input ssh\n!\nend\n")
	return b.String()
}

// BenchmarkParseAuditLargeConfig measures parse + audit of one large config
// (5,000 interfaces, 500 ACL entries) on one goroutine; MB/s is config text.
func BenchmarkParseAuditLargeConfig(b *testing.B) {
	data := []byte(genIOSConfig("bigsw", 5000, 500))
	in := Single{Config: "big.cfg", Platform: "cisco_iosxe", VLAN: 100,
		Hosts: []netip.Addr{netip.MustParseAddr("10.10.100.11"), netip.MustParseAddr("10.10.100.12")},
		Group: netip.MustParseAddr("239.192.10.10")}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ConfigData(context.Background(), in, ConfigText{File: in.Config, Data: data})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Findings) == 0 {
			b.Fatal("generated config should have findings (EDGE-IN denies PGM)")
		}
	}
}

// writeInventory lays out nDevices saved configs: pairs of access switches
// under a chain of distribution switches, two cluster hosts at the ends.
func writeInventory(b *testing.B, dir string, nDevices int) string {
	var inv strings.Builder
	inv.WriteString("clusters:\n  - name: eft\n    vlan: 100\n    group: 239.192.10.10\n    hosts:\n")
	fmt.Fprintf(&inv, "      - {name: eft1, ip: 10.10.100.11, switch: sw0, interface: Gi1/0/1}\n")
	fmt.Fprintf(&inv, "      - {name: eft2, ip: 10.10.100.12, switch: sw%d, interface: Gi1/0/1}\n", nDevices-1)
	inv.WriteString("devices:\n")
	for i := 0; i < nDevices; i++ {
		name := fmt.Sprintf("sw%d", i)
		cfg := genIOSConfig(name, 96, 50)
		cfg = strings.Replace(cfg, "line vty 0 4", "interface TenGigabitEthernet1/1/1\n switchport mode trunk\n!\ninterface TenGigabitEthernet1/1/2\n switchport mode trunk\n!\nline vty 0 4", 1)
		if err := os.WriteFile(filepath.Join(dir, name+".cfg"), []byte(cfg), 0o644); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(&inv, "  - {name: %s, platform: cisco_iosxe, config: %s.cfg}\n", name, name)
	}
	inv.WriteString("links:\n")
	for i := 1; i < nDevices; i++ {
		fmt.Fprintf(&inv, "  - [sw%d:Te1/1/2, sw%d:Te1/1/1]\n", i-1, i)
	}
	path := filepath.Join(dir, "inventory.yaml")
	if err := os.WriteFile(path, []byte(inv.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkInventory200 measures a whole inventory audit of 200 devices
// read from saved configs, including reading the files.
func BenchmarkInventory200(b *testing.B) {
	path := writeInventory(b, b.TempDir(), 200)
	var total int64
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			total += fi.Size()
		}
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		inv, err := inventory.Load(path, vendors.InventoryPlatforms())
		if err != nil {
			b.Fatal(err)
		}
		res, err := Inventory(context.Background(), inv, Sources{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Failed() != 0 {
			b.Fatalf("%d devices failed: %+v", res.Failed(), res.Devices[0])
		}
	}
}
