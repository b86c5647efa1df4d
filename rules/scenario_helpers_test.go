package rules_test

import (
	"context"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/vendors"
)

// want is one expected finding. ev lists its evidence in order, each as
// "FILE|LINE|LINE..." (see resolve) or "FILE:N".
type want struct {
	rule   string
	sev    rules.Severity
	device string
	msg    []string // substrings the message must contain
	not    []string // substrings it must not contain
	ev     []string
}

// files maps a path relative to the test directory to its content.
type files map[string]string

// with returns a copy of fs with the given files replaced; "" deletes.
func (fs files) with(more files) files {
	out := files{}
	for k, v := range fs {
		out[k] = v
	}
	for k, v := range more {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// edit applies old→new replacements to text; each old must occur exactly
// once, so that a scenario cannot silently miss its change.
func edit(text string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(text, pairs[i]); n != 1 {
			panic(fmt.Sprintf("edit: %q occurs %d times", pairs[i], n))
		}
		text = strings.Replace(text, pairs[i], pairs[i+1], 1)
	}
	return text
}

func write(t *testing.T, dir string, fs files) {
	t.Helper()
	for name, text := range fs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runInventory writes fs to a temporary directory and audits its
// inventory.yaml as the CLI would.
func runInventory(t *testing.T, fs files) *audit.Result {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, fs)
	inv, err := inventory.Load(filepath.Join(dir, "inventory.yaml"), vendors.InventoryPlatforms())
	if err != nil {
		t.Fatalf("inventory: %v", err)
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		t.Fatalf("audit: %v", err)
	}
	relativize(res, dir)
	checkWording(t, res)
	return res
}

// checkWording holds every audit of the scenario corpus to two rules: no
// evidence is an empty line (a finding cites the line that carries its
// fact, or the file or request as a whole), and no finding about a device
// that is not Cisco speaks Cisco.
func checkWording(t *testing.T, res *audit.Result) {
	t.Helper()
	platform := map[string]string{}
	for _, d := range res.Devices {
		platform[d.Name] = d.Platform
	}
	for _, f := range res.Findings {
		for _, e := range f.Evidence {
			if e.File == "" || e.Line > 0 && strings.TrimSpace(e.Text) == "" {
				t.Errorf("%s on %s cites an empty line %q:%d: %s", f.Rule, f.Device, e.File, e.Line, f.Message)
			}
		}
		p := platform[f.Device]
		if strings.HasPrefix(p, "cisco_") {
			continue
		}
		banned := []string{"VTP", "vtp mode", "show vlan brief", "show interfaces trunk", "show ip igmp snooping querier", "Port-channel", "channel-group"}
		if p != "arista_eos" { // EOS's own words: switchport, no shutdown
			banned = append(banned, "switchport", `"no shutdown"`)
		}
		for _, w := range banned {
			if strings.Contains(f.Message, w) {
				t.Errorf("%s on %s (%s) says %q: %s", f.Rule, f.Device, p, w, f.Message)
			}
		}
	}
}

// runSingle audits one config as "mcaudit audit --config" does.
func runSingle(t *testing.T, platform, cfg string, vlan int, hosts []string, group string) *audit.Result {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, files{"sw.cfg": cfg})
	in := audit.Single{Config: filepath.Join(dir, "sw.cfg"), Platform: platform, VLAN: vlan}
	for _, h := range hosts {
		in.Hosts = append(in.Hosts, netip.MustParseAddr(h))
	}
	if group != "" {
		in.Group = netip.MustParseAddr(group)
	}
	res, err := audit.Config(context.Background(), in)
	if err != nil {
		t.Fatalf("audit: %v", err)
	}
	relativize(res, dir)
	checkWording(t, res)
	return res
}

// relativize makes evidence paths relative to the test directory.
func relativize(res *audit.Result, dir string) {
	for i := range res.Findings {
		for j := range res.Findings[i].Evidence {
			r := &res.Findings[i].Evidence[j]
			if rel, err := filepath.Rel(dir, r.File); err == nil && !strings.HasPrefix(rel, "..") && filepath.IsAbs(r.File) {
				r.File = filepath.ToSlash(rel)
			}
		}
	}
}

// expected records every rule a scenario expects, as the scenarios run.
var expected sync.Map

// TestMain fails a full run in which some registered rule was expected by
// no scenario: a rule without one is untested. A run narrowed with -run
// does not judge.
func TestMain(m *testing.M) {
	code := m.Run()
	if code != 0 || flag.Lookup("test.run").Value.String() != "" || flag.Lookup("test.skip").Value.String() != "" {
		os.Exit(code)
	}
	for _, r := range rules.All() {
		if !r.Scoped() {
			continue // tested where its findings are made
		}
		if _, ok := expected.Load(r.ID); !ok {
			fmt.Printf("FAIL: rule %s is expected by no scenario\n", r.ID)
			code = 1
		}
	}
	os.Exit(code)
}

