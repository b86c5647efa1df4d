package cisco

import (
	"errors"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/model/modeltest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/merge")

// labFiles are the configs the predicted-config tests start from.
var labFiles = map[string]string{
	"acc1":           "../../fixtures/lab/snapshot/acc1/show_running-config.txt",
	"acc2":           "../../fixtures/lab/snapshot/acc2/show_running-config.txt",
	"leaf1":          "../../fixtures/lab/snapshot/leaf1/show_running-config.txt",
	"core1":          "../../fixtures/lab/backups/core1.cfg",
	"ios-numbered":   "testdata/merge/ios-numbered.cfg",
	"iosxe-numbered": "testdata/merge/iosxe-numbered.cfg",
}

func labConfig(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(labFiles[name])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// parseText parses a config, failing the test if it does not parse, and
// checks its references and invariants.
func parseText(t testing.TB, platform, text string) *model.Device {
	t.Helper()
	dev := model.NewDevice("sw1", platform)
	if err := ParseConfig(dev, cfgFile, []byte(text)); err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	if tt, ok := t.(*testing.T); ok {
		checkConfigRefs(tt, cfgFile, []byte(text), dev)
		checkConfigInvariants(tt, dev)
	}
	return dev
}

// mustApply applies lines and checks what must hold of any result: it
// parses, and an IOS config still ends with "end".
func mustApply(t testing.TB, platform, base string, lines ...string) string {
	t.Helper()
	out, err := Apply(platform, []byte(base), lines)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	parseText(t, platform, string(out))
	if platform != NXOS {
		ls := modeltest.Lines(out)
		for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == "" {
			ls = ls[:len(ls)-1]
		}
		if len(ls) == 0 || ls[len(ls)-1] != "end" {
			t.Errorf("IOS result does not end with \"end\"")
		}
	}
	return string(out)
}

// lineDiff returns the lines of a that are not in b and the lines of b
// that are not in a, along a longest common subsequence: every other line
// is the same, byte for byte, and in the same order.
func lineDiff(a, b []string) (removed, added []string) {
	n, m := len(a), len(b)
	dp := make([][]int32, n+1)
	for i := range dp {
		dp[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	for i, j := 0, 0; i < n || j < m; {
		switch {
		case i < n && j < m && a[i] == b[j]:
			i++
			j++
		case j < m && (i == n || dp[i][j+1] >= dp[i+1][j]):
			added = append(added, b[j])
			j++
		default:
			removed = append(removed, a[i])
			i++
		}
	}
	return removed, added
}

// modelOpts compare what the audit sees of two parses: evidence is left
// out - line numbers and text, and the evidence pointers whose value sits
// beside them (Shutdown beside ShutdownRef, ...), since a config may print
// a default explicitly that the switch does not print again once changed
// back. Pointers whose presence is the setting (a querier's Enabled,
// snooping's Disabled, MulticastRouting, a VLAN's Suspended) are compared.
var modelOpts = cmp.Options{
	cfgCmpOpts,
	cmp.Comparer(func(a, b model.Ref) bool { return true }),
	cmpopts.IgnoreFields(model.Interface{}, "AllowedRefs", "ShutdownRef", "ModeRef", "AccessRef",
		"BundleRef", "IPv4Ref", "PIMRef", "IGMPVerRef", "RoutedRef"),
	cmpopts.IgnoreFields(model.VLAN{}, "NameRef"),
	cmpopts.IgnoreFields(model.Querier{}, "AddressRef", "VersionRef"),
	cmpopts.IgnoreFields(model.Device{}, "HostnameRef"),
	cmpopts.IgnoreFields(model.VLANSource{}, "Ref"),
	cmpopts.IgnoreUnexported(model.Device{}),
}

// evidenceFields are the fields modelOpts leaves out, by type.
var evidenceFields = map[reflect.Type]map[string]bool{
	reflect.TypeFor[model.Interface](): {"AllowedRefs": true, "ShutdownRef": true, "ModeRef": true, "AccessRef": true,
		"BundleRef": true, "IPv4Ref": true, "PIMRef": true, "IGMPVerRef": true, "RoutedRef": true},
	reflect.TypeFor[model.VLAN]():       {"NameRef": true},
	reflect.TypeFor[model.Querier]():    {"AddressRef": true, "VersionRef": true},
	reflect.TypeFor[model.Device]():     {"HostnameRef": true},
	reflect.TypeFor[model.VLANSource](): {"Ref": true},
}

var refType = reflect.TypeFor[model.Ref]()

// dropEvidence clears in place what modelOpts leaves out, and makes empty
// slices nil, so that reflect.DeepEqual compares as modelOpts does.
func dropEvidence(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			dropEvidence(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == refType {
			v.SetZero()
			return
		}
		if v.Type().PkgPath() != refType.PkgPath() {
			return
		}
		skip := evidenceFields[v.Type()]
		for i := range v.NumField() {
			f, fv := v.Type().Field(i), v.Field(i)
			switch {
			case !f.IsExported():
			case skip[f.Name]:
				fv.SetZero()
			default:
				dropEvidence(fv)
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.SetZero()
		}
		for i := range v.Len() {
			dropEvidence(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 {
			v.SetZero()
		}
		it := v.MapRange()
		for it.Next() {
			dropEvidence(it.Value())
		}
	}
}

// sameModel says whether two configs parse to what the audit sees alike
// (modelOpts), with reflect.DeepEqual: cmp is too slow to run on every
// fuzz input.
func sameModel(t testing.TB, platform, a, b string) bool {
	t.Helper()
	plain := func(text string) *model.Device {
		d := model.NewDevice("sw1", platform)
		if err := ParseConfig(d, cfgFile, []byte(text)); err != nil {
			t.Fatalf("ParseConfig: %v", err)
		}
		dropEvidence(reflect.ValueOf(d))
		return d
	}
	return reflect.DeepEqual(plain(a), plain(b))
}

// modelDiff compares two configs as the audit sees them (modelOpts).
func modelDiff(t testing.TB, platform, a, b string) string {
	t.Helper()
	if sameModel(t, platform, a, b) {
		return ""
	}
	return cmp.Diff(parseText(t, platform, a), parseText(t, platform, b), modelOpts)
}

// applyCase is one typed change, the exact lines it removes from and adds
// to the config (all other lines stay byte for byte), and what the audit
// must then see.
type applyCase struct {
	name     string
	platform string // cisco_iosxe when empty
	base     string
	lines    []string
	removed  []string
	added    []string
	snippet  string // consecutive lines the result must hold, when set
	check    func(t *testing.T, before, after *model.Device)
}

func runApplyCases(t *testing.T, cases []applyCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.platform
			if p == "" {
				p = IOSXE
			}
			out := mustApply(t, p, c.base, c.lines...)
			rm, add := lineDiff(modeltest.Lines([]byte(c.base)), modeltest.Lines([]byte(out)))
			if diff := cmp.Diff(c.removed, rm, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("removed lines (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.added, add, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("added lines (-want +got):\n%s", diff)
			}
			if c.snippet != "" && !strings.Contains(out, c.snippet) {
				t.Errorf("result does not hold\n%s", c.snippet)
			}
			switch {
			case len(c.removed) == 0 && len(c.added) == 0:
				if out != c.base {
					t.Error("the config changed")
				}
			case c.check == nil:
				t.Error("case without a model check")
			default:
				c.check(t, parseText(t, p, c.base), parseText(t, p, out))
			}
		})
	}
}

func lines(s ...string) string { return strings.Join(s, "\n") + "\n" }

// unchanged checks that the audit sees no change: the lines changed are
// ones the model does not hold.
func unchanged(t *testing.T, before, after *model.Device) {
	t.Helper()
	if diff := cmp.Diff(before, after, modelOpts); diff != "" {
		t.Errorf("model changed (-before +after):\n%s", diff)
	}
}

func seqs(d *model.Device, acl string) []int {
	var out []int
	if a := d.ACLs[acl]; a != nil {
		for _, e := range a.Entries {
			out = append(out, e.Seq)
		}
	}
	return out
}

func entry(d *model.Device, acl string, seq int) *model.ACE {
	if a := d.ACLs[acl]; a != nil {
		for _, e := range a.Entries {
			if e.Seq == seq {
				return e
			}
		}
	}
	return nil
}

func want[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func wantSeqs(t *testing.T, d *model.Device, acl string, w ...int) {
	t.Helper()
	if got := seqs(d, acl); !slices.Equal(got, w) {
		t.Errorf("ACL %s sequence numbers %v, want %v", acl, got, w)
	}
}

func TestApplyACLs(t *testing.T) { runApplyCases(t, aclApplyCases(t)) }

func aclApplyCases(t testing.TB) []applyCase {
	acc1, leaf1 := labConfig(t, "acc1"), labConfig(t, "leaf1")
	return []applyCase{
		{
			name: "insert before the blocking entry", base: acc1,
			lines: []string{"ip access-list extended EDGE-IN", " 65 permit 113 host 10.10.100.11 host 239.192.10.10"},
			added: []string{" 65 permit 113 host 10.10.100.11 host 239.192.10.10"},
			snippet: lines(
				" 60 permit ip 10.10.100.0 0.0.0.255 10.0.0.0 0.255.255.255",
				" 65 permit 113 host 10.10.100.11 host 239.192.10.10",
				" 70 deny   ip any any log"),
			check: func(t *testing.T, _, d *model.Device) {
				wantSeqs(t, d, "EDGE-IN", 10, 20, 30, 40, 50, 60, 65, 70)
				e := entry(d, "EDGE-IN", 65)
				want(t, "action", e.Action, model.Permit)
				want(t, "protocol", e.Proto.Num, 113)
				want(t, "source", e.Src.Prefix, pfx("10.10.100.11/32"))
				want(t, "destination", e.Dst.Prefix, pfx("239.192.10.10/32"))
			},
		},
		{
			name: "IOS spelling of an entry", base: acc1,
			lines: []string{
				"ip access-list extended EDGE-IN",
				" 61 permit 113 10.10.100.11 0.0.0.0 239.192.10.10 0.0.0.0",
				" 62 deny 113 0.0.0.0 255.255.255.255 any",
				" 63 permit 6 any any",
				" 64   permit  113  10.10.100.0  0.0.0.255  239.192.0.0 0.0.255.255",
			},
			added: []string{
				" 61 permit 113 host 10.10.100.11 host 239.192.10.10",
				" 62 deny   113 any any",
				" 63 permit tcp any any",
				" 64 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255",
			},
			check: func(t *testing.T, _, d *model.Device) {
				wantSeqs(t, d, "EDGE-IN", 10, 20, 30, 40, 50, 60, 61, 62, 63, 64, 70)
				want(t, "63 protocol", entry(d, "EDGE-IN", 63).Proto.Num, 6)
			},
		},
		{
			name: "entry without a number goes last", base: acc1,
			lines:   []string{"ip access-list extended EDGE-IN", " permit 113 any any"},
			added:   []string{" 80 permit 113 any any"},
			snippet: lines(" 70 deny   ip any any log", " 80 permit 113 any any", "!"),
			check: func(t *testing.T, _, d *model.Device) {
				wantSeqs(t, d, "EDGE-IN", 10, 20, 30, 40, 50, 60, 70, 80)
			},
		},
		{
			name: "insert before the remark of the next entry", base: acc1,
			lines:   []string{"ip access-list extended EDGE-IN", " 5 permit 113 any any"},
			added:   []string{" 5 permit 113 any any"},
			snippet: lines("ip access-list extended EDGE-IN", " 5 permit 113 any any", " remark EFT cluster host ports - application traffic only"),
			check:   func(t *testing.T, _, d *model.Device) { wantSeqs(t, d, "EDGE-IN", 5, 10, 20, 30, 40, 50, 60, 70) },
		},
		{
			name: "no SEQ", base: acc1,
			lines:   []string{"ip access-list extended EDGE-IN", " no 30", " no 70"},
			removed: []string{" 30 permit udp 10.10.100.0 0.0.0.255 any eq domain ntp", " 70 deny   ip any any log"},
			check: func(t *testing.T, _, d *model.Device) {
				wantSeqs(t, d, "EDGE-IN", 10, 20, 40, 50, 60)
			},
		},
		{
			name: "standard ACL writes a host as the address", base: acc1,
			lines:   []string{"ip access-list standard VTY-ACCESS", " 15 permit host 10.10.20.5"},
			added:   []string{" 15 permit 10.10.20.5"},
			snippet: lines(" 10 permit 10.10.10.0 0.0.0.255", " 15 permit 10.10.20.5", " 20 deny   any log"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "source", entry(d, "VTY-ACCESS", 15).Src.Prefix, pfx("10.10.20.5/32"))
			},
		},
		{
			name: "new ACL after the last one", base: acc1,
			lines: []string{
				"ip access-list extended EFT-PGM",
				" permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255",
			},
			added: []string{"ip access-list extended EFT-PGM", " 10 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255", "!"},
			snippet: lines(
				" 70 deny   ip any any log", "!",
				"ip access-list extended EFT-PGM", " 10 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255", "!",
				"logging source-interface Vlan10"),
			check: func(t *testing.T, _, d *model.Device) {
				wantSeqs(t, d, "EFT-PGM", 10)
			},
		},
		{
			name: "remove an ACL", base: acc1,
			lines: []string{"no ip access-list extended EDGE-IN"},
			removed: []string{
				"ip access-list extended EDGE-IN",
				" remark EFT cluster host ports - application traffic only",
				" 10 permit tcp 10.10.100.0 0.0.0.255 any established",
				" 20 permit tcp 10.10.100.0 0.0.0.255 any eq 443 22",
				" 30 permit udp 10.10.100.0 0.0.0.255 any eq domain ntp",
				" 40 permit icmp 10.10.100.0 0.0.0.255 any",
				" 50 permit igmp any any",
				" 60 permit ip 10.10.100.0 0.0.0.255 10.0.0.0 0.255.255.255",
				" 70 deny   ip any any log",
				"!",
			},
			snippet: lines(" 20 deny   any log", "!", "logging source-interface Vlan10"),
			check: func(t *testing.T, _, d *model.Device) {
				if d.ACLs["EDGE-IN"] != nil {
					t.Error("EDGE-IN still defined")
				}
				// The binding stays: the switch keeps it, and the audit
				// reports an ACL that does not exist.
				want(t, "Gi1/0/10 port ACL", d.Interface("GigabitEthernet1/0/10").PortACLIn.ACL, "EDGE-IN")
			},
		},
		{
			name: "NX-OS entry as NX-OS prints it", platform: NXOS, base: leaf1,
			lines:   []string{"ip access-list HOST-IN", "  35 permit 113 host 10.10.100.12 10.10.100.0 0.0.0.255", "  36 deny 113 any any"},
			added:   []string{"  35 permit 113 10.10.100.12/32 10.10.100.0/24", "  36 deny 113 any any"},
			snippet: lines("  30 permit udp any any eq bootps", "  35 permit 113 10.10.100.12/32 10.10.100.0/24", "  36 deny 113 any any", "  40 deny ip any any log"),
			check: func(t *testing.T, _, d *model.Device) {
				wantSeqs(t, d, "HOST-IN", 10, 20, 25, 30, 35, 36, 40)
			},
		},
		{
			name: "NX-OS new ACL", platform: NXOS, base: leaf1,
			lines:   []string{"ip access-list EFT", "  permit 113 any any", "  permit 113 any 239.192.10.10/32"},
			added:   []string{"ip access-list EFT", "  10 permit 113 any any", "  20 permit 113 any 239.192.10.10/32"},
			snippet: lines("  10 permit tcp any any eq 445", "ip access-list EFT", "  10 permit 113 any any", "  20 permit 113 any 239.192.10.10/32", "vlan access-map VM-PROTECT 10"),
			check:   func(t *testing.T, _, d *model.Device) { wantSeqs(t, d, "EFT", 10, 20) },
		},
		{
			name: "absent entries: nothing to remove", base: acc1,
			lines: []string{"ip access-list extended EDGE-IN", " no 15", "no ip access-list extended NOPE"},
		},
	}
}

func TestApplyNumberedACLs(t *testing.T) { runApplyCases(t, numberedApplyCases(t)) }

func numberedApplyCases(t testing.TB) []applyCase {
	ios, xe := labConfig(t, "ios-numbered"), labConfig(t, "iosxe-numbered")
	return []applyCase{
		{
			name: "classic IOS keeps access-list lines", platform: IOS, base: ios,
			lines: []string{"ip access-list extended 101", " 15 permit 113 host 10.10.100.11 host 239.192.10.10"},
			added: []string{"access-list 101 permit 113 host 10.10.100.11 host 239.192.10.10"},
			snippet: lines(
				"access-list 101 permit tcp 10.10.100.0 0.0.0.255 any eq 443",
				"access-list 101 permit 113 host 10.10.100.11 host 239.192.10.10",
				"access-list 101 deny   113 any any"),
			check: func(t *testing.T, _, d *model.Device) {
				// Shown without numbers, the entries are numbered again.
				wantSeqs(t, d, "101", 10, 20, 30, 40)
				e := entry(d, "101", 20)
				want(t, "20", e.Action, model.Permit)
				want(t, "20 protocol", e.Proto.Num, 113)
			},
		},
		{
			name: "classic IOS removes an entry", platform: IOS, base: ios,
			lines:   []string{"ip access-list extended 101", " no 20"},
			removed: []string{"access-list 101 deny   113 any any"},
			check:   func(t *testing.T, _, d *model.Device) { wantSeqs(t, d, "101", 10, 20) },
		},
		{
			name: "no ip access-list removes a numbered ACL's lines", platform: IOS, base: ios,
			lines: []string{"no ip access-list extended 101"},
			removed: []string{
				"access-list 101 remark EFT cluster host port",
				"access-list 101 permit tcp 10.10.100.0 0.0.0.255 any eq 443",
				"access-list 101 deny   113 any any",
				"access-list 101 permit ip any any",
			},
			check: func(t *testing.T, _, d *model.Device) {
				if d.ACLs["101"] != nil {
					t.Error("ACL 101 still defined")
				}
			},
		},
		{
			name: "classic IOS named ACL without numbers", platform: IOS, base: ios,
			lines:   []string{"ip access-list standard EDGE-STD", " 15 permit 10.10.200.0 0.0.0.255"},
			added:   []string{" permit 10.10.200.0 0.0.0.255"},
			snippet: lines(" permit 10.10.100.0 0.0.0.255", " permit 10.10.200.0 0.0.0.255", " deny   any log"),
			check:   func(t *testing.T, _, d *model.Device) { wantSeqs(t, d, "EDGE-STD", 10, 20, 30) },
		},
		{
			name: "IOS-XE shows a changed numbered ACL in the named form", base: xe,
			lines: []string{"ip access-list extended 101", " 15 permit 113 host 10.10.100.11 host 239.192.10.10"},
			removed: []string{
				"access-list 101 remark EFT cluster host port",
				"access-list 101 permit tcp 10.10.100.0 0.0.0.255 any eq 443",
				"access-list 101 deny   113 any any",
				"access-list 101 permit ip any any",
			},
			added: []string{
				"ip access-list extended 101",
				" remark EFT cluster host port",
				" 10 permit tcp 10.10.100.0 0.0.0.255 any eq 443",
				" 15 permit 113 host 10.10.100.11 host 239.192.10.10",
				" 20 deny   113 any any",
				" 30 permit ip any any",
			},
			snippet: lines("access-list 10 permit 10.10.10.0 0.0.0.255", "ip access-list extended 101", " remark EFT cluster host port"),
			check: func(t *testing.T, before, d *model.Device) {
				wantSeqs(t, d, "101", 10, 15, 20, 30)
				want(t, "binding", d.Interface("GigabitEthernet1/0/10").PortACLIn.ACL, "101")
			},
		},
		{
			name: "IOS-XE numbered ACL that ends unchanged stays as it was", base: xe,
			lines: []string{"ip access-list extended 101", " 15 permit 113 any any", " no 15"},
		},
	}
}

func TestApplyInterfaces(t *testing.T) { runApplyCases(t, ifaceApplyCases(t)) }

func ifaceApplyCases(t testing.TB) []applyCase {
	acc1, core1, leaf1 := labConfig(t, "acc1"), labConfig(t, "core1"), labConfig(t, "leaf1")
	return []applyCase{
		{
			name: "access VLAN replaces", base: acc1,
			lines:   []string{"interface Gi1/0/11", " switchport access vlan 20"},
			removed: []string{" switchport access vlan 100"}, added: []string{" switchport access vlan 20"},
			snippet: lines("interface GigabitEthernet1/0/11", " description BACKUP-SRV01", " switchport access vlan 20", " switchport mode access"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "access VLAN", d.Interface("GigabitEthernet1/0/11").AccessVLAN, 20)
			},
		},
		{
			name: "access VLAN 1 is the default", base: acc1,
			lines:   []string{"interface GigabitEthernet 1/0/11", " switchport access vlan 1"},
			removed: []string{" switchport access vlan 100"},
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "access VLAN", d.Interface("GigabitEthernet1/0/11").AccessVLAN, 1)
			},
		},
		{
			name: "IOS creates a missing access VLAN", base: acc1,
			lines:   []string{"interface Gi1/0/11", " switchport access vlan 200"},
			removed: []string{" switchport access vlan 100"}, added: []string{"vlan 200", "!", " switchport access vlan 200"},
			snippet: lines("vlan 100", " name EFT-HA", "!", "vlan 200", "!", "vlan 999"),
			check: func(t *testing.T, _, d *model.Device) {
				if d.VLANs[200] == nil {
					t.Error("VLAN 200 not created")
				}
			},
		},
		{
			name: "switchport mode replaces", base: acc1,
			lines:   []string{"interface Gi1/0/12", " switchport mode trunk"},
			removed: []string{" switchport mode access"}, added: []string{" switchport mode trunk"},
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "Gi1/0/12 mode", d.Interface("GigabitEthernet1/0/12").Mode, model.ModeTrunk)
			},
		},
		{
			name: "NX-OS access port from nothing, in the order NX-OS prints", platform: NXOS, base: leaf1,
			lines:   []string{"interface Ethernet1/5", "  switchport mode access", "  switchport access vlan 100"},
			added:   []string{"  switchport mode access", "  switchport access vlan 100"},
			snippet: lines("interface Ethernet1/5", "  switchport mode access", "  switchport access vlan 100"),
			check: func(t *testing.T, _, d *model.Device) {
				e := d.Interface("Ethernet1/5")
				want(t, "Eth1/5 mode", e.Mode, model.ModeAccess)
				want(t, "Eth1/5 VLAN", e.AccessVLAN, 100)
			},
		},
		{
			name: "IGMP version on an SVI", base: core1,
			lines:   []string{"interface Vlan100", " ip igmp version 3"},
			removed: []string{" ip igmp version 2"},
			added:   []string{" ip igmp version 3"},
			snippet: lines(" ip access-group SVI100-IN in", " ip igmp version 3", " standby version 2"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "IGMP version", d.Interface("Vlan100").IGMPVer, 3)
			},
		},
		{
			name: "nothing to remove", base: acc1,
			lines: []string{"interface Gi1/0/1", " no ip igmp version", "no vlan access-map NOPE 10"},
		},
	}
}

