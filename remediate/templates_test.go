package remediate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/templates"
	"github.com/mcaudit/mcaudit/vendors"
)

// templateDataFor is what the planner hands each template, in both variants
// of its conditionals: remediate's own data types, so a template that
// reads a field the planner does not fill fails here.
// byName is set for a platform that refers to VLANs by name (and names
// ACL entries): the data then carries the names the planner gives it.
func templateDataFor(name string, variant int, ifc, svi string, byName bool) any {
	entries := []aclEntry{
		{Seq: 65, Src: "10.10.100.11/32", Dst: "239.192.10.10/32"},
		{Seq: 67, Src: "10.10.100.0/24", Dst: "224.0.0.0/4"},
	}
	one := variant == 1
	vname, prevName, term, before := "", "", "", ""
	if byName {
		vname, prevName, term = "EFT-HA", "USERS", "mcaudit-pgm"
		if !one {
			before = "deny-rest"
		}
	}
	switch name {
	case "vlan":
		if byName {
			// Junos VLANs are never suspended: the planner only creates.
			return vlanData{VLAN: 100 + variant, Name: "EFT-HA", Create: true}
		}
		return vlanData{VLAN: 100, Name: "EFT-HA", Create: !one, Activate: one}
	case "snooping-global":
		return switchWide{}
	case "snooping-vlan", "snooping-default":
		return vlanOnly{VLAN: 100, VLANName: vname}
	case "querier":
		return querierData{VLAN: 100, VLANName: vname, Address: "10.10.100.3", Enable: !one}
	case "igmp-version-svi":
		return versionData{Interface: svi, Previous: 1}
	case "querier-svi":
		return sviData{Interface: svi}
	case "querier-version":
		return querierVersionData{VLAN: 100, Global: one}
	case "acl-permit":
		if byName {
			return aclData{ACL: "EDGE-IN", Entries: entries[:1+variant], Term: term, Before: before}
		}
		return aclData{ACL: "EDGE-IN", Standard: one, Entries: entries}
	case "vlan-map-permit":
		return vlanMapData{Map: "GUARD", Seq: 5, ACL: "EDGE-IN", Entries: entries}
	case "trunk-add":
		return trunkData{Interface: ifc, VLAN: 100, VLANName: vname}
	case "access-port":
		d := accessData{Interface: ifc, VLAN: 100, VLANName: vname, SetMode: !one}
		if one {
			d.PrevVLAN, d.PrevMode, d.PrevVLANName = 20, model.ModeDynamicAuto, prevName
		}
		return d
	}
	return nil
}

// TestEveryTemplate renders every built-in template of every platform
// with the planner's data, through the same checks remediation applies,
// into a golden file per platform: a diff there is a change in what
// engineers will type.
func TestEveryTemplate(t *testing.T) {
	set := templates.Builtin()
	for _, platform := range vendors.Platforms() {
		names := set.Names(platform)
		if len(names) == 0 {
			continue
		}
		v, _ := vendors.Lookup(platform)
		r := v.(vendors.Remediator)
		// An aggregate and a VLAN interface, as the platform names them.
		pick := func(cs ...string) string {
			for _, c := range cs {
				if r.Token(platform, "interface", c) == nil {
					return c
				}
			}
			return ""
		}
		ifc, svi := pick("Port-channel1", "Port-Channel1", "ae1", "lag1"), pick("Vlan100", "vlan100", "irb.100")
		var b strings.Builder
		for _, name := range names {
			for variant := range 2 {
				namer, _ := v.(vendors.VLANNamer)
				data := templateDataFor(name, variant, ifc, svi, namer != nil && namer.VLANsByName(platform))
				if data == nil {
					t.Fatalf("%s/%s: the planner has no data for this template", platform, name)
				}
				fix, rollback, err := safeRender(context.Background(), set, platform, name, data, r.Token)
				if err != nil {
					t.Fatalf("%s/%s: %v", platform, name, err)
				}
				if len(fix) == 0 || len(rollback) == 0 {
					t.Errorf("%s/%s variant %d: empty fix or rollback", platform, name, variant)
				}
				fmt.Fprintf(&b, "=== %s variant %d\n! fix\n%s\n! rollback\n%s\n", name, variant, strings.Join(fix, "\n"), strings.Join(rollback, "\n"))
			}
		}
		path := filepath.Join("testdata", "templates", platform+".golden")
		if *update {
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), b.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", platform, diff)
		}
	}
}
