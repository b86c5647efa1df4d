package collect_test

import (
	"bytes"
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.uber.org/goleak"

	"github.com/mcaudit/mcaudit/collect"
	"github.com/mcaudit/mcaudit/internal/testrig/fakegnmi"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
	"github.com/mcaudit/mcaudit/vendors"
	"github.com/mcaudit/mcaudit/vendors/cisco"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

const (
	gnmiLab  = "../internal/testrig/fakegnmi/testdata/lab"
	gnmiUser = "auditor"
	gnmiPass = "Pgm-113-s3cret"
)

// noLeaks checks, at the end of a test, that it left no goroutine behind.
func noLeaks(t *testing.T) {
	t.Helper()
	opts := []goleak.Option{goleak.IgnoreCurrent()}
	t.Cleanup(func() { goleak.VerifyNone(t, opts...) })
}

// labServer serves a lab device over TLS from a CA made for the test.
func labServer(t *testing.T, device string, cfg fakegnmi.Config) *fakegnmi.Server {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir, cfg.Device = gnmiLab, device
	}
	if cfg.Username == "" {
		cfg.Username, cfg.Password = gnmiUser, gnmiPass
	}
	if cfg.CADir == "" && !cfg.Plaintext && cfg.Certificate == nil {
		cfg.CADir = t.TempDir()
	}
	s, err := fakegnmi.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func target(s *fakegnmi.Server, platform string, commands ...string) collect.Target {
	t, err := collect.NewTarget("dut", platform, "127.0.0.1", s.Port(), "gnmi")
	if err != nil {
		panic(err)
	}
	if commands != nil {
		t.Commands = commands
	}
	return t
}

func collector(s *fakegnmi.Server) *collect.GNMI {
	return &collect.GNMI{
		Creds:    collect.Credentials{Username: gnmiUser, Password: gnmiPass},
		Timeouts: collect.Timeouts{Connect: 5 * time.Second, Command: 10 * time.Second},
		CAFile:   s.CAFile(),
	}
}

// wantErr checks that err says every one of parts, names the device's
// address, and never shows the password.
func wantErr(t *testing.T, err error, addr string, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", parts)
	}
	msg := err.Error()
	t.Logf("error: %s", msg)
	for _, p := range append([]string{addr}, parts...) {
		if !strings.Contains(msg, p) {
			t.Errorf("error %q\n  does not say %q", msg, p)
		}
	}
	if strings.Contains(msg, gnmiPass) {
		t.Errorf("error shows the password: %q", msg)
	}
}

