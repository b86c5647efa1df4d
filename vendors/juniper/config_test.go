package juniper

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mcaudit/mcaudit/model"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// parse reads a configuration and checks that every line its model cites
// is the file's line.
func parse(t testing.TB, text string) *model.Device {
	t.Helper()
	d := model.NewDevice("ex1", Junos)
	if err := ParseConfig(d, "ex1.conf", []byte(text)); err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	lines := strings.Split(text, "\n")
	check := func(what string, r *model.Ref) {
		if r != nil && (r.Line < 1 || r.Line > len(lines) || strings.TrimSuffix(lines[r.Line-1], "\r") != r.Text) {
			t.Errorf("%s: ref %d %q is not the file's line", what, r.Line, r.Text)
		}
	}
	for _, ifc := range d.Interfaces {
		for _, r := range []*model.Ref{&ifc.Ref, ifc.ModeRef, ifc.AccessRef, ifc.BundleRef, ifc.ShutdownRef, ifc.IGMPEnabled, ifc.IPv4Ref} {
			check(ifc.Name, r)
		}
	}
	for _, a := range d.ACLs {
		for _, e := range a.Entries {
			check(a.Name+" "+e.Name, &e.Ref)
		}
	}
	return d
}

// view is what the audit reads of a device, as text: two forms of one
// configuration must give the same view.
func view(d *model.Device) string {
	var b strings.Builder
	fmt.Fprintf(&b, "host %s snoopingOn=%v querierSVI=%v\n", d.Hostname, d.Defaults.SnoopingOn, d.Defaults.QuerierIsSVI)
	for _, ifc := range d.Interfaces {
		acl := func(a *model.ACLBinding) string {
			if a == nil {
				return "-"
			}
			return a.ACL
		}
		fmt.Fprintf(&b, "if %s l2=%v svi=%d mode=%s access=%d allowed=%s bundle=%q ip=%v pim=%q igmp=%v v%d in=%s out=%s rin=%s shut=%v\n",
			ifc.Name, ifc.IsL2(), ifc.SVI, ifc.Mode, ifc.AccessVLAN, ifc.Allowed.String(), ifc.Bundle, ifc.IPv4, ifc.PIM,
			ifc.IGMPEnabled != nil, ifc.IGMPVer, acl(ifc.PortACLIn), acl(ifc.PortACLOut), acl(ifc.RouterACLIn), ifc.Shutdown)
		if sc := ifc.StormMulticast; sc != nil {
			fmt.Fprintf(&b, "  storm %s %.0f\n", sc.Level, sc.Percent)
		}
	}
	var ids []int
	for id := range d.VLANs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		v := d.VLANs[id]
		fmt.Fprintf(&b, "vlan %d %s in=%v\n", id, v.Name, v.ACLIn != nil)
		if s := d.Snooping.VLANs[id]; s != nil {
			fmt.Fprintf(&b, "  snooping on=%v off=%v querier=%v\n", s.Enabled != nil, s.Disabled != nil, s.Querier.Address)
		}
	}
	var names []string
	for n := range d.ACLs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		for _, e := range d.ACLs[n].Entries {
			fmt.Fprintf(&b, "%s %s %d %s %s %+v %v>%v cond=%q %q\n", d.ACLs[n].Kind, n, e.Seq, e.Name, e.Action, e.Proto, e.Src, e.Dst, e.Condition, e.Unparsed)
		}
	}
	return b.String()
}

