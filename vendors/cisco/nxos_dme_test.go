package cisco

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

func gnmiDoc(t testing.TB, path string, updates ...gnmidoc.Update) []byte {
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

// nthLine returns the 1-based number of the first line containing want
// after the first line containing each of after, in turn.
func nthLine(t testing.TB, data []byte, steps ...string) int {
	t.Helper()
	lines := strings.Split(string(data), "\n")
	i := 0
	for k, s := range steps {
		for ; i < len(lines) && !strings.Contains(lines[i], s); i++ {
		}
		if i == len(lines) {
			t.Fatalf("no line containing %q", s)
		}
		if k < len(steps)-1 {
			i++
		}
	}
	return i + 1
}

func checkDMERefs(t testing.TB, files map[string][]byte, d *model.Device) {
	t.Helper()
	check := func(r *model.Ref) {
		if r == nil {
			return
		}
		lines := strings.Split(string(files[r.File]), "\n")
		if r.Line < 1 || r.Line > len(lines) || lines[r.Line-1] != r.Text {
			t.Errorf("ref %s:%d %q does not quote its line", r.File, r.Line, r.Text)
		}
	}
	check(d.Snooping.Disabled)
	for _, s := range d.Snooping.VLANs {
		check(s.Disabled)
		check(s.Querier.Enabled)
		check(s.Querier.AddressRef)
		check(s.Querier.VersionRef)
	}
	for _, o := range d.Oper.Snooping {
		if o.Querier != nil {
			check(&o.Querier.Ref)
		}
	}
}

const dmeVLANItems = `{"Cisco-NX-OS-device:vlan-items": {"Vlan-list": [
  {"vlanid": "vlan100", "igmpsnbase-items": {"igmpsnoop": true},
   "querierp-items": {"addr": "10.10.100.5", "ver": "v2", "queryintvl": 125},
   "querierst-items": {"addr": "10.10.100.5", "ver": "v2", "if": "Vlan100"}},
  {"vlanid": "200", "igmpsnbase-items": {"igmpsnoop": "disabled"}, "querierp-items": {"addr": "0.0.0.0", "ver": "v3"},
   "querierst-items": {"addr": "0.0.0.0"}},
  {"vlanid": "vlan-300", "querierp-items": {"addr": "10.0.0.1", "ver": "v1"}}
]}}`

func TestGNMIPaths(t *testing.T) {
	nx := Commands(NXOS, "gnmi")
	want := []string{
		"gnmi:openconfig:/interfaces",
		"gnmi:openconfig:/network-instances/network-instance[name=default]/vlans",
		"gnmi:openconfig:/acl",
		"gnmi:openconfig:/network-instances/network-instance[name=default]/protocols/protocol[identifier=IGMP][name=IGMP]/igmp/interfaces",
		"gnmi:openconfig:/lldp/interfaces",
		"gnmi:device:/System/igmpsnoop-items/inst-items/dom-items/gl-items/igmpsnbase-items",
		"gnmi:device:/System/igmpsnoop-items/inst-items/dom-items/vlan-items",
	}
	if !slices.Equal(nx, want) {
		t.Errorf("NX-OS gNMI paths:\n%q\nwant\n%q", nx, want)
	}
	for _, p := range []string{IOS, IOSXE} {
		got := Commands(p, "gnmi")
		if !slices.Equal(got, openconfig.Paths("")) || got[0] != "gnmi:/interfaces" {
			t.Errorf("%s gNMI paths %q", p, got)
		}
	}
	if Commands(NXOS, "ssh")[0] != "show running-config" {
		t.Error("SSH commands changed")
	}
}

// TestNXOSGNMI parses an NX-OS device as recorded over gNMI: OpenConfig
// with NX-OS's short interface names, then the DME snooping trees.
func TestNXOSGNMI(t *testing.T) {
	cmds := Commands(NXOS, "gnmi")
	ifaces := gnmiDoc(t, "openconfig:/interfaces", gnmidoc.Update{Path: "openconfig:/interfaces", Value: `{"openconfig-interfaces:interface": [
	  {"name": "eth1/10", "config": {"name": "eth1/10", "enabled": true},
	   "ethernet": {"switched-vlan": {"config": {"interface-mode": "ACCESS", "access-vlan": 100}}}},
	  {"name": "eth1/49", "ethernet": {"config": {"aggregate-id": "po10"}}},
	  {"name": "po10", "aggregation": {"switched-vlan": {"config": {"interface-mode": "TRUNK", "trunk-vlans": ["1..4094"]}}}},
	  {"name": "vlan100", "config": {"name": "vlan100", "enabled": true}}]}`})
	global := gnmiDoc(t, "device:"+DMESnoopingGlobal, gnmidoc.Update{Path: "device:" + DMESnoopingGlobal,
		Value: `{"igmpsnoop": false, "reportsuppr": true, "v3reportsuppr": false}`})
	vlans := gnmiDoc(t, "device:"+DMESnoopingVLANs, gnmidoc.Update{Path: "device:" + DMESnoopingVLANs, Value: dmeVLANItems})
	files := map[string][]byte{
		snapshot.FileName(cmds[0]): ifaces,
		snapshot.FileName(cmds[5]): global,
		snapshot.FileName(cmds[6]): vlans,
	}
	d := model.NewDevice("leaf1", NXOS)
	for _, c := range []string{cmds[0], cmds[5], cmds[6]} {
		if err := ParseOutput(d, c, snapshot.FileName(c), files[snapshot.FileName(c)]); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if c == cmds[0] && d.SnoopingUnknown == "" {
			t.Error("OpenConfig alone left the snooping state known")
		}
	}
	checkDMERefs(t, files, d)
	if d.SnoopingUnknown != "" {
		t.Errorf("SnoopingUnknown %q after the DME was read", d.SnoopingUnknown)
	}
	var names []string
	for _, ifc := range d.Interfaces {
		names = append(names, ifc.Name)
	}
	if want := []string{"Ethernet1/10", "Ethernet1/49", "port-channel10", "Vlan100"}; !slices.Equal(names, want) {
		t.Errorf("interfaces %q, want %q", names, want)
	}
	if b := d.BundleOf(d.Interface("Ethernet1/49")); b == nil || b.Name != "port-channel10" {
		t.Errorf("Ethernet1/49 bundle %v", b)
	}
	if d.SVI(100) == nil || d.Defaults.QuerierAddressFallback || !d.Defaults.SnoopingOn {
		t.Errorf("SVI %v defaults %+v", d.SVI(100), d.Defaults)
	}

	gf := snapshot.FileName(cmds[5])
	if d.Snooping.Disabled == nil || d.Snooping.Disabled.File != gf || d.Snooping.Disabled.Line != nthLine(t, global, `"igmpsnoop": false`) {
		t.Errorf("global snooping: %+v", d.Snooping.Disabled)
	}
	vf := snapshot.FileName(cmds[6])
	v100 := d.Snooping.VLANs[100]
	if v100 == nil || v100.Disabled != nil || v100.Querier.Enabled == nil || v100.Querier.Address != netip.MustParseAddr("10.10.100.5") || v100.Querier.Version != 2 {
		t.Fatalf("VLAN 100: %+v", v100)
	}
	if r := v100.Querier.AddressRef; r.File != vf || r.Line != nthLine(t, vlans, `"querierp-items"`, `"addr": "10.10.100.5"`) {
		t.Errorf("VLAN 100 querier address ref %+v", r)
	}
	o := d.Oper.Snooping[100]
	if o == nil || o.Querier == nil || o.Querier.Address != netip.MustParseAddr("10.10.100.5") || o.Querier.Port != "Vlan100" || o.Querier.Version != 2 {
		t.Fatalf("VLAN 100 oper: %+v", o)
	}
	if o.Querier.Ref.Line != nthLine(t, vlans, `"querierst-items"`, `"addr": "10.10.100.5"`) {
		t.Errorf("VLAN 100 oper querier ref %+v", o.Querier.Ref)
	}
	v200 := d.Snooping.VLANs[200]
	if v200 == nil || v200.Disabled == nil || v200.Disabled.Line != nthLine(t, vlans, `"igmpsnoop": "disabled"`) || v200.Querier.Enabled != nil {
		t.Errorf("VLAN 200 (snooping off, querier 0.0.0.0): %+v", v200)
	}
	if d.Oper.Snooping[200] != nil {
		t.Errorf("VLAN 200: querier state 0.0.0.0 read as a querier")
	}
	if v300 := d.Snooping.VLANs[300]; v300 == nil || v300.Querier.Version != 1 || v300.Querier.Address != netip.MustParseAddr("10.0.0.1") {
		t.Errorf("VLAN 300 (vlanid \"vlan-300\"): %+v", v300)
	}
}

func TestDMEOnlyOrEmpty(t *testing.T) {
	// OpenConfig only: snooping unknown.
	d := model.NewDevice("x", IOSXE)
	data := gnmiDoc(t, "/interfaces", gnmidoc.Update{Path: "/interfaces", Value: `{"interface": [{"name": "GigabitEthernet1/0/1"}]}`})
	if err := ParseOutput(d, "gnmi:/interfaces", "gnmi_interfaces.json", data); err != nil {
		t.Fatal(err)
	}
	if d.SnoopingUnknown != openconfig.SnoopingUnknownOpenConfig || !d.Defaults.QuerierAddressFallback {
		t.Errorf("IOS-XE over OpenConfig: unknown %q defaults %+v", d.SnoopingUnknown, d.Defaults)
	}
	// A DME document without the snooping tree proves nothing.
	empty := gnmiDoc(t, "device:"+DMESnoopingVLANs)
	d = model.NewDevice("x", NXOS)
	d.SnoopingUnknown = openconfig.SnoopingUnknownOpenConfig
	if err := ParseOutput(d, "gnmi:device:"+DMESnoopingVLANs, "f.json", empty); err != nil {
		t.Fatal(err)
	}
	if d.SnoopingUnknown == "" {
		t.Error("an empty DME answer made the snooping state known")
	}
	// A per-VLAN update at the list entry, vlanid as a bare number.
	one := gnmiDoc(t, "device:"+DMESnoopingVLANs, gnmidoc.Update{Path: "device:" + DMESnoopingVLANs + "/Vlan-list[vlanid=100]/querierp-items",
		Value: `{"addr": "10.1.1.1", "ver": "v3"}`})
	if err := ParseOutput(d, "gnmi:device:"+DMESnoopingVLANs, "f.json", one); err != nil {
		t.Fatal(err)
	}
	if q := d.Snooping.VLANs[100]; d.SnoopingUnknown != "" || q == nil || q.Querier.Address != netip.MustParseAddr("10.1.1.1") || q.Querier.Version != 3 {
		t.Errorf("per-entry update: unknown %q, %+v", d.SnoopingUnknown, q)
	}
}

func TestDMEErrors(t *testing.T) {
	for name, c := range map[string]struct{ value, want string }{
		"bad vlanid":  {`{"Vlan-list": [{"vlanid": "vlanX"}]}`, `vlanid "vlanX" is not a VLAN`},
		"bad bool":    {`{"Vlan-list": [{"vlanid": "1", "igmpsnbase-items": {"igmpsnoop": "maybe"}}]}`, `igmpsnoop "maybe"`},
		"bad address": {`{"Vlan-list": [{"vlanid": "1", "querierp-items": {"addr": "10.1"}}]}`, `querier address "10.1"`},
		"bad version": {`{"Vlan-list": [{"vlanid": "1", "querierp-items": {"ver": "v9"}}]}`, `querier version "v9"`},
	} {
		data := gnmiDoc(t, "device:"+DMESnoopingVLANs, gnmidoc.Update{Path: "device:" + DMESnoopingVLANs, Value: c.value})
		err := ParseNXOSDME(model.NewDevice("x", NXOS), "f.json", data)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "f.json line ") {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

// FuzzParseNXOSDME: no input panics, and what is read cites its lines.
func FuzzParseNXOSDME(f *testing.F) {
	f.Add(gnmiDoc(f, "device:"+DMESnoopingVLANs, gnmidoc.Update{Path: "device:" + DMESnoopingVLANs, Value: dmeVLANItems}))
	f.Add(gnmiDoc(f, "device:"+DMESnoopingGlobal, gnmidoc.Update{Path: "device:" + DMESnoopingGlobal, Value: `{"igmpsnbase-items": {"igmpsnoop": false}}`}))
	f.Add([]byte(`{"System":{"igmpsnoop-items":{"inst-items":{"dom-items":{"vlan-items":{"Vlan-list":{"vlanid":"vlan7","querierst-items":{"addr":"1.2.3.4","ver":"v1"}}}}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := model.NewDevice("fuzz", NXOS)
		if err := ParseNXOSDME(d, "f.json", data); err != nil {
			return
		}
		checkDMERefs(t, map[string][]byte{"f.json": data}, d)
		for v := range d.Snooping.VLANs {
			if v < 1 || v > model.MaxVLAN {
				t.Errorf("VLAN %d", v)
			}
		}
		for _, o := range d.Oper.Snooping {
			if o.Querier != nil && (o.Querier.Version < 1 || o.Querier.Version > 3) {
				t.Errorf("querier version %d", o.Querier.Version)
			}
		}
	})
}
