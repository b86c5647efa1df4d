package arista

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/internal/secrets"
	"github.com/mcaudit/mcaudit/model"
)

func TestScrub(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"username admin privilege 15 role network-admin secret sha512 $6$abc$def", "username admin privilege 15 role network-admin secret sha512 <scrubbed>"},
		{"username ops secret 0 Hunter2", "username ops secret 0 <scrubbed>"},
		{"enable password sha512 $6$xyz", "enable password sha512 <scrubbed>"},
		{"boot secret sha512 a153de6290ff", "boot secret sha512 <scrubbed>"},
		{"tacacs-server host 10.0.0.5 key 7 070C285F4D06", "tacacs-server host 10.0.0.5 key 7 <scrubbed>"},
		{"radius-server key 7 1511021F0725", "radius-server key 7 <scrubbed>"},
		{"snmp-server community Ch4ng3d ro", "snmp-server community <scrubbed> ro"},
		{"snmp-server user mon ops v3 auth sha 0x1234 priv aes 0x5678", "snmp-server user mon ops v3 auth sha <scrubbed> priv aes <scrubbed>"},
		{"ntp authentication-key 1 md5 7 045802150C2E", "ntp authentication-key 1 md5 7 <scrubbed>"},
		{"   neighbor 10.0.0.1 password 7 abcdef", "   neighbor 10.0.0.1 password 7 <scrubbed>"},
		{"   ip ospf message-digest-key 1 md5 7 0822455D0A16", "   ip ospf message-digest-key 1 md5 7 <scrubbed>"},
		{"   isis authentication key 0 s3cret", "   isis authentication key 0 <scrubbed>"},
		{"no enable password", "no enable password"},
		{"username admin ssh-key ssh-rsa AAAAB3Nza admin@host", "username admin ssh-key ssh-rsa AAAAB3Nza admin@host"},
		{"   switchport trunk allowed vlan 10,100", "   switchport trunk allowed vlan 10,100"},
	} {
		if got := string(Scrub([]byte(c.in + "\r\n"))); got != c.want+"\r\n" {
			t.Errorf("Scrub(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// The leaf: its secrets gone, every other line kept, the scrubbed
	// config read as the original, and scrubbing again changes nothing.
	in := readFile(t, "leaf1.cfg")
	out := Scrub(in)
	for _, sec := range []string{"$6$Qm9vYmFy", "Ch4ng3d-C0mmunity"} {
		if bytes.Contains(out, []byte(sec)) {
			t.Errorf("%s survives", sec)
		}
	}
	if strings.Count(string(out), "\n") != strings.Count(string(in), "\n") {
		t.Error("lines lost")
	}
	a, b := model.NewDevice("x", EOS), model.NewDevice("x", EOS)
	if ParseConfig(a, "x", in) != nil || ParseConfig(b, "x", out) != nil || len(a.Interfaces) != len(b.Interfaces) || len(a.VLANs) != len(b.VLANs) {
		t.Error("the scrubbed config does not read as the original")
	}
	if again, n := secrets.Scrub(out, scrubRules); !bytes.Equal(again, out) || n != 0 {
		t.Errorf("not idempotent: %d more", n)
	}
}