func TestParseELS(t *testing.T) {
	d := parse(t, string(readFile(t, "acc3.conf")))
	if d.Hostname != "ex-acc3" || len(d.Unparsed) != 0 {
		t.Errorf("hostname %q, unparsed %+v", d.Hostname, d.Unparsed)
	}
	// ELS: off unless named, VLAN default named; EFT-HA named by its
	// l2-querier; USERS named but deactivated.
	sn := d.Snooping.VLANs
	if d.Defaults.SnoopingOn || sn[1] == nil || sn[1].Enabled == nil || sn[100].Enabled == nil || (sn[20] != nil && sn[20].Enabled != nil) {
		t.Errorf("snooping %+v", sn)
	}
	if q := sn[100].Querier; q.Enabled == nil || q.Address != netip.MustParseAddr("10.10.100.3") {
		t.Errorf("querier %+v", q)
	}
	if !strings.Contains(d.Defaults.Note, "ELS") {
		t.Errorf("note %q", d.Defaults.Note)
	}
	for _, c := range []struct {
		name string
		ok   func(*model.Interface) bool
	}{
		{"ge-0/0/0", func(i *model.Interface) bool {
			return i.IsL2() && i.Mode == model.ModeAccess && i.AccessVLAN == 100 && i.PortACLIn.ACL == "HOSTS-IN"
		}},
		// a member by number, the mode by default
		{"ge-0/0/1", func(i *model.Interface) bool { return i.Mode == model.ModeAccess && i.AccessVLAN == 100 }},
		{"ge-0/0/2", func(i *model.Interface) bool {
			return i.AccessVLAN == 20 && i.StormMulticast != nil && i.StormMulticast.Percent == 20
		}},
		{"ge-0/0/3", func(i *model.Interface) bool { return i.Shutdown && !i.IsL2() }},
		{"xe-0/2/0", func(i *model.Interface) bool { return i.Bundle == "ae0" && d.BundleOf(i).Name == "ae0" }},
		{"ae0", func(i *model.Interface) bool { return i.Mode == model.ModeTrunk && i.Allowed.String() == "20,99-100" }},
		{"irb.100", func(i *model.Interface) bool {
			return i.SVI == 100 && i.IGMPEnabled != nil && i.IGMPVer == 2 && i.RouterACLIn.ACL == "IRB-PROTECT" && d.SVI(100) == i
		}},
		{"me0", func(i *model.Interface) bool { return !i.IsL2() && i.SVI == 0 }},
	} {
		i := d.Interface(c.name)
		if i == nil || !c.ok(i) {
			t.Errorf("%s: %+v", c.name, i)
		}
	}
	// The filter, term by term: ARP matches no IPv4 packet and gives no
	// entry, the web term depends on ports, the last term discards.
	es := d.ACLs["HOSTS-IN"].Entries
	want := []string{"allow-web permit 6 destination-port", "allow-udp permit 17", "allow-igmp permit 2", "deny-rest deny any"}
	var got []string
	for _, e := range es {
		p := fmt.Sprint(e.Proto.Num)
		if e.Proto.Any {
			p = "any"
		}
		got = append(got, strings.TrimSpace(fmt.Sprintf("%s %s %s %s", e.Name, e.Action, p, e.Condition)))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("HOSTS-IN (-want +got):\n%s", diff)
	}
	if r := es[3].Ref; strings.TrimSpace(r.Text) != "discard;" {
		t.Errorf("the discarding term cites %q, not its action", r.Text)
	}
	// The prefix list is resolved into the family inet filter's entries.
	if e := d.ACLs["IRB-PROTECT"].Entries; len(e) != 3 || e[1].Src.Prefix != netip.MustParsePrefix("10.10.100.14/32") {
		t.Errorf("IRB-PROTECT %+v", e)
	}
}

// The "set" form of a configuration reads as its curly form does.
func TestSetFormReadsAsCurly(t *testing.T) {
	curly := view(parse(t, string(readFile(t, "acc3.conf"))))
	set := view(parse(t, string(readFile(t, "acc3.set"))))
	if diff := cmp.Diff(curly, set); diff != "" {
		t.Errorf("(-curly +set):\n%s", diff)
	}
}

func TestParseLegacy(t *testing.T) {
	d := parse(t, string(readFile(t, "legacy.set")))
	if !d.Defaults.SnoopingOn || !d.Defaults.QuerierIsSVI || !strings.Contains(d.Defaults.Note, "legacy non-ELS") || !strings.Contains(d.Defaults.Note, "line 5") {
		t.Errorf("defaults %+v", d.Defaults)
	}
	if d.Snooping.Enabled == nil || d.Snooping.VLANs[30].Disabled == nil {
		t.Errorf("snooping %+v", d.Snooping)
	}
	// membership from the VLAN's side; a trunk of every VLAN; the RVI
	if i := d.Interface("ge-0/0/0"); i.AccessVLAN != 100 || i.Mode != model.ModeAccess {
		t.Errorf("ge-0/0/0 %+v", i)
	}
	if i := d.Interface("ge-0/0/47"); i.Mode != model.ModeTrunk || i.Allowed.String() != "1-4094" {
		t.Errorf("ge-0/0/47 %+v", i)
	}
	if d.SVI(100) == nil || d.SVI(100).Name != "vlan.100" {
		t.Errorf("SVI %+v", d.SVI(100))
	}
	if b := d.VLANs[100].ACLIn; b == nil || b.ACL != "EFT-VLAN" {
		t.Errorf("VLAN filter %+v", b)
	}
}