func TestApplyTrunks(t *testing.T) { runApplyCases(t, trunkApplyCases(t)) }

func allowedOn(t *testing.T, d *model.Device, ifc, list string) {
	t.Helper()
	if got := d.Interface(ifc).Allowed.String(); got != list {
		t.Errorf("%s allowed %s, want %s", ifc, got, list)
	}
}

func trunkApplyCases(t testing.TB) []applyCase {
	acc1, core1, leaf1 := labConfig(t, "acc1"), labConfig(t, "core1"), labConfig(t, "leaf1")
	return []applyCase{
		{
			name: "add", base: core1,
			lines:   []string{"interface Te1/0/2", " switchport trunk allowed vlan add 100"},
			removed: []string{" switchport trunk allowed vlan 10,20,30,200"}, added: []string{" switchport trunk allowed vlan 10,20,30,100,200"},
			check: func(t *testing.T, _, d *model.Device) { allowedOn(t, d, "TenGigabitEthernet1/0/2", "10,20,30,100,200") },
		},
		{
			name: "two-line list written again and wrapped", base: core1,
			lines: []string{"interface Te1/0/3", " switchport trunk allowed vlan add 600-610,700,800,900,1000,1100,1200,1300,1400,1500,1600,1700,1800,1900,2000"},
			removed: []string{
				" switchport trunk allowed vlan 10,20,30,100,200,300,301,302,303,304,305,306,307,308,309,310,311,312",
				" switchport trunk allowed vlan add 313-320,400,500",
			},
			added: []string{
				" switchport trunk allowed vlan 10,20,30,100,200,300-320,400,500,600-610,700,800,900,1000,1100,1200",
				" switchport trunk allowed vlan add 1300,1400,1500,1600,1700,1800,1900,2000",
			},
			check: func(t *testing.T, _, d *model.Device) {
				allowedOn(t, d, "TenGigabitEthernet1/0/3", "10,20,30,100,200,300-320,400,500,600-610,700,800,900,1000,1100,1200,1300,1400,1500,1600,1700,1800,1900,2000")
			},
		},
		{
			name: "two-line list back to its set keeps its lines", base: core1,
			lines: []string{"interface Te1/0/3", " switchport trunk allowed vlan add 600", " switchport trunk allowed vlan remove 600"},
		},
		{
			name: "remove from all VLANs", base: acc1,
			lines:   []string{"interface Gi1/0/12", " switchport trunk allowed vlan remove 100"},
			added:   []string{" switchport trunk allowed vlan 1-99,101-4094"},
			snippet: lines(" switchport access vlan 20", " switchport trunk allowed vlan 1-99,101-4094", " switchport mode access"),
			check:   func(t *testing.T, _, d *model.Device) { allowedOn(t, d, "GigabitEthernet1/0/12", "1-99,101-4094") },
		},
		{
			name: "NX-OS", platform: NXOS, base: leaf1,
			lines:   []string{"interface Eth1/49", "  switchport trunk allowed vlan remove 100", "  switchport trunk allowed vlan add 300-302"},
			removed: []string{"  switchport trunk allowed vlan 10,20,100,200"}, added: []string{"  switchport trunk allowed vlan 10,20,200,300-302"},
			check: func(t *testing.T, _, d *model.Device) { allowedOn(t, d, "Ethernet1/49", "10,20,200,300-302") },
		},
	}
}

