package cisco_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/vendors"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

const labDir = "../../fixtures/lab"

// labConfig is a recorded running-config of the lab and its platform.
type labConfig struct {
	rel      string // path under labDir
	platform string
}

// labConfigs returns every running-config the lab records, with the
// platform inventory.yaml gives its device, and fails if a config file has
// no device there.
func labConfigs(t testing.TB) []labConfig {
	t.Helper()
	inv, err := inventory.Load(filepath.Join(labDir, "inventory.yaml"), vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	var out []labConfig
	for _, pat := range []string{"snapshot/*/show_running-config.txt", "backups/*.cfg"} {
		files, err := filepath.Glob(filepath.Join(labDir, pat))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			rel, _ := filepath.Rel(labDir, f)
			platform := ""
			for _, d := range inv.Devices {
				if d.Config != "" && filepath.Clean(d.Config) == rel ||
					d.Config == "" && rel == filepath.Join(inv.Snapshot, d.Name, "show_running-config.txt") {
					platform = d.Platform
				}
			}
			if platform == "" {
				t.Fatalf("%s: no device of inventory.yaml reads it", rel)
			}
			out = append(out, labConfig{rel, platform})
		}
	}
	if len(out) != 4 {
		t.Fatalf("found %d lab configs, want 4 (3 snapshots and core1.cfg)", len(out))
	}
	return out
}

// rehydrate puts a distinct secret where a recorded config shows cisco.ScrubMarker.
func rehydrate(text []byte) []byte {
	parts := bytes.Split(text, []byte(cisco.ScrubMarker))
	var b bytes.Buffer
	for i, p := range parts {
		if i > 0 {
			fmt.Fprintf(&b, "S3cr3t-lab-%d", i)
		}
		b.Write(p)
	}
	return b.Bytes()
}

// injection is what enrich inserts after each line that starts with after
// ("" for the end of an NX-OS config, "end" before IOS's last line).
type injection struct {
	after string
	lines []string
}

var iosInjections = []injection{
	{"interface Vlan", []string{
		" standby 99 authentication md5 key-string 7 S3cr3t-inj-hsrp-%d timeout 30",
		" standby 98 authentication S3cr3t-inj-hsrptext-%d",
		" vrrp 9 authentication text S3cr3t-inj-vrrp-%d",
		" ip ospf message-digest-key 1 md5 7 S3cr3t-inj-ospf-%d",
	}},
	{"interface GigabitEthernet1/0/1", []string{" ip ospf authentication-key S3cr3t-inj-ospfkey-%d"}},
	{"line vty", []string{" password 7 S3cr3t-inj-vty-%d"}},
	{"line con", []string{" password S3cr3t-inj-con-%d"}},
	{"end", []string{
		"username inj privilege 15 secret 9 $9$S3cr3t-inj-user-%d",
		"enable password 7 S3cr3t-inj-enable-%d",
		"key chain INJ",
		" key 1",
		"  key-string 7 S3cr3t-inj-kc-%d",
		"crypto isakmp key S3cr3t-inj-isakmp-%d address 192.0.2.200",
		"crypto pki certificate chain TP-INJ",
		" certificate ca 01",
		"  3082032E 30820216 DEADBEEF 02020101",
		"  30312E30 2C060355 DEADBEEF 494F532D",
		"  \tquit",
		"snmp-server user inj G v3 auth sha S3cr3t-inj-auth-%d priv aes 128 S3cr3t-inj-priv-%d",
		"snmp-server host 10.10.10.60 version 2c S3cr3t-inj-host-%d",
		"radius server INJ",
		" key S3cr3t-inj-rad-%d",
		"archive",
		" path ftp://backup:S3cr3t-inj-ftp-%d@192.0.2.9/$h",
		"ntp authentication-key 1 md5 S3cr3t-inj-ntp-%d 7",
	}},
}

