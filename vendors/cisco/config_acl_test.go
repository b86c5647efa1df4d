package cisco

import (
	"net/netip"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

var (
	anyAddr  = model.AddrMatch{Any: true}
	ipProto  = model.Proto{Any: true}
	pgmProto = model.Proto{Num: 113}
)

func host(a string) model.AddrMatch {
	return model.AddrMatch{Prefix: netip.PrefixFrom(netip.MustParseAddr(a), 32)}
}

func netw(p string) model.AddrMatch { return model.AddrMatch{Prefix: pfx(p)} }

func group(name string) model.AddrMatch { return model.AddrMatch{Group: name} }

// ace builds a parsed entry.
func aceOf(seq int, a model.Action, p model.Proto, src, dst model.AddrMatch, line int, text string) *model.ACE {
	return &model.ACE{Seq: seq, Action: a, Proto: p, Src: src, Dst: dst, Ref: cref(line, text)}
}

// aclEntries returns the entries of an ACL, to compare without its header.
func aclEntries(name string) func(*model.Device) any {
	return func(d *model.Device) any { return d.ACLs[name].Entries }
}

func TestParseConfigACLs(t *testing.T) { runCfgCases(t, aclCases()) }

func aclCases() []cfgCase {
	ios := cfg(
		"hostname sw1",
		"ip access-list extended EDGE-IN",
		" 10 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255",
		" 20 deny   113 any any",
		" 30 permit ip any any",
		"ip access-list extended NOSEQ",
		" remark PGM for EFT",
		" permit 113 host 10.10.100.11 any",
		" deny ip any any log",
		"ip access-list standard MGMT",
		" 10 permit 10.0.0.0 0.0.0.255",
		" 20 permit 10.1.1.1",
		" deny   any log",
		"ip access-list extended MIX",
		" 20 deny 113 any any",
		" 10 permit 113 host 10.10.100.11 any",
		" permit ip any any",
		" 15 remark between",
		" 15 permit 113 any host 239.192.10.10",
		"interface GigabitEthernet1/0/1",
		"end",
	)
	numbered := cfg(
		"hostname sw1",
		"access-list 101 remark EFT cluster",
		"access-list 101 permit 113 10.10.100.0 0.0.0.255 any",
		"access-list 101 deny   113 any any",
		"access-list 101 permit ip any any",
		"access-list 10 permit host 1.2.3.4",
		"access-list 10 permit 1.2.3.5",
		"access-list 10 permit 10.1.0.0 0.0.255.255 log",
		"access-list 10 deny   any",
		"access-list 1300 permit 10.2.0.0 0.0.255.255",
		"access-list 2000 permit 113 any any",
		"access-list compiled",
		"interface GigabitEthernet1/0/1",
		"end",
	)
	nxos := cfg(
		"!Command: show running-config",
		"feature interface-vlan",
		"ip access-list HOST-IN",
		"  statistics per-entry",
		"  5 remark PGM between the cluster nodes",
		"  10 permit 113 10.10.100.0/24 239.192.0.0/16",
		"  20 permit ip 10.10.100.5/24 10.0.0.0/8",
		"  25 permit igmp any any",
		"  30 permit udp any any eq bootps",
		"  40 deny ip any any log",
		"  50 permit 113 addrgroup CLUSTER any",
		"  60 permit 113 10.10.100.0 0.0.0.255 host 239.192.10.10",
		"ip access-list match-local-traffic",
		"interface Ethernet1/1",
	)
	return []cfgCase{
		{name: "named extended with sequence numbers", in: ios, get: getACL("EDGE-IN"),
			want: &model.ACL{Name: "EDGE-IN", Ref: cref(2, "ip access-list extended EDGE-IN"), Entries: []*model.ACE{
				aceOf(10, model.Permit, pgmProto, netw("10.10.100.0/24"), netw("239.192.0.0/16"), 3, " 10 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255"),
				aceOf(20, model.Deny, pgmProto, anyAddr, anyAddr, 4, " 20 deny   113 any any"),
				aceOf(30, model.Permit, ipProto, anyAddr, anyAddr, 5, " 30 permit ip any any"),
			}}},
		{name: "named extended without sequence numbers", in: ios, get: getACL("NOSEQ"),
			want: &model.ACL{Name: "NOSEQ", Ref: cref(6, "ip access-list extended NOSEQ"), Entries: []*model.ACE{
				aceOf(10, model.Permit, pgmProto, host("10.10.100.11"), anyAddr, 8, " permit 113 host 10.10.100.11 any"),
				aceOf(20, model.Deny, ipProto, anyAddr, anyAddr, 9, " deny ip any any log"),
			}}},
		{name: "named standard", in: ios, get: getACL("MGMT"),
			want: &model.ACL{Name: "MGMT", Standard: true, Ref: cref(10, "ip access-list standard MGMT"), Entries: []*model.ACE{
				aceOf(10, model.Permit, ipProto, netw("10.0.0.0/24"), anyAddr, 11, " 10 permit 10.0.0.0 0.0.0.255"),
				aceOf(20, model.Permit, ipProto, host("10.1.1.1"), anyAddr, 12, " 20 permit 10.1.1.1"),
				aceOf(30, model.Deny, ipProto, anyAddr, anyAddr, 13, " deny   any log"),
			}}},
		{
			// The switch evaluates by sequence number; a hand-edited file
			// may list them in another order.
			name: "entries in sequence order", in: ios, get: aclEntries("MIX"),
			want: []*model.ACE{
				aceOf(10, model.Permit, pgmProto, host("10.10.100.11"), anyAddr, 16, " 10 permit 113 host 10.10.100.11 any"),
				aceOf(15, model.Permit, pgmProto, anyAddr, host("239.192.10.10"), 19, " 15 permit 113 any host 239.192.10.10"),
				aceOf(20, model.Deny, pgmProto, anyAddr, anyAddr, 15, " 20 deny 113 any any"),
				aceOf(30, model.Permit, ipProto, anyAddr, anyAddr, 17, " permit ip any any"),
			},
		},
		{name: "numbered extended", in: numbered, get: getACL("101"),
			want: &model.ACL{Name: "101", Ref: cref(2, "access-list 101 remark EFT cluster"), Entries: []*model.ACE{
				aceOf(10, model.Permit, pgmProto, netw("10.10.100.0/24"), anyAddr, 3, "access-list 101 permit 113 10.10.100.0 0.0.0.255 any"),
				aceOf(20, model.Deny, pgmProto, anyAddr, anyAddr, 4, "access-list 101 deny   113 any any"),
				aceOf(30, model.Permit, ipProto, anyAddr, anyAddr, 5, "access-list 101 permit ip any any"),
			}}},
		{name: "numbered standard", in: numbered, get: getACL("10"),
			want: &model.ACL{Name: "10", Standard: true, Ref: cref(6, "access-list 10 permit host 1.2.3.4"), Entries: []*model.ACE{
				aceOf(10, model.Permit, ipProto, host("1.2.3.4"), anyAddr, 6, "access-list 10 permit host 1.2.3.4"),
				aceOf(20, model.Permit, ipProto, host("1.2.3.5"), anyAddr, 7, "access-list 10 permit 1.2.3.5"),
				aceOf(30, model.Permit, ipProto, netw("10.1.0.0/16"), anyAddr, 8, "access-list 10 permit 10.1.0.0 0.0.255.255 log"),
				aceOf(40, model.Deny, ipProto, anyAddr, anyAddr, 9, "access-list 10 deny   any"),
			}}},
		{name: "numbered expanded standard range", in: numbered, get: getACL("1300"),
			want: &model.ACL{Name: "1300", Standard: true, Ref: cref(10, "access-list 1300 permit 10.2.0.0 0.0.255.255"), Entries: []*model.ACE{
				aceOf(10, model.Permit, ipProto, netw("10.2.0.0/16"), anyAddr, 10, "access-list 1300 permit 10.2.0.0 0.0.255.255"),
			}}},
		{name: "numbered expanded extended range", in: numbered, get: getACL("2000"),
			want: &model.ACL{Name: "2000", Ref: cref(11, "access-list 2000 permit 113 any any"), Entries: []*model.ACE{
				aceOf(10, model.Permit, pgmProto, anyAddr, anyAddr, 11, "access-list 2000 permit 113 any any"),
			}}},
		{name: "numbered: other access-list commands", in: numbered,
			get:  func(d *model.Device) any { return len(d.ACLs) },
			want: 4},
		{name: "nxos", platform: NXOS, in: nxos, get: getACL("HOST-IN"),
			want: &model.ACL{Name: "HOST-IN", Ref: cref(3, "ip access-list HOST-IN"), Entries: []*model.ACE{
				aceOf(10, model.Permit, pgmProto, netw("10.10.100.0/24"), netw("239.192.0.0/16"), 6, "  10 permit 113 10.10.100.0/24 239.192.0.0/16"),
				aceOf(20, model.Permit, ipProto, netw("10.10.100.0/24"), netw("10.0.0.0/8"), 7, "  20 permit ip 10.10.100.5/24 10.0.0.0/8"),
				aceOf(25, model.Permit, model.Proto{Num: 2}, anyAddr, anyAddr, 8, "  25 permit igmp any any"),
				aceOf(30, model.Permit, model.Proto{Num: 17}, anyAddr, anyAddr, 9, "  30 permit udp any any eq bootps"),
				aceOf(40, model.Deny, ipProto, anyAddr, anyAddr, 10, "  40 deny ip any any log"),
				aceOf(50, model.Permit, pgmProto, group("CLUSTER"), anyAddr, 11, "  50 permit 113 addrgroup CLUSTER any"),
				aceOf(60, model.Permit, pgmProto, netw("10.10.100.0/24"), host("239.192.10.10"), 12, "  60 permit 113 10.10.100.0 0.0.0.255 host 239.192.10.10"),
			}}},
		{name: "nxos other ip access-list commands", platform: NXOS, in: nxos,
			get:  func(d *model.Device) any { return len(d.ACLs) },
			want: 1},
	}
}

func TestParseConfigACEProtocols(t *testing.T) { runCfgCases(t, aceProtocolCases()) }

func aceProtocolCases() []cfgCase {
	in := cfg(
		"hostname sw1",
		"ip access-list extended PROTO",
		" 10 permit tcp any any",
		" 20 permit udp any any",
		" 30 permit icmp any any",
		" 40 permit igmp any any",
		" 50 permit pim any any",
		" 60 deny 113 any any",
		" 70 permit gre any any",
		" 80 permit ospf any any",
		" 90 permit pgm any any",
		" 100 permit 256 any any",
		" 110 dynamic TESTLIST timeout 10 permit ip any any",
		" 120 evaluate REFLECTED",
		" 130 permit 0 any any",
		" 140 permit esp any any",
		" 150",
		"interface GigabitEthernet1/0/1",
		"end",
	)
	unparsed := func(e *model.ACE, why string) *model.ACE {
		e.Unparsed = why
		return e
	}
	return []cfgCase{{name: "keywords and numbers", in: in, get: aclEntries("PROTO"), want: []*model.ACE{
		aceOf(10, model.Permit, model.Proto{Num: 6}, anyAddr, anyAddr, 3, " 10 permit tcp any any"),
		aceOf(20, model.Permit, model.Proto{Num: 17}, anyAddr, anyAddr, 4, " 20 permit udp any any"),
		aceOf(30, model.Permit, model.Proto{Num: 1}, anyAddr, anyAddr, 5, " 30 permit icmp any any"),
		aceOf(40, model.Permit, model.Proto{Num: 2}, anyAddr, anyAddr, 6, " 40 permit igmp any any"),
		// PIM is 103; PGM is 113 and has no keyword.
		aceOf(50, model.Permit, model.Proto{Num: 103}, anyAddr, anyAddr, 7, " 50 permit pim any any"),
		aceOf(60, model.Deny, pgmProto, anyAddr, anyAddr, 8, " 60 deny 113 any any"),
		aceOf(70, model.Permit, model.Proto{Num: 47}, anyAddr, anyAddr, 9, " 70 permit gre any any"),
		aceOf(80, model.Permit, model.Proto{Num: 89}, anyAddr, anyAddr, 10, " 80 permit ospf any any"),
		unparsed(aceOf(90, model.Permit, model.Proto{}, model.AddrMatch{}, model.AddrMatch{}, 11, " 90 permit pgm any any"), `unknown protocol "pgm"`),
		unparsed(aceOf(100, model.Permit, model.Proto{}, model.AddrMatch{}, model.AddrMatch{}, 12, " 100 permit 256 any any"), "protocol 256 is not 0-255"),
		unparsed(aceOf(110, 0, model.Proto{}, model.AddrMatch{}, model.AddrMatch{}, 13, " 110 dynamic TESTLIST timeout 10 permit ip any any"), `unknown ACL statement "dynamic"`),
		unparsed(aceOf(120, 0, model.Proto{}, model.AddrMatch{}, model.AddrMatch{}, 14, " 120 evaluate REFLECTED"), `unknown ACL statement "evaluate"`),
		aceOf(130, model.Permit, model.Proto{Num: 0}, anyAddr, anyAddr, 15, " 130 permit 0 any any"),
		aceOf(140, model.Permit, model.Proto{Num: 50}, anyAddr, anyAddr, 16, " 140 permit esp any any"),
		unparsed(aceOf(150, 0, model.Proto{}, model.AddrMatch{}, model.AddrMatch{}, 17, " 150"), "sequence number without an entry"),
	}}}
}

func TestParseConfigACEAddresses(t *testing.T) { runCfgCases(t, aceAddressCases()) }

func aceAddressCases() []cfgCase {
	in := cfg(
		"hostname sw1",
		"ip access-list extended ADDR",
		" 10 permit 113 host 10.10.100.11 host 239.192.10.10",
		" 20 permit 113 10.10.100.0 0.0.0.255 any",
		" 30 permit 113 10.10.0.0 0.0.255.255 224.0.0.0 15.255.255.255",
		" 40 permit 113 10.10.100.0 0.0.255.0 any",
		" 50 permit 113 10.10.100.5 0.0.0.255 any",
		" 60 permit 113 10.10.100.0 any",
		" 70 permit 113 any 0.0.0.0 255.255.255.255",
		" 80 permit 113 any 10.10.100.11 0.0.0.0",
		" 90 permit 113 any host 10.10.100",
		" 100 permit 113 any",
		" 110 permit 113 object-group CLUSTER object-group GROUPS",
		" 120 permit 113 any object-group",
		" 130 permit 113 any 10.0.0.0/8",
		" 140 permit 113 any 0.0.0.0 0.0.0.254",
		"interface GigabitEthernet1/0/1",
		"end",
	)
	bad := func(seq, line int, text, why string) *model.ACE {
		e := aceOf(seq, model.Permit, pgmProto, model.AddrMatch{}, model.AddrMatch{}, line, text)
		e.Unparsed = why
		return e
	}
	badDst := func(seq, line int, text, why string) *model.ACE {
		e := bad(seq, line, text, why)
		e.Src = anyAddr
		return e
	}
	return []cfgCase{{name: "forms", in: in, get: aclEntries("ADDR"), want: []*model.ACE{
		aceOf(10, model.Permit, pgmProto, host("10.10.100.11"), host("239.192.10.10"), 3, " 10 permit 113 host 10.10.100.11 host 239.192.10.10"),
		aceOf(20, model.Permit, pgmProto, netw("10.10.100.0/24"), anyAddr, 4, " 20 permit 113 10.10.100.0 0.0.0.255 any"),
		aceOf(30, model.Permit, pgmProto, netw("10.10.0.0/16"), netw("224.0.0.0/4"), 5, " 30 permit 113 10.10.0.0 0.0.255.255 224.0.0.0 15.255.255.255"),
		bad(40, 6, " 40 permit 113 10.10.100.0 0.0.255.0 any", "source: non-contiguous wildcard 0.0.255.0 is not supported"),
		aceOf(50, model.Permit, pgmProto, netw("10.10.100.0/24"), anyAddr, 7, " 50 permit 113 10.10.100.5 0.0.0.255 any"),
		bad(60, 8, " 60 permit 113 10.10.100.0 any", "source: address 10.10.100.0 without a wildcard mask"),
		aceOf(70, model.Permit, pgmProto, anyAddr, netw("0.0.0.0/0"), 9, " 70 permit 113 any 0.0.0.0 255.255.255.255"),
		aceOf(80, model.Permit, pgmProto, anyAddr, host("10.10.100.11"), 10, " 80 permit 113 any 10.10.100.11 0.0.0.0"),
		badDst(90, 11, " 90 permit 113 any host 10.10.100", `destination: host "10.10.100" is not an IPv4 address`),
		badDst(100, 12, " 100 permit 113 any", "destination: missing address"),
		aceOf(110, model.Permit, pgmProto, group("CLUSTER"), group("GROUPS"), 13, " 110 permit 113 object-group CLUSTER object-group GROUPS"),
		badDst(120, 14, " 120 permit 113 any object-group", "destination: object-group without a name"),
		aceOf(130, model.Permit, pgmProto, anyAddr, netw("10.0.0.0/8"), 15, " 130 permit 113 any 10.0.0.0/8"),
		badDst(140, 16, " 140 permit 113 any 0.0.0.0 0.0.0.254", "destination: non-contiguous wildcard 0.0.0.254 is not supported"),
	}}}
}

// TestParseConfigACEPorts: port matches must be skipped to find the
// destination, however many words they take.
func TestParseConfigACEPorts(t *testing.T) { runCfgCases(t, acePortCases()) }

func acePortCases() []cfgCase {
	ios := cfg(
		"hostname sw1",
		"ip access-list extended PORTS",
		" 10 permit tcp any eq 443 22 host 10.0.0.1 eq 80",
		" 20 permit tcp 10.0.0.0 0.0.0.255 range 1000 2000 10.1.0.0 0.0.255.255",
		" 30 permit udp any gt 1023 host 239.1.1.1",
		" 40 permit tcp any eq www 10.2.0.0 0.0.0.255 established",
		" 50 permit tcp host 10.0.0.5 any eq www",
		" 60 permit udp any lt 1024 any",
		" 70 permit tcp any neq telnet object-group SERVERS",
		" 80 permit tcp any eq",
		" 90 permit udp any range 1000",
		" 100 permit udp any eq bootps bootpc any",
		" 110 permit tcp any any eq 80 dscp ef",
		"interface GigabitEthernet1/0/1",
		"end",
	)
	nxos := cfg(
		"!Command: show running-config",
		"ip access-list PORTS",
		"  10 permit tcp 10.0.0.0/24 eq 80 10.1.0.0/16",
		"  20 permit udp addrgroup HOSTS portgroup SVC addrgroup GROUPS",
		"  30 permit tcp any range 1024 65535 any eq 443",
		"interface Ethernet1/1",
	)
	tcp, udp := model.Proto{Num: 6}, model.Proto{Num: 17}
	return []cfgCase{
		{name: "ios", in: ios, get: aclEntries("PORTS"), want: []*model.ACE{
			aceOf(10, model.Permit, tcp, anyAddr, host("10.0.0.1"), 3, " 10 permit tcp any eq 443 22 host 10.0.0.1 eq 80"),
			aceOf(20, model.Permit, tcp, netw("10.0.0.0/24"), netw("10.1.0.0/16"), 4, " 20 permit tcp 10.0.0.0 0.0.0.255 range 1000 2000 10.1.0.0 0.0.255.255"),
			aceOf(30, model.Permit, udp, anyAddr, host("239.1.1.1"), 5, " 30 permit udp any gt 1023 host 239.1.1.1"),
			aceOf(40, model.Permit, tcp, anyAddr, netw("10.2.0.0/24"), 6, " 40 permit tcp any eq www 10.2.0.0 0.0.0.255 established"),
			aceOf(50, model.Permit, tcp, host("10.0.0.5"), anyAddr, 7, " 50 permit tcp host 10.0.0.5 any eq www"),
			aceOf(60, model.Permit, udp, anyAddr, anyAddr, 8, " 60 permit udp any lt 1024 any"),
			aceOf(70, model.Permit, tcp, anyAddr, group("SERVERS"), 9, " 70 permit tcp any neq telnet object-group SERVERS"),
			{Seq: 80, Action: model.Permit, Proto: tcp, Src: anyAddr, Unparsed: "eq without a port", Ref: cref(10, " 80 permit tcp any eq")},
			{Seq: 90, Action: model.Permit, Proto: udp, Src: anyAddr, Unparsed: "port match cut short", Ref: cref(11, " 90 permit udp any range 1000")},
			aceOf(100, model.Permit, udp, anyAddr, anyAddr, 12, " 100 permit udp any eq bootps bootpc any"),
			// Options of a TCP entry cannot change whether it matches PGM.
			aceOf(110, model.Permit, tcp, anyAddr, anyAddr, 13, " 110 permit tcp any any eq 80 dscp ef"),
		}},
		{name: "nxos", platform: NXOS, in: nxos, get: aclEntries("PORTS"), want: []*model.ACE{
			aceOf(10, model.Permit, tcp, netw("10.0.0.0/24"), netw("10.1.0.0/16"), 3, "  10 permit tcp 10.0.0.0/24 eq 80 10.1.0.0/16"),
			aceOf(20, model.Permit, udp, group("HOSTS"), group("GROUPS"), 4, "  20 permit udp addrgroup HOSTS portgroup SVC addrgroup GROUPS"),
			aceOf(30, model.Permit, tcp, anyAddr, anyAddr, 5, "  30 permit tcp any range 1024 65535 any eq 443"),
		}},
	}
}

// TestParseConfigACEOptions: on an entry that can match PGM, an option
// that narrows the match makes it conditional and one not understood
// makes it unparsed; logging changes nothing.
func TestParseConfigACEOptions(t *testing.T) { runCfgCases(t, aceOptionCases()) }

func aceOptionCases() []cfgCase {
	in := cfg(
		"hostname sw1",
		"ip access-list extended OPTS",
		" 10 permit 113 any any log",
		" 20 permit 113 any any log-input",
		" 30 permit 113 any any dscp ef",
		" 40 permit ip any any precedence 5",
		" 50 permit 113 any any ttl eq 1",
		" 60 permit ip any any time-range WORK",
		" 70 deny 113 any any fragments",
		" 80 permit 113 any any reflect FOO",
		" 90 permit 113 any any log MYCOOKIE",
		" 100 permit 113 any any ttl range 1 5",
		" 110 permit 113 any any dscp",
		" 120 permit 113 any any fragments log",
		" 130 permit 113 any any ttl",
		" 140 permit 113 any any ttl range 1",
		" 150 permit object-group SVC any any tos 4",
		"interface GigabitEthernet1/0/1",
		"end",
	)
	opt := func(e *model.ACE, f func(*model.ACE)) *model.ACE {
		f(e)
		return e
	}
	pgm := func(seq int, a model.Action, line int, text string) *model.ACE {
		return aceOf(seq, a, pgmProto, anyAddr, anyAddr, line, text)
	}
	return []cfgCase{{name: "ios", in: in, get: aclEntries("OPTS"), want: []*model.ACE{
		pgm(10, model.Permit, 3, " 10 permit 113 any any log"),
		pgm(20, model.Permit, 4, " 20 permit 113 any any log-input"),
		opt(pgm(30, model.Permit, 5, " 30 permit 113 any any dscp ef"), func(e *model.ACE) { e.Condition = "dscp ef" }),
		opt(aceOf(40, model.Permit, ipProto, anyAddr, anyAddr, 6, " 40 permit ip any any precedence 5"), func(e *model.ACE) { e.Condition = "precedence 5" }),
		opt(pgm(50, model.Permit, 7, " 50 permit 113 any any ttl eq 1"), func(e *model.ACE) { e.Condition = "ttl eq 1" }),
		opt(aceOf(60, model.Permit, ipProto, anyAddr, anyAddr, 8, " 60 permit ip any any time-range WORK"), func(e *model.ACE) { e.Condition = "time-range WORK" }),
		opt(pgm(70, model.Deny, 9, " 70 deny 113 any any fragments"), func(e *model.ACE) { e.Fragments = true }),
		opt(pgm(80, model.Permit, 10, " 80 permit 113 any any reflect FOO"), func(e *model.ACE) { e.Unparsed = `option "reflect" is not understood` }),
		pgm(90, model.Permit, 11, " 90 permit 113 any any log MYCOOKIE"),
		opt(pgm(100, model.Permit, 12, " 100 permit 113 any any ttl range 1 5"), func(e *model.ACE) { e.Condition = "ttl range 1 5" }),
		opt(pgm(110, model.Permit, 13, " 110 permit 113 any any dscp"), func(e *model.ACE) { e.Unparsed = "dscp without a value" }),
		opt(pgm(120, model.Permit, 14, " 120 permit 113 any any fragments log"), func(e *model.ACE) { e.Fragments = true }),
		opt(pgm(130, model.Permit, 15, " 130 permit 113 any any ttl"), func(e *model.ACE) { e.Unparsed = "ttl without a comparison" }),
		opt(pgm(140, model.Permit, 16, " 140 permit 113 any any ttl range 1"), func(e *model.ACE) { e.Unparsed = "ttl range cut short" }),
		opt(aceOf(150, model.Permit, model.Proto{Group: "SVC"}, anyAddr, anyAddr, 17, " 150 permit object-group SVC any any tos 4"), func(e *model.ACE) { e.Condition = "tos 4" }),
	}}}
}

func TestParseConfigObjectGroups(t *testing.T) { runCfgCases(t, objectGroupCases()) }

func objectGroupCases() []cfgCase {
	ios := cfg(
		"hostname sw1",
		"object-group network CLUSTER",
		" description EFT nodes",
		" host 10.10.100.11",
		" 10.10.100.0 255.255.255.0",
		" range 10.10.100.20 10.10.100.23",
		" group-object MORE",
		" 10.10.200.0 0.0.0.255",
		" host 10.10.100",
		" any",
		"object-group network MORE",
		" host 10.10.100.12",
		"object-group service PGM-SVC",
		" description PGM and friends",
		" 113",
		" ip",
		" tcp eq 80",
		" tcp-udp eq 53",
		" pgm",
		" group-object OTHER",
		" 300",
		" pim",
		"ip access-list extended OG",
		" 10 permit object-group PGM-SVC object-group CLUSTER any",
		" 20 deny object-group PGM-SVC any object-group CLUSTER log",
		"interface GigabitEthernet1/0/1",
		"end",
	)
	nxos := cfg(
		"!Command: show running-config",
		"object-group ip address CLUSTER",
		"  10 host 10.10.100.11",
		"  20 10.10.100.0 0.0.0.255",
		"  30 10.10.101.0/24",
		"  40 10.10.102.0 0.0.255.0",
		"  50 10.10.103.7/24",
		"object-group ip port WEB",
		"  10 eq 80",
		"ip access-list HOST-IN",
		"  10 permit 113 addrgroup CLUSTER addrgroup CLUSTER",
		"interface Ethernet1/1",
	)
	return []cfgCase{
		{name: "ios network", in: ios, get: func(d *model.Device) any { return d.AddressGroups["CLUSTER"] },
			want: &model.AddressGroup{
				Name: "CLUSTER", Ref: cref(2, "object-group network CLUSTER"),
				Prefixes: []netip.Prefix{pfx("10.10.100.11/32"), pfx("10.10.100.0/24"), pfx("10.10.100.20/30"), pfx("0.0.0.0/0")},
				Groups:   []string{"MORE"},
				// IOS network groups take a subnet mask, not a wildcard.
				Unparsed: []model.Ref{cref(8, " 10.10.200.0 0.0.0.255"), cref(9, " host 10.10.100")},
			}},
		{name: "ios nested", in: ios, get: func(d *model.Device) any { return d.AddressGroups["MORE"] },
			want: &model.AddressGroup{Name: "MORE", Ref: cref(11, "object-group network MORE"), Prefixes: []netip.Prefix{pfx("10.10.100.12/32")}}},
		{name: "ios service", in: ios, get: func(d *model.Device) any { return d.ServiceGroups["PGM-SVC"] },
			want: &model.ServiceGroup{
				Name: "PGM-SVC", Ref: cref(13, "object-group service PGM-SVC"),
				Protos: []model.ServiceEntry{
					{Num: 113, Ref: cref(15, " 113")},
					{Any: true, Ref: cref(16, " ip")},
					{Num: 6, Ref: cref(17, " tcp eq 80")},
					{Num: 6, Ref: cref(18, " tcp-udp eq 53")},
					{Num: 17, Ref: cref(18, " tcp-udp eq 53")},
					{Num: 103, Ref: cref(22, " pim")},
				},
				Groups:   []string{"OTHER"},
				Unparsed: []model.Ref{cref(19, " pgm"), cref(21, " 300")},
			}},
		{name: "ios ace", in: ios, get: aclEntries("OG"), want: []*model.ACE{
			aceOf(10, model.Permit, model.Proto{Group: "PGM-SVC"}, group("CLUSTER"), anyAddr, 24, " 10 permit object-group PGM-SVC object-group CLUSTER any"),
			aceOf(20, model.Deny, model.Proto{Group: "PGM-SVC"}, anyAddr, group("CLUSTER"), 25, " 20 deny object-group PGM-SVC any object-group CLUSTER log"),
		}},
		{name: "nxos ip address", platform: NXOS, in: nxos, get: func(d *model.Device) any { return d.AddressGroups },
			want: map[string]*model.AddressGroup{"CLUSTER": {
				Name: "CLUSTER", Ref: cref(2, "object-group ip address CLUSTER"),
				Prefixes: []netip.Prefix{pfx("10.10.100.11/32"), pfx("10.10.100.0/24"), pfx("10.10.101.0/24"), pfx("10.10.103.0/24")},
				Unparsed: []model.Ref{cref(6, "  40 10.10.102.0 0.0.255.0")},
			}}},
		{name: "nxos ace", platform: NXOS, in: nxos, get: aclEntries("HOST-IN"), want: []*model.ACE{
			aceOf(10, model.Permit, pgmProto, group("CLUSTER"), group("CLUSTER"), 11, "  10 permit 113 addrgroup CLUSTER addrgroup CLUSTER"),
		}},
	}
}