func TestAllowedLines(t *testing.T) {
	for _, c := range []struct {
		list string
		want []string
	}{
		{model.AllVLANs().String(), nil},
		{"none", []string{"switchport trunk allowed vlan none"}},
		{"10,20,100", []string{"switchport trunk allowed vlan 10,20,100"}},
		{
			// 13 four-digit VLANs and their commas take 64 characters;
			// the 14th would take the list to 69, the 15th past 70.
			"1000,1002,1004,1006,1008,1010,1012,1014,1016,1018,1020,1022,1024,1026,1028,1030",
			[]string{
				"switchport trunk allowed vlan 1000,1002,1004,1006,1008,1010,1012,1014,1016,1018,1020,1022,1024,1026",
				"switchport trunk allowed vlan add 1028,1030",
			},
		},
	} {
		var s model.VLANSet
		if c.list != "none" {
			s = vset(c.list)
		}
		got := AllowedLines(s)
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.list, diff)
		}
		for _, l := range got {
			if list := l[strings.LastIndexByte(l, ' ')+1:]; len(list) > TrunkAllowedWidth {
				t.Errorf("%q: list of %d characters", l, len(list))
			}
		}
	}
	// Any set: the lines give it back, as ParseConfig reads them.
	for _, list := range []string{"1-4093", "2-4094", "1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47,49,51,53,55,57,59,61,63,65,67,69"} {
		ifc := &model.Interface{Allowed: model.AllVLANs()}
		text := "hostname sw1\ninterface Gi1/0/1\n"
		for _, l := range AllowedLines(vset(list)) {
			text += " " + l + "\n"
		}
		dev := parseText(t, IOSXE, text+"end\n")
		ifc = dev.Interface("GigabitEthernet1/0/1")
		if ifc.Allowed.String() != vset(list).String() {
			t.Errorf("%s read back as %s", list, ifc.Allowed.String())
		}
	}
}

