package juniper

import (
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/model/modeltest"
)

// FuzzParseConfig: whatever the input, in either form, the parser does
// not panic, an error names the file, and a device it reads cites only
// the input's own lines and holds to the model's invariants.
func FuzzParseConfig(f *testing.F) {
	for _, name := range []string{"acc3.conf", "acc3.set", "legacy.set"} {
		f.Add(string(readFile(f, name)))
	}
	f.Add("interfaces { interface-range R { member-range ge-0/0/0 to ge-0/0/3; unit 0 { family ethernet-switching; } } }\n")
	f.Fuzz(func(t *testing.T, in string) {
		dev := model.NewDevice("ex1", Junos)
		if err := ParseConfig(dev, "ex1.conf", []byte(in)); err != nil {
			if !strings.HasPrefix(err.Error(), "ex1.conf") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		modeltest.CheckRefs(t, "ex1.conf", []byte(in), dev)
		modeltest.CheckInvariants(t, dev)
	})
}

// FuzzApply: the lines a template writes, applied to any configuration
// that reads, give one that reads too, and their rollback gives back a
// configuration that audits as the original.
func FuzzApply(f *testing.F) {
	for _, name := range []string{"acc3.conf", "acc3.set", "legacy.set"} {
		f.Add(string(readFile(f, name)), "EFT-HA", "ge-0/0/0")
	}
	f.Fuzz(func(t *testing.T, in, vlan, port string) {
		var v Vendor
		if v.Token(Junos, "vlan-name", vlan) != nil || v.Token(Junos, "interface", port) != nil {
			return
		}
		orig := model.NewDevice("ex1", Junos)
		if ParseConfig(orig, "ex1.conf", []byte(in)) != nil || len(orig.Unparsed) > 0 {
			return
		}
		member := "set interfaces " + port + " unit 0 family ethernet-switching vlan members " + vlan
		change := []string{"set protocols igmp-snooping vlan " + vlan, member}
		rollback := []string{"delete interfaces " + port + " unit 0 family ethernet-switching vlan members " + vlan, "delete protocols igmp-snooping vlan " + vlan}
		mid, err := Apply([]byte(in), change)
		if err != nil {
			return // a line the configuration refuses, named: nothing to check
		}
		d := model.NewDevice("ex1", Junos)
		if err := ParseConfig(d, "predicted", mid); err != nil {
			t.Fatalf("the prediction does not read: %v\n%s", err, mid)
		}
		// the configuration had these already: a rollback would remove them
		if strings.Contains(in, vlan) || strings.Contains(in, port) {
			return
		}
		back, err := Apply(mid, rollback)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := view(parse(t, string(back))), view(orig); got != want {
			t.Fatalf("rollback differs:\n%s\nwant\n%s", got, want)
		}
	})
}

// FuzzShowVLANs: the show parser never panics, an error names the file,
// and every port it reads has a name.
func FuzzShowVLANs(f *testing.F) {
	f.Add(string(readFile(f, "show_vlans.txt")))
	f.Add(string(readFile(f, "show_vlans_legacy.txt")))
	f.Fuzz(func(t *testing.T, in string) {
		dev := model.NewDevice("ex1", Junos)
		if err := ParseShowVLANs(dev, "show.txt", []byte(in)); err != nil {
			if !strings.HasPrefix(err.Error(), "show.txt") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for id, v := range dev.Oper.VLANs {
			if id < 1 || id > model.MaxVLAN || v.ID != id {
				t.Fatalf("VLAN %d: %+v", id, v)
			}
			for _, p := range v.Ports {
				if p == "" {
					t.Fatalf("VLAN %d: an empty port", id)
				}
			}
		}
	})
}
