package audit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

// The lab audited without its links: block gives the same findings, from
// the links its switches' neighbor tables show (CDP on acc1, acc2 and
// leaf1, LLDP on leaf1; core1 is read from a saved config and says
// nothing: one direction is enough). acc1's members of Port-channel1
// make one bundle link, its phone and the out-of-band switch none.
func TestLabWithoutLinks(t *testing.T) {
	lab, err := filepath.Abs("../fixtures/lab")
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(lab, "inventory.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	withLinks := auditText(t, string(text), lab)
	before, _, ok := strings.Cut(string(text), "\nlinks:\n")
	if !ok {
		t.Fatal("the lab's inventory has no links: block")
	}
	// The inventory moves to a temporary folder: its paths now point back.
	before = strings.ReplaceAll(before, "snapshot: snapshot", "snapshot: "+filepath.Join(lab, "snapshot"))
	before = strings.ReplaceAll(before, "config: backups/", "config: "+filepath.Join(lab, "backups")+"/")
	withoutLinks := auditText(t, before+"\n", t.TempDir())

	summary := func(r auditSummary) string { return strings.Join(r.findings, "\n") }
	if summary(withLinks) != summary(withoutLinks) {
		t.Errorf("findings differ:\nwith links:\n%s\nwithout:\n%s", summary(withLinks), summary(withoutLinks))
	}
	want := []string{
		"acc1:Port-channel1 core1:Port-channel1 cdp",
		"acc2:GigabitEthernet1/0/49 core1:TenGigabitEthernet1/0/3 cdp",
		"leaf1:Ethernet1/49 core1:TenGigabitEthernet1/0/2 cdp",
	}
	if got := strings.Join(withoutLinks.links, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("links found:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if len(withoutLinks.outside) != 1 || withoutLinks.outside[0] != "dc1-oob-sw1 acc1 GigabitEthernet1/1/1" {
		t.Errorf("outside the inventory: %q", withoutLinks.outside)
	}
	// With the links declared, discovery confirms them: no mismatch, no
	// link twice.
	if len(withLinks.links) != 3 {
		t.Errorf("with links: %q", withLinks.links)
	}
}

type auditSummary struct{ findings, links, outside []string }

func auditText(t *testing.T, text, dir string) auditSummary {
	t.Helper()
	path := filepath.Join(dir, "inventory.yaml")
	if _, err := os.Stat(path); err != nil {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, err := inventory.Load(path, vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := Inventory(context.Background(), inv, Sources{})
	if err != nil {
		t.Fatal(err)
	}
	var s auditSummary
	for _, f := range res.Findings {
		s.findings = append(s.findings, fmt.Sprintf("%s %s %s: %s", f.Severity, f.Rule, f.Device, f.Message))
	}
	for _, l := range res.Links {
		s.links = append(s.links, fmt.Sprintf("%s:%s %s:%s %s", l.A.Device, l.A.Interface, l.B.Device, l.B.Interface, l.Source))
	}
	for _, o := range res.Outside {
		s.outside = append(s.outside, fmt.Sprintf("%s %s %s", o.Name, o.Device, o.LocalPort))
	}
	return s
}
