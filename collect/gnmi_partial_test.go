package collect_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"google.golang.org/grpc/codes"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/collect"
	"github.com/mcaudit/mcaudit/internal/outdir"
	"github.com/mcaudit/mcaudit/internal/testrig/fakegnmi"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// partialTarget is a gNMI target that models only openconfig-interfaces
// and openconfig-system, as Google's reference target and many white
// boxes do: the VLAN model and the ACLs are Unimplemented, the rest
// NotFound.
func partialTarget(t *testing.T, cfg fakegnmi.Config) *fakegnmi.Server {
	t.Helper()
	cfg.Dir, cfg.Device = "../internal/testrig/fakegnmi/testdata/partial", "gx"
	if cfg.Refuse == nil {
		cfg.Refuse = map[string]codes.Code{openconfig.PathVLANs: codes.Unimplemented, openconfig.PathACL: codes.Unimplemented}
	}
	cfg.Models = []*gpb.ModelData{
		{Name: "openconfig-interfaces", Organization: "OpenConfig working group", Version: "2.4.3"},
		{Name: "openconfig-system", Organization: "OpenConfig working group", Version: "0.10.0"},
	}
	return labServer(t, "gx", cfg)
}

const partialInventory = `clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: gx, interface: Ethernet1}
      - {name: eft2, ip: 10.10.100.12, switch: gx, interface: Ethernet2}
devices:
  - {name: gx, platform: %s, address: 127.0.0.1, transport: gnmi, port: %d}
`

// collectPartial collects gx and returns the inventory, the results and
// the snapshot directory it was recorded in.
func collectPartial(t *testing.T, s *fakegnmi.Server, platform string, g *collect.GNMI) (*inventory.Inventory, []collect.Result, string) {
	t.Helper()
	dir := t.TempDir()
	inv, err := inventory.Parse(filepath.Join(dir, "inventory.yaml"), []byte(fmt.Sprintf(partialInventory, platform, s.Port())), vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	targets, err := collect.Targets(inv)
	if err != nil {
		t.Fatal(err)
	}
	results := collect.Run(context.Background(), targets, collect.Options{
		Transports: map[string]collect.Collector{"gnmi": g}, ToolVersion: "test",
		Timeouts: collect.Timeouts{Command: 10 * time.Second},
		Now:      func() time.Time { return time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC) },
	})
	snap := filepath.Join(dir, "snap")
	out, err := outdir.Open(snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Target.Name, r.Err)
		}
		if err := snapshot.Write(out, r.Device); err != nil {
			t.Fatal(err)
		}
	}
	return inv, results, snap
}

