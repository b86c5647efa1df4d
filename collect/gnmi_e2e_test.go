package collect_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/collect"
	"github.com/mcaudit/mcaudit/internal/outdir"
	"github.com/mcaudit/mcaudit/internal/testrig/fakegnmi"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors"
)

// TestGNMILabEndToEnd collects a two-switch gNMI lab from real TLS
// servers (one CA for both, made here), records it as a snapshot, and
// audits the snapshot through the inventory as "mcaudit audit" does.
//
// sw1 is any vendor's switch read through OpenConfig alone: its edge ACL
// drops IP protocol 113 (after an IP_PIM entry, which is protocol 103 and
// must not count), and its snooping state cannot be read. sw2 is NX-OS:
// OpenConfig for ports and VLANs, the device model (DME) for snooping,
// where VLAN 100 has a snooping querier that is running.
func TestGNMILabEndToEnd(t *testing.T) {
	noLeaks(t)
	caFile, cert, err := fakegnmi.NewTLS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ports := map[string]int{}
	for _, dev := range []string{"sw1", "sw2"} {
		s := labServer(t, dev, fakegnmi.Config{Certificate: &cert})
		ports[dev] = s.Port()
	}
	dir := t.TempDir()
	invPath := filepath.Join(dir, "inventory.yaml")
	inv, err := inventory.Parse(invPath, []byte(fmt.Sprintf(`clusters:
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
`, ports["sw1"], ports["sw2"])), vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	targets, err := collect.Targets(inv)
	if err != nil {
		t.Fatal(err)
	}
	g := &collect.GNMI{Creds: collect.Credentials{Username: gnmiUser, Password: gnmiPass}, CAFile: caFile}
	results := collect.Run(context.Background(), targets, collect.Options{
		Workers: 2, Transports: map[string]collect.Collector{"gnmi": g}, ToolVersion: "test",
		Timeouts: collect.Timeouts{Command: 10 * time.Second},
	})
	snap := filepath.Join(dir, "snap")
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Target.Name, r.Err)
		}
		if len(r.Skipped) > 0 {
			t.Errorf("%s skipped %q", r.Target.Name, r.Skipped)
		}
		out, err := outdir.Open(snap)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if err := snapshot.Write(out, r.Device); err != nil {
			t.Fatal(err)
		}
	}
	// The recording is the lab, byte for byte.
	for _, dev := range []string{"sw1", "sw2"} {
		want, _ := filepath.Glob(filepath.Join(gnmiLab, dev, "gnmi_*.json"))
		got, _ := filepath.Glob(filepath.Join(snap, dev, "gnmi_*.json"))
		if len(got) != len(want) {
			t.Errorf("%s: recorded %d documents, the lab has %d", dev, len(got), len(want))
		}
		for _, w := range want {
			a, _ := os.ReadFile(w)
			b, err := os.ReadFile(filepath.Join(snap, dev, filepath.Base(w)))
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("%s/%s: recorded document differs from the lab (%v)", dev, filepath.Base(w), err)
			}
		}
	}

	res, err := audit.Inventory(context.Background(), inv, audit.Sources{Snapshot: snap})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Devices {
		if d.Status != audit.StatusOK {
			t.Fatalf("device %s: %s", d.Name, d.Error)
		}
	}
	// Auditing the lab's documents directly gives the same findings: an
	// audit of a recording equals the audit done live.
	replay, err := audit.Inventory(context.Background(), inv, audit.Sources{Snapshot: gnmiLab})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(replay.Findings, res.Findings) {
		t.Errorf("the lab audits to\n%+v\nits recording to\n%+v", replay.Findings, res.Findings)
	}
	acl := readLab(t, "sw1", "gnmi_acl.json")
	type want struct {
		rule     string
		sev      rules.Severity
		device   string
		msg      string
		evidence []string // "file:line"
	}
	wants := []want{{
		rule: "pgm-blocked", sev: rules.Error, device: "sw1",
		msg: `ACL PGM-GUARD on Ethernet1 (in) denies IP protocol 113 from 10.10.100.11 to 239.192.10.10: ACL PGM-GUARD sequence 20 ("forwarding-action": "openconfig-acl:DROP",)`,
		evidence: []string{
			fmt.Sprintf("sw1/gnmi_acl.json:%d", lineWith(t, acl, `"description": "no PIM"`, `"forwarding-action": "openconfig-acl:DROP"`)),
			fmt.Sprintf("sw1/gnmi_acl.json:%d", lineWith(t, acl, `"ingress-acl-set"`, `"set-name": "PGM-GUARD"`, `"set-name": "PGM-GUARD"`)),
		},
	}, {
		rule: "igmp-snooping-unverified", sev: rules.Warning, device: "sw1",
		msg: "whether IGMP snooping runs on VLAN 100 on sw1, and whether sw1 runs a snooping querier, is not proven: " +
			"its snooping state could not be read from gNMI (OpenConfig has no snooping model)",
		evidence: []string{fmt.Sprintf("sw1/gnmi_network-instances_network-instance_name_default_vlans.json:%d",
			lineWith(t, readLab(t, "sw1", "gnmi_network-instances_network-instance_name_default_vlans.json"), `"vlan-id": 100`, `"vlan-id": 100`))},
	}}
	if len(res.Findings) != len(wants) {
		for _, f := range res.Findings {
			t.Logf("%s %s %s: %s %v", f.Rule, f.Severity, f.Device, f.Message, f.Evidence)
		}
		t.Fatalf("%d findings, want %d", len(res.Findings), len(wants))
	}
	for i, w := range wants {
		f := res.Findings[i]
		var ev []string
		for _, r := range f.Evidence {
			ev = append(ev, fmt.Sprintf("%s:%d", r.File, r.Line))
			if lines := strings.Split(string(readSnap(t, snap, r.File)), "\n"); r.Line < 1 || r.Line > len(lines) || lines[r.Line-1] != r.Text {
				t.Errorf("%s: evidence %s:%d %q does not quote its line", f.Rule, r.File, r.Line, r.Text)
			}
		}
		if f.Rule != w.rule || f.Severity != w.sev || f.Device != w.device || f.Message != w.msg || !slices.Equal(ev, w.evidence) {
			t.Errorf("finding %d:\n  %s %s %s: %s %q\nwant\n  %s %s %s: %s %q", i, f.Rule, f.Severity, f.Device, f.Message, ev,
				w.rule, w.sev, w.device, w.msg, w.evidence)
		}
	}
}

func readLab(t *testing.T, dev, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(gnmiLab, dev, file))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readSnap(t *testing.T, snap, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(snap, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lineWith returns the 1-based line containing the last of steps, each
// searched for after the line of the one before.
func lineWith(t *testing.T, data []byte, steps ...string) int {
	t.Helper()
	lines := strings.Split(string(data), "\n")
	i := 0
	for k, s := range steps {
		for ; i < len(lines) && !strings.Contains(lines[i], s); i++ {
		}
		if i == len(lines) {
			t.Fatalf("no line containing %q", s)
		}
		if k < len(steps)-1 {
			i++
		}
	}
	return i + 1
}