func TestApplyVLANs(t *testing.T) { runApplyCases(t, vlanApplyCases(t)) }

func vlanApplyCases(t testing.TB) []applyCase {
	acc1, acc2, leaf1 := labConfig(t, "acc1"), labConfig(t, "acc2"), labConfig(t, "leaf1")
	return []applyCase{
		{
			name: "IOS creates in order", base: acc1,
			lines:   []string{"vlan 150", " name EFT-HA2", "vlan 5"},
			added:   []string{"vlan 5", "!", "vlan 150", " name EFT-HA2", "!"},
			snippet: lines("transceiver type all", " monitoring", "!", "vlan 5", "!", "vlan 10"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "name", d.VLANs[150].Name, "EFT-HA2")
				if d.VLANs[5] == nil {
					t.Error("VLAN 5 missing")
				}
			},
		},
		{
			name: "IOS renames and deletes", base: acc1,
			lines:   []string{"vlan 100", " name CLUSTER", "no vlan 999", "vlan 20", " no name"},
			removed: []string{" name USERS", " name EFT-HA", "vlan 999", " name PARKING", "!"},
			added:   []string{" name CLUSTER"},
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "name", d.VLANs[100].Name, "CLUSTER")
				want(t, "name", d.VLANs[20].Name, "")
				if d.VLANs[999] != nil {
					t.Error("VLAN 999 still there")
				}
			},
		},
		{
			name: "IOS VLAN range and state", base: acc1,
			lines: []string{"vlan 302", " state suspend", "vlan 301", " state active"},
			added: []string{"vlan 301", "!", "vlan 302", " state suspend", "!"},
			check: func(t *testing.T, _, d *model.Device) {
				if d.VLANs[301].Suspended != nil || d.VLANs[302].Suspended == nil {
					t.Error("state not applied")
				}
			},
		},
		{
			name: "IOS VTP server keeps VLANs in vlan.dat", platform: IOS, base: acc2,
			lines: []string{"vlan 100", " name EFT-HA", "no vlan 300"},
		},
		{
			name: "NX-OS adds to the list line", platform: NXOS, base: leaf1,
			lines:   []string{"vlan 300", "vlan 101"},
			removed: []string{"vlan 1,10,20,100,200"}, added: []string{"vlan 1,10,20,100-101,200,300"},
			check: func(t *testing.T, _, d *model.Device) {
				for _, v := range []int{101, 300} {
					if d.VLANs[v] == nil {
						t.Errorf("VLAN %d missing", v)
					}
				}
			},
		},
		{
			name: "NX-OS block only while it has a setting", platform: NXOS, base: leaf1,
			lines:   []string{"vlan 300", "  name EFT-HA2", "vlan 100", "  no name", "no vlan 20"},
			removed: []string{"vlan 1,10,20,100,200", "vlan 20", "  name USERS", "vlan 100", "  name EFT-HA"},
			added:   []string{"vlan 1,10,100,200,300", "vlan 300", "  name EFT-HA2"},
			snippet: lines("vlan 200", "  name STORAGE", "vlan 300", "  name EFT-HA2", "vlan configuration 100"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "name", d.VLANs[300].Name, "EFT-HA2")
				want(t, "name", d.VLANs[100].Name, "")
				if d.VLANs[20] != nil {
					t.Error("VLAN 20 still there")
				}
			},
		},
		{
			name: "NX-OS creates the list line", platform: NXOS, base: strings.Replace(nxosWhole, "vlan 1,100\n", "", 1),
			lines:   []string{"vlan 300"},
			added:   []string{"vlan 1,300"},
			snippet: lines("vlan 1,300", "vlan 100", "  name EFT-HA"),
			check: func(t *testing.T, _, d *model.Device) {
				if d.VLANs[300] == nil || d.VLANs[1] == nil {
					t.Error("VLANs 1 and 300 not both defined")
				}
			},
		},
	}
}

