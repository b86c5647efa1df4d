package collect

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/internal/testrig/fakessh"
	"github.com/mcaudit/mcaudit/vendors"
)

// vendorDevice is a fake switch of one vendor's flavour, answering that
// vendor's recorded outputs from files in dir (one per command).
type vendorDevice struct {
	platform string
	flavor   fakessh.Flavor
	dir      string            // the vendor's testdata
	files    map[string]string // command → file in dir
	cfg      fakessh.Config
	want     []string // commands the collector must send besides the recorded ones
}

// Every vendor's switch is collected through scrapligo as it would be in
// the field: the vendor's prompts, privilege, paging commands and error
// wording; its outputs recorded whole and scrubbed.
func TestCollectEachVendor(t *testing.T) {
	noLeaks(t)
	for _, d := range []vendorDevice{
		{platform: "arista_eos", flavor: fakessh.EOS, dir: "../vendors/arista/testdata",
			files: map[string]string{"show running-config": "leaf1.cfg", "show vlan": "show_vlan.txt", "show ip igmp snooping | json": "show_ip_igmp_snooping.json", "show lldp neighbors detail": "show_lldp_neighbors_detail.txt"},
			cfg:   fakessh.Config{EnableSecret: "en-secret"},
			want:  []string{"enable", "terminal length 0", "terminal width 32767"}},
		{platform: "aruba_aoscx", flavor: fakessh.AOSCX, dir: "../vendors/aruba/testdata",
			files: map[string]string{"show running-config": "access1.cfg", "show vlan": "show_vlan.txt", "show ip igmp snooping": "show_ip_igmp_snooping.txt", "show lldp neighbor-info detail": "show_lldp_neighbor-info_detail.txt"},
			want:  []string{"no page", "show running-config | count"}},
		// A Junos account that logs in to the shell: the collector starts
		// the CLI first.
		{platform: "juniper_junos", flavor: fakessh.Junos, dir: "../vendors/juniper/testdata",
			files: map[string]string{"show configuration | display inheritance | display set": "acc3.set", "show vlans": "show_vlans.txt", "show lldp neighbors": "show_lldp_neighbors.txt"},
			cfg:   fakessh.Config{ShellLogin: true},
			want:  []string{"cli", "set cli screen-length 0", "show configuration | display inheritance | display set | count"}},
	} {
		t.Run(d.platform, func(t *testing.T) {
			v, _ := vendors.Lookup(d.platform)
			cfg := d.cfg
			cfg.Flavor, cfg.Hostname, cfg.Username, cfg.Password = d.flavor, "sw1", "netops", "lab-password"
			cfg.Outputs = map[string]string{}
			orig := map[string]string{}
			for cmd, f := range d.files {
				b, err := os.ReadFile(filepath.Join(d.dir, f))
				if err != nil {
					t.Fatal(err)
				}
				cfg.Outputs[cmd], orig[cmd] = string(b), string(b)
			}
			s, err := fakessh.Start(cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			c := sshCollector(knownHosts(t, s), fast)
			c.Creds.Enable = cfg.EnableSecret
			res := Run(context.Background(), []Target{target("sw1", d.platform, s)},
				Options{Transports: map[string]Collector{"ssh": c}, Timeouts: fast, ToolVersion: "test"})
			r := res[0]
			if r.Err != nil {
				t.Fatalf("%v (device received %q)", r.Err, s.Received())
			}
			if len(r.Device.Outputs) != len(v.Commands(d.platform, "ssh")) {
				t.Fatalf("%d outputs", len(r.Device.Outputs))
			}
			for _, o := range r.Device.Outputs {
				want := string(v.Scrub(d.platform, o.Command, []byte(fakessh.ExpectedResult(orig[o.Command])+"\n")))
				if string(o.Data) != want {
					t.Errorf("%s: recorded output differs from the device's, scrubbed:\n%s", o.Command, o.Data)
				}
			}
			got := s.Received()
			for _, w := range d.want {
				if !contains(got, w) {
					t.Errorf("the device never received %q (got %q)", w, got)
				}
			}
			for _, l := range got {
				if strings.Contains(l, cfg.EnableSecret) && cfg.EnableSecret != "" && l != "enable" {
					t.Errorf("the enable secret was recorded: %q", l)
				}
			}
		})
	}
}
