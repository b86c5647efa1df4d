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
		ls := configLines(out)
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
			rm, add := lineDiff(configLines([]byte(c.base)), configLines([]byte(out)))
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
				" 63 permit 6 any any eq 443",
				" 64   permit  113  10.10.100.0  0.0.0.255  239.192.0.0 0.0.255.255",
			},
			added: []string{
				" 61 permit 113 host 10.10.100.11 host 239.192.10.10",
				" 62 deny   113 any any",
				" 63 permit tcp any any eq 443",
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
			name: "no SEQ and no ENTRY", base: acc1,
			lines:   []string{"ip access-list extended EDGE-IN", " no 30", " no deny ip any any log"},
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
			name: "new ACL after the last one, then bound", base: acc1,
			lines: []string{
				"ip access-list extended EFT-PGM",
				" permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255",
				"interface GigabitEthernet1/0/11",
				" ip access-group EFT-PGM in",
			},
			added: []string{" ip access-group EFT-PGM in", "ip access-list extended EFT-PGM", " 10 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255", "!"},
			snippet: lines(
				" 70 deny   ip any any log", "!",
				"ip access-list extended EFT-PGM", " 10 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255", "!",
				"logging source-interface Vlan10"),
			check: func(t *testing.T, _, d *model.Device) {
				wantSeqs(t, d, "EFT-PGM", 10)
				want(t, "Gi1/0/11 port ACL", d.Interface("GigabitEthernet1/0/11").PortACLIn.ACL, "EFT-PGM")
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
			name: "NX-OS new ACL and remarks", platform: NXOS, base: leaf1,
			lines: []string{"ip access-list EFT", "  statistics per-entry", "  remark cluster", "  permit 113 any any", "  statistics per-entry"},
			added: []string{"ip access-list EFT", "  statistics per-entry", "  10 remark cluster", "  20 permit 113 any any"},
			snippet: lines("  10 permit tcp any any eq 445", "ip access-list EFT", "  statistics per-entry",
				"  10 remark cluster", "  20 permit 113 any any", "vlan access-map VM-PROTECT 10"),
			check: func(t *testing.T, _, d *model.Device) { wantSeqs(t, d, "EFT", 20) },
		},
		{
			name: "absent entries: nothing to remove", base: acc1,
			lines: []string{"ip access-list extended EDGE-IN", " no 15", " no permit 113 any any", " no remark nothing", "no ip access-list extended NOPE"},
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
			name: "classic IOS access-list line appends", platform: IOS, base: ios,
			lines:   []string{"access-list 101 deny 113 any any log"},
			added:   []string{"access-list 101 deny   113 any any log"},
			snippet: lines("access-list 101 permit ip any any", "access-list 101 deny   113 any any log", "!"),
			check:   func(t *testing.T, _, d *model.Device) { wantSeqs(t, d, "101", 10, 20, 30, 40) },
		},
		{
			name: "classic IOS removes an entry", platform: IOS, base: ios,
			lines:   []string{"ip access-list extended 101", " no 20"},
			removed: []string{"access-list 101 deny   113 any any"},
			check:   func(t *testing.T, _, d *model.Device) { wantSeqs(t, d, "101", 10, 20) },
		},
		{
			name: "no access-list removes the whole ACL", platform: IOS, base: ios,
			lines: []string{"no access-list 101 permit ip any any"},
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
			name: "description, mode, storm control", base: acc1,
			lines: []string{
				"interface Te1/1/1", " description UPLINK core1 Te1/0/1 (LACP)", " no storm-control multicast level",
				"interface Te1/1/2", " storm-control multicast level 5",
				"interface Gi1/0/12", " switchport mode trunk", " no description",
			},
			removed: []string{
				" switchport mode access", " description UPLINK core1 Te1/0/1", " storm-control multicast level 0.50",
				" storm-control multicast level 0.50",
			},
			added: []string{" switchport mode trunk", " description UPLINK core1 Te1/0/1 (LACP)", " storm-control multicast level 5.00"},
			check: func(t *testing.T, _, d *model.Device) {
				if sc := d.Interface("TenGigabitEthernet1/1/1").StormMulticast; sc != nil {
					t.Errorf("Te1/1/1 storm control %v", sc)
				}
				want(t, "Te1/1/2 storm control", d.Interface("TenGigabitEthernet1/1/2").StormMulticast.Percent, 5.0)
				want(t, "Gi1/0/12 mode", d.Interface("GigabitEthernet1/0/12").Mode, model.ModeTrunk)
			},
		},
		{
			name: "port ACL binding per direction", base: acc1,
			lines:   []string{"interface Gi1/0/10", " no ip access-group EDGE-IN in", "interface Gi1/0/11", " ip access-group EDGE-IN in", " ip access-group EDGE-OUT out", " ip access-group EDGE-IN2 in"},
			removed: []string{" ip access-group EDGE-IN in"},
			added:   []string{" ip access-group EDGE-IN2 in", " ip access-group EDGE-OUT out"},
			check: func(t *testing.T, _, d *model.Device) {
				if b := d.Interface("GigabitEthernet1/0/10").PortACLIn; b != nil {
					t.Errorf("Gi1/0/10 still bound to %s", b.ACL)
				}
				g := d.Interface("GigabitEthernet1/0/11")
				want(t, "in", g.PortACLIn.ACL, "EDGE-IN2")
				want(t, "out", g.PortACLOut.ACL, "EDGE-OUT")
			},
		},
		{
			name: "shutdown shows where it is not the default", base: acc1,
			lines:   []string{"interface Gi1/0/1", " shutdown", "interface Gi1/0/37", " no shutdown", "interface Gi1/0/2", " no shutdown"},
			removed: []string{" shutdown"}, added: []string{" shutdown"},
			snippet: lines("interface GigabitEthernet1/0/1", " switchport access vlan 20", " switchport mode access", " shutdown", " spanning-tree portfast"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "Gi1/0/1 down", d.Interface("GigabitEthernet1/0/1").Shutdown, true)
				want(t, "Gi1/0/37 down", d.Interface("GigabitEthernet1/0/37").Shutdown, false)
			},
		},
		{
			name: "NX-OS shutdown defaults", platform: NXOS, base: leaf1,
			lines:   []string{"interface Ethernet1/5", "  no shutdown", "interface Vlan10", "  shutdown", "interface mgmt0", "  shutdown"},
			removed: []string{"  no shutdown"},
			added:   []string{"  no shutdown", "  shutdown"},
			snippet: lines("interface Ethernet1/5", "  no shutdown", "", "interface Ethernet1/6"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "Eth1/5 down", d.Interface("Ethernet1/5").Shutdown, false)
				want(t, "Vlan10 down", d.Interface("Vlan10").Shutdown, true)
				want(t, "mgmt0 down", d.Interface("mgmt0").Shutdown, true)
			},
		},
		{
			name: "PIM and IGMP version on an SVI", base: core1,
			lines:   []string{"interface Vlan100", " ip pim sparse-mode", " ip igmp version 3", "interface Vlan10", " ip pim sparse-mode", " no ip pim sparse-mode", "ip multicast-routing"},
			removed: []string{" ip igmp version 2"},
			added:   []string{"ip multicast-routing", " ip pim sparse-mode", " ip igmp version 3"},
			snippet: lines(" ip access-group SVI100-IN in", " ip pim sparse-mode", " ip igmp version 3", " standby version 2"),
			check: func(t *testing.T, _, d *model.Device) {
				v := d.Interface("Vlan100")
				want(t, "PIM", v.PIM, "sparse-mode")
				want(t, "IGMP version", v.IGMPVer, 3)
				want(t, "Vlan10 PIM", d.Interface("Vlan10").PIM, "")
				if d.MulticastRouting == nil {
					t.Error("no ip multicast-routing")
				}
			},
		},
		{
			name: "new SVI among the SVIs", base: acc1,
			lines: []string{"interface Vlan100", " description EFT-HA querier", " ip address 10.10.100.3 255.255.255.0"},
			added: []string{"interface Vlan100", " description EFT-HA querier", " ip address 10.10.100.3 255.255.255.0", "!"},
			snippet: lines(" ip address 10.10.10.21 255.255.255.0", "!", "interface Vlan100", " description EFT-HA querier",
				" ip address 10.10.100.3 255.255.255.0", "!", "ip default-gateway 10.10.10.1"),
			check: func(t *testing.T, _, d *model.Device) {
				v := d.SVI(100)
				if v == nil || len(v.IPv4) != 1 || v.IPv4[0] != pfx("10.10.100.3/24") {
					t.Errorf("SVI 100 = %+v", v)
				}
			},
		},
		{
			name: "new SVI without an address shows no ip address", base: acc1,
			lines: []string{"interface vlan 20"},
			added: []string{"interface Vlan20", " no ip address", "!"},
			check: func(t *testing.T, _, d *model.Device) {
				if v := d.SVI(20); v == nil || len(v.IPv4) != 0 || v.Shutdown {
					t.Errorf("SVI 20 = %+v", v)
				}
			},
		},
		{
			name: "NX-OS SVI address as a prefix", platform: NXOS, base: leaf1,
			lines:   []string{"interface Vlan100", "  no shutdown", "  ip address 10.10.100.4 255.255.255.0"},
			added:   []string{"interface Vlan100", "  no shutdown", "  ip address 10.10.100.4/24", ""},
			snippet: lines("  ip address 10.10.10.31/24", "", "interface Vlan100", "  no shutdown", "  ip address 10.10.100.4/24", "", "interface Ethernet1/1"),
			check: func(t *testing.T, _, d *model.Device) {
				if v := d.SVI(100); v == nil || len(v.IPv4) != 1 || v.IPv4[0] != pfx("10.10.100.4/24") || v.Shutdown {
					t.Errorf("SVI 100 = %+v", v)
				}
			},
		},
		{
			name: "channel-group creates the port-channel", base: acc1,
			lines:   []string{"interface Te1/1/3", " channel-group 2 mode active"},
			added:   []string{"interface Port-channel2", "!", " channel-group 2 mode active"},
			snippet: lines(" switchport mode trunk", "!", "interface Port-channel2", "!", "interface GigabitEthernet0/0"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "channel group", d.Interface("TenGigabitEthernet1/1/3").Bundle, "Port-channel2")
			},
		},
		{
			name: "no interface Port-channel takes its members out", base: acc1,
			lines: []string{"no interface Po1"},
			removed: []string{
				"interface Port-channel1", " description UPLINK core1 Po1", " switchport trunk allowed vlan 10,20,100", " switchport mode trunk", "!",
				" channel-group 1 mode active", " channel-group 1 mode active",
			},
			check: func(t *testing.T, _, d *model.Device) {
				if d.Interface("Port-channel1") != nil || d.Interface("TenGigabitEthernet1/1/1").Bundle != "" {
					t.Error("Po1 or its members left")
				}
			},
		},
		{
			name: "no switchport", base: acc1,
			lines:   []string{"interface Gi1/0/12", " no switchport", " ip address 10.10.12.1 255.255.255.0"},
			removed: []string{" switchport access vlan 20", " switchport mode access"},
			added:   []string{" no switchport", " ip address 10.10.12.1 255.255.255.0"},
			snippet: lines("interface GigabitEthernet1/0/12", " no switchport", " ip address 10.10.12.1 255.255.255.0", " spanning-tree portfast"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "routed", d.Interface("GigabitEthernet1/0/12").Routed, true)
			},
		},
		{
			name: "interface missing from the config is created in order", base: iosWhole,
			lines: []string{"interface Gi1/0/11", " switchport access vlan 100"},
			added: []string{"interface GigabitEthernet1/0/11", " switchport access vlan 100", "!"},
			snippet: lines(" storm-control multicast level 0.50", "!", "interface GigabitEthernet1/0/11", " switchport access vlan 100",
				"!", "interface TenGigabitEthernet1/1/1"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "access VLAN", d.Interface("GigabitEthernet1/0/11").AccessVLAN, 100)
			},
		},
		{
			name: "generic interface lines", platform: NXOS, base: leaf1,
			lines:   []string{"interface Ethernet1/21", "  mtu 1500", "interface Ethernet1/1", "  spanning-tree bpduguard enable", "  no spanning-tree port type edge"},
			removed: []string{"  spanning-tree port type edge", "  mtu 9216"},
			added:   []string{"  spanning-tree bpduguard enable", "  mtu 1500"},
			snippet: lines("interface Ethernet1/1", "  description APP-SRV01", "  switchport access vlan 20", "  spanning-tree bpduguard enable", "  no shutdown"),
			check:   unchanged,
		},
		{
			name: "nothing to remove", base: acc1,
			lines: []string{"no interface Vlan999", "interface Gi1/0/1", " no description", " no ip access-group X in", " no storm-control multicast level", " no channel-group"},
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
			name: "all, none, except, list, no", base: acc1,
			lines: []string{
				"interface Po1", " switchport trunk allowed vlan all",
				"interface Te1/1/1", " switchport trunk allowed vlan none",
				"interface Te1/1/2", " switchport trunk allowed vlan except 1-9,11-4094",
				"interface Gi1/0/13", " switchport trunk allowed vlan 100, 200-201",
				"interface Gi1/0/14", " switchport trunk allowed vlan 1-4094",
			},
			removed: []string{" switchport trunk allowed vlan 10,20,100", " switchport trunk allowed vlan 10,20,100", " switchport trunk allowed vlan 10,20,100"},
			added:   []string{" switchport trunk allowed vlan 100,200-201", " switchport trunk allowed vlan none", " switchport trunk allowed vlan 10"},
			check: func(t *testing.T, _, d *model.Device) {
				allowedOn(t, d, "Port-channel1", model.AllVLANs().String())
				allowedOn(t, d, "TenGigabitEthernet1/1/1", "none")
				allowedOn(t, d, "TenGigabitEthernet1/1/2", "10")
				allowedOn(t, d, "GigabitEthernet1/0/13", "100,200-201")
				allowedOn(t, d, "GigabitEthernet1/0/14", model.AllVLANs().String())
			},
		},
		{
			name: "no allowed list", base: acc1,
			lines:   []string{"interface Po1", " no switchport trunk allowed vlan"},
			removed: []string{" switchport trunk allowed vlan 10,20,100"},
			check:   func(t *testing.T, _, d *model.Device) { allowedOn(t, d, "Port-channel1", model.AllVLANs().String()) },
		},
		{
			name: "NX-OS", platform: NXOS, base: leaf1,
			lines:   []string{"interface Eth1/49", "  switchport trunk allowed vlan remove 100", "  switchport trunk allowed vlan add 300-302"},
			removed: []string{"  switchport trunk allowed vlan 10,20,100,200"}, added: []string{"  switchport trunk allowed vlan 10,20,200,300-302"},
			check: func(t *testing.T, _, d *model.Device) { allowedOn(t, d, "Ethernet1/49", "10,20,200,300-302") },
		},
		{
			name: "native VLAN", base: acc1,
			lines:   []string{"interface Po1", " switchport trunk native vlan 999", "interface Te1/1/1", " switchport trunk native vlan 1"},
			added:   []string{" switchport trunk native vlan 999"},
			snippet: lines(" description UPLINK core1 Po1", " switchport trunk native vlan 999", " switchport trunk allowed vlan 10,20,100"),
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "native", d.Interface("Port-channel1").NativeVLAN, 999)
			},
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
			lines: []string{"vlan 301-302", " state suspend", "vlan 301", " state active"},
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
			lines:   []string{"vlan 300", "vlan 101-103"},
			removed: []string{"vlan 1,10,20,100,200"}, added: []string{"vlan 1,10,20,100-103,200,300"},
			check: func(t *testing.T, _, d *model.Device) {
				for _, v := range []int{101, 102, 103, 300} {
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
	acc1, core1, leaf1 := labConfig(t, "acc1"), labConfig(t, "core1"), labConfig(t, "leaf1")
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
			name: "multicast routing next to ip routing", base: core1,
			lines:   []string{"ip multicast-routing", "ip multicast-routing"},
			added:   []string{"ip multicast-routing"},
			snippet: lines("ip routing", "ip multicast-routing", "!"),
			check: func(t *testing.T, _, d *model.Device) {
				if d.MulticastRouting == nil {
					t.Error("no ip multicast-routing")
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
			name: "action replaced, entry and filter removed", platform: NXOS, base: leaf1,
			lines: []string{"vlan access-map VM-PROTECT 10", "  action forward", "no vlan access-map VM-PROTECT 20", "no vlan filter VM-PROTECT vlan-list 100"},
			// Entry 10's new "action forward" lines up with entry 20's.
			removed: []string{"  action drop", "vlan access-map VM-PROTECT 20", "vlan filter VM-PROTECT vlan-list 100"},
			check: func(t *testing.T, _, d *model.Device) {
				if len(d.VLANFilters) != 0 || len(d.VLANMaps["VM-PROTECT"].Entries) != 1 || d.VLANMaps["VM-PROTECT"].Entries[0].Drop {
					t.Error("VLAN map not changed")
				}
			},
		},
		{
			name: "filter replaced", platform: NXOS, base: leaf1,
			lines:   []string{"vlan filter VM-PROTECT vlan-list 100,200", "no vlan filter VM-PROTECT vlan-list 100"},
			removed: []string{"vlan filter VM-PROTECT vlan-list 100"}, added: []string{"vlan filter VM-PROTECT vlan-list 200"},
			check: func(t *testing.T, _, d *model.Device) {
				if len(d.VLANFilters) != 1 || d.VLANFilters[0].VLANs.String() != "200" {
					t.Errorf("filters %+v", d.VLANFilters)
				}
			},
		},
		{
			name: "IOS new map after the ACLs", base: labConfig(t, "acc1"),
			lines: []string{"vlan access-map EFT", " match ip address EDGE-IN", " action forward", "vlan filter EFT vlan-list 100"},
			added: []string{"vlan access-map EFT 10", " match ip address EDGE-IN", " action forward", "!", "vlan filter EFT vlan-list 100", "!"},
			snippet: lines(" 70 deny   ip any any log", "!", "vlan access-map EFT 10", " match ip address EDGE-IN", " action forward", "!",
				"vlan filter EFT vlan-list 100", "!", "logging source-interface Vlan10"),
			check: func(t *testing.T, _, d *model.Device) {
				m := d.VLANMaps["EFT"]
				if m == nil || len(m.Entries) != 1 || m.Entries[0].Seq != 10 || len(d.VLANFilters) != 1 || d.VLANFilters[0].Map != "EFT" {
					t.Errorf("map %+v filters %+v", m, d.VLANFilters)
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
			name: "hostname", base: acc1,
			lines:   []string{"hostname dc1-acc1-new"},
			removed: []string{"hostname dc1-acc1"}, added: []string{"hostname dc1-acc1-new"},
			check: func(t *testing.T, _, d *model.Device) { want(t, "hostname", d.Hostname, "dc1-acc1-new") },
		},
		{
			name: "lists of values add, settings replace", base: acc1,
			lines:   []string{"ntp server 10.10.10.3", "logging host 10.10.10.61", "ip ssh version 1", "ip domain lookup", "no logging console"},
			removed: []string{"no ip domain lookup", "ip ssh version 2"},
			added:   []string{"ip ssh version 1", "logging host 10.10.10.61", "ntp server 10.10.10.3"},
			snippet: lines("ntp server 10.10.10.2", "ntp server 10.10.10.3", "!"),
			check:   unchanged,
		},
		{
			name: "existing blocks of other kinds", base: acc1,
			lines:   []string{"line vty 0 4", " transport input all", "control-plane", " service-policy input OTHER", "line con 0", " no stopbits 1"},
			removed: []string{" service-policy input system-cpp-policy", " stopbits 1", " transport input ssh"},
			added:   []string{" service-policy input OTHER", " transport input all"},
			check:   unchanged,
		},
		{
			name: "object-group before the ACLs, members never replace", base: acc1,
			lines:   []string{"object-group network EFT-HOSTS", " host 10.10.100.11", " host 10.10.100.12"},
			added:   []string{"object-group network EFT-HOSTS", " host 10.10.100.11", " host 10.10.100.12", "!"},
			snippet: lines("object-group network EFT-HOSTS", " host 10.10.100.11", " host 10.10.100.12", "!", "ip access-list standard VTY-ACCESS"),
			check: func(t *testing.T, _, d *model.Device) {
				if g := d.AddressGroups["EFT-HOSTS"]; g == nil || len(g.Prefixes) != 2 {
					t.Errorf("group %+v", g)
				}
			},
		},
		{
			name: "router after the interfaces", base: acc1,
			lines:   []string{"router ospf 1", " network 10.10.10.0 0.0.0.255 area 0", " passive-interface Vlan10", " passive-interface Vlan20"},
			added:   []string{"router ospf 1", " network 10.10.10.0 0.0.0.255 area 0", " passive-interface Vlan10", " passive-interface Vlan20", "!"},
			snippet: lines(" ip address 10.10.10.21 255.255.255.0", "!", "router ospf 1"),
			check:   unchanged,
		},
		{
			name: "exit and end, comments and blank lines", base: acc1,
			lines:   []string{"! PGM", "", "interface Gi1/0/11", " description NEW", " exit", "interface Gi1/0/12", " description NEW2", "exit", "end", ""},
			removed: []string{" description BACKUP-SRV01"},
			added:   []string{" description NEW", " description NEW2"},
			check: func(t *testing.T, _, d *model.Device) {
				want(t, "Gi1/0/11", d.Interface("GigabitEthernet1/0/11").Description, "NEW")
				want(t, "Gi1/0/12", d.Interface("GigabitEthernet1/0/12").Description, "NEW2")
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
	out = mustApply(t, NXOS, noEOL, "hostname leaf9")
	if !strings.HasSuffix(out, "sup-1") {
		t.Errorf("last line gained a terminator: %q", out[len(out)-10:])
	}
	out = mustApply(t, NXOS, noEOL, "boot nxos bootflash:/nxos.10.bin sup-2")
	if !strings.HasSuffix(out, "sup-1\nboot nxos bootflash:/nxos.10.bin sup-2\n") {
		t.Errorf("appended after a last line without terminator: %q", out[len(out)-60:])
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
				rm, add := lineDiff(configLines([]byte(c.base)), configLines([]byte(back)))
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
	acc1, core1, leaf1 := labConfig(t, "acc1"), labConfig(t, "core1"), labConfig(t, "leaf1")
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
		{"acc1 VLAN, SVI, PIM", IOSXE, acc1,
			[]string{"vlan 150", " name EFT-HA2", "interface Vlan150", " ip address 10.10.150.2 255.255.255.0", " ip pim sparse-mode", "ip multicast-routing"},
			[]string{"no ip multicast-routing", "no interface Vlan150", "no vlan 150"}, false},
		{"acc1 storm control and port ACL", IOSXE, acc1,
			[]string{"interface Te1/1/1", " no storm-control multicast level", "interface Gi1/0/10", " no ip access-group EDGE-IN in"},
			[]string{"interface Te1/1/1", " storm-control multicast level 0.50", "interface Gi1/0/10", " ip access-group EDGE-IN in"}, false},
		{"acc1 host port moved", IOSXE, acc1,
			[]string{"interface Gi1/0/11", " switchport access vlan 999", " description PARKED"},
			[]string{"interface Gi1/0/11", " switchport access vlan 100", " description BACKUP-SRV01"}, false},
		{"acc1 new ACL", IOSXE, acc1,
			[]string{"ip access-list extended EFT-PGM", " 10 permit 113 any any", "interface Gi1/0/11", " ip access-group EFT-PGM in"},
			[]string{"interface Gi1/0/11", " no ip access-group EFT-PGM in", "no ip access-list extended EFT-PGM"}, false},
		{"core1 PIM on the SVI", IOSXE, core1,
			[]string{"ip multicast-routing", "interface Vlan100", " ip pim sparse-mode"},
			[]string{"interface Vlan100", " no ip pim sparse-mode", "no ip multicast-routing"}, false},
		{"leaf1 new VLAN with SVI and querier", NXOS, leaf1,
			[]string{"vlan 300", "  name EFT-HA2", "interface Vlan300", "  no shutdown", "  ip address 10.30.0.2/24", "vlan configuration 300", "  ip igmp snooping querier 10.30.0.5"},
			[]string{"no vlan configuration 300", "no interface Vlan300", "no vlan 300"}, false},
		{"leaf1 querier off and on", NXOS, leaf1,
			[]string{"vlan configuration 100", "  no ip igmp snooping querier"},
			[]string{"vlan configuration 100", "  ip igmp snooping querier 10.10.100.5"}, false},
		{"leaf1 HOST-IN entry and port ACL", NXOS, leaf1,
			[]string{"ip access-list HOST-IN", "  35 deny 113 any any", "interface Ethernet1/10", "  no ip port access-group HOST-IN in"},
			[]string{"interface Ethernet1/10", "  ip port access-group HOST-IN in", "ip access-list HOST-IN", "  no 35"}, false},
		{"leaf1 VLAN map entry", NXOS, leaf1,
			[]string{"vlan access-map VM-PROTECT 15", "  match ip address HOST-IN", "  action forward"},
			[]string{"no vlan access-map VM-PROTECT 15"}, false},
		{"leaf1 trunk remove", NXOS, leaf1,
			[]string{"interface Ethernet1/49", "  switchport trunk allowed vlan remove 100"},
			[]string{"interface Ethernet1/49", "  switchport trunk allowed vlan add 100"}, false},
		{"leaf1 VLAN renamed", NXOS, leaf1,
			[]string{"vlan 100", "  no name"},
			[]string{"vlan 100", "  name EFT-HA"}, true},
	}
}

// TestApplyErrors: lines the switch refuses, or whose effect Apply cannot
// predict, are errors naming the line; nothing is dropped.
func TestApplyErrors(t *testing.T) {
	acc1, leaf1 := labConfig(t, "acc1"), labConfig(t, "leaf1")
	client := strings.Replace(acc1, "vtp mode transparent", "vtp mode client", 1)
	noFeature := strings.Replace(leaf1, "feature interface-vlan\n", "", 1)
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
			`line 2 "frobnicate 1": "frobnicate 1" is not an ACL entry (want [SEQ] permit|deny ..., remark, or no SEQ)`},
		{"entry cut short", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 permit 113 host"},
			`line 2 "15 permit 113 host": source: host without an address`},
		{"unknown protocol", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 permit pgm any any"},
			`line 2 "15 permit pgm any any": unknown protocol "pgm"`},
		{"IOS ACL prefix", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 permit 113 10.10.100.0/24 any"},
			`line 2 "15 permit 113 10.10.100.0/24 any": source: IOS ACLs take A.B.C.D WILDCARD, not 10.10.100.0/24`},
		{"IOS remark with a number", IOSXE, acc1, []string{"ip access-list extended EDGE-IN", " 15 remark x"},
			`line 2 "15 remark x": IOS shows remarks without sequence numbers: type the remark without one`},
		{"ACL type", IOSXE, acc1, []string{"ip access-list standard EDGE-IN"},
			`line 1 "ip access-list standard EDGE-IN": ACL EDGE-IN is an extended ACL`},
		{"ACL number", IOSXE, acc1, []string{"ip access-list extended 10"},
			`line 1 "ip access-list extended 10": 10 is not a extended ACL number`},
		{"IOS ACL without type", IOSXE, acc1, []string{"ip access-list EDGE-IN"},
			`line 1 "ip access-list EDGE-IN": IOS wants "ip access-list extended|standard NAME"`},
		{"unknown block", IOSXE, acc1, []string{"policy-map EFT", " class PGM"},
			`line 2 "class PGM": "policy-map EFT" opens no sub-mode that Apply knows: it is not a block in the config, nor interface, vlan, vlan configuration, vlan access-map, ip access-list, object-group, router or line`},
		{"sub-mode after a setting", IOSXE, acc1, []string{"hostname x", " description y"},
			`line 2 "description y": "hostname x" opens no sub-mode that Apply knows: it is not a block in the config, nor interface, vlan, vlan configuration, vlan access-map, ip access-list, object-group, router or line`},
		{"new line block", IOSXE, acc1, []string{"line vty 0 15"},
			`line 1 "line vty 0 15": the config has no "line vty 0 15" block: Apply edits the line blocks the switch shows`},
		{"nested", IOSXE, acc1, []string{"interface Vlan10", " standby 10 ip 10.10.10.1", "  shutdown"},
			`line 3 "shutdown": nested sub-modes are not supported: indent every line of a block alike`},
		{"no block", IOSXE, acc1, []string{" switchport access vlan 100"},
			`line 1 "switchport access vlan 100": an indented sub-mode line with no block open (the line before it opens no block, or an exit closed it)`},
		{"after exit", IOSXE, acc1, []string{"interface Gi1/0/1", " exit", " description x"},
			`line 3 "description x": an indented sub-mode line with no block open (the line before it opens no block, or an exit closed it)`},
		{"after end", IOSXE, acc1, []string{"hostname x", "end", "hostname y"},
			`line 3 "hostname y": configuration mode was left at line 2 ("end")`},
		{"after top-level exit", IOSXE, acc1, []string{"hostname x", "exit", "hostname y"},
			`line 3 "hostname y": configuration mode was left at line 2 ("exit")`},
		{"line break", IOSXE, acc1, []string{"hostname x\nhostname y"},
			`line 1 "hostname x\nhostname y": one command per line: this one holds a line break`},
		{"physical interface", IOSXE, acc1, []string{"no interface Gi1/0/1"},
			`line 1 "no interface Gi1/0/1": GigabitEthernet1/0/1 is a physical interface: the switch cannot remove it`},
		{"interface range", IOSXE, acc1, []string{"interface range Gi1/0/1 - 2"},
			`line 1 "interface range Gi1/0/1 - 2": interface range is not supported: configure each interface`},
		{"interface list", NXOS, leaf1, []string{"interface Ethernet1/1-4"},
			`line 1 "interface Ethernet1/1-4": interface lists and ranges are not supported: configure each interface`},
		{"interface type", IOSXE, acc1, []string{"interface Frob1/0/1"},
			`line 1 "interface Frob1/0/1": "Frob1/0/1" is not an interface type of cisco_iosxe`},
		{"SVI number", IOSXE, acc1, []string{"interface Vlan5000"},
			`line 1 "interface Vlan5000": SVI "Vlan5000" does not name a VLAN 1-4094`},
		{"NX-OS SVI needs the feature", NXOS, noFeature, []string{"interface Vlan100"},
			`line 1 "interface Vlan100": NX-OS needs "feature interface-vlan" before an SVI`},
		{"NX-OS PIM needs the feature", NXOS, leaf1, []string{"interface Vlan10", "  ip pim sparse-mode"},
			`line 2 "ip pim sparse-mode": NX-OS needs "feature pim" before "ip pim sparse-mode"`},
		{"NX-OS LACP needs the feature", NXOS, strings.Replace(leaf1, "feature lacp\n", "", 1), []string{"interface Ethernet1/5", "  channel-group 5 mode active"},
			`line 2 "channel-group 5 mode active": NX-OS needs "feature lacp" for an LACP channel-group mode`},
		{"IOS address prefix", IOSXE, acc1, []string{"interface Vlan10", " ip address 10.10.10.21/24"},
			`line 2 "ip address 10.10.10.21/24": IOS wants "ip address A.B.C.D MASK"`},
		{"NX-OS port ACL out", NXOS, leaf1, []string{"interface Ethernet1/10", "  ip port access-group HOST-IN out"},
			`line 2 "ip port access-group HOST-IN out": NX-OS port ACLs filter inbound only`},
		{"IOS port ACL keyword", IOSXE, acc1, []string{"interface Gi1/0/10", " ip port access-group EDGE-IN in"},
			`line 2 "ip port access-group EDGE-IN in": "ip port access-group" is NX-OS; IOS binds a port ACL with "ip access-group NAME in"`},
		{"access group without direction", IOSXE, acc1, []string{"interface Gi1/0/10", " ip access-group EDGE-IN"},
			`line 2 "ip access-group EDGE-IN": want "ip access-group NAME in|out"`},
		{"allowed VLAN", IOSXE, acc1, []string{"interface Po1", " switchport trunk allowed vlan add 5000"},
			`line 2 "switchport trunk allowed vlan add 5000": "5000" is not a VLAN ID (1-4094)`},
		{"access VLAN", IOSXE, acc1, []string{"interface Gi1/0/1", " switchport access vlan 0"},
			`line 2 "switchport access vlan 0": "0" is not a VLAN ID 1-4094`},
		{"storm control", IOSXE, acc1, []string{"interface Te1/1/1", " storm-control multicast level 150"},
			`line 2 "storm-control multicast level 150": storm-control level "150" is not a percentage`},
		{"IGMP version", IOSXE, acc1, []string{"interface Vlan10", " ip igmp version 4"},
			`line 2 "ip igmp version 4": want "ip igmp version 1|2|3"`},
		{"querier address", IOSXE, acc1, []string{"ip igmp snooping querier address 10.10.100"},
			`line 1 "ip igmp snooping querier address 10.10.100": querier address "10.10.100" is not an IPv4 address`},
		{"querier version", IOSXE, acc1, []string{"ip igmp snooping querier version 4"},
			`line 1 "ip igmp snooping querier version 4": want "querier version 1|2|3"`},
		{"NX-OS querier address", NXOS, leaf1, []string{"vlan configuration 100", "  ip igmp snooping querier 10.10.100.256"},
			`line 2 "ip igmp snooping querier 10.10.100.256": querier address "10.10.100.256" is not an IPv4 address`},
		{"NX-OS global querier", NXOS, leaf1, []string{"ip igmp snooping querier"},
			`line 1 "ip igmp snooping querier": NX-OS has no global snooping querier: use "vlan configuration N" / "ip igmp snooping querier A.B.C.D"`},
		{"NX-OS multicast routing", NXOS, leaf1, []string{"ip multicast-routing"},
			`line 1 "ip multicast-routing": NX-OS has no ip multicast-routing: multicast routing comes with feature pim`},
		{"no VLAN 1", IOSXE, acc1, []string{"no vlan 1"}, `line 1 "no vlan 1": default VLAN 1 may not be deleted`},
		{"VLAN 1002 name", IOSXE, acc1, []string{"vlan 1002", " name X"}, `line 2 "name X": default VLAN 1002 may not be changed`},
		{"NX-OS no VLAN 1", NXOS, leaf1, []string{"no vlan 1"}, `line 1 "no vlan 1": VLAN 1 is the default VLAN and cannot be deleted`},
		{"NX-OS reserved VLAN", NXOS, leaf1, []string{"vlan 4000"}, `line 1 "vlan 4000": VLAN 4000 is reserved for internal use (3968-4094)`},
		{"VTP client", IOSXE, client, []string{"vlan 100", " name X"},
			`line 1 "vlan 100": the switch is a VTP client: it refuses to create, change or delete VLANs`},
		{"VTP mode", IOSXE, acc1, []string{"vtp mode server"},
			`line 1 "vtp mode server": "vtp" is not supported: Apply cannot predict its effect on the running-config`},
		{"default", IOSXE, acc1, []string{"interface Gi1/0/1", " default switchport access vlan"},
			`line 2 "default switchport access vlan": "default" is not supported: type the "no" form or the value`},
		{"bare no", IOSXE, acc1, []string{"no"}, `line 1 "no": "no" without a command`},
		{"namespace", IOSXE, acc1, []string{"no ip"}, `line 1 "no ip": "no ip" is incomplete`},
		{"no hostname", IOSXE, acc1, []string{"no hostname"}, `line 1 "no hostname": "no hostname" is not supported: the switch falls back to its default name`},
		{"VLAN map action", NXOS, leaf1, []string{"vlan access-map VM-PROTECT 10", "  action frob"},
			`line 2 "action frob": unknown VLAN map action "frob" (want forward, drop or redirect)`},
		{"vlan filter form", NXOS, leaf1, []string{"vlan filter VM-PROTECT 100"},
			`line 1 "vlan filter VM-PROTECT 100": want "vlan filter MAP vlan-list LIST"`},
		{"a later error keeps nothing of the earlier lines", IOSXE, acc1, []string{"hostname x", "interface Gi1/0/1", " ip igmp version 7"},
			`line 3 "ip igmp version 7": want "ip igmp version 1|2|3"`},
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

// TestApplyNeverDrops: a line that cannot be applied is an error, never a
// silent success. These lines break the predicted config in a way only the
// re-parse sees; the error names them.
func TestApplyResultMustParse(t *testing.T) {
	_, err := Apply(IOSXE, []byte(iosWhole), []string{"interface Vlan100", " ip address 10.10.100.1 255.255.255.0", "ip igmp snooping vlan 100 querier address 10.1.1.1", "interface Gi1/0/10", " switchport mode"})
	if err == nil || !strings.Contains(err.Error(), `line 5 "switchport mode"`) {
		t.Errorf("got %v", err)
	}
	_, err = Apply(IOSXE, []byte(iosWhole), []string{"vlan filter EFT vlan-list 100-x"})
	if err == nil || !strings.Contains(err.Error(), `line 1 "vlan filter EFT vlan-list 100-x"`) {
		t.Errorf("got %v", err)
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
				"interface TenGigabitEthernet1/1/1",
				" no storm-control multicast level",
				"interface TenGigabitEthernet1/1/2",
				" no storm-control multicast level",
				"end",
			},
			rollback: []string{
				"ip access-list extended EDGE-IN",
				" no 65",
				"interface TenGigabitEthernet1/1/1",
				" storm-control multicast level 0.50",
				"interface TenGigabitEthernet1/1/2",
				" storm-control multicast level 0.50",
				"no ip igmp snooping vlan 100 querier address",
				"no ip igmp snooping querier",
			},
			check: func(t *testing.T, d *model.Device) {
				if d.Snooping.Querier.Enabled == nil || !d.Snooping.VLANs[100].Querier.Address.IsValid() {
					t.Error("no querier")
				}
				wantSeqs(t, d, "EDGE-IN", 10, 20, 30, 40, 50, 60, 65, 70)
				for _, p := range []string{"TenGigabitEthernet1/1/1", "TenGigabitEthernet1/1/2"} {
					if d.Interface(p).StormMulticast != nil {
						t.Errorf("%s storm control", p)
					}
				}
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
				rm, add := lineDiff(configLines(want), configLines([]byte(out)))
				t.Errorf("differs from %s: lost %q, gained %q", golden, rm, add)
			}
			if back := mustApply(t, c.platform, out, c.rollback...); back != base {
				rm, add := lineDiff(configLines([]byte(base)), configLines([]byte(back)))
				t.Errorf("rollback is not the original: lost %q, gained %q", rm, add)
			}
		})
	}
}