func TestApplySnooping(t *testing.T) { runApplyCases(t, snoopingApplyCases(t)) }

func snoopingApplyCases(t testing.TB) []applyCase {
	acc1, leaf1 := labConfig(t, "acc1"), labConfig(t, "leaf1")
	disabled := strings.Replace(iosWhole, "ip igmp snooping querier\n", "no ip igmp snooping\nno ip igmp snooping vlan 100\nip igmp snooping querier\n", 1)
	return []applyCase{
		{
			name: "querier added", base: acc1,
			lines: []string{
				"ip igmp snooping querier",
				"ip igmp snooping querier address 10.10.100.3",
				"ip igmp snooping querier address 10.10.100.4",
				"ip igmp snooping querier version 2",
				"ip igmp snooping vlan 100 querier",
				"ip igmp snooping vlan 100 querier address 10.10.100.4",
				"ip igmp snooping querier",
			},
			added: []string{
				"ip igmp snooping querier",
				"ip igmp snooping querier address 10.10.100.4",
				"ip igmp snooping querier version 2",
				"ip igmp snooping vlan 100 querier",
				"ip igmp snooping vlan 100 querier address 10.10.100.4",
				"!",
			},
			snippet: lines(" monitoring", "!", "ip igmp snooping querier", "ip igmp snooping querier address 10.10.100.4"),
			check: func(t *testing.T, _, d *model.Device) {
				q := d.Snooping.Querier
				if q.Enabled == nil || q.Address != netip.MustParseAddr("10.10.100.4") || q.Version != 2 {
					t.Errorf("global querier %+v", q)
				}
				vq := d.Snooping.VLANs[100].Querier
				if vq.Enabled == nil || vq.Address != netip.MustParseAddr("10.10.100.4") {
					t.Errorf("VLAN 100 querier %+v", vq)
				}
			},
		},
		{
			name: "querier removed", base: iosWhole,
			lines:   []string{"no ip igmp snooping querier", "no ip igmp snooping querier address"},
			removed: []string{"ip igmp snooping querier", "ip igmp snooping querier address 10.10.100.2"},
			check: func(t *testing.T, _, d *model.Device) {
				if q := d.Snooping.Querier; q.Enabled != nil || q.Address.IsValid() {
					t.Errorf("querier %+v", q)
				}
			},
		},
		{
			name: "snooping default is shown as nothing", base: disabled,
			lines:   []string{"ip igmp snooping", "ip igmp snooping vlan 100"},
			removed: []string{"no ip igmp snooping", "no ip igmp snooping vlan 100"},
			check: func(t *testing.T, before, d *model.Device) {
				if before.Snooping.Disabled == nil || d.Snooping.Disabled != nil {
					t.Error("global snooping not re-enabled")
				}
				if s := d.Snooping.VLANs[100]; s != nil && s.Disabled != nil {
					t.Error("VLAN 100 snooping still disabled")
				}
			},
		},
		{
			name: "snooping disabled once", base: iosWhole,
			lines:   []string{"no ip igmp snooping vlan 100", "no ip igmp snooping vlan 100"},
			added:   []string{"no ip igmp snooping vlan 100"},
			snippet: lines("ip igmp snooping querier address 10.10.100.2", "no ip igmp snooping vlan 100", "!"),
			check: func(t *testing.T, _, d *model.Device) {
				if s := d.Snooping.VLANs[100]; s == nil || s.Disabled == nil {
					t.Error("VLAN 100 snooping still on")
				}
			},
		},
		{
			name: "NX-OS querier replaced", platform: NXOS, base: leaf1,
			lines:   []string{"vlan configuration 100", "  ip igmp snooping querier 10.10.100.6"},
			removed: []string{"  ip igmp snooping querier 10.10.100.5"}, added: []string{"  ip igmp snooping querier 10.10.100.6"},
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "querier", d.Snooping.VLANs[100].Querier.Address, netip.MustParseAddr("10.10.100.6"))
			},
		},
		{
			name: "NX-OS querier removed with its empty block", platform: NXOS, base: leaf1,
			lines:   []string{"vlan configuration 100", "  no ip igmp snooping querier"},
			removed: []string{"vlan configuration 100", "  ip igmp snooping querier 10.10.100.5"},
			check: func(t *testing.T, _, d *model.Device) {
				if s := d.Snooping.VLANs[100]; s != nil && s.Querier.Enabled != nil {
					t.Error("querier still on")
				}
			},
		},
		{
			name: "NX-OS per-VLAN snooping off in a new block", platform: NXOS, base: leaf1,
			lines:   []string{"vlan configuration 200", "  no ip igmp snooping", "  ip igmp snooping querier 10.10.200.5", "vlan configuration 100", "  no ip igmp snooping", "  ip igmp snooping"},
			added:   []string{"vlan configuration 200", "  no ip igmp snooping", "  ip igmp snooping querier 10.10.200.5"},
			snippet: lines("  ip igmp snooping querier 10.10.100.5", "vlan configuration 200", "  no ip igmp snooping", "  ip igmp snooping querier 10.10.200.5", "", "spanning-tree port type edge bpduguard default"),
			check: func(t *testing.T, _, d *model.Device) {
				if d.Snooping.VLANs[200].Disabled == nil || d.Snooping.VLANs[100].Disabled != nil {
					t.Error("per-VLAN snooping wrong")
				}
			},
		},
		{
			name: "NX-OS no vlan configuration", platform: NXOS, base: leaf1,
			lines:   []string{"no vlan configuration 100"},
			removed: []string{"vlan configuration 100", "  ip igmp snooping querier 10.10.100.5"},
			check: func(t *testing.T, _, d *model.Device) {
				if s := d.Snooping.VLANs[100]; s != nil && s.Querier.Enabled != nil {
					t.Error("querier still on")
				}
			},
		},
	}
}

func TestApplyVLANMaps(t *testing.T) { runApplyCases(t, vlanMapApplyCases(t)) }

func vlanMapApplyCases(t testing.TB) []applyCase {
	leaf1 := labConfig(t, "leaf1")
	return []applyCase{
		{
			name: "entry inserted in sequence", platform: NXOS, base: leaf1,
			lines:   []string{"vlan access-map VM-PROTECT 15", "  match ip address EFT-PGM", "  action forward"},
			added:   []string{"vlan access-map VM-PROTECT 15", "  match ip address EFT-PGM", "  action forward"},
			snippet: lines("  action drop", "vlan access-map VM-PROTECT 15", "  match ip address EFT-PGM", "  action forward", "vlan access-map VM-PROTECT 20"),
			check: func(t *testing.T, _, d *model.Device) {
				var got []int
				for _, e := range d.VLANMaps["VM-PROTECT"].Entries {
					got = append(got, e.Seq)
				}
				if !slices.Equal(got, []int{10, 15, 20}) {
					t.Errorf("entries %v", got)
				}
			},
		},
		{
			name: "action replaced, entry removed", platform: NXOS, base: leaf1,
			lines: []string{"vlan access-map VM-PROTECT 10", "  action forward", "no vlan access-map VM-PROTECT 20"},
			// Entry 10's new "action forward" lines up with entry 20's.
			removed: []string{"  action drop", "vlan access-map VM-PROTECT 20"},
			check: func(t *testing.T, _, d *model.Device) {
				if len(d.VLANMaps["VM-PROTECT"].Entries) != 1 || d.VLANMaps["VM-PROTECT"].Entries[0].Drop {
					t.Error("VLAN map not changed")
				}
			},
		},
		{
			name: "IOS new map after the ACLs", base: labConfig(t, "acc1"),
			lines: []string{"vlan access-map EFT 10", " match ip address EDGE-IN", " action forward"},
			added: []string{"vlan access-map EFT 10", " match ip address EDGE-IN", " action forward", "!"},
			snippet: lines(" 70 deny   ip any any log", "!", "vlan access-map EFT 10", " match ip address EDGE-IN", " action forward", "!",
				"logging source-interface Vlan10"),
			check: func(t *testing.T, _, d *model.Device) {
				m := d.VLANMaps["EFT"]
				if m == nil || len(m.Entries) != 1 || m.Entries[0].Seq != 10 {
					t.Errorf("map %+v", m)
				}
			},
		},
	}
}

