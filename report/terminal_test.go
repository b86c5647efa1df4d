package report

import (
	"bytes"
	"context"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/audit"
)

// hostileConfig carries terminal escape sequences where a switch's owner
// (or whoever can write its configuration) puts text: the hostname, a
// description, an ACL name's remark, a deny line's log tag.
const hostileConfig = "hostname sw1\x1b]0;pwned\x07\n" +
	"vtp mode transparent\n" +
	"vlan 100\n" +
	"ip access-list extended EDGE\n" +
	" 5 remark \x1b[2J\x1b[HPASS\n" +
	" 10 deny ip any any log \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\\n" +
	"interface GigabitEthernet1/0/10\n" +
	" description \x9b31m\u202eeft1\n" +
	" switchport access vlan 100\n" +
	" switchport mode access\n" +
	" ip access-group EDGE in\n" +
	"end\n"

// No control character from a device reaches a person's terminal in a
// human format; JSON carries the text exactly.
func TestHumanFormatsShowControlsVisibly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sw1.cfg")
	if err := os.WriteFile(path, []byte(hostileConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := audit.Config(context.Background(), audit.Single{Config: path, Platform: "cisco_iosxe", VLAN: 100,
		Hosts: []netip.Addr{netip.MustParseAddr("10.10.100.11")}, Group: netip.MustParseAddr("239.192.10.10")})
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	if err := Table(&table, r, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table.String(), "pgm-blocked") || !strings.Contains(table.String(), `log \x1b]8;;http://evil.example/\x1b\click`) {
		t.Fatalf("the finding or its evidence is missing:\n%s", table.String())
	}
	for _, c := range []string{"\x1b", "\x07", "\u009b", "\u202e"} {
		if strings.Contains(table.String(), c) {
			t.Errorf("the table holds %q:\n%s", c, table.String())
		}
	}
	var js bytes.Buffer
	if err := JSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Findings []struct {
			Evidence []struct{ Text string }
		}
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	exact := false
	for _, f := range back.Findings {
		for _, e := range f.Evidence {
			exact = exact || strings.Contains(e.Text, "\x1b]8;;http://evil.example/")
		}
	}
	if !exact {
		t.Errorf("JSON lost the evidence text as it is:\n%s", js.String())
	}
}
