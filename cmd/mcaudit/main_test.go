package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"github.com/rogpeppe/go-internal/testscript"
	"google.golang.org/grpc/codes"

	"github.com/mcaudit/mcaudit/internal/cli"
	"github.com/mcaudit/mcaudit/internal/testrig/fakegnmi"
	"github.com/mcaudit/mcaudit/internal/testrig/fakejira"
	"github.com/mcaudit/mcaudit/internal/testrig/fakenetbox"
	"github.com/mcaudit/mcaudit/internal/testrig/fakeservicenow"
	"github.com/mcaudit/mcaudit/internal/testrig/fakessh"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

var update = flag.Bool("update", false, "rewrite the expected output sections of the scripts")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"mcaudit": func() { os.Exit(cli.Main(os.Args[1:], cli.SystemStreams())) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the real
// binary on real files, checking output and exit codes.
func TestScripts(t *testing.T) {
	lab, err := filepath.Abs("../../fixtures/lab")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("LAB", lab)
			env.Setenv("MIXED", filepath.Join(filepath.Dir(lab), "lab-mixed"))
			env.Setenv("CAPTURES", filepath.Join(filepath.Dir(lab), "captures"))
			env.Setenv("UCS", filepath.Join(filepath.Dir(lab), "lab-ucs"))
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"fakelab":         fakeLab(lab),
			"fakegnmilab":     fakeGNMILab,
			"fakegnmipartial": fakeGNMIPartial,
			"fakenetbox":      fakeNetBox(lab),
			// fakeservicenow starts a ServiceNow Table API double with user
			// bot (password in $SN_PASSWORD) and sets $SN_URL.
			"fakeservicenow": func(ts *testscript.TestScript, neg bool, args []string) {
				s := fakeservicenow.Start(fakeservicenow.Config{User: "bot", Password: "sn-Pa55word-42"})
				ts.Defer(s.Close)
				ts.Setenv("SN_URL", s.URL)
				ts.Setenv("SN_PASSWORD", "sn-Pa55word-42")
			},
			// fakejira starts a Jira Cloud double with project NET, user
			// bot@example.net (API token in $JIRA_TOKEN), and sets $JIRA_URL.
			"fakejira": func(ts *testscript.TestScript, neg bool, args []string) {
				s := fakejira.Start(fakejira.Config{User: "bot@example.net", Password: "jira-ApiT0ken-7", Projects: []string{"NET"}})
				ts.Defer(s.Close)
				ts.Setenv("JIRA_URL", s.URL)
				ts.Setenv("JIRA_TOKEN", "jira-ApiT0ken-7")
			},
			// exits N cmd args...: run cmd and require exit code N, which
			// "! exec" alone cannot pin down.
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exits CODE command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				err = ts.Exec(args[1], args[2:]...)
				got := 0
				var ee *exec.ExitError
				switch {
				case errors.As(err, &ee):
					got = ee.ExitCode()
				case err != nil:
					ts.Fatalf("%s: %v", args[1], err)
				}
				if got != want {
					ts.Fatalf("%s exited %d, want %d", args[1], got, want)
				}
			},
		},
	})
}