// Lines and statements the parser cannot read are reported with what they
// configure, and the rest is still read.
// A configuration with statements of both styles is read as ELS, and
// the note names a line of each.
func TestMixedStyles(t *testing.T) {
	d := parse(t, "set vlans EFT vlan-id 100\nset interfaces ge-0/0/1 unit 0 family ethernet-switching port-mode access\nset interfaces ge-0/0/2 unit 0 family ethernet-switching interface-mode access\n")
	if d.Defaults.SnoopingOn || !strings.Contains(d.Defaults.Note, "ex1.conf line 2") || !strings.Contains(d.Defaults.Note, "ex1.conf line 3") {
		t.Errorf("defaults %+v", d.Defaults)
	}
}

func TestUnreadable(t *testing.T) {
	base := "set system host-name ex9\nset vlans EFT-HA vlan-id 100\n"
	for _, c := range []struct {
		line string
		why  string
		on   model.Setting
	}{
		{"set interfaces ge-0/0/5 unit 0 family ethernet-switching interface-mode hybrid", `want "interface-mode" access or trunk`, model.Setting{Kind: model.OnInterface, Name: "ge-0/0/5"}},
		{"set protocols igmp-snooping vlan EFT-HA l2-querier", "l2-querier source-address", model.Setting{Kind: model.OnSnooping, VLAN: 100}},
		{"set protocols igmp-snooping vlan NOPE", `VLAN "NOPE" is not defined`, model.Setting{Kind: model.OnSnooping}},
		{"set vlans EFT-HA vlan-id 5000", "not a VLAN ID", model.Setting{Kind: model.OnVLAN}},
		{"set vlans EFT-HA forwarding-options filter both F", `want "filter input|output NAME"`, model.Setting{Kind: model.OnVLAN, VLAN: 100}},
		{"set interfaces ge-0/0/5 unit 0 family ethernet-switching vlan members NOPE", `VLAN "NOPE" is not defined`, model.Setting{Kind: model.OnInterface, Name: "ge-0/0/5"}},
		{`set interfaces ge-0/0/5 description "never closed`, "a quote that never closes", model.Setting{}},
		{"interfaces ge-0/0/5 disable", "not a set statement", model.Setting{}},
		{"set interfaces ge-0/0/9 ether-options 802.3ad ge-0/0/1", "not an aggregated interface", model.Setting{Kind: model.OnInterface, Name: "ge-0/0/9"}},
	} {
		d := model.NewDevice("ex9", Junos)
		if err := ParseConfig(d, "ex9.conf", []byte(base+c.line+"\n")); err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		if d.Hostname != "ex9" || d.VLANs[100] == nil && !strings.Contains(c.line, "5000") {
			t.Errorf("%q: the rest was not read", c.line)
		}
		if len(d.Unparsed) != 1 || !strings.Contains(d.Unparsed[0].Why, c.why) || d.Unparsed[0].On != c.on || d.Unparsed[0].Ref.Line != 3 {
			t.Errorf("%q: unparsed %+v, want %q on %+v", c.line, d.Unparsed, c.why, c.on)
		}
	}
}

func TestCurlyStructure(t *testing.T) {
	// an unclosed block, a stray "}", a statement without ";"
	for _, c := range []struct{ text, why string }{
		{"system {\n    host-name ex9;\n", "1 blocks never closed"},
		{"system {\n    host-name ex9;\n}\n}\n", `a "}" closes no block`},
		{"version 21.4;\nsystem {\n    host-name ex9\n}\n", `a statement without its ";" or "{"`},
	} {
		d := model.NewDevice("ex9", Junos)
		err := ParseConfig(d, "ex9.conf", []byte(c.text))
		if err != nil || len(d.Unparsed) != 1 || d.Unparsed[0].Why != c.why {
			t.Errorf("%q: %v %+v", c.text, err, d.Unparsed)
		}
	}
	// Deactivated statements are not configuration; lists expand.
	d := parse(t, "vlans {\n    inactive: A {\n        vlan-id 10;\n    }\n    B {\n        vlan-id 20;\n    }\n}\ninterfaces {\n    ae1 {\n        unit 0 {\n            family ethernet-switching {\n                interface-mode trunk;\n                vlan {\n                    members [ B 30-32 ];\n                }\n            }\n        }\n    }\n}\n")
	if d.VLANs[10] != nil || d.VLANs[20] == nil || d.Interface("ae1").Allowed.String() != "20,30-32" {
		t.Errorf("vlans %v, ae1 %s", d.VLANs, d.Interface("ae1").Allowed.String())
	}
}