func TestApplyOther(t *testing.T) { runApplyCases(t, otherApplyCases(t)) }

func otherApplyCases(t testing.TB) []applyCase {
	acc1 := labConfig(t, "acc1")
	return []applyCase{
		{
			name: "exit and end, comments and blank lines", base: acc1,
			lines:   []string{"! PGM", "", "interface Gi1/0/11", " switchport access vlan 20", " exit", "interface Gi1/0/12", " switchport access vlan 100", "exit", "end", ""},
			removed: []string{" switchport access vlan 100", " switchport access vlan 20"},
			added:   []string{" switchport access vlan 20", " switchport access vlan 100"},
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "Gi1/0/11", d.Interface("GigabitEthernet1/0/11").AccessVLAN, 20)
				want(t, "Gi1/0/12", d.Interface("GigabitEthernet1/0/12").AccessVLAN, 100)
			},
		},
	}
}

func TestApplyKeepsLineEndings(t *testing.T) {
	crlf := strings.ReplaceAll(labConfig(t, "acc1"), "\n", "\r\n")
	out := mustApply(t, IOSXE, crlf, "ip access-list extended EDGE-IN", " 65 permit 113 any any")
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") || !strings.Contains(out, " 65 permit 113 any any\r\n") {
		t.Error("CRLF file got LF lines")
	}
	back := mustApply(t, IOSXE, out, "ip access-list extended EDGE-IN", " no 65")
	if back != crlf {
		t.Error("round trip on a CRLF file is not byte for byte")
	}
	noEOL := strings.TrimRight(labConfig(t, "leaf1"), "\n")
	out = mustApply(t, NXOS, noEOL, "vlan 300")
	if !strings.HasSuffix(out, "sup-1") {
		t.Errorf("last line gained a terminator: %q", out[len(out)-10:])
	}
	short := "!Command: show running-config\nhostname nx1\ninterface Ethernet1/1\n  switchport"
	out = mustApply(t, NXOS, short, "interface Ethernet1/1", "  switchport access vlan 100")
	if !strings.HasSuffix(out, "  switchport\n  switchport access vlan 100\n") {
		t.Errorf("appended after a last line without terminator: %q", out)
	}
}

// TestApplyRoundTrips applies a change and then its rollback, in two
// Applies as mcaudit does: the rollback gives back the original text byte
// for byte (or, where the platform would print it differently, a config
// the audit cannot tell from the original).
func TestApplyRoundTrips(t *testing.T) {
	for _, c := range roundTrips(t) {
		t.Run(c.name, func(t *testing.T) {
			mid := mustApply(t, c.platform, c.base, c.change...)
			if mid == c.base {
				t.Fatal("the change changed nothing")
			}
			back := mustApply(t, c.platform, mid, c.rollback...)
			if c.sameModelOnly {
				if diff := modelDiff(t, c.platform, c.base, back); diff != "" {
					t.Errorf("rollback model (-original +back):\n%s", diff)
				}
				return
			}
			if back != c.base {
				rm, add := lineDiff(modeltest.Lines([]byte(c.base)), modeltest.Lines([]byte(back)))
				t.Errorf("rollback is not the original: lost %q, gained %q", rm, add)
			}
		})
	}
}

type roundTrip struct {
	name             string
	platform         string
	base             string
	change, rollback []string
	sameModelOnly    bool
}

func roundTrips(t testing.TB) []roundTrip {
	acc1, core1, leaf1, ios := labConfig(t, "acc1"), labConfig(t, "core1"), labConfig(t, "leaf1"), labConfig(t, "ios-numbered")
	return []roundTrip{
		{"acc1 EDGE-IN permit before 70", IOSXE, acc1,
			[]string{"ip access-list extended EDGE-IN", " 65 permit 113 host 10.10.100.11 host 239.192.10.10"},
			[]string{"ip access-list extended EDGE-IN", " no 65"}, false},
		{"core1 Te1/0/2 add 100", IOSXE, core1,
			[]string{"interface TenGigabitEthernet1/0/2", " switchport trunk allowed vlan add 100"},
			[]string{"interface TenGigabitEthernet1/0/2", " switchport trunk allowed vlan remove 100"}, false},
		{"core1 Te1/0/3 two-line list", IOSXE, core1,
			[]string{"interface TenGigabitEthernet1/0/3", " switchport trunk allowed vlan add 600"},
			[]string{"interface TenGigabitEthernet1/0/3", " switchport trunk allowed vlan remove 600"}, true},
		{"acc1 querier", IOSXE, acc1,
			[]string{"ip igmp snooping querier", "ip igmp snooping querier address 10.10.100.3", "ip igmp snooping vlan 100 querier", "ip igmp snooping vlan 100 querier address 10.10.100.3"},
			[]string{"no ip igmp snooping vlan 100 querier address", "no ip igmp snooping vlan 100 querier", "no ip igmp snooping querier address", "no ip igmp snooping querier"}, false},
		{"acc1 VLAN", IOSXE, acc1,
			[]string{"vlan 150", " name EFT-HA2"},
			[]string{"no vlan 150"}, false},
		{"acc1 host port moved", IOSXE, acc1,
			[]string{"interface Gi1/0/11", " switchport access vlan 999"},
			[]string{"interface Gi1/0/11", " switchport access vlan 100"}, false},
		{"acc1 new ACL and VLAN map entry", IOSXE, acc1,
			[]string{"ip access-list extended MCAUDIT-PGM-100", " permit 113 host 10.10.100.11 host 239.192.10.10", "vlan access-map EFT 20", " match ip address MCAUDIT-PGM-100", " action forward"},
			[]string{"no vlan access-map EFT 20", "no ip access-list extended MCAUDIT-PGM-100"}, false},
		{"core1 IGMP version", IOSXE, core1,
			[]string{"interface Vlan100", " ip igmp version 3"},
			[]string{"interface Vlan100", " ip igmp version 2"}, false},
		{"classic IOS numbered ACL", IOS, ios,
			[]string{"ip access-list extended 101", " 15 permit 113 host 10.10.100.11 host 239.192.10.10"},
			[]string{"ip access-list extended 101", " no permit 113 host 10.10.100.11 host 239.192.10.10"}, false},
		{"leaf1 new VLAN with querier", NXOS, leaf1,
			[]string{"vlan 300", "  name EFT-HA2", "vlan configuration 300", "  ip igmp snooping querier 10.30.0.5"},
			[]string{"no vlan configuration 300", "no vlan 300"}, false},
		{"leaf1 querier off and on", NXOS, leaf1,
			[]string{"vlan configuration 100", "  no ip igmp snooping querier"},
			[]string{"vlan configuration 100", "  ip igmp snooping querier 10.10.100.5"}, false},
		{"leaf1 HOST-IN entry", NXOS, leaf1,
			[]string{"ip access-list HOST-IN", "  35 deny 113 any any"},
			[]string{"ip access-list HOST-IN", "  no 35"}, false},
		{"leaf1 VLAN map entry", NXOS, leaf1,
			[]string{"vlan access-map VM-PROTECT 15", "  match ip address HOST-IN", "  action forward"},
			[]string{"no vlan access-map VM-PROTECT 15"}, false},
		{"leaf1 trunk remove", NXOS, leaf1,
			[]string{"interface Ethernet1/49", "  switchport trunk allowed vlan remove 100"},
			[]string{"interface Ethernet1/49", "  switchport trunk allowed vlan add 100"}, false},
		{"leaf1 VLAN renamed", NXOS, leaf1,
			[]string{"vlan 100", "  no name"},
			[]string{"vlan 100", "  name EFT-HA"}, true},
		{"leaf1 snooping off and on in a VLAN", NXOS, leaf1,
			[]string{"vlan configuration 100", "  no ip igmp snooping"},
			[]string{"vlan configuration 100", "  ip igmp snooping"}, false},
		{"leaf1 VXLAN snooping", NXOS, leaf1,
			[]string{"ip igmp snooping vxlan"},
			[]string{"no ip igmp snooping vxlan"}, false},
	}
}