// resolve turns an evidence spec into "FILE:N". "FILE|A|B" is the first
// line of FILE equal to A, then the first after it equal to B, and so on;
// an element starting with "~" matches a line containing the rest. FILE
// is as evidence cites it; a snapshot file is looked up under snap/.
func resolve(t *testing.T, fs files, spec string) string {
	t.Helper()
	parts := strings.Split(spec, "|")
	if len(parts) == 1 {
		return spec
	}
	text, ok := fs[parts[0]]
	if !ok {
		text, ok = fs["snap/"+parts[0]]
	}
	if !ok {
		t.Fatalf("evidence %q: no file %s", spec, parts[0])
	}
	lines := strings.Split(text, "\n")
	i := 0
	for _, want := range parts[1:] {
		for ; i < len(lines); i++ {
			if lines[i] == want || (strings.HasPrefix(want, "~") && strings.Contains(lines[i], want[1:])) {
				break
			}
		}
		if i == len(lines) {
			t.Fatalf("evidence %q: no line %q", spec, want)
		}
		i++
	}
	return fmt.Sprintf("%s:%d", parts[0], i)
}

func evStrings(f rules.Finding) []string {
	var out []string
	for _, r := range f.Evidence {
		out = append(out, fmt.Sprintf("%s:%d", r.File, r.Line))
	}
	return out
}

func dump(fs []rules.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s: %s\n    %q\n", f.Rule, f.Severity, f.Device, f.Message, evStrings(f))
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}

// checkFindings asserts that got holds exactly the wanted findings, in
// any order: same rule, device and evidence, severity, and message parts.
func checkFindings(t *testing.T, fs files, got []rules.Finding, wants []want) {
	t.Helper()
	for _, w := range wants {
		expected.Store(w.rule, true)
	}
	used := make([]bool, len(got))
	ok := true
	for _, w := range wants {
		var ev []string
		for _, s := range w.ev {
			ev = append(ev, resolve(t, fs, s))
		}
		found := -1
		for i, f := range got {
			if !used[i] && f.Rule == w.rule && f.Device == w.device && slices.Equal(evStrings(f), ev) {
				found = i
				break
			}
		}
		if found < 0 {
			t.Errorf("missing finding %s on %s with evidence %q", w.rule, w.device, ev)
			ok = false
			continue
		}
		used[found] = true
		f := got[found]
		if f.Severity != w.sev {
			t.Errorf("%s on %s: severity %s, want %s", w.rule, w.device, f.Severity, w.sev)
		}
		for _, m := range w.msg {
			if !strings.Contains(f.Message, m) {
				t.Errorf("%s on %s: message %q\n  does not contain %q", w.rule, w.device, f.Message, m)
			}
		}
		for _, m := range w.not {
			if strings.Contains(f.Message, m) {
				t.Errorf("%s on %s: message %q\n  contains %q", w.rule, w.device, f.Message, m)
			}
		}
	}
	for i, f := range got {
		if !used[i] {
			t.Errorf("unexpected finding %s %s on %s: %s %q", f.Rule, f.Severity, f.Device, f.Message, evStrings(f))
			ok = false
		}
	}
	if !ok {
		t.Logf("all findings:\n%s", dump(got))
	}
}

// scenario is a set of files (the base ones with changes) and the
// findings they must produce, no more and no fewer.
type scenario struct {
	name  string
	files files
	want  []want
}

func runScenarios(t *testing.T, base files, cases []scenario) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := base.with(c.files)
			res := runInventory(t, fs)
			for _, d := range res.Devices {
				if d.Status != audit.StatusOK {
					t.Fatalf("device %s: %s %s", d.Name, d.Status, d.Error)
				}
			}
			checkFindings(t, fs, res.Findings, c.want)
		})
	}
}