// fakeLab starts the bundled lab's switches as fake SSH devices answering
// their recorded outputs, and writes $WORK/inventory.yaml pointing at them
// (core1 stays an offline config) and $WORK/known_hosts trusting them.
// "fakelab -unknown leaf1" leaves leaf1 out of known_hosts.
func fakeLab(lab string) func(ts *testscript.TestScript, neg bool, args []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		unknown := ""
		if len(args) == 2 && args[0] == "-unknown" {
			unknown = args[1]
		}
		var devices, known strings.Builder
		for _, d := range []struct{ name, platform string }{{"acc1", cisco.IOSXE}, {"acc2", cisco.IOS}, {"leaf1", cisco.NXOS}} {
			out, err := fakessh.FromSnapshot(filepath.Join(lab, "snapshot"), d.name, cisco.Commands(d.platform, "ssh"))
			ts.Check(err)
			flavor := fakessh.IOS
			if d.platform == cisco.NXOS {
				flavor = fakessh.NXOS
			}
			srv, err := fakessh.Start(fakessh.Config{Hostname: "dc1-" + d.name, Flavor: flavor,
				Username: "netops", Password: "lab-password", Outputs: out})
			ts.Check(err)
			ts.Defer(func() { srv.Close() })
			fmt.Fprintf(&devices, "  - {name: %s, platform: %s, address: 127.0.0.1, port: %d}\n", d.name, d.platform, srv.Port())
			if d.name != unknown {
				known.WriteString(srv.KnownHostsLine() + "\n")
			}
		}
		fmt.Fprintf(&devices, "  - {name: core1, platform: cisco_iosxe, config: %s}\n", filepath.Join(lab, "backups", "core1.cfg"))
		inv := `clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: acc1, interface: GigabitEthernet1/0/10, site: dc1}
      - {name: eft2, ip: 10.10.100.12, switch: leaf1, interface: Ethernet1/10, site: dc1}
devices:
` + devices.String() + `links:
  - [acc1:Port-channel1, core1:Port-channel1]
  - [acc2:GigabitEthernet1/0/49, core1:TenGigabitEthernet1/0/3]
  - [core1:TenGigabitEthernet1/0/2, leaf1:Ethernet1/49]
credentials:
  username: netops
  password_env: MCAUDIT_PASSWORD
  known_hosts: known_hosts
`
		ts.Check(os.WriteFile(ts.MkAbs("inventory.yaml"), []byte(inv), 0o644))
		ts.Check(os.WriteFile(ts.MkAbs("known_hosts"), []byte(known.String()), 0o600))
	}
}

// fakeNetBox starts a NetBox (fakenetbox.Lab: 4.x, or 3.x with -v3) that
// holds the bundled lab among devices and cables an audit must leave out,
// and writes $WORK/netbox.yaml: the lab's cluster, its devices and links
// from NetBox, core1 read from its saved config (the YAML wins), the rest
// from the lab's snapshot.
func fakeNetBox(lab string) func(ts *testscript.TestScript, neg bool, args []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		version := 4
		if len(args) == 1 && args[0] == "-v3" {
			version = 3
		}
		s := fakenetbox.Start(fakenetbox.Lab(version, "0123456789abcdef0123456789abcdef01234567"))
		ts.Defer(s.Close)
		inv := `snapshot: ` + filepath.Join(lab, "snapshot") + `
netbox:
  url: ` + s.URL + `
  token_env: NETBOX_TOKEN
  filter: {site: dc1, tag: [mcaudit]}
  platforms: {c2960x-15: cisco_ios}
clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: acc1, interface: GigabitEthernet1/0/10, site: dc1}
      - {name: eft2, ip: 10.10.100.12, switch: leaf1, interface: Ethernet1/10, site: dc1}
devices:
  - {name: core1, config: ` + filepath.Join(lab, "backups", "core1.cfg") + `}
`
		ts.Check(os.WriteFile(ts.MkAbs("netbox.yaml"), []byte(inv), 0o644))
		ts.Setenv("NETBOX_URL", s.URL)
	}
}

// fakeGNMILab starts the two-switch gNMI lab of internal/testrig/fakegnmi (sw1 an
// OpenConfig-only switch, sw2 NX-OS) over TLS with a CA made here, and
// writes $WORK/ca.pem and $WORK/inventory.yaml pointing at them.
func fakeGNMILab(ts *testscript.TestScript, neg bool, args []string) {
	caFile, cert, err := fakegnmi.NewTLS(ts.MkAbs("."))
	ts.Check(err)
	ts.Check(os.Rename(caFile, ts.MkAbs("ca.pem")))
	ports := map[string]int{}
	for _, dev := range []string{"sw1", "sw2"} {
		s, err := fakegnmi.Start(fakegnmi.Config{Dir: "../../internal/testrig/fakegnmi/testdata/lab", Device: dev,
			Username: "auditor", Password: "gnmi-password", Certificate: &cert})
		ts.Check(err)
		ts.Defer(s.Close)
		ports[dev] = s.Port()
	}
	inv := fmt.Sprintf(`clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: sw1, interface: Ethernet1, site: dc1}
      - {name: eft2, ip: 10.10.100.12, switch: sw2, interface: Eth1/10, site: dc1}
devices:
  - {name: sw1, platform: openconfig, address: 127.0.0.1, transport: gnmi, port: %d}
  - {name: sw2, platform: cisco_nxos, address: 127.0.0.1, transport: gnmi, port: %d}
links:
  - [sw1:Ethernet49, sw2:Ethernet1/49]
credentials:
  username: auditor
  password_env: MCAUDIT_PASSWORD
`, ports["sw1"], ports["sw2"])
	ts.Check(os.WriteFile(ts.MkAbs("inventory.yaml"), []byte(inv), 0o644))
}