// TestApplyErrors: lines the switch refuses, or whose effect Apply cannot
// predict, are errors naming the line; nothing is dropped.
func TestApplyErrors(t *testing.T) {
	acc1, leaf1 := labConfig(t, "acc1"), labConfig(t, "leaf1")
	client := strings.Replace(acc1, "vtp mode transparent", "vtp mode client", 1)
	for _, c := range []struct {
		name     string
		platform string
		base     string
		lines    []string
		want     string
	}{
		{"duplicate sequence", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 70 permit 113 any any"},
			`line 2 "70 permit 113 any any": duplicate sequence number 70 in ACL EDGE-IN (the switch refuses it)`},
		{"duplicate sequence NX-OS", NXOS, leaf1, []string{"ip access-list HOST-IN", "  25 permit 113 any any"},
			`line 2 "25 permit 113 any any": duplicate sequence number 25 in ACL HOST-IN (the switch refuses it)`},
		{"not an ACL entry", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " frobnicate 1"},
			`line 2 "frobnicate 1": mcaudit does not predict "frobnicate 1" in ip access-list extended EDGE-IN on IOS-XE: no remediation template writes it`},
		{"remark", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 remark x"},
			`line 2 "15 remark x": "15 remark x" is not an ACL entry mcaudit predicts (want [SEQ] permit|deny ..., or no SEQ)`},
		{"entry with options", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 permit 113 any any log"},
			`line 2 "15 permit 113 any any log": mcaudit predicts entries of a protocol, a source and a destination, not "log"`},
		{"entry with ports", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 permit tcp any eq 443 any"},
			`line 2 "15 permit tcp any eq 443 any": destination: "eq" is not an address (want any, host A.B.C.D, A.B.C.D WILDCARD, A.B.C.D/LEN or an object-group)`},
		{"entry cut short", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 permit 113 host"},
			`line 2 "15 permit 113 host": source: host without an address`},
		{"unknown protocol", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 permit pgm any any"},
			`line 2 "15 permit pgm any any": unknown protocol "pgm"`},
		{"IOS ACL prefix", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 permit 113 10.10.100.0/24 any"},
			`line 2 "15 permit 113 10.10.100.0/24 any": source: IOS ACLs take A.B.C.D WILDCARD, not 10.10.100.0/24`},
		{"ACL type", IOSXE, acc1, []string{"ip access-list standard EDGE-IN"},
			`line 1 "ip access-list standard EDGE-IN": ACL EDGE-IN is an extended ACL`},
		{"ACL number", IOSXE, acc1, []string{"ip access-list extended 10"},
			`line 1 "ip access-list extended 10": 10 is not a extended ACL number`},
		{"IOS ACL without type", IOSXE, acc1, []string{"ip access-list EDGE-IN"},
			`line 1 "ip access-list EDGE-IN": mcaudit does not predict "ip access-list EDGE-IN" at the top level on IOS-XE: no remediation template writes it`},
		{"NX-OS ACL with a type", NXOS, leaf1, []string{"ip access-list extended HOST-IN"},
			`line 1 "ip access-list extended HOST-IN": mcaudit does not predict "ip access-list extended HOST-IN" at the top level on NX-OS: no remediation template writes it`},
		{"a command no template writes", IOSXE, acc1, []string{"policy-map EFT", " class PGM"},
			`line 1 "policy-map EFT": mcaudit does not predict "policy-map EFT" at the top level on IOS-XE: no remediation template writes it`},
		{"a sub-mode command no template writes", IOSXE, acc1, []string{"interface Gi1/0/10", " shutdown"},
			`line 2 "shutdown": mcaudit does not predict "shutdown" in interface GigabitEthernet1/0/10 on IOS-XE: no remediation template writes it`},
		{"sub-mode after a setting", IOSXE, acc1, []string{"ip igmp snooping querier", " description y"},
			`line 2 "description y": an indented sub-mode line with no section open (the line before it opens none, or an exit closed it)`},
		{"nested", IOSXE, acc1, []string{"interface Vlan10", " ip igmp version 2", "  ip igmp version 3"},
			`line 3 "ip igmp version 3": nested sub-modes are not supported: indent every line of a section alike`},
		{"no block", IOSXE, acc1, []string{" switchport access vlan 100"},
			`line 1 "switchport access vlan 100": an indented sub-mode line with no section open (the line before it opens none, or an exit closed it)`},
		{"after exit", IOSXE, acc1, []string{"interface Gi1/0/1", " exit", " switchport access vlan 100"},
			`line 3 "switchport access vlan 100": an indented sub-mode line with no section open (the line before it opens none, or an exit closed it)`},
		{"after end", IOSXE, acc1, []string{"ip igmp snooping", "end", "ip igmp snooping"},
			`line 3 "ip igmp snooping": configuration mode was left at line 2 ("end")`},
		{"after top-level exit", IOSXE, acc1, []string{"ip igmp snooping", "exit", "ip igmp snooping"},
			`line 3 "ip igmp snooping": configuration mode was left at line 2 ("exit")`},
		{"line break", IOSXE, acc1, []string{"ip igmp snooping\nno ip igmp snooping"},
			`line 1 "ip igmp snooping\nno ip igmp snooping": one command per line: this one holds a line break`},
		{"interface removal", IOSXE, acc1, []string{"no interface Gi1/0/1"},
			`line 1 "no interface Gi1/0/1": mcaudit does not predict removing "interface Gi1/0/1"`},
		{"interface range", IOSXE, acc1, []string{"interface range Gi1/0/1 - 2"},
			`line 1 "interface range Gi1/0/1 - 2": "range Gi1/0/1 - 2" is not an interface name of IOS-XE`},
		{"interface list", NXOS, leaf1, []string{"interface Ethernet1/1-4"},
			`line 1 "interface Ethernet1/1-4": interface lists and ranges are not supported: configure each interface`},
		{"interface the config lacks", IOSXE, acc1, []string{"interface Vlan300", " ip igmp version 2"},
			`line 1 "interface Vlan300": the configuration has no "interface Vlan300": mcaudit predicts changes to it, not its creation`},
		{"allowed VLAN", IOSXE, acc1, []string{"interface Po1", " switchport trunk allowed vlan add 5000"},
			`line 2 "switchport trunk allowed vlan add 5000": "5000" is not a VLAN ID (1-4094)`},
		{"allowed list replaced", IOSXE, acc1, []string{"interface Po1", " switchport trunk allowed vlan 100"},
			`line 2 "switchport trunk allowed vlan 100": mcaudit does not predict "switchport trunk allowed vlan 100" in interface Port-channel1 on IOS-XE: no remediation template writes it`},
		{"access VLAN", IOSXE, acc1, []string{"interface Gi1/0/1", " switchport access vlan 0"},
			`line 2 "switchport access vlan 0": "0" is not a VLAN ID 1-4094`},
		{"switchport mode", IOSXE, acc1, []string{"interface Gi1/0/1", " switchport mode dot1q-tunnel"},
			`line 2 "switchport mode dot1q-tunnel": mcaudit predicts switchport mode access or trunk, not "dot1q-tunnel"`},
		{"IGMP version", IOSXE, acc1, []string{"interface Vlan10", " ip igmp version 4"},
			`line 2 "ip igmp version 4": IGMP version "4" is not 1, 2 or 3`},
		{"querier address", IOSXE, acc1, []string{"ip igmp snooping querier address 10.10.100"},
			`line 1 "ip igmp snooping querier address 10.10.100": "10.10.100" is not an IPv4 address`},
		{"querier version", IOSXE, acc1, []string{"ip igmp snooping querier version 4"},
			`line 1 "ip igmp snooping querier version 4": IGMP version "4" is not 1, 2 or 3`},
		{"NX-OS querier address", NXOS, leaf1, []string{"vlan configuration 100", "  ip igmp snooping querier 10.10.100.256"},
			`line 2 "ip igmp snooping querier 10.10.100.256": "10.10.100.256" is not an IPv4 address`},
		{"NX-OS global querier", NXOS, leaf1, []string{"ip igmp snooping querier"},
			`line 1 "ip igmp snooping querier": mcaudit does not predict "ip igmp snooping querier" at the top level on NX-OS: no remediation template writes it`},
		{"no VLAN 1", IOSXE, acc1, []string{"no vlan 1"}, `line 1 "no vlan 1": default VLAN 1 may not be deleted`},
		{"VLAN 1002 name", IOSXE, acc1, []string{"vlan 1002", " name X"}, `line 2 "name X": default VLAN 1002 may not be changed`},
		{"NX-OS no VLAN 1", NXOS, leaf1, []string{"no vlan 1"}, `line 1 "no vlan 1": VLAN 1 is the default VLAN and cannot be deleted`},
		{"NX-OS reserved VLAN", NXOS, leaf1, []string{"vlan 4000"}, `line 1 "vlan 4000": VLAN 4000 is reserved for internal use (3968-4094)`},
		{"VLAN range", IOSXE, acc1, []string{"vlan 301-302"}, `line 1 "vlan 301-302": "301-302" is not a VLAN ID 1-4094`},
		{"VTP client", IOSXE, client, []string{"vlan 100", " name X"},
			`line 1 "vlan 100": the switch is a VTP client: it refuses to create, change or delete VLANs`},
		{"bare no", IOSXE, acc1, []string{"no"}, `line 1 "no": "no" without a command`},
		{"VLAN map action", NXOS, leaf1, []string{"vlan access-map VM-PROTECT 10", "  action frob"},
			`line 2 "action frob": VLAN map action "frob" is not forward or drop`},
		{"a later error keeps nothing of the earlier lines", IOSXE, acc1, []string{"ip igmp snooping querier", "interface Gi1/0/1", " ip igmp version 7"},
			`line 3 "ip igmp version 7": IGMP version "7" is not 1, 2 or 3`},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := Apply(c.platform, []byte(c.base), c.lines)
			if err == nil {
				t.Fatalf("no error; result:\n%s", out)
			}
			if out != nil {
				t.Error("a result beside the error")
			}
			if err.Error() != c.want {
				t.Errorf("error\n got: %s\nwant: %s", err, c.want)
			}
			var le *LineError
			if !errors.As(err, &le) || le.Line < 1 || le.Line > len(c.lines) || le.Text != c.lines[le.Line-1] {
				t.Errorf("error %#v does not name a typed line", err)
			}
		})
	}
}