// A target that serves only interfaces and system gets an honest report:
// what it refused is recorded with its answer, the verdicts that rest on
// it are not proven (citing the refusal), none is a pass or a guess from
// a default, and the replay of the snapshot says exactly what the live
// audit said.
func TestGNMIPartialTarget(t *testing.T) {
	noLeaks(t)
	for _, platform := range []string{openconfig.OpenConfig, "cisco_iosxe", "arista_eos", "juniper_junos"} {
		t.Run(platform, func(t *testing.T) {
			s := partialTarget(t, fakegnmi.Config{})
			g := &collect.GNMI{Creds: collect.Credentials{Username: gnmiUser, Password: gnmiPass}, CAFile: s.CAFile()}
			inv, results, snap := collectPartial(t, s, platform, g)
			r := results[0]
			v, _ := vendors.Lookup(platform)
			want := v.Commands(platform, "gnmi")[1:]
			if !reflect.DeepEqual(r.Refused, want) {
				t.Errorf("refused %q, want every path but the interfaces: %q", r.Refused, want)
			}
			// Each refusal is on disk with its answer, and in meta.yaml.
			acl, err := os.ReadFile(filepath.Join(snap, "gx", snapshot.FileName(snapshot.GNMIPrefix+openconfig.PathACL)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(acl, []byte(`"code": "Unimplemented"`)) || !bytes.Contains(acl, []byte(`"path": "/acl"`)) {
				t.Errorf("recorded refusal:\n%s", acl)
			}
			sd, err := snapshot.Load(snap, "gx", nil)
			if err != nil {
				t.Fatal(err)
			}
			gm := sd.Meta.GNMI
			if gm == nil || gm.Encoding != "json_ietf" || !reflect.DeepEqual(gm.Models, []string{"openconfig-interfaces 2.4.3", "openconfig-system 0.10.0"}) ||
				len(gm.Answers) != len(want)+1 || gm.Answers[0] != (snapshot.Answer{Path: openconfig.PathInterfaces, Status: "OK"}) ||
				gm.Answers[2] != (snapshot.Answer{Path: openconfig.PathACL, Status: "Unimplemented", Message: "unsupported path /acl"}) {
				t.Errorf("meta.yaml's gnmi: %+v", gm)
			}

			live, err := audit.Inventory(context.Background(), inv, audit.Sources{Live: map[string]*snapshot.Device{"gx": r.Device}})
			if err != nil {
				t.Fatal(err)
			}
			replay, err := audit.Inventory(context.Background(), inv, audit.Sources{Snapshot: snap})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(live.Findings, replay.Findings) || !reflect.DeepEqual(live.Devices, replay.Devices) {
				t.Errorf("replay differs from the live audit:\nlive:\n%s\nreplay:\n%s", dumpFindings(live.Findings), dumpFindings(replay.Findings))
			}
			checkPartialReport(t, replay)

			// Served again from the recording, the target refuses what it
			// refused: a second collection records the same answers.
			again := labServer(t, "gx", fakegnmi.Config{Dir: snap, Device: "gx"})
			g2 := &collect.GNMI{Creds: g.Creds, CAFile: again.CAFile()}
			_, results2, snap2 := collectPartial(t, again, platform, g2)
			if !reflect.DeepEqual(results2[0].Refused, r.Refused) {
				t.Errorf("replayed target refused %q, the first %q", results2[0].Refused, r.Refused)
			}
			for _, o := range r.Device.Outputs {
				b, err := os.ReadFile(filepath.Join(snap2, o.Rel))
				if err != nil || !bytes.Equal(b, o.Data) {
					t.Errorf("%s differs when collected from the replay (%v)", o.Rel, err)
				}
			}
		})
	}
}

func checkPartialReport(t *testing.T, res *audit.Result) {
	t.Helper()
	byRule := map[string][]rules.Finding{}
	for _, f := range res.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
		for _, e := range f.Evidence {
			if e.File == "" || (e.Line > 0 && strings.TrimSpace(e.Text) == "") {
				t.Errorf("%s cites an empty line: %+v", f.Rule, e)
			}
		}
		for _, w := range []string{"switchport", "VTP", "vtp", "show vlan", "show interfaces", "no shutdown"} {
			if strings.Contains(f.Message, w) {
				t.Errorf("%s says %q about a device read over gNMI: %s", f.Rule, w, f.Message)
			}
		}
	}
	// Guesses from defaults are gone: a port without the VLAN model is not
	// "in VLAN 1", no VLAN is missing, no querier is missing.
	for _, rule := range []string{"host-port-wrong-vlan", "vlan-missing", "vlan-unverified", "igmp-querier-missing", "pgm-blocked"} {
		if fs := byRule[rule]; len(fs) > 0 {
			t.Errorf("%s rests on a refused path:\n%s", rule, dumpFindings(fs))
		}
	}
	// Each refusal a verdict rests on is named, with the request and the
	// device's answer as evidence.
	want := map[string]string{
		"/acl":               "whether an ACL on gx drops IP protocol 113 is not proven",
		openconfig.PathVLANs: "whether VLAN 100 exists on gx and which VLANs gx's ports carry are not proven",
		openconfig.PathIGMP:  "whether gx runs an IGMP querier for VLAN 100 is not proven",
	}
	for _, f := range byRule["data-refused"] {
		for path, words := range want {
			if strings.Contains(f.Message, "did not answer "+path+" (refused: ") && strings.Contains(f.Message, words) {
				if e := f.Evidence[0]; !strings.HasSuffix(e.File, snapshot.FileName(snapshot.GNMIPrefix+path)) || !strings.HasPrefix(e.Text, `"code": `) {
					t.Errorf("%s: evidence %+v", path, e)
				}
				delete(want, path)
			}
		}
	}
	for path, words := range want {
		t.Errorf("no data-refused finding says %s refused: %q\n%s", path, words, dumpFindings(res.Findings))
	}
	if len(res.Devices) != 1 || len(res.Devices[0].Refused) < 4 {
		t.Errorf("the device's could-not-read list: %+v", res.Devices)
	}
	if res.Count(rules.Warning) == 0 {
		t.Error("a device whose multicast paths were refused counts as compliant")
	}
}

func dumpFindings(fs []rules.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s: %s %v\n", f.Rule, f.Device, f.Message, f.Evidence)
	}
	return b.String()
}

// Capabilities decide the encoding: JSON_IETF where the target offers
// it, JSON where it offers only that; a target that does not answer
// Capabilities is asked in JSON_IETF, and the metadata says so.
func TestGNMICapabilitiesEncoding(t *testing.T) {
	noLeaks(t)
	for _, c := range []struct {
		name     string
		cfg      fakegnmi.Config
		enc      string
		wantMeta string
	}{
		{"both", fakegnmi.Config{}, "JSON_IETF", ""},
		{"JSON only", fakegnmi.Config{Encodings: []gpb.Encoding{gpb.Encoding_JSON}}, "JSON", ""},
		{"no Capabilities", fakegnmi.Config{NoCapabilities: true}, "JSON_IETF", "Unimplemented: Capabilities is not implemented"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := labServer(t, "sw1", c.cfg)
			outs, meta, err := collector(s).CollectMeta(context.Background(), target(s, openconfig.OpenConfig))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range s.Encodings() {
				if e != c.enc {
					t.Errorf("asked in %s, want %s", e, c.enc)
				}
			}
			if meta.Capabilities != c.wantMeta || meta.Encoding != strings.ToLower(c.enc) || len(meta.Answers) != len(outs) {
				t.Errorf("meta %+v", meta)
			}
		})
	}
}
