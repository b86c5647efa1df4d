package cisco

import (
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// Nexus 1000V: ports take their lines from port-profiles; a profile is
// read as the interface "port-profile NAME"; an interface's own lines win.
func TestParseN1KVPortProfiles(t *testing.T) {
	text := cfg(
		"!Command: show running-config",       // 1
		"hostname n1kv",                       // 2
		"vlan 1,100",                          // 3
		"port-profile default max-ports 32",   // 4
		"port-profile type ethernet UPLINK",   // 5
		"  vmware port-group",                 // 6
		"  switchport mode trunk",             // 7
		"  switchport trunk allowed vlan 100", // 8
		"  channel-group auto mode on mac-pinning",
		"  no shutdown",                       // 10
		"  system vlan 100",                   // 11
		"  state enabled",                     // 12
		"port-profile type vethernet EFT-HA",  // 13
		"  switchport mode access",            // 14
		"  switchport access vlan 100",        // 15
		"  no shutdown",                       // 16
		"port-profile type vethernet EFT-OLD", // 17
		"  inherit port-profile EFT-HA",       // 18
		"  shutdown",                          // 19
		"interface Ethernet3/1",               // 20
		"  inherit port-profile UPLINK",       // 21
		"interface Vethernet3",                // 22
		"  inherit port-profile EFT-HA",       // 23
		"interface Vethernet4",                // 24
		"  inherit port-profile EFT-HA",       // 25
		"  switchport access vlan 1",          // 26
		"interface Vethernet5",                // 27
		"  inherit port-profile EFT-OLD",      // 28
		"interface Vethernet6",                // 29
		"  inherit port-profile GONE",         // 30
	)
	d := model.NewDevice("n1kv", N1KV)
	if err := ParseConfig(d, cfgFile, []byte(text)); err != nil {
		t.Fatal(err)
	}
	up := d.Interface("Ethernet3/1")
	if up == nil || up.Routed || up.Mode != model.ModeTrunk || up.Allowed.Has(1) || !up.Allowed.Has(100) ||
		len(up.AllowedRefs) != 1 || up.AllowedRefs[0].Line != 8 || up.Profile != "port-profile UPLINK" || up.Bundle != "" {
		t.Errorf("uplink %+v", up)
	}
	v3 := d.Interface("Vethernet3")
	if v3 == nil || v3.Mode != model.ModeAccess || v3.AccessVLAN != 100 || v3.AccessRef.Line != 15 || v3.Shutdown || v3.ShutdownRef.Line != 16 {
		t.Errorf("Vethernet3 %+v", v3)
	}
	if v4 := d.Interface("Vethernet4"); v4.AccessVLAN != 1 || v4.AccessRef.Line != 26 {
		t.Errorf("Vethernet4's own line should win: %+v", v4)
	}
	// A profile of a profile: EFT-OLD takes EFT-HA's VLAN, and is shut.
	if v5 := d.Interface("Vethernet5"); v5.AccessVLAN != 100 || !v5.Shutdown || v5.ShutdownRef.Line != 19 {
		t.Errorf("Vethernet5 %+v", v5)
	}
	if p := d.Interface("port-profile EFT-HA"); p == nil || p.Ref.Line != 13 || p.Ref.Text != "port-profile type vethernet EFT-HA" || p.AccessVLAN != 100 {
		t.Errorf("profile %+v", p)
	}
	if d.Interface("port-profile default") != nil {
		t.Error("\"port-profile default max-ports\" read as a profile")
	}
	if len(d.Unparsed) != 1 || d.Unparsed[0].Ref.Line != 30 || !strings.Contains(d.Unparsed[0].Why, "inherits port-profile GONE, which the configuration does not define") {
		t.Errorf("unparsed %+v", d.Unparsed)
	}
	if d.Defaults.NoQuerier == "" || !d.Defaults.SnoopingOn {
		t.Errorf("defaults %+v", d.Defaults)
	}
}

// NX-OS vPC: the pair needs queries 8 s apart at least (CSCvc48358); the
// SVI's query interval is read.
func TestParseNXOSVPCAndQueryInterval(t *testing.T) {
	d := model.NewDevice("n5k", NXOS)
	text := cfg("!Command: show running-config", "hostname n5k", "feature vpc", "vpc domain 10",
		"  peer-keepalive destination 192.0.2.2", "interface Vlan100", "  ip igmp query-interval 5", "interface Ethernet1/1")
	if err := ParseConfig(d, cfgFile, []byte(text)); err != nil {
		t.Fatal(err)
	}
	if d.QuerySync == nil || d.QuerySync.Ref.Line != 4 || d.QuerySync.Min.Seconds() != 8 || !strings.Contains(d.QuerySync.Why, "CSCvc48358") {
		t.Errorf("query sync %+v", d.QuerySync)
	}
	if s := d.Interface("Vlan100"); s.IGMPQueryInterval.Seconds() != 5 || s.IGMPQueryIntervalRef.Line != 7 {
		t.Errorf("SVI %+v", s)
	}
}
