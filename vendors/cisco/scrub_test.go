package cisco_test

import (
	"bytes"
	"flag"
	"github.com/mcaudit/mcaudit/vendors/cisco"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// updating says whether -update was given: the flag is the package's
// own tests' (merge_test.go), shared by this external test package.
func updating() bool { return flag.Lookup("update").Value.String() == "true" }

// lines joins lines the way a saved config ends them.
func lines(l ...string) string { return strings.Join(l, "\n") + "\n" }

// scrubCase is one input, its exact scrubbed form, how many secrets it
// holds and the secret values, none of which may survive.
type scrubCase struct {
	name    string
	in      string
	want    string
	n       int
	secrets []string
}

// one is a single-line case with one secret.
func one(name, in, want, secret string) scrubCase {
	return scrubCase{name: name, in: in + "\n", want: want + "\n", n: 1, secrets: []string{secret}}
}

func iosCases() []scrubCase {
	return []scrubCase{
		// enable
		one("enable secret 9", "enable secret 9 $9$S3cr3t-enable-9", "enable secret 9 <scrubbed>", "S3cr3t-enable-9"),
		one("enable secret 8", "enable secret 8 $8$S3cr3t-enable-8", "enable secret 8 <scrubbed>", "S3cr3t-enable-8"),
		one("enable secret 5", "enable secret 5 $1$S3cr3t-enable-5", "enable secret 5 <scrubbed>", "S3cr3t-enable-5"),
		one("enable secret 0", "enable secret 0 S3cr3t-enable-0", "enable secret 0 <scrubbed>", "S3cr3t-enable-0"),
		one("enable secret no type", "enable secret S3cr3t-enable-plain", "enable secret <scrubbed>", "S3cr3t-enable-plain"),
		one("enable secret level", "enable secret level 15 5 $1$S3cr3t-enable-level", "enable secret level 15 5 <scrubbed>", "S3cr3t-enable-level"),
		one("enable algorithm-type", "enable algorithm-type scrypt secret S3cr3t-enable-scrypt", "enable algorithm-type scrypt secret <scrubbed>", "S3cr3t-enable-scrypt"),
		one("enable password 7", "enable password 7 S3cr3t-enable-pw7", "enable password 7 <scrubbed>", "S3cr3t-enable-pw7"),
		one("enable password 0", "enable password 0 S3cr3t-enable-pw0", "enable password 0 <scrubbed>", "S3cr3t-enable-pw0"),
		one("enable password no type", "enable password S3cr3t-enable-pw", "enable password <scrubbed>", "S3cr3t-enable-pw"),
		one("enable password that is a digit", "enable password 7", "enable password <scrubbed>", "7"),
		{name: "enable password with blanks", in: "enable password 0 S3cr3t with  blanks\n", want: "enable password 0 <scrubbed>\n", n: 1,
			secrets: []string{"S3cr3t", "with", "blanks"}},

		// username
		one("username secret 9", "username netadmin privilege 15 secret 9 $9$S3cr3t-user-9", "username netadmin privilege 15 secret 9 <scrubbed>", "S3cr3t-user-9"),
		one("username secret 5", "username ops secret 5 $1$S3cr3t-user-5", "username ops secret 5 <scrubbed>", "S3cr3t-user-5"),
		one("username secret 8", "username ops secret 8 $8$S3cr3t-user-8", "username ops secret 8 <scrubbed>", "S3cr3t-user-8"),
		one("username secret 0", "username ops secret 0 S3cr3t-user-0", "username ops secret 0 <scrubbed>", "S3cr3t-user-0"),
		one("username password 7", "username ops password 7 S3cr3t-user-pw7", "username ops password 7 <scrubbed>", "S3cr3t-user-pw7"),
		one("username password 0", "username ops privilege 1 password 0 S3cr3t-user-pw0", "username ops privilege 1 password 0 <scrubbed>", "S3cr3t-user-pw0"),
		one("username algorithm-type scrypt", "username ops algorithm-type scrypt secret S3cr3t-user-scrypt", "username ops algorithm-type scrypt secret <scrubbed>", "S3cr3t-user-scrypt"),
		one("username named like a keyword", "username password secret 9 $9$S3cr3t-user-named", "username password secret 9 <scrubbed>", "S3cr3t-user-named"),
		{name: "username password with blanks", in: "username ops password S3cr3t user phrase\n", want: "username ops password <scrubbed>\n", n: 1,
			secrets: []string{"S3cr3t", "phrase"}},

		// SNMP
		one("snmp community RO", "snmp-server community S3cr3t-comm-ro RO", "snmp-server community <scrubbed> RO", "S3cr3t-comm-ro"),
		one("snmp community RO ACL", "snmp-server community S3cr3t-comm-acl RO VTY-ACCESS", "snmp-server community <scrubbed> RO VTY-ACCESS", "S3cr3t-comm-acl"),
		one("snmp community view RW ACL", "snmp-server community S3cr3t-comm-view view ALL RW 99", "snmp-server community <scrubbed> view ALL RW 99", "S3cr3t-comm-view"),
		one("snmp community alone", "snmp-server community S3cr3t-comm-alone", "snmp-server community <scrubbed>", "S3cr3t-comm-alone"),
		one("no snmp community", "no snmp-server community S3cr3t-comm-no RO", "no snmp-server community <scrubbed> RO", "S3cr3t-comm-no"),
		{name: "snmp user v3 sha aes 128", in: "snmp-server user ops OPS-GROUP v3 auth sha S3cr3t-v3-auth priv aes 128 S3cr3t-v3-priv\n",
			want: "snmp-server user ops OPS-GROUP v3 auth sha <scrubbed> priv aes 128 <scrubbed>\n", n: 2,
			secrets: []string{"S3cr3t-v3-auth", "S3cr3t-v3-priv"}},
		{name: "snmp user v3 md5 des access", in: "snmp-server user ops OPS-GROUP v3 auth md5 S3cr3t-v3-md5 priv des S3cr3t-v3-des access 99\n",
			want: "snmp-server user ops OPS-GROUP v3 auth md5 <scrubbed> priv des <scrubbed> access 99\n", n: 2,
			secrets: []string{"S3cr3t-v3-md5", "S3cr3t-v3-des"}},
		{name: "snmp user v3 encrypted 3des", in: "snmp-server user ops OPS-GROUP remote 192.0.2.9 v3 encrypted auth sha S3cr3t-v3-enc priv 3des S3cr3t-v3-3des\n",
			want: "snmp-server user ops OPS-GROUP remote 192.0.2.9 v3 encrypted auth sha <scrubbed> priv 3des <scrubbed>\n", n: 2,
			secrets: []string{"S3cr3t-v3-enc", "S3cr3t-v3-3des"}},
		one("snmp user v3 auth only", "snmp-server user ops OPS-GROUP v3 auth sha S3cr3t-v3-authonly", "snmp-server user ops OPS-GROUP v3 auth sha <scrubbed>", "S3cr3t-v3-authonly"),
		one("snmp user in a group called auth", "snmp-server user ops auth v3 auth sha S3cr3t-v3-group-auth", "snmp-server user ops auth v3 auth sha <scrubbed>", "S3cr3t-v3-group-auth"),
		one("snmp host version 2c", "snmp-server host 10.10.10.60 version 2c S3cr3t-host-2c", "snmp-server host 10.10.10.60 version 2c <scrubbed>", "S3cr3t-host-2c"),
		one("snmp host version 1", "snmp-server host 10.10.10.61 S3cr3t-host-v1", "snmp-server host 10.10.10.61 <scrubbed>", "S3cr3t-host-v1"),
		one("snmp host informs udp-port types", "snmp-server host 10.10.10.62 informs version 2c S3cr3t-host-inform udp-port 1162 config bgp",
			"snmp-server host 10.10.10.62 informs version 2c <scrubbed> udp-port 1162 config bgp", "S3cr3t-host-inform"),
		one("snmp host vrf traps", "snmp-server host 10.10.10.63 vrf Mgmt-vrf traps version 2c S3cr3t-host-vrf", "snmp-server host 10.10.10.63 vrf Mgmt-vrf traps version 2c <scrubbed>", "S3cr3t-host-vrf"),
		one("snmp mib community-map", "snmp mib community-map S3cr3t-comm-map context CTX", "snmp mib community-map <scrubbed> context CTX", "S3cr3t-comm-map"),

		// TACACS+ and RADIUS
		one("tacacs-server key 7", "tacacs-server key 7 S3cr3t-tac-7", "tacacs-server key 7 <scrubbed>", "S3cr3t-tac-7"),
		one("tacacs-server key 0", "tacacs-server key 0 S3cr3t-tac-0", "tacacs-server key 0 <scrubbed>", "S3cr3t-tac-0"),
		{name: "tacacs-server key with blanks", in: "tacacs-server key S3cr3t tac phrase\n", want: "tacacs-server key <scrubbed>\n", n: 1,
			secrets: []string{"S3cr3t", "phrase"}},
		one("tacacs-server host key 7", "tacacs-server host 10.10.10.50 key 7 S3cr3t-tachost-7", "tacacs-server host 10.10.10.50 key 7 <scrubbed>", "S3cr3t-tachost-7"),
		one("tacacs-server host key", "tacacs-server host 10.10.10.51 key S3cr3t-tachost", "tacacs-server host 10.10.10.51 key <scrubbed>", "S3cr3t-tachost"),
		one("tacacs-server host single-connection key", "tacacs-server host 10.10.10.52 port 49 timeout 5 single-connection key S3cr3t-tac-single",
			"tacacs-server host 10.10.10.52 port 49 timeout 5 single-connection key <scrubbed>", "S3cr3t-tac-single"),
		one("radius-server key", "radius-server key S3cr3t-rad", "radius-server key <scrubbed>", "S3cr3t-rad"),
		one("radius-server key 7", "radius-server key 7 S3cr3t-rad-7", "radius-server key 7 <scrubbed>", "S3cr3t-rad-7"),
		one("radius-server host ports key", "radius-server host 10.10.10.70 auth-port 1812 acct-port 1813 key 7 S3cr3t-radhost",
			"radius-server host 10.10.10.70 auth-port 1812 acct-port 1813 key 7 <scrubbed>", "S3cr3t-radhost"),
		one("radius-server host pac key", "radius-server host 10.10.10.71 pac key S3cr3t-radpac", "radius-server host 10.10.10.71 pac key <scrubbed>", "S3cr3t-radpac"),
		{name: "tacacs server block key 7", in: lines("tacacs server ISE1", " address ipv4 10.10.10.50", " key 7 S3cr3t-tacblk-7", " timeout 5"),
			want: lines("tacacs server ISE1", " address ipv4 10.10.10.50", " key 7 <scrubbed>", " timeout 5"), n: 1, secrets: []string{"S3cr3t-tacblk-7"}},
		{name: "tacacs server block key 6", in: lines("tacacs server ISE2", " key 6 S3cr3t-tacblk-6"),
			want: lines("tacacs server ISE2", " key 6 <scrubbed>"), n: 1, secrets: []string{"S3cr3t-tacblk-6"}},
		{name: "tacacs server block key 0", in: lines("tacacs server ISE3", " key 0 S3cr3t-tacblk-0"),
			want: lines("tacacs server ISE3", " key 0 <scrubbed>"), n: 1, secrets: []string{"S3cr3t-tacblk-0"}},
		{name: "radius server block key and pac key", in: lines("radius server ISE4", " address ipv4 10.10.10.70 auth-port 1812 acct-port 1813", " key S3cr3t-radblk", " pac key 7 S3cr3t-radblk-pac"),
			want: lines("radius server ISE4", " address ipv4 10.10.10.70 auth-port 1812 acct-port 1813", " key <scrubbed>", " pac key 7 <scrubbed>"), n: 2,
			secrets: []string{"S3cr3t-radblk", "S3cr3t-radblk-pac"}},
		{name: "radius server-private", in: lines("aaa group server radius RAD", " server-private 10.10.10.72 auth-port 1812 acct-port 1813 key 7 S3cr3t-private"),
			want: lines("aaa group server radius RAD", " server-private 10.10.10.72 auth-port 1812 acct-port 1813 key 7 <scrubbed>"), n: 1, secrets: []string{"S3cr3t-private"}},
		{name: "radius dynamic-author server-key", in: lines("aaa server radius dynamic-author", " client 10.10.10.73 server-key 7 S3cr3t-coa", " server-key S3cr3t-coa-all"),
			want: lines("aaa server radius dynamic-author", " client 10.10.10.73 server-key 7 <scrubbed>", " server-key <scrubbed>"), n: 2,
			secrets: []string{"S3cr3t-coa", "S3cr3t-coa-all"}},

		// key chains, HSRP, VRRP, GLBP, OSPF, BGP
		{name: "key chain key-string 7", in: lines("key chain OSPF-KEYS", " key 1", "  key-string 7 S3cr3t-kc-7", "  cryptographic-algorithm hmac-sha-256", " key 2", "  key-string S3cr3t-kc-plain"),
			want: lines("key chain OSPF-KEYS", " key 1", "  key-string 7 <scrubbed>", "  cryptographic-algorithm hmac-sha-256", " key 2", "  key-string <scrubbed>"), n: 2,
			secrets: []string{"S3cr3t-kc-7", "S3cr3t-kc-plain"}},
		one("hsrp md5 key-string timeout", " standby 100 authentication md5 key-string 7 S3cr3t-hsrp-md5 timeout 30", " standby 100 authentication md5 key-string 7 <scrubbed> timeout 30", "S3cr3t-hsrp-md5"),
		one("hsrp md5 key-string", " standby 100 authentication md5 key-string S3cr3t-hsrp-md5b", " standby 100 authentication md5 key-string <scrubbed>", "S3cr3t-hsrp-md5b"),
		one("hsrp plain text", " standby 10 authentication S3cr3t-hsrp-text", " standby 10 authentication <scrubbed>", "S3cr3t-hsrp-text"),
		one("hsrp plain text group 0", " standby authentication S3cr3t-hsrp-g0", " standby authentication <scrubbed>", "S3cr3t-hsrp-g0"),
		one("hsrp text keyword", " standby 10 authentication text S3cr3t-hsrp-t", " standby 10 authentication text <scrubbed>", "S3cr3t-hsrp-t"),
		one("vrrp text", " vrrp 20 authentication text S3cr3t-vrrp-text", " vrrp 20 authentication text <scrubbed>", "S3cr3t-vrrp-text"),
		one("vrrp md5 key-string", " vrrp 20 authentication md5 key-string 0 S3cr3t-vrrp-md5", " vrrp 20 authentication md5 key-string 0 <scrubbed>", "S3cr3t-vrrp-md5"),
		one("glbp md5 key-string", " glbp 1 authentication md5 key-string S3cr3t-glbp", " glbp 1 authentication md5 key-string <scrubbed>", "S3cr3t-glbp"),
		one("ospf authentication-key 7", " ip ospf authentication-key 7 S3cr3t-ospf-7", " ip ospf authentication-key 7 <scrubbed>", "S3cr3t-ospf-7"),
		one("ospf authentication-key", " ip ospf authentication-key S3cr3t-ospf", " ip ospf authentication-key <scrubbed>", "S3cr3t-ospf"),
		one("ospf message-digest-key 7", " ip ospf message-digest-key 1 md5 7 S3cr3t-ospf-md5-7", " ip ospf message-digest-key 1 md5 7 <scrubbed>", "S3cr3t-ospf-md5-7"),
		one("ospf message-digest-key", " ip ospf message-digest-key 2 md5 S3cr3t-ospf-md5", " ip ospf message-digest-key 2 md5 <scrubbed>", "S3cr3t-ospf-md5"),
		one("ospf virtual-link key", " area 1 virtual-link 10.0.0.9 authentication-key S3cr3t-vlink", " area 1 virtual-link 10.0.0.9 authentication-key <scrubbed>", "S3cr3t-vlink"),
		one("ospfv3 ipsec", " ipv6 ospf authentication ipsec spi 500 md5 7 S3cr3t-ospfv3", " ipv6 ospf authentication ipsec spi 500 md5 7 <scrubbed>", "S3cr3t-ospfv3"),
		one("bgp neighbor password 7", " neighbor 10.0.0.2 password 7 S3cr3t-bgp-7", " neighbor 10.0.0.2 password 7 <scrubbed>", "S3cr3t-bgp-7"),
		{name: "bgp peer-group password with blanks", in: " neighbor PEERS password S3cr3t bgp phrase\n", want: " neighbor PEERS password <scrubbed>\n", n: 1,
			secrets: []string{"S3cr3t", "phrase"}},
		one("ntp authentication-key", "ntp authentication-key 1 md5 S3cr3t-ntp 7", "ntp authentication-key 1 md5 <scrubbed> 7", "S3cr3t-ntp"),
		one("mpls ldp neighbor password", "mpls ldp neighbor 10.0.0.3 password 7 S3cr3t-ldp", "mpls ldp neighbor 10.0.0.3 password 7 <scrubbed>", "S3cr3t-ldp"),
		one("isis area-password", " area-password S3cr3t-isis-area authenticate snp validate", " area-password <scrubbed> authenticate snp validate", "S3cr3t-isis-area"),
		one("isis password", " isis password S3cr3t-isis-if level-1", " isis password <scrubbed> level-1", "S3cr3t-isis-if"),
		one("vtp password", "vtp password S3cr3t-vtp hidden", "vtp password <scrubbed> hidden", "S3cr3t-vtp"),

		// IPsec and PKI
		one("crypto isakmp key address", "crypto isakmp key S3cr3t-isakmp address 192.0.2.200", "crypto isakmp key <scrubbed> address 192.0.2.200", "S3cr3t-isakmp"),
		one("crypto isakmp key 6 address mask", "crypto isakmp key 6 S3cr3t-isakmp-6 address 0.0.0.0 0.0.0.0 no-xauth", "crypto isakmp key 6 <scrubbed> address 0.0.0.0 0.0.0.0 no-xauth", "S3cr3t-isakmp-6"),
		one("crypto isakmp key hostname", "crypto isakmp key S3cr3t-isakmp-host hostname peer.example.net", "crypto isakmp key <scrubbed> hostname peer.example.net", "S3cr3t-isakmp-host"),
		{name: "ikev2 keyring pre-shared-key", in: lines("crypto ikev2 keyring KR", " peer DC2", "  address 192.0.2.201", "  pre-shared-key S3cr3t-psk",
			"  pre-shared-key local 0 S3cr3t-psk-local", "  pre-shared-key remote 6 S3cr3t-psk-remote"),
			want: lines("crypto ikev2 keyring KR", " peer DC2", "  address 192.0.2.201", "  pre-shared-key <scrubbed>",
				"  pre-shared-key local 0 <scrubbed>", "  pre-shared-key remote 6 <scrubbed>"), n: 3,
			secrets: []string{"S3cr3t-psk", "S3cr3t-psk-local", "S3cr3t-psk-remote"}},
		one("pre-shared-key address 0", "  pre-shared-key address 192.0.2.202 0 S3cr3t-psk-addr", "  pre-shared-key address 192.0.2.202 0 <scrubbed>", "S3cr3t-psk-addr"),
		{name: "crypto keyring pre-shared-key key", in: lines("crypto keyring KR1", "  pre-shared-key address 192.0.2.203 key S3cr3t-keyring",
			"  pre-shared-key address 192.0.2.0 255.255.255.0 key S3cr3t-keyring-mask", "  pre-shared-key hostname peer.example.net key S3cr3t-keyring-host"),
			want: lines("crypto keyring KR1", "  pre-shared-key address 192.0.2.203 key <scrubbed>",
				"  pre-shared-key address 192.0.2.0 255.255.255.0 key <scrubbed>", "  pre-shared-key hostname peer.example.net key <scrubbed>"), n: 3,
			secrets: []string{"S3cr3t-keyring", "S3cr3t-keyring-mask", "S3cr3t-keyring-host"}},
		{name: "ikev2 profile pre-share key", in: lines("crypto ikev2 profile P", " authentication remote pre-share", " authentication local pre-share key S3cr3t-ikev2-local"),
			want: lines("crypto ikev2 profile P", " authentication remote pre-share", " authentication local pre-share key <scrubbed>"), n: 1, secrets: []string{"S3cr3t-ikev2-local"}},
		{name: "ezvpn group key", in: lines("crypto isakmp client configuration group EZ", " key S3cr3t-ezvpn", " pool EZ-POOL"),
			want: lines("crypto isakmp client configuration group EZ", " key <scrubbed>", " pool EZ-POOL"), n: 1, secrets: []string{"S3cr3t-ezvpn"}},
		{name: "pki certificate chain", in: lines(
			"crypto pki certificate chain TP-self-signed-1234567890",
			" certificate self-signed 01",
			"  3082032E 30820216 A0030201 02020101 300D0609 2A864886 F70D0101 05050030",
			"  30312E30 2C060355 04031325 494F532D 53656C66 2D536967 6E65642D 43657274",
			"  DEADBEEF 01",
			"  \tquit",
			" certificate ca 02",
			"  30820122 CAFEF00D 2A864886",
			"  \tquit",
			"crypto pki certificate chain EMPTY",
			" certificate ca 03 nvram:ca.cer",
			"!"),
			want: lines(
				"crypto pki certificate chain TP-self-signed-1234567890",
				" certificate self-signed 01",
				"  <scrubbed>",
				"",
				"",
				"  \tquit",
				" certificate ca 02",
				"  <scrubbed>",
				"  \tquit",
				"crypto pki certificate chain EMPTY",
				" certificate ca 03 nvram:ca.cer",
				"!"), n: 2,
			secrets: []string{"3082032E", "494F532D", "DEADBEEF", "CAFEF00D"}},
		{name: "crypto key pubkey-chain", in: lines(
			"crypto key pubkey-chain rsa",
			" named-key peer.example.net",
			"  key-string",
			"   30819F30 0D06092A 864886F7 0D010101 05000381 8D003081 89028181 00C0FFEE",
			"   0DEFACED 0203 010001",
			"  quit",
			"!"),
			want: lines(
				"crypto key pubkey-chain rsa",
				" named-key peer.example.net",
				"  key-string",
				"   <scrubbed>",
				"",
				"  quit",
				"!"), n: 1,
			secrets: []string{"C0FFEE", "0DEFACED"}},
		{name: "PEM private key", in: lines(
			"-----BEGIN RSA PRIVATE KEY-----",
			"Proc-Type: 4,ENCRYPTED",
			"DEK-Info: DES-EDE3-CBC,S3cr3tIV00",
			"",
			"MIIEpAIBAAKCAQEAS3cr3tPEMbody0123456789+/abcdefghijklmnopqrstuvwxyz",
			"S3cr3tPEMsecond==",
			"-----END RSA PRIVATE KEY-----",
			"end"),
			want: lines(
				"-----BEGIN RSA PRIVATE KEY-----",
				cisco.ScrubMarker,
				"",
				"",
				"",
				"",
				"-----END RSA PRIVATE KEY-----",
				"end"), n: 1,
			secrets: []string{"S3cr3tIV00", "MIIEpAIBAAKCAQEA", "S3cr3tPEM"}},
		{name: "show crypto key key data", in: lines(
			"Key name: TP-self-signed-1234567890",
			"Key type: RSA KEYS",
			" Storage Device: private-config",
			" Usage: General Purpose Key",
			" Key is not exportable. Redundancy enabled.",
			" Key Data:",
			"  30820122 300D0609 2A864886 F70D0101 01050003 82010F00 3082010A 02820101",
			"  00BADC0DE 0203 010001",
			"Key name: TP-2"),
			want: lines(
				"Key name: TP-self-signed-1234567890",
				"Key type: RSA KEYS",
				" Storage Device: private-config",
				" Usage: General Purpose Key",
				" Key is not exportable. Redundancy enabled.",
				" Key Data:",
				"  <scrubbed>",
				"",
				"Key name: TP-2"), n: 1,
			secrets: []string{"2A864886", "BADC0DE"}},

		// lines, PPP, wireless, master key, URLs, misc
		{name: "line vty password 7", in: lines("line vty 0 4", " password 7 S3cr3t-vty-7", " login", "line con 0", " password S3cr3t-con"),
			want: lines("line vty 0 4", " password 7 <scrubbed>", " login", "line con 0", " password <scrubbed>"), n: 2,
			secrets: []string{"S3cr3t-vty-7", "S3cr3t-con"}},
		one("ppp chap password 7", " ppp chap password 7 S3cr3t-chap", " ppp chap password 7 <scrubbed>", "S3cr3t-chap"),
		one("ppp chap password", " ppp chap password S3cr3t-chap-plain", " ppp chap password <scrubbed>", "S3cr3t-chap-plain"),
		one("ppp pap sent-username password", " ppp pap sent-username bob password 0 S3cr3t-pap", " ppp pap sent-username bob password 0 <scrubbed>", "S3cr3t-pap"),
		one("wpa-psk ascii", " wpa-psk ascii S3cr3t-wpa", " wpa-psk ascii <scrubbed>", "S3cr3t-wpa"),
		one("wpa-psk ascii 7", " wpa-psk ascii 7 S3cr3t-wpa-7", " wpa-psk ascii 7 <scrubbed>", "S3cr3t-wpa-7"),
		one("wlan psk set-key", " security wpa psk set-key ascii 0 S3cr3t-wlan", " security wpa psk set-key ascii 0 <scrubbed>", "S3cr3t-wlan"),
		one("key config-key password-encrypt", "key config-key password-encrypt S3cr3t-master-ios", "key config-key password-encrypt <scrubbed>", "S3cr3t-master-ios"),
		one("archive path URL", " path ftp://backup:S3cr3t-ftp@192.0.2.9/$h-$t", " path ftp://backup:<scrubbed>@192.0.2.9/$h-$t", "S3cr3t-ftp"),
		one("URL in a description", " description backups go to scp://svc:S3cr3t-desc@192.0.2.9/", " description backups go to scp://svc:<scrubbed>@192.0.2.9/", "S3cr3t-desc"),
		one("ip ftp password", "ip ftp password 7 S3cr3t-ipftp", "ip ftp password 7 <scrubbed>", "S3cr3t-ipftp"),
		one("ip http client password", "ip http client password 0 S3cr3t-http", "ip http client password 0 <scrubbed>", "S3cr3t-http"),
		one("ldap bind password", " bind authenticate root-dn cn=svc,dc=example,dc=net password 7 S3cr3t-ldap", " bind authenticate root-dn cn=svc,dc=example,dc=net password 7 <scrubbed>", "S3cr3t-ldap"),
		{name: "dot1x credentials", in: lines("dot1x credentials SUPP", " username sw1", " password 0 S3cr3t-dot1x"),
			want: lines("dot1x credentials SUPP", " username sw1", " password 0 <scrubbed>"), n: 1, secrets: []string{"S3cr3t-dot1x"}},
		one("cts sxp default password", "cts sxp default password 7 S3cr3t-sxp", "cts sxp default password 7 <scrubbed>", "S3cr3t-sxp"),
		// What survived an earlier scrubber: each a form of its own.
		one("EIGRP hmac-sha-256 0", "  authentication mode hmac-sha-256 0 S3cr3t-eigrp-0", "  authentication mode hmac-sha-256 0 <scrubbed>", "S3cr3t-eigrp-0"),
		one("EIGRP hmac-sha-256 7", "  authentication mode hmac-sha-256 7 S3cr3t-eigrp-7", "  authentication mode hmac-sha-256 7 <scrubbed>", "S3cr3t-eigrp-7"),
		one("EIGRP hmac-sha-256 no type", "  authentication mode hmac-sha-256 S3cr3t-eigrp", "  authentication mode hmac-sha-256 <scrubbed>", "S3cr3t-eigrp"),
		one("ip nhrp authentication", " ip nhrp authentication S3cr3tNH", " ip nhrp authentication <scrubbed>", "S3cr3tNH"),
		{name: "set session-key esp cipher authenticator", in: " set session-key inbound esp 256 cipher 0123456789ABCDEF authenticator 0000111122223333\n",
			want: " set session-key inbound esp 256 cipher <scrubbed> authenticator <scrubbed>\n", n: 2, secrets: []string{"0123456789ABCDEF", "0000111122223333"}},
		one("set session-key esp cipher typed", " set session-key outbound esp 257 cipher 0 S3cr3t-esp", " set session-key outbound esp 257 cipher 0 <scrubbed>", "S3cr3t-esp"),
		one("set session-key ah", " set session-key outbound ah 258 S3cr3tAHKEY", " set session-key outbound ah 258 <scrubbed>", "S3cr3tAHKEY"),
		one("l2tp tunnel password 7", " l2tp tunnel password 7 S3cr3t-l2tp", " l2tp tunnel password 7 <scrubbed>", "S3cr3t-l2tp"),
		one("a password argument of any command", "  credentials username sip1 password 0 S3cr3t-sip realm example.net", "  credentials username sip1 password 0 <scrubbed>", "S3cr3t-sip"),
		one("a secret argument of any command", "  client 192.0.2.7 vrf MGMT secret S3cr3t-any", "  client 192.0.2.7 vrf MGMT secret <scrubbed>", "S3cr3t-any"),
		one("one-line banner with a pasted command", "banner motd ^C enable secret 0 S3cr3t-oneline ^C", "banner motd ^C enable secret 0 <scrubbed> ^C", "S3cr3t-oneline"),
		one("one-line banner with a URL", "banner exec ^C ftp://a:S3cr3t-bannerurl@c ^C", "banner exec ^C ftp://a:<scrubbed>@c ^C", "S3cr3t-bannerurl"),
		one("one-line banner, other delimiter", "banner login # username ops password S3cr3t-hash #", "banner login # username ops password <scrubbed> #", "S3cr3t-hash"),
		one("EEM cli command enable secret", ` action 1.0 cli command "enable secret 5 $1$S3cr3t-eem"`, ` action 1.0 cli command "enable secret 5 <scrubbed>"`, "S3cr3t-eem"),
		one("EEM cli command username", ` action 2.1 cli command "username tmp privilege 15 password 0 S3cr3t-eemuser"`, ` action 2.1 cli command "username tmp privilege 15 password 0 <scrubbed>"`, "S3cr3t-eemuser"),
		{name: "banner text with a pasted command", in: lines("banner motd ^C", "enable secret 0 S3cr3t-banner", "^C", "enable secret 0 S3cr3t-after"),
			want: lines("banner motd ^C", "enable secret 0 <scrubbed>", "^C", "enable secret 0 <scrubbed>"), n: 2,
			secrets: []string{"S3cr3t-banner", "S3cr3t-after"}},
	}
}

func nxosCases() []scrubCase {
	return []scrubCase{
		one("username password 5 role", "username admin password 5 $5$S3cr3t-nx-admin  role network-admin", "username admin password 5 <scrubbed>  role network-admin", "S3cr3t-nx-admin"),
		one("username password role", "username ops password S3cr3t-nx-plain role network-operator", "username ops password <scrubbed> role network-operator", "S3cr3t-nx-plain"),
		one("username password expire role", "username ops password 5 $5$S3cr3t-nx-exp  expire 2027-12-31 role network-operator",
			"username ops password 5 <scrubbed>  expire 2027-12-31 role network-operator", "S3cr3t-nx-exp"),
		one("username password 5 no role", "username ops password 5 $5$S3cr3t-nx-norole", "username ops password 5 <scrubbed>", "S3cr3t-nx-norole"),
		one("snmp community group", "snmp-server community S3cr3t-nx-comm group network-operator", "snmp-server community <scrubbed> group network-operator", "S3cr3t-nx-comm"),
		one("snmp community use-acl", "snmp-server community S3cr3t-nx-acl use-acl SNMP-ACL", "snmp-server community <scrubbed> use-acl SNMP-ACL", "S3cr3t-nx-acl"),
		{name: "snmp user md5 localizedkey", in: "snmp-server user admin network-admin auth md5 0x5S3cr3tauth priv 0x5S3cr3tpriv localizedkey\n",
			want: "snmp-server user admin network-admin auth md5 <scrubbed> priv <scrubbed> localizedkey\n", n: 2,
			secrets: []string{"0x5S3cr3tauth", "0x5S3cr3tpriv"}},
		{name: "snmp user sha aes-128 localizedV2key", in: "snmp-server user ops network-operator auth sha S3cr3t-nx-sha priv aes-128 S3cr3t-nx-aes localizedV2key\n",
			want: "snmp-server user ops network-operator auth sha <scrubbed> priv aes-128 <scrubbed> localizedV2key\n", n: 2,
			secrets: []string{"S3cr3t-nx-sha", "S3cr3t-nx-aes"}},
		{name: "snmp user sha-256 engineID", in: "snmp-server user ops network-operator auth sha-256 S3cr3t-nx-sha256 priv S3cr3t-nx-des engineID 128:0:0:9:3:1:2:3:4:5:6\n",
			want: "snmp-server user ops network-operator auth sha-256 <scrubbed> priv <scrubbed> engineID 128:0:0:9:3:1:2:3:4:5:6\n", n: 2,
			secrets: []string{"S3cr3t-nx-sha256", "S3cr3t-nx-des"}},
		one("snmp user without group", "snmp-server user ops auth md5 S3cr3t-nx-nogroup", "snmp-server user ops auth md5 <scrubbed>", "S3cr3t-nx-nogroup"),
		one("snmp host traps udp-port", "snmp-server host 10.10.10.64 traps version 2c S3cr3t-nx-trap udp-port 1163", "snmp-server host 10.10.10.64 traps version 2c <scrubbed> udp-port 1163", "S3cr3t-nx-trap"),
		one("snmp host informs", "snmp-server host 10.10.10.66 informs version 2c S3cr3t-nx-inform", "snmp-server host 10.10.10.66 informs version 2c <scrubbed>", "S3cr3t-nx-inform"),
		one("tacacs-server host key 7 quoted", `tacacs-server host 10.10.10.50 key 7 "S3cr3t-nx-quoted"`, `tacacs-server host 10.10.10.50 key 7 "<scrubbed>"`, "S3cr3t-nx-quoted"),
		one("tacacs-server host key quoted port timeout", `tacacs-server host 10.10.10.53 key 7 "S3cr3t-nx-port" port 49 timeout 5`, `tacacs-server host 10.10.10.53 key 7 "<scrubbed>" port 49 timeout 5`, "S3cr3t-nx-port"),
		{name: "tacacs-server key quoted with blanks", in: "tacacs-server key 7 \"S3cr3t nx phrase\"\n", want: "tacacs-server key 7 \"<scrubbed>\"\n", n: 1,
			secrets: []string{"S3cr3t", "phrase"}},
		one("tacacs-server key 7 unquoted", "tacacs-server key 7 S3cr3t-nx-tackey", "tacacs-server key 7 <scrubbed>", "S3cr3t-nx-tackey"),
		one("radius-server host key authentication accounting", "radius-server host 10.10.10.71 key 7 S3cr3t-nx-rad authentication accounting",
			"radius-server host 10.10.10.71 key 7 <scrubbed> authentication accounting", "S3cr3t-nx-rad"),
		one("radius-server host quoted key retransmit", `radius-server host 10.10.10.72 key 7 "S3cr3t-nx-radq" authentication accounting timeout 5 retransmit 2`,
			`radius-server host 10.10.10.72 key 7 "<scrubbed>" authentication accounting timeout 5 retransmit 2`, "S3cr3t-nx-radq"),
		one("radius-server key quoted", `radius-server key 7 "S3cr3t-nx-radkey"`, `radius-server key 7 "<scrubbed>"`, "S3cr3t-nx-radkey"),
		one("ldap-server host rootDN password", `ldap-server host 10.10.10.80 rootDN "cn=svc,dc=example,dc=net" password 7 S3cr3t-nx-ldap port 389`,
			`ldap-server host 10.10.10.80 rootDN "cn=svc,dc=example,dc=net" password 7 <scrubbed> port 389`, "S3cr3t-nx-ldap"),
		{name: "key chain", in: lines("key chain BGP-KEYS", "  key 0", "    key-string 7 S3cr3t-nx-kc", "    accept-lifetime 00:00:00 Jan 01 2026 infinite"),
			want: lines("key chain BGP-KEYS", "  key 0", "    key-string 7 <scrubbed>", "    accept-lifetime 00:00:00 Jan 01 2026 infinite"), n: 1, secrets: []string{"S3cr3t-nx-kc"}},
		{name: "hsrp block", in: lines("interface Vlan100", "  hsrp version 2", "  hsrp 100", "    authentication md5 key-string S3cr3t-nx-hsrp-md5", "    ip 10.10.100.1",
			"  hsrp 101", "    authentication text S3cr3t-nx-hsrp-text"),
			want: lines("interface Vlan100", "  hsrp version 2", "  hsrp 100", "    authentication md5 key-string <scrubbed>", "    ip 10.10.100.1",
				"  hsrp 101", "    authentication text <scrubbed>"), n: 2,
			secrets: []string{"S3cr3t-nx-hsrp-md5", "S3cr3t-nx-hsrp-text"}},
		{name: "vrrp block", in: lines("interface Vlan200", "  vrrp 10", "    authentication text S3cr3t-nx-vrrp", "    address 10.10.200.1"),
			want: lines("interface Vlan200", "  vrrp 10", "    authentication text <scrubbed>", "    address 10.10.200.1"), n: 1, secrets: []string{"S3cr3t-nx-vrrp"}},
		one("ospf authentication-key 3", "  ip ospf authentication-key 3 S3cr3t-nx-ospf-3", "  ip ospf authentication-key 3 <scrubbed>", "S3cr3t-nx-ospf-3"),
		one("ospf message-digest-key 3", "  ip ospf message-digest-key 1 md5 3 S3cr3t-nx-md5", "  ip ospf message-digest-key 1 md5 3 <scrubbed>", "S3cr3t-nx-md5"),
		{name: "bgp neighbor block password", in: lines("router bgp 65001", "  neighbor 10.0.0.2", "    remote-as 65002", "    password 3 S3cr3t-nx-bgp"),
			want: lines("router bgp 65001", "  neighbor 10.0.0.2", "    remote-as 65002", "    password 3 <scrubbed>"), n: 1, secrets: []string{"S3cr3t-nx-bgp"}},
		one("ntp authentication-key", "ntp authentication-key 2 md5 S3cr3t-nx-ntp 7", "ntp authentication-key 2 md5 <scrubbed> 7", "S3cr3t-nx-ntp"),
		one("key config-key ascii", "key config-key ascii S3cr3t-nx-master", "key config-key ascii <scrubbed>", "S3cr3t-nx-master"),
		one("key config-key ascii quoted", `key config-key ascii "S3cr3t nx master"`, `key config-key ascii "<scrubbed>"`, "S3cr3t nx master"),
	}
}

// negativeCases are lines that hold no secret and must not change.
func negativeCases() []string {
	return []string{
		"service password-encryption",
		"no service password-encryption",
		"feature password encryption aes",
		"password encryption aes",
		"no password strength-check",
		"password strength-check",
		"security passwords min-length 8",
		"aaa authentication password-prompt Password:",
		"snmp-server location DC1 Hall 2 key room password cabinet",
		"snmp-server contact noc@example.net",
		"snmp-server enable traps snmp linkdown linkup",
		"snmp-server group OPS-GROUP v3 priv read ALL",
		"snmp-server host 10.10.10.65 version 3 priv snmpuser",
		"snmp-server host 10.10.10.65 informs version 3 auth snmpuser",
		"snmp-server host 10.10.10.64 use-vrf management",
		"snmp-server host 10.10.10.64 filter-vrf default",
		"snmp-server host 10.10.10.64 source-interface mgmt0",
		"snmp-server source-interface traps Vlan10",
		" description uplink to key-string server, password reset, secret 5 room",
		" description  key config-key ascii none",
		"interface GigabitEthernet1/0/10\n description eft1 key-string host\n switchport access vlan 100",
		"ip access-list extended EDGE-IN\n 5 remark key-string password secret community\n 10 permit 113 any any",
		"access-list 10 remark snmp-server community key-string",
		"vlan 100\n name key-string",
		"interface key-string 0",
		"hostname key-string",
		"object-group network SERVERS\n host 10.0.0.1\n 10 host key-string",
		"ip access-list HOST-IN\n  10 permit tcp any any eq 49 key-string 7 x",
		" ip address 10.10.100.2 255.255.255.0 key-string x",
		"interface ftp://a:b@c",
		"crypto key generate rsa modulus 2048 label SSH-KEY",
		"crypto key generate rsa general-keys modulus 4096",
		"crypto key zeroize rsa OLD",
		"crypto engine compliance shield disable",
		"crypto pki trustpoint TP-self-signed-1\n enrollment selfsigned\n rsakeypair TP-self-signed-1\n revocation-check none",
		"ip ssh rsa keypair-name SSH-KEY",
		"ip ssh server algorithm authentication password keyboard publickey",
		"ip ssh pubkey-chain\n username ops\n  key-hash ssh-rsa 8FB4F858DD7E5AFB372780EC653DB371",
		"key chain OSPF-KEYS\n key 1\n  cryptographic-algorithm hmac-sha-256\n  accept-lifetime 00:00:00 Jan 1 2026 infinite",
		" standby 10 authentication md5 key-chain HSRP-KEYS",
		" standby version 2\n standby 10 ip 10.10.10.1\n standby 10 priority 110\n standby 10 preempt",
		" vrrp 20 address-family ipv4",
		"  hsrp 100\n    authentication md5 key-chain HSRP-KEYS",
		" ip ospf authentication message-digest",
		" ip ospf authentication key-chain OSPF-KEYS",
		" ip rip authentication key-chain RIP",
		"aaa new-model",
		"aaa authentication login default group tacacs+ local",
		"aaa authorization exec default group tacacs+ local",
		"aaa group server tacacs+ ISE\n server name ISE1\n ip tacacs source-interface Vlan10",
		"aaa group server tacacs+ ISE\n    server 10.10.10.50\n    use-vrf management",
		"tacacs-server directed-request",
		"tacacs-server timeout 5",
		"radius-server dead-criteria time 5 tries 3",
		"radius-server attribute 6 on-for-login-auth",
		"tacacs server ISE1\n address ipv4 10.10.10.50\n timeout 5\n single-connection",
		" authentication port-control auto\n authentication host-mode multi-auth\n authentication order dot1x mab",
		"username ops privilege 15 nopassword",
		"username ops role network-operator",
		"username ops sshkey ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== ops@example.net",
		"ntp server 10.10.10.1 key 1 prefer",
		"ntp trusted-key 1",
		"ntp authenticate",
		"line vty 0 4\n access-class VTY-ACCESS in vrf-also\n login authentication default\n transport input ssh",
		"line console\n  exec-timeout 15",
		"feature tacacs+\nfeature interface-vlan",
		"banner motd ^C\n*  dc1 - authorised access only, key holders only.  *\nPassword resets: call the NOC\n^C",
		"alias exec pw show running-config | include password",
		"spanning-tree mode rapid-pvst",
		"vtp mode transparent",
		"archive\n path flash:archive/$h-$t\n maximum 14",
		"boot system flash:packages.conf",
		"http://192.0.2.9:8080/index.html",
		"enable secret 9 <scrubbed>",
		"username netadmin privilege 15 secret 9 <scrubbed>",
		"snmp-server user admin network-admin auth md5 <scrubbed> priv <scrubbed> localizedkey",
		"tacacs-server host 10.10.10.50 key 7 \"<scrubbed>\"",
		"username admin password 5 <scrubbed>  role network-admin",
		"crypto pki certificate chain TP\n certificate ca 01\n  <scrubbed>\n\n\n  quit",
		"",
		"\n\n",
		"end",
		" authentication mode md5",
		" authentication key-chain EIGRP-KEYS",
		" ip authentication mode eigrp 100 md5",
		" ip authentication key-chain eigrp 100 EIGRP-KEYS",
		" ip nhrp network-id 100",
		" set peer 192.0.2.10",
		" action 1.0 syslog msg \"password reset\"",
		" action forward",
		"banner login ^CAuthorised access only^C",
		"! a comment that speaks of the password policy",
	}
}

// checkScrub runs one case and the properties every input must have.
func checkScrub(t *testing.T, c scrubCase) {
	t.Helper()
	got, n := cisco.ScrubText([]byte(c.in))
	if diff := cmp.Diff(c.want, string(got)); diff != "" {
		t.Errorf("cisco.ScrubText(%q) (-want +got):\n%s", c.in, diff)
	}
	if n != c.n {
		t.Errorf("cisco.ScrubText(%q) count = %d, want %d", c.in, n, c.n)
	}
	for _, sec := range c.secrets {
		if bytes.Contains(got, []byte(sec)) {
			t.Errorf("secret %q survives in %q", sec, got)
		}
	}
	if markers := bytes.Count(got, []byte(cisco.ScrubMarker)) - strings.Count(c.in, cisco.ScrubMarker); markers != n {
		t.Errorf("count = %d, but %d markers were added", n, markers)
	}
	again, n2 := cisco.ScrubText(got)
	if !bytes.Equal(again, got) || n2 != 0 {
		t.Errorf("not idempotent: cisco.ScrubText(%q) = %q, %d", got, again, n2)
	}
}

func TestText(t *testing.T) {
	for _, group := range []struct {
		name  string
		cases []scrubCase
	}{{"iosxe", iosCases()}, {"nxos", nxosCases()}} {
		t.Run(group.name, func(t *testing.T) {
			for _, c := range group.cases {
				t.Run(c.name, func(t *testing.T) { checkScrub(t, c) })
			}
		})
	}
}

func TestTextLeavesNonSecrets(t *testing.T) {
	for _, in := range negativeCases() {
		t.Run(in, func(t *testing.T) {
			in := in + "\n"
			checkScrub(t, scrubCase{in: in, want: in})
		})
	}
}

// TestTextCRLF: every case keeps its CRLF line endings.
func TestTextCRLF(t *testing.T) {
	for _, c := range append(iosCases(), nxosCases()...) {
		t.Run(c.name, func(t *testing.T) {
			checkScrub(t, scrubCase{
				in:      strings.ReplaceAll(c.in, "\n", "\r\n"),
				want:    strings.ReplaceAll(c.want, "\n", "\r\n"),
				n:       c.n,
				secrets: c.secrets,
			})
		})
	}
}

// TestTextEdges covers input shapes rather than commands.
func TestTextEdges(t *testing.T) {
	for _, c := range []scrubCase{
		{name: "empty", in: "", want: ""},
		{name: "no final newline", in: "enable secret 5 S3cr3t-eof", want: "enable secret 5 <scrubbed>", n: 1, secrets: []string{"S3cr3t-eof"}},
		{name: "final CR without LF", in: "enable secret 5 S3cr3t-cr\r", want: "enable secret 5 <scrubbed>\r", n: 1, secrets: []string{"S3cr3t-cr"}},
		{name: "byte-order mark", in: "\ufeffenable secret 5 S3cr3t-bom\n", want: "\ufeffenable secret 5 <scrubbed>\n", n: 1, secrets: []string{"S3cr3t-bom"}},
		{name: "tabs and runs of blanks", in: "enable\tsecret  9   S3cr3t-tabs\t\n", want: "enable\tsecret  9   <scrubbed>\t\n", n: 1, secrets: []string{"S3cr3t-tabs"}},
		{name: "unclosed quote", in: "tacacs-server key 7 \"S3cr3t open quote\n", want: "tacacs-server key 7 <scrubbed>\n", n: 1, secrets: []string{"S3cr3t"}},
		{name: "empty quoted value", in: "tacacs-server key \"\"\n", want: "tacacs-server key \"<scrubbed>\"\n", n: 1},
		{name: "partly scrubbed line", in: "snmp-server user ops G v3 auth sha <scrubbed> priv aes 128 S3cr3t-half\n",
			want: "snmp-server user ops G v3 auth sha <scrubbed> priv aes 128 <scrubbed>\n", n: 1, secrets: []string{"S3cr3t-half"}},
		{name: "certificate never quit", in: lines("crypto pki certificate chain TP", " certificate ca 01", "  3082032E DEADBEEF"),
			want: lines("crypto pki certificate chain TP", " certificate ca 01", "  <scrubbed>"), n: 1, secrets: []string{"DEADBEEF"}},
		{name: "PEM without END stops at config", in: lines("-----BEGIN PRIVATE KEY-----", "MIIEvQS3cr3tKey", "interface Vlan1", " ip ospf authentication-key S3cr3t-after-pem"),
			want: lines("-----BEGIN PRIVATE KEY-----", cisco.ScrubMarker, "interface Vlan1", " ip ospf authentication-key <scrubbed>"), n: 2,
			secrets: []string{"S3cr3tKey", "S3cr3t-after-pem"}},
		{name: "banner closing line keeps its delimiter", in: lines("banner login #", " password S3cr3t-in-banner", " password S3cr3t-x#", "ip ftp password S3cr3t-ftp2"),
			want: lines("banner login #", " password <scrubbed>", " password <scrubbed>#", "ip ftp password <scrubbed>"), n: 3,
			secrets: []string{"S3cr3t-in-banner", "S3cr3t-x", "S3cr3t-ftp2"}},
	} {
		t.Run(c.name, func(t *testing.T) { checkScrub(t, c) })
	}
}

// TestTextFullConfigs scrubs whole configs that hold every form at once.
// Every secret in them contains "S3cr3t" or one of the key-material
// sentinels; the scrubbed text is kept as a golden file (-update rewrites).
func TestTextFullConfigs(t *testing.T) {
	sentinels := []string{"S3cr3t", "DEADBEEF", "CAFEF00D", "C0FFEE", "MIIEpAIB"}
	for _, c := range []struct {
		file string
		n    int
	}{
		{"full-iosxe.cfg", 69}, // 64 lines with a secret, two with two, three blobs
		{"full-nxos.cfg", 24},  // 22 lines with a secret, two with two
	} {
		t.Run(c.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "scrub", c.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, eol := range []string{"\n", "\r\n"} {
				in := bytes.ReplaceAll(in, []byte("\n"), []byte(eol))
				got, n := cisco.ScrubText(in)
				for _, s := range sentinels {
					if i := bytes.Index(got, []byte(s)); i >= 0 {
						t.Errorf("secret %q survives: line %d", s, bytes.Count(got[:i], []byte("\n"))+1)
					}
				}
				if n != c.n {
					t.Errorf("count = %d, want %d", n, c.n)
				}
				if m := bytes.Count(got, []byte(cisco.ScrubMarker)); m != n {
					t.Errorf("count = %d, but the output holds %d markers", n, m)
				}
				if a, b := bytes.Count(in, []byte("\n")), bytes.Count(got, []byte("\n")); a != b {
					t.Errorf("%d lines in, %d out", a, b)
				}
				if crlf := bytes.Count(got, []byte("\r\n")); eol == "\r\n" && crlf != bytes.Count(in, []byte("\r\n")) {
					t.Errorf("CRLF endings lost: %d of %d", crlf, bytes.Count(in, []byte("\r\n")))
				}
				again, n2 := cisco.ScrubText(got)
				if !bytes.Equal(again, got) || n2 != 0 {
					t.Errorf("cisco.ScrubText(cisco.ScrubText(x)) != cisco.ScrubText(x) (count %d):\n%s", n2, cmp.Diff(string(got), string(again)))
				}
				golden := filepath.Join("testdata", "scrub", strings.TrimSuffix(c.file, ".cfg")+".golden")
				got = bytes.ReplaceAll(got, []byte("\r\n"), []byte("\n"))
				if updating() && eol == "\n" {
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Errorf("%s (-golden +got):\n%s", golden, diff)
				}
			}
		})
	}
}