// The base network: sw1 (IOS-XE) and sw2 (NX-OS), one trunk between them,
// eft1 on sw1 and eft2 on sw2, each switch running a snooping querier. It
// is clean; every scenario breaks it in one way.
const (
	sw1Base = `hostname sw1
!
vtp mode transparent
!
vlan 10
 name MGMT
!
vlan 100
 name EFT-HA
!
ip igmp snooping querier
ip igmp snooping querier address 10.10.100.3
!
interface GigabitEthernet1/0/10
 description eft1
 switchport access vlan 100
 switchport mode access
!
interface GigabitEthernet1/0/11
 description spare
 switchport access vlan 10
 switchport mode access
!
interface TenGigabitEthernet1/1/1
 description uplink sw2
 switchport trunk allowed vlan 10,100
 switchport mode trunk
!
interface Vlan10
 ip address 10.10.10.3 255.255.255.0
!
end
`
	sw2Base = `hostname sw2
feature interface-vlan
vlan 1,10,100
vlan 100
  name EFT-HA
vlan configuration 100
  ip igmp snooping querier 10.10.100.5
interface Ethernet1/10
  description eft2
  switchport access vlan 100
  no shutdown
interface Ethernet1/49
  description uplink sw1
  switchport mode trunk
  switchport trunk allowed vlan 10,100
  no shutdown
`
	invBase = `clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: sw1, interface: GigabitEthernet1/0/10, site: dc1}
      - {name: eft2, ip: 10.10.100.12, switch: sw2, interface: Ethernet1/10, site: dc1}
devices:
  - {name: sw1, platform: cisco_iosxe, config: sw1.cfg}
  - {name: sw2, platform: cisco_nxos, config: sw2.cfg}
links:
  - [sw1:TenGigabitEthernet1/1/1, sw2:Ethernet1/49]
`
	// sw3 is a transit switch for the three-switch chain sw1 — sw3 — sw2.
	sw3Base = `hostname sw3
!
vtp mode transparent
!
vlan 10
!
vlan 100
!
interface TenGigabitEthernet1/0/1
 description to sw1
 switchport trunk allowed vlan 10,100
 switchport mode trunk
!
interface TenGigabitEthernet1/0/2
 description to sw2
 switchport trunk allowed vlan 10,100
 switchport mode trunk
!
end
`
	// The links are written abbreviated, as users do.
	invChain = `clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: sw1, interface: GigabitEthernet1/0/10, site: dc1}
      - {name: eft2, ip: 10.10.100.12, switch: sw2, interface: Ethernet1/10, site: dc1}
devices:
  - {name: sw1, platform: cisco_iosxe, config: sw1.cfg}
  - {name: sw2, platform: cisco_nxos, config: sw2.cfg}
  - {name: sw3, platform: cisco_iosxe, config: sw3.cfg}
links:
  - [sw1:Te1/1/1, sw3:Te1/0/1]
  - [sw3:Te1/0/2, sw2:Eth1/49]
`
)

var (
	base  = files{"inventory.yaml": invBase, "sw1.cfg": sw1Base, "sw2.cfg": sw2Base}
	chain = base.with(files{"inventory.yaml": invChain, "sw3.cfg": sw3Base})

	// Without their snooping queriers.
	sw1NoQ = edit(sw1Base, "ip igmp snooping querier\nip igmp snooping querier address 10.10.100.3\n", "")
	sw2NoQ = edit(sw2Base, "vlan configuration 100\n  ip igmp snooping querier 10.10.100.5\n", "")
)

// Evidence specs used throughout.
const (
	evHost1 = "inventory.yaml|~{name: eft1,"
	evHost2 = "inventory.yaml|~{name: eft2,"
	evLink  = "inventory.yaml|~[sw1:"
)

// snapInventory turns devices of an inventory into snapshot devices: they
// are read from snap/<name>/ instead of a config file.
func snapInventory(inv string, devices ...string) string {
	inv = "snapshot: snap\n" + inv
	for _, d := range devices {
		inv = configToAddress(inv, d)
	}
	return inv
}

func configToAddress(inv, dev string) string {
	old := fmt.Sprintf("{name: %s, ", dev)
	i := strings.Index(inv, old)
	if i < 0 {
		panic("no device " + dev)
	}
	j := strings.Index(inv[i:], "config: ")
	k := strings.Index(inv[i:], "}")
	return inv[:i+j] + "address: 192.0.2.1" + inv[i+k:]
}

func TestBaseIsClean(t *testing.T) {
	for name, fs := range map[string]files{"base": base, "chain": chain} {
		t.Run(name, func(t *testing.T) {
			res := runInventory(t, fs)
			if len(res.Devices) < 2 {
				t.Fatalf("devices: %+v", res.Devices)
			}
			for _, d := range res.Devices {
				if d.Status != audit.StatusOK {
					t.Errorf("device %s: %s %s", d.Name, d.Status, d.Error)
				}
			}
			checkFindings(t, fs, res.Findings, nil)
		})
	}
}

func TestSnapInventory(t *testing.T) {
	got := snapInventory(invBase, "sw2")
	if !strings.Contains(got, "{name: sw2, platform: cisco_nxos, address: 192.0.2.1}") || !strings.HasPrefix(got, "snapshot: snap\n") {
		t.Fatalf("snapInventory:\n%s", got)
	}
}