func TestInterfaceRange(t *testing.T) {
	d := parse(t, strings.Join([]string{
		"set vlans EFT-HA vlan-id 100",
		"set interfaces interface-range HOSTS member ge-0/0/1",
		"set interfaces interface-range HOSTS member-range ge-0/0/10 to ge-0/0/12",
		"set interfaces interface-range HOSTS unit 0 family ethernet-switching vlan members EFT-HA",
		"set interfaces interface-range ODD member ge-0/0/[20-22]",
	}, "\n")+"\n")
	for _, n := range []string{"ge-0/0/1", "ge-0/0/10", "ge-0/0/11", "ge-0/0/12"} {
		if i := d.Interface(n); i == nil || i.AccessVLAN != 100 {
			t.Errorf("%s: %+v", n, i)
		}
	}
	if len(d.Unparsed) != 1 || !strings.Contains(d.Unparsed[0].Why, "member pattern") {
		t.Errorf("unparsed %+v", d.Unparsed)
	}
}

func TestApplyGroups(t *testing.T) {
	d := model.NewDevice("ex9", Junos)
	err := ParseConfig(d, "ex9.conf", []byte(strings.Join([]string{
		"set groups ACCESS interfaces ge-0/0/1 unit 0 family ethernet-switching vlan members EFT-HA",
		"set groups ACCESS interfaces ge-0/0/1 unit 0 family ethernet-switching interface-mode trunk",
		"set groups ACCESS protocols igmp-snooping vlan EFT-HA",
		"set groups WILD interfaces <ge-*> unit 0 family ethernet-switching storm-control default",
		"set apply-groups ACCESS",
		"set apply-groups WILD",
		"set apply-groups NOPE",
		"set vlans EFT-HA vlan-id 100",
		// the configuration's own statement wins over the group's
		"set interfaces ge-0/0/1 unit 0 family ethernet-switching interface-mode access",
	}, "\n")+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if i := d.Interface("ge-0/0/1"); i == nil || i.Mode != model.ModeAccess || i.AccessVLAN != 100 {
		t.Errorf("ge-0/0/1 %+v", i)
	}
	if s := d.Snooping.VLANs[100]; s == nil || s.Enabled == nil || s.Enabled.Line != 3 {
		t.Errorf("snooping %+v", s)
	}
	var why []string
	for _, u := range d.Unparsed {
		why = append(why, fmt.Sprintf("%d %s", u.Ref.Line, u.Why))
	}
	want := []string{`4 a group's wildcard path is not read: collect with "display inheritance"`, `7 group "NOPE" is not defined`}
	slices.Sort(why)
	if diff := cmp.Diff(want, why); diff != "" {
		t.Errorf("unparsed (-want +got):\n%s", diff)
	}
}

func TestFilterTerms(t *testing.T) {
	base := "set vlans EFT-HA vlan-id 100\n"
	for _, c := range []struct {
		terms string
		want  []string // name action proto src>dst condition
	}{
		{"term t from protocol 113\nterm t then accept", []string{"t permit 113 any>any"}},
		// a term without an action accepts; "next term" decides nothing
		{"term a from ip-protocol udp\nterm b then next term\nterm b from protocol tcp\nterm c then count x", []string{"a permit 17 any>any", "c permit any any>any"}},
		// addresses: lists multiply, "address" is the source or the destination
		{"term t from ip-source-address 10.0.0.1/32\nterm t from ip-source-address 10.0.0.2\nterm t then discard",
			[]string{"t deny any 10.0.0.1/32>any", "t deny any 10.0.0.2/32>any"}},
		{"term t from address 10.0.0.0/8\nterm t then reject", []string{"t deny any 10.0.0.0/8>any", "t deny any any>10.0.0.0/8"}},
		// what cannot be evaluated is a condition, never a guess
		{"term t from source-address 10.0.0.0/8 except\nterm t then discard", []string{"t deny any any>any source-address ... except"}},
		{"term t from dscp ef\nterm t then vlan OTHER", []string{"t permit any any>any then vlan, dscp"}},
		// a range of protocols holding 113 is PGM's; an IPv6 term no IPv4's
		{"term t from protocol 100-120\nterm t then discard", []string{"t deny 113 any>any"}},
		{"term t from ip-version ipv6\nterm t then discard\nterm u then accept", []string{"u permit any any>any"}},
		{"term t from protocol bogus\nterm t then discard", []string{`t deny any any>any unparsed: protocol "bogus" is not a protocol number or keyword`}},
	} {
		var text strings.Builder
		text.WriteString(base)
		for _, l := range strings.Split(c.terms, "\n") {
			text.WriteString("set firewall family ethernet-switching filter F " + l + "\n")
		}
		d := parse(t, text.String())
		var got []string
		for _, e := range d.ACLs["F"].Entries {
			p := fmt.Sprint(e.Proto.Num)
			if e.Proto.Any {
				p = "any"
			}
			addr := func(a model.AddrMatch) string {
				if a.Any {
					return "any"
				}
				return a.Prefix.String()
			}
			s := fmt.Sprintf("%s %s %s %s>%s", e.Name, e.Action, p, addr(e.Src), addr(e.Dst))
			if e.Condition != "" {
				s += " " + e.Condition
			}
			if e.Unparsed != "" {
				s += " unparsed: " + e.Unparsed
			}
			got = append(got, s)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.terms, diff)
		}
	}
}

func TestNotAConfig(t *testing.T) {
	for _, c := range []struct{ name, text string }{
		{"empty", "  \n"},
		{"binary", "\x00\x01set"},
		{"IOS", "hostname sw1\n!\ninterface GigabitEthernet1/0/1\n switchport mode access\n!\nend\n"},
	} {
		err := ParseConfig(model.NewDevice("x", Junos), "x.conf", []byte(c.text))
		if !errors.Is(err, ErrNotConfig) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestShowVLANs(t *testing.T) {
	for _, c := range []struct {
		file string
		want map[int]string
	}{
		{"show_vlans.txt", map[int]string{1: "default []", 20: "USERS [ae0 ge-0/0/2]", 99: "MGMT [ae0]", 100: "EFT-HA [ae0 ge-0/0/0 ge-0/0/1]"}},
		{"show_vlans_legacy.txt", map[int]string{100: "EFT-HA [ge-0/0/0 ge-0/0/1 ge-0/0/47]", 4000: "__mgmt__ [me0]"}},
	} {
		d := model.NewDevice("ex", Junos)
		if err := ParseShowVLANs(d, c.file, readFile(t, c.file)); err != nil {
			t.Fatal(err)
		}
		got := map[int]string{}
		for id, v := range d.Oper.VLANs {
			if !v.Active() {
				t.Errorf("%d not active", id)
			}
			got[id] = fmt.Sprintf("%s %v", v.Name, v.Ports)
		}
		if diff := cmp.Diff(c.want, got); diff != "" || d.Oper.VLANsRef == nil {
			t.Errorf("%s (-want +got):\n%s", c.file, diff)
		}
	}
	if err := ParseShowVLANs(model.NewDevice("ex", Junos), "x", []byte("\nsyntax error, expecting <command>.\n")); err == nil {
		t.Error("a refused command was read as a table")
	}
}

func TestCanonicalInterface(t *testing.T) {
	for in, want := range map[string]string{
		"ge-0/0/1.0": "ge-0/0/1", "GE-0/0/1": "ge-0/0/1", "ae0.0*": "ae0", "irb.100": "irb.100",
		"irb.0": "irb.0", "vlan.0": "vlan.0", "xe-0/2/0.5": "xe-0/2/0.5",
	} {
		if got := CanonicalInterface(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestScrub(t *testing.T) {
	for _, f := range []string{"acc3.conf", "acc3.set", "legacy.set"} {
		out := string(Scrub(readFile(t, f)))
		for _, secret := range []string{"$6$", "$1$", "n0t-publ1c"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s: %s left", f, secret)
			}
		}
		// scrubbed, it still reads as it did
		before, after := model.NewDevice("x", Junos), model.NewDevice("x", Junos)
		_ = ParseConfig(before, f, readFile(t, f))
		_ = ParseConfig(after, f, []byte(out))
		if view(before) != view(after) || len(after.Unparsed) != len(before.Unparsed) {
			t.Errorf("%s reads differently once scrubbed", f)
		}
	}
	for in, want := range map[string]string{
		`set system login user a authentication encrypted-password "$6$abc$def"`: `set system login user a authentication encrypted-password "<scrubbed>"`,
		`    secret "$9$dkfj2l3";`: `    secret "<scrubbed>";`,
		`set protocols ospf area 0 interface ge-0/0/0 authentication md5 1 key "$9$abc"`: `set protocols ospf area 0 interface ge-0/0/0 authentication md5 1 key "<scrubbed>"`,
		`set snmp community s3cret authorization read-only`:                              `set snmp community <scrubbed> authorization read-only`,
		`pre-shared-key ascii-text "$9$xyz";`:                                            `pre-shared-key ascii-text "<scrubbed>";`,
	} {
		if got := string(Scrub([]byte(in))); got != want {
			t.Errorf("%s\n got %s\nwant %s", in, got, want)
		}
	}
}
