package rules

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"go4.org/netipx"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

// parse builds a device from config text with the real parser.
func parse(t *testing.T, platform, text string) *model.Device {
	t.Helper()
	d := model.NewDevice("sw", platform)
	if err := cisco.ParseConfig(d, "sw.cfg", []byte(text)); err != nil {
		t.Fatalf("parse: %v", err)
	}
	return d
}

// aclDevice parses body as the global part of a config: line 1 is the
// hostname, so the first line of body is line 2. The trailer makes it a
// config the parser accepts.
func aclDevice(t *testing.T, platform, body string) *model.Device {
	t.Helper()
	trailer := "interface GigabitEthernet1/0/1\nend\n"
	if platform == cisco.NXOS {
		trailer = "interface Ethernet1/1\n  switchport\n"
	}
	return parse(t, platform, "hostname sw\n"+body+trailer)
}

// regionOf builds a region from rects written "SRC>DST", each side a
// comma-separated list of prefixes or addresses.
func regionOf(t *testing.T, specs ...string) region {
	t.Helper()
	var r region
	for _, s := range specs {
		src, dst, ok := strings.Cut(s, ">")
		if !ok {
			t.Fatalf("rect %q: want SRC>DST", s)
		}
		r = append(r, rect{ipset(t, src), ipset(t, dst)})
	}
	return r
}

// ipset reads "A,B/n" as a set of addresses; "A,B-C,D" is A,B without C,D.
func ipset(t *testing.T, list string) *netipx.IPSet {
	t.Helper()
	plus, less, _ := strings.Cut(list, "-")
	s := prefixes(t, plus)
	if less != "" {
		s = minus(s, prefixes(t, less))
	}
	return s
}

func prefixes(t *testing.T, list string) *netipx.IPSet {
	t.Helper()
	var pfxs []netip.Prefix
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimSpace(p)
		if !strings.Contains(p, "/") {
			p += "/32"
		}
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			t.Fatalf("bad prefix %q: %v", p, err)
		}
		pfxs = append(pfxs, pfx)
	}
	return setOf(pfxs...)
}

// sameRegion reports whether a and b hold the same packets, however they
// are cut into rects.
func sameRegion(a, b region) bool {
	return a.minusRegion(b).empty() && b.minusRegion(a).empty()
}

// regionText renders a region for failure messages.
func regionText(r region) string {
	var parts []string
	for _, x := range r {
		parts = append(parts, fmt.Sprintf("%v>%v", x.src.Prefixes(), x.dst.Prefixes()))
	}
	return "{" + strings.Join(parts, " ∪ ") + "}"
}

func refLines(refs []model.Ref) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, fmt.Sprintf("%d:%s", r.Line, r.Text))
	}
	return out
}

func (v verdict) String() string {
	switch v {
	case permitted:
		return "permitted"
	case denied:
		return "denied"
	case unproven:
		return "unproven"
	}
	return "?"
}

// wantOutcome is one expected outcome: its verdict, the packets it covers
// (as rect specs), its evidence as "LINE:TEXT" and a part of its reason.
type wantOutcome struct {
	v        verdict
	region   []string
	refs     []string
	why      string
	implicit bool
	// doubt: the lines of earlier unproven entries that may decide first.
	doubt []int
}

func checkOutcomes(t *testing.T, got []outcome, want []wantOutcome) {
	t.Helper()
	if len(got) != len(want) {
		for i, o := range got {
			t.Logf("got[%d] = %v %s %q %v", i, o.verdict, regionText(o.region), o.why, refLines(o.refs))
		}
		t.Fatalf("got %d outcomes, want %d", len(got), len(want))
	}
	for i, w := range want {
		o := got[i]
		if o.verdict != w.v {
			t.Errorf("outcome %d: verdict %v, want %v (%s)", i, o.verdict, w.v, o.why)
		}
		if wr := regionOf(t, w.region...); !sameRegion(o.region, wr) {
			t.Errorf("outcome %d: region %s, want %s", i, regionText(o.region), regionText(wr))
		}
		if g := refLines(o.refs); !slices.Equal(g, w.refs) {
			t.Errorf("outcome %d: refs\n got %q\nwant %q", i, g, w.refs)
		}
		if !strings.Contains(o.why, w.why) {
			t.Errorf("outcome %d: why %q, want it to contain %q", i, o.why, w.why)
		}
		if o.implicit != w.implicit {
			t.Errorf("outcome %d: implicit %v, want %v", i, o.implicit, w.implicit)
		}
		var doubt []int
		for _, r := range o.doubt {
			doubt = append(doubt, r.Line)
		}
		if !slices.Equal(doubt, w.doubt) {
			t.Errorf("outcome %d: doubt lines %v, want %v", i, doubt, w.doubt)
		}
	}
}