var nxosInjections = []injection{
	{"interface Vlan", []string{
		"  ip ospf authentication-key 3 S3cr3t-inj-nxospf-%d",
		"  hsrp 9",
		"    authentication text S3cr3t-inj-nxhsrp-%d",
	}},
	{"interface Ethernet1/10", []string{"  ip ospf message-digest-key 1 md5 3 S3cr3t-inj-nxmd5-%d"}},
	{"feature tacacs+", []string{
		"key config-key ascii S3cr3t-inj-nxmaster-%d",
		`radius-server host 10.10.10.71 key 7 "S3cr3t-inj-nxrad-%d" authentication accounting`,
		"snmp-server host 10.10.10.64 traps version 2c S3cr3t-inj-nxtrap-%d udp-port 1163",
		"snmp-server community S3cr3t-inj-nxcomm-%d group network-operator",
		"key chain INJ",
		"  key 0",
		"    key-string 7 S3cr3t-inj-nxkc-%d",
	}},
	{"", []string{
		"router bgp 65001",
		"  neighbor 10.0.0.2",
		"    remote-as 65002",
		"    password 3 S3cr3t-inj-nxbgp-%d",
	}},
}

// enrich inserts secret-bearing lines of every kind the lab lacks into a
// config, each secret distinct.
func enrich(text []byte, platform string) []byte {
	inj := iosInjections
	if platform == cisco.NXOS {
		inj = nxosInjections
	}
	no := 0
	emit := func(b *bytes.Buffer, ls []string, eol string) {
		for _, l := range ls {
			args := make([]any, strings.Count(l, "%d"))
			for i := range args {
				no++
				args[i] = no
			}
			if len(args) == 0 {
				b.WriteString(l)
			} else {
				fmt.Fprintf(b, l, args...)
			}
			b.WriteString(eol)
		}
	}
	var b bytes.Buffer
	for _, l := range strings.SplitAfter(string(text), "\n") {
		if l == "" {
			continue
		}
		body := strings.TrimRight(l, "\r\n")
		eol := l[len(body):]
		for _, in := range inj {
			if in.after == "end" && body == "end" {
				emit(&b, in.lines, eol)
			}
		}
		b.WriteString(l)
		for _, in := range inj {
			if in.after != "" && in.after != "end" && strings.HasPrefix(body, in.after) {
				emit(&b, in.lines, eol)
			}
		}
	}
	for _, in := range inj {
		if in.after == "" {
			emit(&b, in.lines, "\n")
		}
	}
	return b.Bytes()
}

// changedLines returns the numbers of the lines that differ between a and
// b, which have the same number of lines.
func changedLines(t testing.TB, a, b []byte) map[int]bool {
	t.Helper()
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	if len(la) != len(lb) {
		t.Fatalf("%d lines before scrubbing, %d after", len(la), len(lb))
	}
	out := map[int]bool{}
	for i := range la {
		if !bytes.Equal(la[i], lb[i]) {
			out[i+1] = true
		}
	}
	return out
}

// modelOpts compares two parses of the same config, one of it scrubbed:
// evidence may differ in its text only on the lines scrubbing changed, in
// files whose path ends with a key of changed.
func modelOpts(changed map[string]map[int]bool) cmp.Options {
	return cmp.Options{
		cmp.Transformer("VLANSet", func(s model.VLANSet) string { return s.String() }),
		cmp.Transformer("Addr", func(a netip.Addr) string { return a.String() }),
		cmp.Transformer("Prefix", func(p netip.Prefix) string { return p.String() }),
		cmpopts.EquateEmpty(),
		cmpopts.IgnoreUnexported(model.Device{}),
		cmp.Comparer(func(a, b model.Ref) bool {
			if a.File != b.File || a.Line != b.Line {
				return false
			}
			if a.Text == b.Text {
				return true
			}
			for file, lines := range changed {
				if strings.HasSuffix(filepath.ToSlash(a.File), file) && lines[a.Line] {
					return true
				}
			}
			return false
		}),
	}
}

func parse(t *testing.T, platform, file string, text []byte) *model.Device {
	t.Helper()
	dev := model.NewDevice("sw", platform)
	if err := cisco.ParseConfig(dev, file, text); err != nil {
		t.Fatal(err)
	}
	return dev
}