// TestGNMICollectRecordsTheLab: over verified TLS with a password, every
// path comes back recorded exactly as the lab holds it, so a snapshot of
// a live device replays byte for byte.
func TestGNMICollectRecordsTheLab(t *testing.T) {
	noLeaks(t)
	for _, c := range []struct {
		device, platform string
		split            bool
	}{
		{"sw1", openconfig.OpenConfig, false},
		{"sw2", cisco.NXOS, false},
		{"sw2", cisco.NXOS, true}, // the device splits paths between prefix and update
	} {
		s := labServer(t, c.device, fakegnmi.Config{SplitPrefix: c.split})
		tg := target(s, c.platform)
		outs, err := collector(s).Collect(context.Background(), tg)
		if err != nil {
			t.Fatalf("%s: %v", c.device, err)
		}
		if len(outs) != len(tg.Commands) {
			t.Fatalf("%s: %d outputs for %d paths", c.device, len(outs), len(tg.Commands))
		}
		for i, o := range outs {
			if o.Command != tg.Commands[i] {
				t.Errorf("output %d is %q, want %q", i, o.Command, tg.Commands[i])
			}
			want, err := os.ReadFile(filepath.Join(gnmiLab, c.device, snapshot.FileName(o.Command)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(o.Data, want) {
				t.Errorf("%s %s (split %v): recorded\n%s\nwant\n%s", c.device, o.Command, c.split, o.Data, want)
			}
		}
		if got := s.Gets(); len(got) != len(tg.Commands) {
			t.Errorf("%s: server saw %q", c.device, got)
		}
	}
}

// parseOutputs parses outputs as the audit does, each under its snapshot
// file name.
func parseOutputs(t *testing.T, platform string, outs []snapshot.Output) *model.Device {
	t.Helper()
	d := model.NewDevice("dut", platform)
	for _, o := range outs {
		if o.Data == nil {
			continue
		}
		var err error
		if platform == openconfig.OpenConfig {
			err = openconfig.ParseOutput(d, o.Command, snapshot.FileName(o.Command), o.Data)
		} else {
			err = cisco.ParseOutput(d, o.Command, snapshot.FileName(o.Command), o.Data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return d
}

var modelCmp = []cmp.Option{
	cmpopts.IgnoreUnexported(model.Device{}),
	cmp.Comparer(func(a, b model.VLANSet) bool { return a.String() == b.String() }),
	cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}),
}

// TestGNMIRecordReplay: what the collector records parses into the same
// model as the documents the server was given, whichever way the device
// shapes its answer.
func TestGNMIRecordReplay(t *testing.T) {
	noLeaks(t)
	for _, c := range []struct{ device, platform string }{{"sw1", openconfig.OpenConfig}, {"sw2", cisco.NXOS}} {
		s := labServer(t, c.device, fakegnmi.Config{SplitPrefix: true})
		tg := target(s, c.platform)
		outs, err := collector(s).Collect(context.Background(), tg)
		if err != nil {
			t.Fatal(err)
		}
		var orig []snapshot.Output
		for _, cmd := range tg.Commands {
			data, err := os.ReadFile(filepath.Join(gnmiLab, c.device, snapshot.FileName(cmd)))
			if err != nil {
				t.Fatal(err)
			}
			orig = append(orig, snapshot.Output{Command: cmd, Data: data})
		}
		got, want := parseOutputs(t, c.platform, outs), parseOutputs(t, c.platform, orig)
		if diff := cmp.Diff(want, got, modelCmp...); diff != "" {
			t.Errorf("%s: replayed model differs (-original +recorded):\n%s", c.device, diff)
		}
		if len(got.Interfaces) == 0 || len(got.VLANs) == 0 {
			t.Errorf("%s: parsed nothing: %+v", c.device, got)
		}
	}
}

func TestGNMIWrongPassword(t *testing.T) {
	noLeaks(t)
	s := labServer(t, "sw1", fakegnmi.Config{})
	g := collector(s)
	g.Creds.Password = "not-" + gnmiPass[:4]
	_, err := g.Collect(context.Background(), target(s, openconfig.OpenConfig))
	wantErr(t, err, s.Addr(), "authentication failed", `user "auditor"`)
	if strings.Contains(err.Error(), g.Creds.Password) {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestGNMIUntrustedCertificate(t *testing.T) {
	noLeaks(t)
	s := labServer(t, "sw1", fakegnmi.Config{})
	g := collector(s)
	g.CAFile = "" // the system's roots do not know the test CA
	_, err := g.Collect(context.Background(), target(s, openconfig.OpenConfig))
	wantErr(t, err, s.Addr(), "TLS certificate could not be verified", "--tls-ca", "--insecure")

	// A certificate for another name fails the same way, and
	// --tls-server-name fixes it.
	g = collector(s)
	g.ServerName = "gnmi.example.net"
	_, err = g.Collect(context.Background(), target(s, openconfig.OpenConfig))
	wantErr(t, err, s.Addr(), "TLS certificate could not be verified", "--tls-server-name")
	g.ServerName = "localhost"
	if _, err := g.Collect(context.Background(), target(s, openconfig.OpenConfig)); err != nil {
		t.Errorf("ServerName localhost: %v", err)
	}

	g = collector(s)
	g.CAFile = filepath.Join(t.TempDir(), "missing.pem")
	_, err = g.Collect(context.Background(), target(s, openconfig.OpenConfig))
	wantErr(t, err, s.Addr(), "--tls-ca", "missing.pem")
}

// TestGNMIInsecure: plaintext only when asked for, and it only works
// against a plaintext server; either mismatch says what to do.
func TestGNMIInsecure(t *testing.T) {
	noLeaks(t)
	plain := labServer(t, "sw1", fakegnmi.Config{Plaintext: true})
	g := collector(plain)
	g.Insecure = true
	outs, err := g.Collect(context.Background(), target(plain, openconfig.OpenConfig))
	if err != nil || len(outs) != len(openconfig.Paths("")) {
		t.Fatalf("plaintext: %d outputs, %v", len(outs), err)
	}

	g.Insecure = false // TLS against a plaintext server
	_, err = g.Collect(context.Background(), target(plain, openconfig.OpenConfig))
	wantErr(t, err, plain.Addr(), "does not speak TLS", "--insecure")

	tlsSrv := labServer(t, "sw1", fakegnmi.Config{})
	g = collector(tlsSrv)
	g.Insecure = true // plaintext against a TLS server
	_, err = g.Collect(context.Background(), target(tlsSrv, openconfig.OpenConfig))
	wantErr(t, err, tlsSrv.Addr(), "expects TLS", "drop --insecure")
}

func TestGNMINotFound(t *testing.T) {
	noLeaks(t)
	s := labServer(t, "sw1", fakegnmi.Config{})
	g := collector(s)
	// The required first path: the device fails.
	_, err := g.Collect(context.Background(), target(s, openconfig.OpenConfig, "gnmi:/nowhere", "gnmi:/interfaces"))
	wantErr(t, err, s.Addr(), "path /nowhere is not supported by the device")
	var ge *collect.GNMIError
	if !errors.As(err, &ge) || ge.Path != "/nowhere" {
		t.Errorf("error %T %v", err, err)
	}
	// A later path: the refusal is the device's answer, recorded.
	outs, err := g.Collect(context.Background(), target(s, openconfig.OpenConfig, "gnmi:/interfaces", "gnmi:/nowhere", "gnmi:/acl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 3 || outs[0].Refused != "" || outs[1].Command != "gnmi:/nowhere" || outs[1].Refused != "NotFound: no data at /nowhere" || outs[2].Refused != "" {
		t.Fatalf("outputs %+v", outs)
	}
	st, line, text, ok := gnmidoc.Refusal(outs[1].Data)
	if !ok || st.Code != "NotFound" || line != 3 || text != `"code": "NotFound",` {
		t.Errorf("recorded refusal %v %d %q:\n%s", st, line, text, outs[1].Data)
	}
	// Not a gNMI command at all.
	_, err = g.Collect(context.Background(), target(s, openconfig.OpenConfig, "show vlan brief"))
	wantErr(t, err, s.Addr(), `"show vlan brief" is not a gNMI path`)
}

func TestGNMITimeout(t *testing.T) {
	noLeaks(t)
	s := labServer(t, "sw1", fakegnmi.Config{Delays: map[string]time.Duration{"/acl": time.Minute}})
	g := collector(s)
	g.Timeouts.Command = 300 * time.Millisecond
	start := time.Now()
	_, err := g.Collect(context.Background(), target(s, openconfig.OpenConfig))
	wantErr(t, err, s.Addr(), "timeout", "Get of /acl", "300ms")
	if time.Since(start) > 30*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
	// The device's own deadline (the caller's context) says so too.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	g.Timeouts.Command = time.Minute
	_, err = g.Collect(ctx, target(s, openconfig.OpenConfig))
	wantErr(t, err, s.Addr(), "timeout", "the device's time ran out")
}

func TestGNMIConnectionRefused(t *testing.T) {
	noLeaks(t)
	s := labServer(t, "sw1", fakegnmi.Config{})
	tg := target(s, openconfig.OpenConfig)
	addr := s.Addr()
	s.Close()
	_, err := collector(s).Collect(context.Background(), tg)
	wantErr(t, err, addr, "cannot connect")
}

// TestGNMIEOSCLIOrigin: an EOS switch over gNMI gives its OpenConfig paths
// and, through the "cli" origin, the snooping state OpenConfig has no
// model for; the collector asks that one as JSON, and the audit reads it
// as proof of snooping instead of calling it unverified.
func TestGNMIEOSCLIOrigin(t *testing.T) {
	noLeaks(t)
	s := labServer(t, "sw3", fakegnmi.Config{})
	tg := target(s, "arista_eos")
	outs, err := collector(s).Collect(context.Background(), tg)
	if err != nil {
		t.Fatal(err)
	}
	gets, encs := s.Gets(), s.Encodings()
	if len(gets) != len(tg.Commands) || gets[len(gets)-1] != "cli:/show ip igmp snooping" {
		t.Fatalf("server saw %q", gets)
	}
	for i, g := range gets {
		want := "JSON_IETF"
		if strings.HasPrefix(g, "cli:") {
			want = "JSON"
		}
		if encs[i] != want {
			t.Errorf("%s asked as %s, want %s", g, encs[i], want)
		}
	}
	v, _ := vendors.Lookup("arista_eos")
	d := model.NewDevice("dut", "arista_eos")
	for _, o := range outs {
		if err := v.Parse(d, o.Command, snapshot.FileName(o.Command), o.Data); err != nil {
			t.Fatalf("%s: %v", o.Command, err)
		}
	}
	if d.SnoopingUnknown != "" || d.Oper.SnoopingGlobal == nil || !d.Oper.SnoopingGlobal.Enabled {
		t.Errorf("snooping unknown %q, global %+v", d.SnoopingUnknown, d.Oper.SnoopingGlobal)
	}
	if o := d.Oper.Snooping[100]; o == nil || o.Enabled == nil || o.Enabled.Enabled || o.Enabled.Ref.File != "gnmi_cli_show_ip_igmp_snooping.json" {
		t.Errorf("VLAN 100 %+v", o)
	}
	if len(d.Interfaces) == 0 {
		t.Error("the OpenConfig paths gave no interfaces")
	}
}