const (
	h1    = "10.1.1.11"
	h2    = "10.1.1.12"
	grp   = "239.1.1.1"
	hosts = h1 + "," + h2
	mcast = "224.0.0.0/4"
	anyA  = "0.0.0.0/0"
)

func TestEvalACL(t *testing.T) {
	both := []string{hosts + ">" + grp}
	cases := []struct {
		name     string
		platform string // default cisco_iosxe
		cfg      string // starts at line 2
		acl      string
		in       []string
		want     []wantOutcome
	}{{
		name: "first match wins: permit before deny",
		cfg: `ip access-list extended A
 10 permit 113 any any
 20 deny   ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"3: 10 permit 113 any any"}, why: "ACL A sequence 10 (permit 113 any any)"}},
	}, {
		name: "first match wins: deny before permit",
		cfg: `ip access-list extended A
 10 deny   ip any any
 20 permit 113 any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: denied, region: both, refs: []string{"3: 10 deny   ip any any"}, why: "ACL A sequence 10 (deny ip any any)"}},
	}, {
		name: "implicit deny names the ACL and cites its header",
		cfg: `ip access-list extended EDGE
 10 permit tcp any any eq 443
 20 permit udp any any
`,
		acl: "EDGE", in: both,
		want: []wantOutcome{{v: denied, region: both, refs: []string{"2:ip access-list extended EDGE"}, why: "implicit deny at the end of ACL EDGE", implicit: true}},
	}, {
		name: "ip matches protocol 113",
		cfg: `ip access-list extended A
 10 deny   tcp any any
 20 permit ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"4: 20 permit ip any any"}, why: "sequence 20"}},
	}, {
		name: "pim (103) is not PGM (113)",
		cfg: `ip access-list extended A
 10 deny   pim any any
 20 deny   103 any any
 30 permit 113 any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"5: 30 permit 113 any any"}, why: "sequence 30"}},
	}, {
		name: "deny 113 any any after a host permit denies only the other sources",
		cfg: `ip access-list extended A
 10 permit 113 host 10.1.1.11 any
 20 deny   113 any any
 30 permit ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: permitted, region: []string{h1 + ">" + grp}, refs: []string{"3: 10 permit 113 host 10.1.1.11 any"}, why: "sequence 10"},
			{v: denied, region: []string{h2 + ">" + grp}, refs: []string{"4: 20 deny   113 any any"}, why: "sequence 20"},
		},
	}, {
		name: "a permit for part of 224.0.0.0/4, then the implicit deny takes the rest",
		cfg: `ip access-list extended A
 10 permit 113 any 239.0.0.0 0.255.255.255
`,
		acl: "A", in: []string{anyA + ">" + mcast},
		want: []wantOutcome{
			{v: permitted, region: []string{anyA + ">239.0.0.0/8"}, refs: []string{"3: 10 permit 113 any 239.0.0.0 0.255.255.255"}, why: "sequence 10"},
			{v: denied, region: []string{anyA + ">224.0.0.0/5,232.0.0.0/6,236.0.0.0/7,238.0.0.0/8"}, refs: []string{"2:ip access-list extended A"}, why: "implicit deny", implicit: true},
		},
	}, {
		name: "group given: a permit for the group alone passes it",
		cfg: `ip access-list extended A
 10 permit 113 any host 239.1.1.1
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"3: 10 permit 113 any host 239.1.1.1"}, why: "sequence 10"}},
	}, {
		name: "no group: the same permit leaves the rest of 224.0.0.0/4 denied",
		cfg: `ip access-list extended A
 10 permit 113 any host 239.1.1.1
`,
		acl: "A", in: []string{hosts + ">" + mcast},
		want: []wantOutcome{
			{v: permitted, region: []string{hosts + ">" + grp}, refs: []string{"3: 10 permit 113 any host 239.1.1.1"}, why: "sequence 10"},
			{v: denied, region: []string{hosts + ">" + mcast + "-" + grp}, refs: []string{"2:ip access-list extended A"}, why: "implicit deny", implicit: true},
		},
	}, {
		name: "host sources: a subnet permit covers them",
		cfg: `ip access-list extended A
 10 permit 113 10.1.1.0 0.0.0.255 any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"3: 10 permit 113 10.1.1.0 0.0.0.255 any"}, why: "sequence 10"}},
	}, {
		name: "no hosts (any source): the same permit leaves other sources denied",
		cfg: `ip access-list extended A
 10 permit 113 10.1.1.0 0.0.0.255 any
`,
		acl: "A", in: []string{anyA + ">" + grp},
		want: []wantOutcome{
			{v: permitted, region: []string{"10.1.1.0/24>" + grp}, refs: []string{"3: 10 permit 113 10.1.1.0 0.0.0.255 any"}, why: "sequence 10"},
			{v: denied, region: []string{anyA + "-10.1.1.0/24>" + grp}, refs: []string{"2:ip access-list extended A"}, implicit: true, why: "implicit deny"},
		},
	}, {
		name: "wildcard form: 10.1.1.8 0.0.0.3 holds .11 but not .12",
		cfg: `ip access-list extended A
 10 permit 113 10.1.1.8 0.0.0.3 any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: permitted, region: []string{h1 + ">" + grp}, refs: []string{"3: 10 permit 113 10.1.1.8 0.0.0.3 any"}, why: "sequence 10"},
			{v: denied, region: []string{h2 + ">" + grp}, refs: []string{"2:ip access-list extended A"}, why: "implicit deny", implicit: true},
		},
	}, {
		name:     "prefix form (NX-OS)",
		platform: cisco.NXOS,
		cfg: `ip access-list HOST-IN
  10 permit 113 10.1.1.0/29 239.1.0.0/16
  20 permit 113 10.1.1.12/32 239.0.0.0/8
  30 deny ip any any log
`,
		acl: "HOST-IN", in: []string{"10.1.1.5," + hosts + ">" + grp},
		want: []wantOutcome{
			{v: permitted, region: []string{"10.1.1.5>" + grp}, refs: []string{"3:  10 permit 113 10.1.1.0/29 239.1.0.0/16"}, why: "sequence 10"},
			{v: permitted, region: []string{h2 + ">" + grp}, refs: []string{"4:  20 permit 113 10.1.1.12/32 239.0.0.0/8"}, why: "sequence 20"},
			{v: denied, region: []string{h1 + ">" + grp}, refs: []string{"5:  30 deny ip any any log"}, why: "sequence 30 (deny ip any any log)"},
		},
	}, {
		name: "network object-group as source",
		cfg: `object-group network CLUSTER
 host 10.1.1.11
ip access-list extended A
 10 permit 113 object-group CLUSTER any
 20 deny   ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: permitted, region: []string{h1 + ">" + grp}, refs: []string{"5: 10 permit 113 object-group CLUSTER any"}, why: "sequence 10"},
			{v: denied, region: []string{h2 + ">" + grp}, refs: []string{"6: 20 deny   ip any any"}, why: "sequence 20"},
		},
	}, {
		name: "nested network object-group",
		cfg: `object-group network NODES
 10.1.1.0 255.255.255.0
object-group network ALL
 description all cluster nodes
 group-object NODES
ip access-list extended A
 10 deny   113 object-group ALL any
 20 permit ip any any
`,
		acl: "A", in: []string{"10.9.9.9," + hosts + ">" + grp},
		want: []wantOutcome{
			{v: denied, region: both, refs: []string{"8: 10 deny   113 object-group ALL any"}, why: "sequence 10"},
			{v: permitted, region: []string{"10.9.9.9>" + grp}, refs: []string{"9: 20 permit ip any any"}, why: "sequence 20"},
		},
	}, {
		name: "diamond of nested network groups is not a loop",
		cfg: `object-group network NODES
 host 10.1.1.11
 host 10.1.1.12
object-group network SITE-A
 group-object NODES
object-group network SITE-B
 group-object NODES
object-group network ALL
 group-object SITE-A
 group-object SITE-B
ip access-list extended A
 10 permit 113 object-group ALL any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"13: 10 permit 113 object-group ALL any"}, why: "sequence 10"}},
	}, {
		name: "a group that contains itself: unproven",
		cfg: `object-group network LOOP
 group-object LOOP
ip access-list extended A
 10 permit 113 object-group LOOP any
 20 permit ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"5: 10 permit 113 object-group LOOP any"}, why: "address object-group LOOP contains itself"},
			{v: permitted, region: both, refs: []string{"6: 20 permit ip any any"}, why: "sequence 20", doubt: []int{5}},
		},
	}, {
		name: "service object-group with 113",
		cfg: `object-group service PGM
 113
ip access-list extended A
 10 permit object-group PGM any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"5: 10 permit object-group PGM any any"}, why: "sequence 10"}},
	}, {
		name: "service object-group with ip",
		cfg: `object-group service ALLIP
 ip
ip access-list extended A
 10 deny   object-group ALLIP any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: denied, region: both, refs: []string{"5: 10 deny   object-group ALLIP any any"}, why: "sequence 10"}},
	}, {
		name: "service object-group with only tcp cannot match PGM",
		cfg: `object-group service WEB
 tcp eq 443
 tcp-udp eq 53
ip access-list extended A
 10 deny   object-group WEB any any
 20 permit 113 any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"7: 20 permit 113 any any"}, why: "sequence 20"}},
	}, {
		name: "nested service object-group",
		cfg: `object-group service PGM
 113
object-group service APP
 tcp eq 443
 group-object PGM
ip access-list extended A
 10 deny   object-group APP any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: denied, region: both, refs: []string{"8: 10 deny   object-group APP any any"}, why: "sequence 10"}},
	}, {
		name: "a nested service group that matches wins over an undefined sibling",
		cfg: `object-group service PGM
 113
object-group service APP
 group-object NOPE
 group-object PGM
ip access-list extended A
 10 deny   object-group APP any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: denied, region: both, refs: []string{"8: 10 deny   object-group APP any any"}, why: "sequence 10"}},
	}, {
		name: "undefined address group: unproven, and evaluation continues",
		cfg: `ip access-list extended A
 10 permit 113 object-group NOPE any
 20 deny   ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"3: 10 permit 113 object-group NOPE any"}, why: "address object-group NOPE is not defined"},
			{v: denied, region: both, refs: []string{"4: 20 deny   ip any any"}, why: "sequence 20", doubt: []int{3}},
		},
	}, {
		name: "undefined service group: unproven",
		cfg: `ip access-list extended A
 10 permit object-group NOPE any any
 20 permit ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"3: 10 permit object-group NOPE any any"}, why: "service object-group NOPE is not defined"},
			{v: permitted, region: both, refs: []string{"4: 20 permit ip any any"}, why: "sequence 20", doubt: []int{3}},
		},
	}, {
		name: "address group member that could not be read: unproven",
		cfg: `object-group network NODES
 host 10.1.1.11
 host 10.1.1.300
ip access-list extended A
 10 permit 113 object-group NODES any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"6: 10 permit 113 object-group NODES any"}, why: "address object-group NODES has a member that could not be read (sw.cfg line 4)"},
			{v: denied, region: both, refs: []string{"5:ip access-list extended A"}, why: "implicit deny", implicit: true, doubt: []int{6}},
		},
	}, {
		name: "service group member that could not be read: unproven",
		cfg: `object-group service APP
 tcp eq 443
 pgm
ip access-list extended A
 10 permit object-group APP any any
 20 permit ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"6: 10 permit object-group APP any any"}, why: "service object-group APP has a member that could not be read (sw.cfg line 4)"},
			{v: permitted, region: both, refs: []string{"7: 20 permit ip any any"}, why: "sequence 20", doubt: []int{6}},
		},
	}, {
		name: "unparsed line before the decision: unproven, never a permit",
		cfg: `ip access-list extended A
 10 permit 113 host 10.1.1.11 any frobnicate
 20 deny   ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"3: 10 permit 113 host 10.1.1.11 any frobnicate"}, why: "the line could not be read: option \"frobnicate\" is not understood"},
			{v: denied, region: both, refs: []string{"4: 20 deny   ip any any"}, why: "sequence 20", doubt: []int{3}},
		},
	}, {
		name: "unparsed line with an unknown protocol word: unproven",
		cfg: `ip access-list extended A
 10 permit pgm any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"3: 10 permit pgm any any"}, why: "unknown protocol \"pgm\""},
			{v: denied, region: both, refs: []string{"2:ip access-list extended A"}, why: "implicit deny", implicit: true, doubt: []int{3}},
		},
	}, {
		name: "unparsed tcp line cannot match PGM: ignored",
		cfg: `ip access-list extended A
 10 deny   tcp any 10.1.1.300 0.0.0.0 eq 443
 20 permit 113 any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"4: 20 permit 113 any any"}, why: "sequence 20"}},
	}, {
		name: "dscp condition: unproven for what it hits, not subtracted",
		cfg: `ip access-list extended A
 10 permit 113 host 10.1.1.11 any dscp ef
 20 deny   ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: []string{h1 + ">" + grp}, refs: []string{"3: 10 permit 113 host 10.1.1.11 any dscp ef"}, why: "the entry depends on \"dscp ef\""},
			{v: denied, region: both, refs: []string{"4: 20 deny   ip any any"}, why: "sequence 20", doubt: []int{3}},
		},
	}, {
		name: "ttl condition",
		cfg: `ip access-list extended A
 10 deny   113 any any ttl eq 1
 20 permit ip any any
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"3: 10 deny   113 any any ttl eq 1"}, why: "\"ttl eq 1\""},
			{v: permitted, region: both, refs: []string{"4: 20 permit ip any any"}, why: "sequence 20", doubt: []int{3}},
		},
	}, {
		name: "time-range condition",
		cfg: `ip access-list extended A
 10 permit ip any any time-range OFFICE
`,
		acl: "A", in: both,
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"3: 10 permit ip any any time-range OFFICE"}, why: "\"time-range OFFICE\""},
			{v: denied, region: both, refs: []string{"2:ip access-list extended A"}, why: "implicit deny", implicit: true, doubt: []int{3}},
		},
	}, {
		name: "fragments entries are ignored",
		cfg: `ip access-list extended A
 10 deny   113 any any fragments
 20 deny   ip any any fragments
 30 permit 113 any any
`,
		acl: "A", in: both,
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"5: 30 permit 113 any any"}, why: "sequence 30"}},
	}, {
		name: "standard ACL matches the source only",
		cfg: `ip access-list standard STD
 10 permit 10.1.1.11
 20 deny   any
`,
		acl: "STD", in: []string{hosts + ">" + mcast},
		want: []wantOutcome{
			{v: permitted, region: []string{h1 + ">" + mcast}, refs: []string{"3: 10 permit 10.1.1.11"}, why: "ACL STD sequence 10"},
			{v: denied, region: []string{h2 + ">" + mcast}, refs: []string{"4: 20 deny   any"}, why: "ACL STD sequence 20"},
		},
	}, {
		name: "numbered standard ACL with a wildcard",
		cfg: `access-list 10 permit 10.1.1.12 0.0.0.0
access-list 10 permit host 10.1.1.99
`,
		acl: "10", in: both,
		want: []wantOutcome{
			{v: permitted, region: []string{h2 + ">" + grp}, refs: []string{"2:access-list 10 permit 10.1.1.12 0.0.0.0"}, why: "ACL 10 sequence 10"},
			{v: denied, region: []string{h1 + ">" + grp}, refs: []string{"2:access-list 10 permit 10.1.1.12 0.0.0.0"}, why: "implicit deny at the end of ACL 10", implicit: true},
		},
	}, {
		name: "undefined ACL: unproven",
		cfg:  "",
		acl:  "MISSING", in: both,
		want: []wantOutcome{{v: unproven, region: both, refs: []string{}, why: "ACL MISSING is applied but not defined in the configuration"}},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.platform
			if p == "" {
				p = cisco.IOSXE
			}
			d := aclDevice(t, p, c.cfg)
			checkOutcomes(t, evalACL(d, c.acl, regionOf(t, c.in...)), c.want)
		})
	}
}

func TestEvalVLANMap(t *testing.T) {
	both := []string{hosts + ">" + grp}
	cases := []struct {
		name     string
		platform string
		cfg      string // starts at line 2
		vmap     string
		want     []wantOutcome
	}{{
		name: "drop entry whose match ACL permits 113",
		cfg: `ip access-list extended PGM-ACL
 10 permit 113 any any
vlan access-map VM 10
 match ip address PGM-ACL
 action drop
vlan access-map VM 20
 action forward
`,
		vmap: "VM",
		want: []wantOutcome{{v: denied, region: both,
			refs: []string{"4:vlan access-map VM 10", "6: action drop", "3: 10 permit 113 any any"},
			why:  "VLAN map VM sequence 10 (action drop), matched by ACL PGM-ACL sequence 10 (permit 113 any any)"}},
	}, {
		name: "deny entries of the match ACL are not matched by the entry",
		cfg: `ip access-list extended NOT-H1
 10 deny   113 host 10.1.1.11 any
 20 permit ip any any
vlan access-map VM 10
 match ip address NOT-H1
 action drop
vlan access-map VM 20
 action forward
`,
		vmap: "VM",
		want: []wantOutcome{
			{v: denied, region: []string{h2 + ">" + grp}, refs: []string{"5:vlan access-map VM 10", "7: action drop", "4: 20 permit ip any any"}, why: "sequence 10 (action drop)"},
			{v: permitted, region: []string{h1 + ">" + grp}, refs: []string{"8:vlan access-map VM 20", "9: action forward"}, why: "VLAN map VM sequence 20 (action forward)"},
		},
	}, {
		name: "an entry without a match clause takes everything",
		cfg: `vlan access-map VM 10
 action drop
`,
		vmap: "VM",
		want: []wantOutcome{{v: denied, region: both, refs: []string{"2:vlan access-map VM 10", "3: action drop"}, why: "VLAN map VM sequence 10 (action drop)"}},
	}, {
		name: "an entry without a match clause or action forwards everything",
		cfg: `ip access-list extended SMB
 10 permit tcp any any eq 445
vlan access-map VM 10
 match ip address SMB
 action drop
vlan access-map VM 20
`,
		vmap: "VM",
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"7:vlan access-map VM 20"}, why: "VLAN map VM sequence 20 (action forward)"}},
	}, {
		name: "a map matching on IP drops what no entry takes",
		cfg: `ip access-list extended SMB
 10 permit tcp any any eq 445
vlan access-map VM 10
 match ip address SMB
 action forward
`,
		vmap: "VM",
		want: []wantOutcome{{v: denied, region: both, refs: []string{"4:vlan access-map VM 10"}, why: "implicit drop at the end of VLAN map VM (no entry matches)", implicit: true}},
	}, {
		name: "a map with only a MAC match forwards IP",
		cfg: `mac access-list extended NO-IPX
 deny any any
vlan access-map VM 10
 match mac address NO-IPX
 action drop
`,
		vmap: "VM",
		want: nil,
	}, {
		name: "action forward for PGM passes it",
		cfg: `ip access-list extended PGM-ACL
 10 permit 113 10.1.1.0 0.0.0.255 239.0.0.0 0.255.255.255
vlan access-map VM 10
 match ip address PGM-ACL
 action forward
vlan access-map VM 20
 action drop
`,
		vmap: "VM",
		want: []wantOutcome{{v: permitted, region: both,
			refs: []string{"4:vlan access-map VM 10", "6: action forward", "3: 10 permit 113 10.1.1.0 0.0.0.255 239.0.0.0 0.255.255.255"},
			why:  "VLAN map VM sequence 10 (action forward), matched by ACL PGM-ACL sequence 10"}},
	}, {
		name: "entries are taken in sequence order, not config order",
		cfg: `vlan access-map VM 20
 action drop
vlan access-map VM 10
 action forward
`,
		vmap: "VM",
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"4:vlan access-map VM 10", "5: action forward"}, why: "sequence 10 (action forward)"}},
	}, {
		name: "an undefined match ACL is unproven; what no entry takes is dropped",
		cfg: `vlan access-map VM 10
 match ip address NOPE
 action forward
`,
		vmap: "VM",
		want: []wantOutcome{
			{v: unproven, region: both, refs: []string{"2:vlan access-map VM 10", "4: action forward"}, why: "ACL NOPE is applied but not defined"},
			{v: denied, region: both, refs: []string{"2:vlan access-map VM 10"}, why: "implicit drop at the end of VLAN map VM", implicit: true, doubt: []int{2}},
		},
	}, {
		name:     "NX-OS VACL as in the lab: drop SMB, forward the rest",
		platform: cisco.NXOS,
		cfg: `ip access-list SMB-BLOCK
  10 permit tcp any any eq 445
vlan access-map VM-PROTECT 10
  match ip address SMB-BLOCK
  action drop
vlan access-map VM-PROTECT 20
  action forward
vlan filter VM-PROTECT vlan-list 100
`,
		vmap: "VM-PROTECT",
		want: []wantOutcome{{v: permitted, region: both, refs: []string{"7:vlan access-map VM-PROTECT 20", "8:  action forward"}, why: "sequence 20 (action forward)"}},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.platform
			if p == "" {
				p = cisco.IOSXE
			}
			d := aclDevice(t, p, c.cfg)
			m := d.VLANMaps[c.vmap]
			if m == nil {
				t.Fatalf("VLAN map %s not parsed", c.vmap)
			}
			checkOutcomes(t, evalVLANMap(d, m, regionOf(t, both...)), c.want)
		})
	}
}

func TestRegionAlgebra(t *testing.T) {
	in := func(r region, src, dst string) bool {
		s, d := netip.MustParseAddr(src), netip.MustParseAddr(dst)
		for _, x := range r {
			if x.src.Contains(s) && x.dst.Contains(d) {
				return true
			}
		}
		return false
	}
	t.Run("minus a corner", func(t *testing.T) {
		// {h1,h2}×{g1,g2} − {h1}×{g1} = everything but (h1,g1).
		r := regionOf(t, hosts+">239.1.1.1,239.1.1.2").minus(regionOf(t, h1+">239.1.1.1")[0])
		for _, c := range []struct {
			src, dst string
			want     bool
		}{{h1, "239.1.1.1", false}, {h1, "239.1.1.2", true}, {h2, "239.1.1.1", true}, {h2, "239.1.1.2", true}, {"10.1.1.13", "239.1.1.1", false}} {
			if got := in(r, c.src, c.dst); got != c.want {
				t.Errorf("(%s, %s) in result = %v, want %v; result %s", c.src, c.dst, got, c.want, regionText(r))
			}
		}
	})
	t.Run("minus everything is empty", func(t *testing.T) {
		r := regionOf(t, hosts+">"+grp).minus(regionOf(t, anyA+">"+mcast)[0])
		if !r.empty() {
			t.Errorf("got %s, want empty", regionText(r))
		}
	})
	t.Run("minus disjoint leaves it whole", func(t *testing.T) {
		r := regionOf(t, hosts+">"+grp)
		got := r.minus(regionOf(t, "10.9.9.9>"+grp)[0])
		if !sameRegion(got, r) {
			t.Errorf("got %s, want %s", regionText(got), regionText(r))
		}
	})
	t.Run("intersect", func(t *testing.T) {
		got := regionOf(t, hosts+">"+mcast).intersect(regionOf(t, "10.1.1.12/30>239.0.0.0/8")[0])
		want := regionOf(t, h2+">239.0.0.0/8")
		if !sameRegion(got, want) {
			t.Errorf("got %s, want %s", regionText(got), regionText(want))
		}
		if e := regionOf(t, h1+">"+grp).intersect(regionOf(t, h2+">"+grp)[0]); !e.empty() {
			t.Errorf("disjoint sources: got %s, want empty", regionText(e))
		}
		if e := regionOf(t, h1+">"+grp).intersect(regionOf(t, h1+">239.1.1.2")[0]); !e.empty() {
			t.Errorf("disjoint destinations: got %s, want empty", regionText(e))
		}
	})
	t.Run("minusRegion of overlapping rects", func(t *testing.T) {
		r := regionOf(t, "10.1.1.0/24>"+mcast)
		got := r.minusRegion(regionOf(t, "10.1.1.0/25>"+mcast, "10.1.1.64/26,10.1.1.128/25>239.0.0.0/8"))
		want := regionOf(t, "10.1.1.128/25>224.0.0.0/5,232.0.0.0/6,236.0.0.0/7,238.0.0.0/8")
		if !sameRegion(got, want) {
			t.Errorf("got %s, want %s", regionText(got), regionText(want))
		}
	})
	t.Run("describe", func(t *testing.T) {
		for _, c := range []struct {
			r        region
			src, dst string
		}{
			{regionOf(t, anyA+">"+grp), "any address", "239.1.1.1"},
			{regionOf(t, h1+">"+mcast, h2+">"+grp), "10.1.1.11, 10.1.1.12", "224.0.0.0/4"},
			{regionOf(t, "10.1.1.0/24>"+grp), "10.1.1.0/24", "239.1.1.1"},
			{regionOf(t, "10.1.1.1,10.1.1.3,10.1.1.5,10.1.1.7>224.0.0.0/5,239.0.0.0/8"),
				"10.1.1.1, 10.1.1.3, 10.1.1.5, …", "224.0.0.0/5, 239.0.0.0/8"},
			// Most of the universe reads better as what it lacks.
			{regionOf(t, anyA+"-10.1.1.0/24>"+mcast+"-239.0.0.0/8"),
				"any address except 10.1.1.0/24", "224.0.0.0/4 except 239.0.0.0/8"},
		} {
			if got := c.r.sources(); got != c.src {
				t.Errorf("sources of %s = %q, want %q", regionText(c.r), got, c.src)
			}
			if got := c.r.destinations(); got != c.dst {
				t.Errorf("destinations of %s = %q, want %q", regionText(c.r), got, c.dst)
			}
		}
	})
}

func TestRegionFlows(t *testing.T) {
	all := regionOf(t, anyA+">"+mcast)
	cut := regionOf(t, "10.10.100.0/24>239.0.0.0/8")[0]
	for _, c := range []struct {
		name string
		r    region
		want string
	}{
		{"one rect", regionOf(t, h1+">"+grp), "from 10.1.1.11 to 239.1.1.1"},
		{"rects sharing the destination merge", regionOf(t, h1+">"+grp, h2+">"+grp), "from 10.1.1.11, 10.1.1.12 to 239.1.1.1"},
		{"rects sharing the source merge", regionOf(t, h1+">"+grp, h1+">239.1.1.2"), "from 10.1.1.11 to 239.1.1.1, 239.1.1.2"},
		{"a rect inside another is dropped", regionOf(t, hosts+">"+grp, h1+">"+grp), "from 10.1.1.11, 10.1.1.12 to 239.1.1.1"},
		// What is left of any×224/4 after a permit for the cluster subnet
		// to 239/8 is not "any address to 224.0.0.0/4".
		{"an L-shaped region reads as two flows", all.minus(cut),
			"from any address except 10.10.100.0/24 to 224.0.0.0/4, and from 10.10.100.0/24 to 224.0.0.0/4 except 239.0.0.0/8"},
		{"more than three flows are cut short",
			regionOf(t, "10.0.0.1>239.0.0.1", "10.0.0.2>239.0.0.2", "10.0.0.3>239.0.0.3", "10.0.0.4>239.0.0.4"),
			"from 10.0.0.1 to 239.0.0.1, and from 10.0.0.2 to 239.0.0.2, and from 10.0.0.3 to 239.0.0.3, and …"},
	} {
		if got := c.r.flows(); got != c.want {
			t.Errorf("%s: flows() = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestACEText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{" 70 deny   ip any any log", "deny ip any any log"},
		{"  10 permit 113 10.10.100.0/24 239.192.0.0/16", "permit 113 10.10.100.0/24 239.192.0.0/16"},
		{"access-list 10 permit 10.1.1.12 0.0.0.0", "access-list 10 permit 10.1.1.12 0.0.0.0"},
		{" permit ip any any", "permit ip any any"},
	} {
		if got := aceText(model.Ref{Text: c.in}); got != c.want {
			t.Errorf("aceText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