// fakeGNMIPartial starts a gNMI target that serves only interfaces and
// system, as Google's reference target does (the VLAN model and /acl
// Unimplemented, the rest NotFound), and writes $WORK/ca.pem and
// $WORK/inventory.yaml for it ("fakegnmipartial PLATFORM", default
// openconfig).
func fakeGNMIPartial(ts *testscript.TestScript, neg bool, args []string) {
	platform := "openconfig"
	if len(args) > 0 {
		platform = args[0]
	}
	caFile, cert, err := fakegnmi.NewTLS(ts.MkAbs("."))
	ts.Check(err)
	ts.Check(os.Rename(caFile, ts.MkAbs("ca.pem")))
	s, err := fakegnmi.Start(fakegnmi.Config{Dir: "../../internal/testrig/fakegnmi/testdata/partial", Device: "gx",
		Username: "auditor", Password: "gnmi-password", Certificate: &cert,
		Refuse: map[string]codes.Code{
			"/network-instances/network-instance[name=default]/vlans": codes.Unimplemented,
			"/acl": codes.Unimplemented,
		},
		Models: []*gpb.ModelData{{Name: "openconfig-interfaces", Version: "2.4.3"}, {Name: "openconfig-system", Version: "0.10.0"}}})
	ts.Check(err)
	ts.Defer(s.Close)
	inv := fmt.Sprintf(`clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: gx, interface: Ethernet1}
      - {name: eft2, ip: 10.10.100.12, switch: gx, interface: Ethernet2}
devices:
  - {name: gx, platform: %s, address: 127.0.0.1, transport: gnmi, port: %d}
credentials:
  username: auditor
  password_env: MCAUDIT_PASSWORD
`, platform, s.Port())
	ts.Check(os.WriteFile(ts.MkAbs("inventory.yaml"), []byte(inv), 0o644))
}

// Whatever escape sequences a configuration holds, mcaudit's human output
// shows them as text: audit's table, remediate's summary, the errors.
func TestTerminalNeverGetsControls(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sw1.cfg")
	config := "hostname sw1\x1b]0;pwned\x07\nvtp mode transparent\nvlan 100\nip access-list extended EDGE\n 10 deny ip any any log \x1b[2J\x1b[H\ninterface GigabitEthernet1/0/10\n description \x1b[31mred\n switchport access vlan 100\n switchport mode access\n ip access-group EDGE in\nend\n"
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.cfg")
	if err := os.WriteFile(bad, []byte("hostname x\x1b[2J\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"audit", "--config", cfg, "--platform", "cisco_iosxe", "--vlan", "100", "--host", "10.10.100.11"},
		{"remediate", "--config", cfg, "--platform", "cisco_iosxe", "--vlan", "100", "--host", "10.10.100.11"},
		{"audit", "--config", bad, "--platform", "cisco_iosxe", "--vlan", "100"},
	} {
		var out, errb strings.Builder
		cli.Main(args, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
		for name, s := range map[string]string{"stdout": out.String(), "stderr": errb.String()} {
			if strings.ContainsAny(s, "\x1b\x07") {
				t.Errorf("%s: %s holds a control character:\n%q", strings.Join(args[:2], " "), name, s)
			}
		}
		if out.Len()+errb.Len() == 0 {
			t.Errorf("%v printed nothing", args)
		}
	}
}