func TestApplyBadInput(t *testing.T) {
	if _, err := Apply("cisco_xr", []byte(iosWhole), nil); err == nil || !strings.Contains(err.Error(), `platform "cisco_xr" is not a Cisco platform`) {
		t.Errorf("unknown platform: %v", err)
	}
	_, err := Apply(IOSXE, []byte("hostname x\n"), nil)
	if err == nil || !errors.Is(err, ErrNotConfig) {
		t.Errorf("config that does not parse: %v", err)
	}
	// No lines: the config as it was.
	for name, p := range map[string]string{"acc1": IOSXE, "leaf1": NXOS, "core1": IOSXE} {
		base := labConfig(t, name)
		if out := mustApply(t, p, base); out != base {
			t.Errorf("%s: no lines changed the config", name)
		}
	}
}

// TestApplyGolden applies a whole remediation and its rollback to each lab
// device, as mcaudit's remediate would: the result is the golden file, the
// audit sees each problem gone, and the rollback gives the original back.
func TestApplyGolden(t *testing.T) {
	for _, c := range []struct {
		device, platform string
		change, rollback []string
		check            func(t *testing.T, d *model.Device)
	}{
		{
			device: "acc1", platform: IOSXE,
			change: []string{
				"ip igmp snooping querier",
				"ip igmp snooping vlan 100 querier address 10.10.100.3",
				"ip access-list extended EDGE-IN",
				" 65 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255",
				"end",
			},
			rollback: []string{
				"ip access-list extended EDGE-IN",
				" no 65",
				"no ip igmp snooping vlan 100 querier address",
				"no ip igmp snooping querier",
			},
			check: func(t *testing.T, d *model.Device) {
				if d.Snooping.Querier.Enabled == nil || !d.Snooping.VLANs[100].Querier.Address.IsValid() {
					t.Error("no querier")
				}
				wantSeqs(t, d, "EDGE-IN", 10, 20, 30, 40, 50, 60, 65, 70)
			},
		},
		{
			device: "core1", platform: IOSXE,
			change: []string{
				"vlan 100",
				" name EFT-HA",
				"interface TenGigabitEthernet1/0/2",
				" switchport trunk allowed vlan add 100",
				"ip igmp snooping querier",
				"ip igmp snooping querier address 10.10.100.2",
			},
			rollback: []string{
				"no ip igmp snooping querier address",
				"no ip igmp snooping querier",
				"interface TenGigabitEthernet1/0/2",
				" switchport trunk allowed vlan remove 100",
			},
			check: func(t *testing.T, d *model.Device) {
				allowedOn(t, d, "TenGigabitEthernet1/0/2", "10,20,30,100,200")
				if d.Snooping.Querier.Enabled == nil {
					t.Error("no querier")
				}
			},
		},
		{
			device: "leaf1", platform: NXOS,
			change: []string{
				"ip access-list HOST-IN",
				"  15 permit 113 10.10.100.0/24 239.192.10.10/32",
				"interface Ethernet1/49",
				"  switchport trunk allowed vlan add 100",
				"vlan configuration 100",
				"  ip igmp snooping querier 10.10.100.5",
			},
			rollback: []string{"ip access-list HOST-IN", "  no 15"},
			check: func(t *testing.T, d *model.Device) {
				wantSeqs(t, d, "HOST-IN", 10, 15, 20, 25, 30, 40)
			},
		},
	} {
		t.Run(c.device, func(t *testing.T) {
			base := labConfig(t, c.device)
			out := mustApply(t, c.platform, base, c.change...)
			c.check(t, parseText(t, c.platform, out))
			golden := filepath.Join("testdata", "merge", c.device+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if out != string(want) {
				rm, add := lineDiff(modeltest.Lines(want), modeltest.Lines([]byte(out)))
				t.Errorf("differs from %s: lost %q, gained %q", golden, rm, add)
			}
			if back := mustApply(t, c.platform, out, c.rollback...); back != base {
				rm, add := lineDiff(modeltest.Lines([]byte(base)), modeltest.Lines([]byte(back)))
				t.Errorf("rollback is not the original: lost %q, gained %q", rm, add)
			}
		})
	}
}

// BenchmarkApply predicts the lab's acc1 remediation: parse, apply, and
// the parse of the result that proves it.
func BenchmarkApply(b *testing.B) {
	base := []byte(labConfig(b, "acc1"))
	lines := []string{
		"ip igmp snooping querier",
		"ip igmp snooping vlan 100 querier address 10.10.100.3",
		"ip access-list extended EDGE-IN",
		" 65 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255",
		"interface Po1",
		" switchport trunk allowed vlan add 300",
	}
	b.SetBytes(int64(len(base)))
	for b.Loop() {
		if _, err := Apply(IOSXE, base, lines); err != nil {
			b.Fatal(err)
		}
	}
}