// TestLabConfigs: the recorded lab configs are already scrubbed, Text
// restores them exactly from versions with their secrets put back, and the
// scrubbed versions of those (and of versions with every other kind of
// secret added) parse to the same models.
func TestLabConfigs(t *testing.T) {
	for _, lc := range labConfigs(t) {
		t.Run(lc.rel, func(t *testing.T) {
			recorded, err := os.ReadFile(filepath.Join(labDir, lc.rel))
			if err != nil {
				t.Fatal(err)
			}
			got, n := cisco.ScrubText(recorded)
			if n != 0 || !bytes.Equal(got, recorded) {
				t.Errorf("the recorded config is not scrubbed as Text scrubs (%d secrets):\n%s", n, cmp.Diff(string(recorded), string(got)))
			}

			hydrated := rehydrate(recorded)
			got, n = cisco.ScrubText(hydrated)
			if want := bytes.Count(recorded, []byte(cisco.ScrubMarker)); n != want {
				t.Errorf("rehydrated: count = %d, want %d", n, want)
			}
			if diff := cmp.Diff(string(recorded), string(got)); diff != "" {
				t.Errorf("rehydrated, then scrubbed (-recorded +got):\n%s", diff)
			}

			for name, in := range map[string][]byte{
				"rehydrated":         hydrated,
				"enriched":           enrich(hydrated, lc.platform),
				"enriched-crlf":      bytes.ReplaceAll(enrich(hydrated, lc.platform), []byte("\n"), []byte("\r\n")),
				"recorded-unchanged": recorded,
			} {
				t.Run(name, func(t *testing.T) {
					out, n := cisco.ScrubText(in)
					for _, s := range []string{"S3cr3t", "DEADBEEF"} {
						if i := bytes.Index(out, []byte(s)); i >= 0 {
							t.Errorf("%q survives on line %d", s, bytes.Count(out[:i], []byte("\n"))+1)
						}
					}
					want := bytes.Count(in, []byte("S3cr3t")) + bytes.Count(in, []byte("certificate ca 01"))
					if n != want {
						t.Errorf("count = %d, want %d", n, want)
					}
					orig := parse(t, lc.platform, lc.rel, in)
					scrubbed := parse(t, lc.platform, lc.rel, out)
					opts := modelOpts(map[string]map[int]bool{filepath.ToSlash(lc.rel): changedLines(t, in, out)})
					if diff := cmp.Diff(orig, scrubbed, opts); diff != "" {
						t.Errorf("models differ (-with secrets +scrubbed):\n%s", diff)
					}
				})
			}
		})
	}
}

// TestLabAudit audits the lab twice, with every secret in place and
// scrubbed, and wants the same devices and findings.
func TestLabAudit(t *testing.T) {
	plain, scrubbed := t.TempDir(), t.TempDir()
	configs := map[string]string{}
	for _, lc := range labConfigs(t) {
		configs[filepath.ToSlash(lc.rel)] = lc.platform
	}
	changed := map[string]map[int]bool{}
	err := filepath.WalkDir(labDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(labDir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		in, out := data, data
		if platform, ok := configs[filepath.ToSlash(rel)]; ok {
			in = enrich(rehydrate(data), platform)
			out, _ = cisco.ScrubText(in)
			changed[filepath.ToSlash(rel)] = changedLines(t, in, out)
		}
		for dir, b := range map[string][]byte{plain: in, scrubbed: out} {
			p := filepath.Join(dir, rel)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	run := func(dir string) *audit.Result {
		inv, err := inventory.Load(filepath.Join(dir, "inventory.yaml"), vendors.InventoryPlatforms())
		if err != nil {
			t.Fatal(err)
		}
		res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(plain), run(scrubbed)
	if a.Failed() != 0 || len(a.Findings) == 0 {
		t.Fatalf("the lab with its secrets does not audit: %d devices failed, %d findings: %+v", a.Failed(), len(a.Findings), a.Devices)
	}
	// Evidence from saved configs names them by path, which differs by
	// the temporary directory only.
	for dir, res := range map[string]*audit.Result{plain: a, scrubbed: b} {
		for _, f := range res.Findings {
			for i := range f.Evidence {
				f.Evidence[i].File = strings.TrimPrefix(filepath.ToSlash(f.Evidence[i].File), filepath.ToSlash(dir)+"/")
			}
		}
	}
	opts := cmp.Options{modelOpts(changed), cmpopts.IgnoreFields(audit.DeviceResult{}, "Sources")}
	if diff := cmp.Diff(a.Devices, b.Devices, opts); diff != "" {
		t.Errorf("device results differ (-with secrets +scrubbed):\n%s", diff)
	}
	if diff := cmp.Diff(a.Findings, b.Findings, opts); diff != "" {
		t.Errorf("audits differ (-with secrets +scrubbed):\n%s", diff)
	}
}
