package openconfig

import (
	"bytes"
	"fmt"
	"maps"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
)

const (
	fIfaces = "gnmi_interfaces.json"
	fVLANs  = "gnmi_network-instances_network-instance_name_default_vlans.json"
	fACL    = "gnmi_acl.json"
	fIGMP   = "gnmi_network-instances_network-instance_name_default_protocols_protocol_identifier_IGMP_name_IGMP_igmp_interfaces.json"
	fLLDP   = "gnmi_lldp_interfaces.json"
)

func TestFixtureNames(t *testing.T) {
	var got []string
	for _, c := range Paths("") {
		got = append(got, snapshot.FileName(c))
	}
	if want := []string{fIfaces, fVLANs, fACL, fIGMP, fLLDP}; !slices.Equal(got, want) {
		t.Errorf("file names %q, want %q", got, want)
	}
}

// TestFixturesCanonical keeps the testdata documents in the form the
// collector writes (go test -update rewrites them).
func TestFixturesCanonical(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/gnmi_*.json")
	if len(files) == 0 {
		t.Fatal("no testdata documents")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := gnmidoc.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		canon, err := gnmidoc.Encode(doc)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if bytes.Equal(canon, data) {
			continue
		}
		if *update {
			if err := os.WriteFile(f, canon, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s is not in canonical form; run go test -update", f)
	}
}

func TestParseOC1(t *testing.T) {
	d, files := parseFixture(t, "oc1")
	checkRefs(t, files, d)
	ifs, vls, acl, igmp := files[fIfaces], files[fVLANs], files[fACL], files[fIGMP]

	var names []string
	for _, ifc := range d.Interfaces {
		names = append(names, ifc.Name)
	}
	if want := []string{"Ethernet1", "Ethernet2", "Ethernet49", "Ethernet50", "Ethernet51", "Ethernet52", "Port-channel10", "Vlan100", "Vlan10"}; !slices.Equal(names, want) {
		t.Fatalf("interfaces %q, want %q", names, want)
	}

	e1 := d.Interface("Ethernet1")
	wantRef(t, "Ethernet1", &e1.Ref, fIfaces, lineOf(t, ifs, `"name": "Ethernet1"`, `"name": "Ethernet1"`))
	if e1.Ref.Text != `            "name": "Ethernet1",` {
		t.Errorf("Ethernet1 ref text %q", e1.Ref.Text)
	}
	if !e1.IsL2() || e1.Shutdown || e1.Mode != model.ModeAccess || e1.AccessVLAN != 100 || e1.Description != "eft1" {
		t.Errorf("Ethernet1: %+v", e1)
	}
	wantRef(t, "Ethernet1 mode", e1.ModeRef, fIfaces, lineOf(t, ifs, `"name": "Ethernet1"`, `"interface-mode": "ACCESS"`))
	wantRef(t, "Ethernet1 access", e1.AccessRef, fIfaces, lineOf(t, ifs, `"name": "Ethernet1"`, `"access-vlan": 100`))
	wantRef(t, "Ethernet1 enabled", e1.ShutdownRef, fIfaces, lineOf(t, ifs, `"description": "eft1"`, `"enabled": true`))
	if e1.PortACLIn == nil || e1.PortACLIn.ACL != "PGM-GUARD" || e1.RouterACLIn != nil || e1.PortACLOut != nil {
		t.Fatalf("Ethernet1 bindings: in %+v out %+v router %+v", e1.PortACLIn, e1.PortACLOut, e1.RouterACLIn)
	}
	wantRef(t, "Ethernet1 binding", &e1.PortACLIn.Ref, fACL, lineOf(t, acl, `"id": "Ethernet1"`, `"ingress-acl-set"`, `"set-name": "PGM-GUARD"`, `"set-name": "PGM-GUARD"`))

	e2 := d.Interface("Ethernet2")
	if !e2.Shutdown || e2.Mode != model.ModeAccess || e2.AccessVLAN != 10 {
		t.Errorf("Ethernet2: shutdown %v mode %v access %d", e2.Shutdown, e2.Mode, e2.AccessVLAN)
	}
	wantRef(t, "Ethernet2 enabled", e2.ShutdownRef, fIfaces, lineOf(t, ifs, `"description": "spare"`, `"enabled": false`))

	po := d.Interface("Port-channel10")
	for _, m := range []string{"Ethernet49", "Ethernet50"} {
		ifc := d.Interface(m)
		if ifc.Bundle != "Port-channel10" || d.BundleOf(ifc) != po {
			t.Errorf("%s: bundle %q, %v", m, ifc.Bundle, d.BundleOf(ifc))
		}
		wantRef(t, m+" aggregate-id", ifc.BundleRef, fIfaces, lineOf(t, ifs, `"name": "`+m+`"`, `aggregate-id": "Port-channel10"`))
	}
	if po.Mode != model.ModeTrunk || po.Allowed.String() != "10,100-110,200" || po.NativeVLAN != 1 || !po.IsL2() {
		t.Errorf("Port-channel10: mode %v allowed %s native %d", po.Mode, po.Allowed.String(), po.NativeVLAN)
	}
	if len(po.AllowedRefs) != 3 {
		t.Fatalf("Port-channel10 allowed refs %+v", po.AllowedRefs)
	}
	wantRef(t, "trunk 10", &po.AllowedRefs[0], fIfaces, lineOf(t, ifs, `"name": "Port-channel10"`, `"trunk-vlans"`, `10,`))
	wantRef(t, "trunk 100..110", &po.AllowedRefs[1], fIfaces, lineOf(t, ifs, `"name": "Port-channel10"`, `"100..110"`))
	wantRef(t, "trunk 200", &po.AllowedRefs[2], fIfaces, lineOf(t, ifs, `"name": "Port-channel10"`, `"100..110"`, `200`))
	if ms := d.Members(po); len(ms) != 2 {
		t.Errorf("Port-channel10 members %d, want 2", len(ms))
	}

	e51 := d.Interface("Ethernet51")
	if e51.Mode != model.ModeTrunk || e51.Allowed.String() != "1-4094" || e51.PortACLIn != nil {
		t.Errorf("Ethernet51 (trunk without trunk-vlans; IPv6 ACL only): mode %v allowed %s acl %+v", e51.Mode, e51.Allowed.String(), e51.PortACLIn)
	}

	e52 := d.Interface("Ethernet52")
	if !e52.Routed || !slices.Equal(e52.IPv4, []netip.Prefix{netip.MustParsePrefix("192.0.2.1/31")}) {
		t.Errorf("Ethernet52: routed %v %v", e52.Routed, e52.IPv4)
	}
	wantRef(t, "Ethernet52 routed", e52.RoutedRef, fIfaces, lineOf(t, ifs, `"name": "Ethernet52"`, `"ip": "192.0.2.1"`, `"ip": "192.0.2.1"`))

	v100 := d.SVI(100)
	if v100 == nil || v100.Name != "Vlan100" || !v100.Routed || v100.Shutdown || v100.IGMPVer != 2 ||
		!slices.Equal(v100.IPv4, []netip.Prefix{netip.MustParsePrefix("10.10.100.2/24")}) {
		t.Fatalf("Vlan100: %+v", v100)
	}
	wantRef(t, "Vlan100 IGMP", v100.IGMPEnabled, fIGMP, lineOf(t, igmp, `"enabled": true`))
	wantRef(t, "Vlan100 IGMP version", v100.IGMPVerRef, fIGMP, lineOf(t, igmp, `"enabled": true`, `"version": 2`))
	if v100.RouterACLOut == nil || v100.RouterACLOut.ACL != "EDGE-OK" || v100.PortACLOut != nil {
		t.Errorf("Vlan100 bindings: router out %+v port out %+v", v100.RouterACLOut, v100.PortACLOut)
	}
	if v10 := d.SVI(10); v10 == nil || v10.IGMPEnabled != nil || v10.IGMPVer != 0 {
		t.Errorf("Vlan10 (IGMP disabled): %+v", v10)
	}

	if d.VLANSource.Elsewhere || len(d.VLANs) != 3 {
		t.Fatalf("VLANs (source %+v): %v", d.VLANSource, d.VLANs)
	}
	if v := d.VLANs[100]; v.Name != "EFT-HA" || v.Suspended != nil {
		t.Errorf("VLAN 100: %+v", v)
	}
	wantRef(t, "VLAN 100", &d.VLANs[100].Ref, fVLANs, lineOf(t, vls, `"vlan-id": 100`, `"vlan-id": 100`))
	wantRef(t, "VLAN 100 name", d.VLANs[100].NameRef, fVLANs, lineOf(t, vls, `"name": "EFT-HA"`))
	wantRef(t, "VLAN 200 suspended", d.VLANs[200].Suspended, fVLANs, lineOf(t, vls, `"status": "SUSPENDED"`))
	if st := d.VLANStatus(300); st.Presence != model.VLANAbsent {
		t.Errorf("VLAN 300: %v", st)
	}

	guard := d.ACLs["PGM-GUARD"]
	if guard == nil || len(guard.Entries) != 2 {
		t.Fatalf("PGM-GUARD: %+v", guard)
	}
	wantRef(t, "PGM-GUARD", &guard.Ref, fACL, lineOf(t, acl, `"openconfig-acl:name": "PGM-GUARD"`))
	drop, accept := guard.Entries[0], guard.Entries[1]
	if drop.Seq != 10 || drop.Action != model.Deny || drop.Proto != (model.Proto{Num: 113}) ||
		drop.Src.Prefix != netip.MustParsePrefix("10.10.100.0/24") || drop.Dst.Prefix != netip.MustParsePrefix("239.192.10.10/32") ||
		drop.Unparsed != "" || drop.Condition != "" {
		t.Errorf("PGM-GUARD 10: %+v", drop)
	}
	wantRef(t, "PGM-GUARD 10", &drop.Ref, fACL, lineOf(t, acl, `"forwarding-action": "openconfig-acl:DROP"`))
	if accept.Seq != 20 || accept.Action != model.Permit || !accept.Proto.Any || !accept.Src.Any || !accept.Dst.Any {
		t.Errorf("PGM-GUARD 20: %+v", accept)
	}

	edge := d.ACLs["EDGE-OK"]
	if edge == nil || len(edge.Entries) != 6 {
		t.Fatalf("EDGE-OK: %+v", edge)
	}
	type aceWant struct {
		seq       int
		action    model.Action
		proto     model.Proto
		unparsed  string // substring
		condition string
	}
	for i, w := range []aceWant{
		{10, model.Permit, model.Proto{Num: 17}, "", ""},
		{20, model.Deny, model.Proto{Num: 103}, "", ""}, // IP_PIM is PIM, not PGM
		{30, model.Deny, model.Proto{}, `protocol "IP_BOGUS"`, ""},
		{40, model.Deny, model.Proto{Num: 113}, "", "dscp"},
		{50, model.Permit, model.Proto{Num: 113}, "", ""},
		{60, model.Permit, model.Proto{Any: true}, "", "transport destination-port"},
	} {
		e := edge.Entries[i]
		if e.Seq != w.seq || e.Action != w.action || e.Proto != w.proto || e.Condition != w.condition ||
			(w.unparsed == "") != (e.Unparsed == "") || !strings.Contains(e.Unparsed, w.unparsed) {
			t.Errorf("EDGE-OK entry %d: %+v, want %+v", i, e, w)
		}
	}
	if d.ACLs["V6-ONLY"] != nil {
		t.Error("an IPv6 ACL binding made an ACL")
	}
	if d.SnoopingUnknown != SnoopingUnknownOpenConfig {
		t.Errorf("SnoopingUnknown %q", d.SnoopingUnknown)
	}
}

// doc builds a recorded document by hand.
func doc(t testing.TB, path string, updates ...gnmidoc.Update) []byte {
	t.Helper()
	for i, u := range updates {
		if s, ok := u.Value.(string); ok {
			updates[i].Value = []byte(s)
		}
	}
	b, err := gnmidoc.Encode(&gnmidoc.Document{Path: path, Timestamp: 1, Updates: updates})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// summary is what TestAnswerForms compares: the facts, not their lines.
func summary(d *model.Device) []string {
	var out []string
	for _, ifc := range d.Interfaces {
		out = append(out, fmt.Sprintf("%s|%s|%s|%d|%s|%v", ifc.Name, ifc.Mode, ifc.Allowed.String(), ifc.AccessVLAN, ifc.Bundle, ifc.Routed))
	}
	for _, id := range slices.Sorted(maps.Keys(d.VLANs)) {
		out = append(out, d.VLANs[id].Name)
	}
	return out
}

// TestAnswerForms: a device may answer a Get at any depth, wrapped or
// not, with module prefixes or without; all give the same model.
func TestAnswerForms(t *testing.T) {
	entries := `[{"name":"Ethernet1","config":{"name":"Ethernet1"},"openconfig-if-ethernet:ethernet":{"openconfig-vlan:switched-vlan":{"config":{"interface-mode":"ACCESS","access-vlan":100}}}},
	             {"name":"Ethernet2","config":{"name":"Ethernet2"},"ethernet":{"switched-vlan":{"config":{"interface-mode":"TRUNK","trunk-vlans":["100..102"]}}}}]`
	forms := map[string][]byte{
		"container contents": doc(t, "/interfaces", gnmidoc.Update{Path: "/interfaces", Value: `{"openconfig-interfaces:interface":` + entries + `}`}),
		"wrapped container":  doc(t, "/interfaces", gnmidoc.Update{Path: "/interfaces", Value: `{"openconfig-interfaces:interfaces":{"interface":` + entries + `}}`}),
		"whole tree":         doc(t, "/interfaces", gnmidoc.Update{Path: "/", Value: `{"openconfig-interfaces:interfaces":{"interface":` + entries + `}}`}),
		"origin and module-qualified path": doc(t, "openconfig:/interfaces",
			gnmidoc.Update{Path: "openconfig:/openconfig-interfaces:interfaces", Value: `{"interface":` + entries + `}`}),
		"one entry per update": doc(t, "/interfaces",
			gnmidoc.Update{Path: "/interfaces/interface[name=Ethernet1]", Value: `{"config":{"name":"Ethernet1"},"ethernet":{"switched-vlan":{"config":{"interface-mode":"ACCESS","access-vlan":100}}}}`},
			gnmidoc.Update{Path: "/interfaces/interface[name=Ethernet2]", Value: `{"openconfig-interfaces:interface":[{"name":"Ethernet2","ethernet":{"switched-vlan":{"config":{"interface-mode":"TRUNK","trunk-vlans":["100..102"]}}}}]}`}),
		"one leaf per update": doc(t, "/interfaces",
			gnmidoc.Update{Path: "/interfaces/interface[name=Ethernet1]/ethernet/switched-vlan/config/interface-mode", Value: `"ACCESS"`},
			gnmidoc.Update{Path: "/interfaces/interface[name=Ethernet1]/ethernet/switched-vlan/config/access-vlan", Value: `100`},
			gnmidoc.Update{Path: "/interfaces/interface[name=Ethernet2]/ethernet/switched-vlan/config", Value: `{"interface-mode":"TRUNK","trunk-vlans":["100..102"]}`}),
	}
	var want []string
	for name, data := range forms {
		d := model.NewDevice("x", OpenConfig)
		if err := Parse(d, "f.json", data, Options{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkRefs(t, map[string][]byte{"f.json": data}, d)
		e1, e2 := d.Interface("Ethernet1"), d.Interface("Ethernet2")
		if e1 == nil || e2 == nil || e1.Mode != model.ModeAccess || e1.AccessVLAN != 100 || e2.Mode != model.ModeTrunk || e2.Allowed.String() != "100-102" {
			t.Errorf("%s: %q", name, summary(d))
			continue
		}
		if want == nil {
			want = summary(d)
		} else if got := summary(d); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
		// The leaf forms cite the value's own line.
		if !strings.Contains(e1.AccessRef.Text, "100") {
			t.Errorf("%s: access-vlan ref %q", name, e1.AccessRef.Text)
		}
	}
}

// TestRawTree: a JSON_IETF tree that is not a recorded document is read
// as a Get of "/" (a saved file of an OpenConfig switch).
func TestRawTree(t *testing.T) {
	data := []byte(`{"openconfig-network-instance:network-instances": {"network-instance": [
  {"name": "DEFAULT", "vlans": {"vlan": [{"vlan-id": "100", "config": {"name": "EFT-HA"}}]}}]}}`)
	d := model.NewDevice("x", OpenConfig)
	if err := ParseOutput(d, ConfigCommand, "saved.json", data); err != nil {
		t.Fatal(err)
	}
	if v := d.VLANs[100]; v == nil || v.Name != "EFT-HA" || v.Ref.Line != 2 {
		t.Fatalf("VLANs: %+v", d.VLANs)
	}
}

func TestParseErrors(t *testing.T) {
	for name, c := range map[string]struct {
		data string
		want string
	}{
		"not JSON":      {`{"path": "/interfaces", "updates": [`, "f.json: not valid JSON"},
		"trailing data": {"{}\n{}", "f.json line 2: not valid JSON"},
		"not an object": {`[1]`, "want a JSON object"},
		"bad trunk": {string(doc(t, "/interfaces", gnmidoc.Update{Path: "/interfaces/interface[name=E1]/ethernet/switched-vlan/config",
			Value: `{"interface-mode":"TRUNK","trunk-vlans":["20..10"]}`})), `f.json line 10: trunk VLANs "20..10"`},
		"bad VLAN": {string(doc(t, "/vlans", gnmidoc.Update{Path: "/network-instances/network-instance[name=default]/vlans/vlan[vlan-id=5000]",
			Value: `{"config":{"name":"X"}}`})), `vlan-id "5000" is not a VLAN ID`},
		"bad mode": {string(doc(t, "/interfaces", gnmidoc.Update{Path: "/interfaces/interface[name=E1]/ethernet/switched-vlan/config/interface-mode",
			Value: `"HYBRID"`})), `interface-mode "HYBRID"`},
		"bad path": {`{"path": "/x", "updates": [{"path": "/a[b=c", "value": 1}]}`, `bad path "/a[b=c"`},
	} {
		d := model.NewDevice("x", OpenConfig)
		err := Parse(d, "f.json", []byte(c.data), Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", name, err, c.want)
		}
	}
}

func TestCanonicalNames(t *testing.T) {
	data := doc(t, "/interfaces", gnmidoc.Update{Path: "/interfaces", Value: `{"interface":[{"name":"eth1/1","ethernet":{"config":{"aggregate-id":"po10"}}},{"name":"po10"}]}`})
	d := model.NewDevice("x", "cisco_nxos")
	canon := map[string]string{"eth1/1": "Ethernet1/1", "po10": "port-channel10"}
	if err := Parse(d, "f.json", data, Options{Canonical: func(s string) string { return canon[s] }}); err != nil {
		t.Fatal(err)
	}
	e := d.Interface("Ethernet1/1")
	if e == nil || d.BundleOf(e) != d.Interface("port-channel10") || d.BundleOf(e) == nil {
		t.Fatalf("interfaces: %v", summary(d))
	}
}

// TestParseLLDP: openconfig-lldp's neighbors, a switch by its interface
// name and a phone by its MAC address, each cited at its id.
func TestParseLLDP(t *testing.T) {
	d, files := parseFixture(t, "oc1")
	if len(d.Neighbors) != 2 {
		t.Fatalf("neighbors: %+v", d.Neighbors)
	}
	sw, ph := d.Neighbors[0], d.Neighbors[1]
	if sw.LocalPort != "Ethernet49" || sw.Name != "core9.example.net" || sw.Port != "Ethernet1/1" || sw.PortIsMAC || !sw.Bridges() ||
		sw.Address.String() != "192.0.2.9" || sw.Ref.File != fLLDP || sw.Ref.Line != lineOf(t, files[fLLDP], `"id": "1"`) {
		t.Errorf("the switch: %+v", sw)
	}
	if !ph.PortIsMAC || !ph.Edge() {
		t.Errorf("the phone: %+v", ph)
	}
}
