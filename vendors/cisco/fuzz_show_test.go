package cisco

import (
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// showInputLines splits text the way evidence references number lines.
func showInputLines(text []byte) []string {
	lines := strings.Split(string(text), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// checkShowRefs checks that every reference the parsers stored points at a
// line of text and quotes it exactly, and that maps are keyed consistently.
func checkShowRefs(t *testing.T, file string, text []byte, dev *model.Device) {
	t.Helper()
	lines := showInputLines(text)
	check := func(what string, r *model.Ref) {
		t.Helper()
		if r == nil {
			return
		}
		if r.File != file {
			t.Errorf("%s: ref file %q, want %q", what, r.File, file)
		}
		if r.Line < 1 || r.Line > len(lines) {
			t.Errorf("%s: ref line %d outside 1..%d", what, r.Line, len(lines))
			return
		}
		if r.Text != lines[r.Line-1] {
			t.Errorf("%s: ref text %q, line %d is %q", what, r.Text, r.Line, lines[r.Line-1])
		}
	}
	o := &dev.Oper
	check("VLANsRef", o.VLANsRef)
	for id, v := range o.VLANs {
		if v.ID != id || id < 1 || id > model.MaxVLAN {
			t.Errorf("VLANs[%d] has ID %d", id, v.ID)
		}
		if v.Name == "" || !showIsVLANStatus(v.Status) {
			t.Errorf("VLAN %d has name %q and status %q", id, v.Name, v.Status)
		}
		check("VLAN", &v.Ref)
	}
	check("TrunksRef", o.TrunksRef)
	for p, tr := range o.Trunks {
		if tr.Port != p {
			t.Errorf("Trunks[%q] has Port %q", p, tr.Port)
		}
		check("trunk", &tr.Ref)
	}
	if o.SnoopingGlobal != nil {
		check("SnoopingGlobal", &o.SnoopingGlobal.Ref)
	}
	check("QuerierTableRef", o.QuerierTableRef)
	for v, s := range o.Snooping {
		if v < 1 || v > model.MaxVLAN {
			t.Errorf("Snooping has VLAN %d", v)
		}
		if s.Enabled != nil {
			check("Enabled", &s.Enabled.Ref)
		}
		if s.Querier != nil {
			check("Querier", &s.Querier.Ref)
			if q := s.Querier.Version; q < 1 || q > 3 {
				t.Errorf("VLAN %d querier version %d", v, q)
			}
		}
		check("NoQuerier", s.NoQuerier)
		if s.SwitchQuerier != nil {
			check("SwitchQuerier", &s.SwitchQuerier.Ref)
		}
	}
}

func fuzzShow(f *testing.F, parse func(*model.Device, string, []byte) error, seeds ...[]showCase) {
	for _, cases := range seeds {
		for _, c := range cases {
			f.Add(c.in, c.platform == NXOS)
		}
	}
	f.Fuzz(func(t *testing.T, in string, nxos bool) {
		platform := IOSXE
		if nxos {
			platform = NXOS
		}
		dev := model.NewDevice("sw1", platform)
		if err := parse(dev, showFile, []byte(in)); err != nil {
			if !strings.HasPrefix(err.Error(), showFile+":") && !strings.HasPrefix(err.Error(), showFile+" line ") {
				t.Errorf("error does not name the file: %v", err)
			}
			if o := dev.Oper; o.VLANs != nil || o.VLANsRef != nil || o.Trunks != nil || o.TrunksRef != nil ||
				o.SnoopingGlobal != nil || o.Snooping != nil || o.QuerierTableRef != nil {
				t.Errorf("failed parse changed the device: %+v", dev.Oper)
			}
			return
		}
		checkShowRefs(t, showFile, []byte(in), dev)
	})
}

func FuzzShowVLANBrief(f *testing.F) {
	fuzzShow(f, ParseShowVLANBrief, showVLANBriefTests)
}

func FuzzShowInterfacesTrunk(f *testing.F) {
	fuzzShow(f, ParseShowInterfacesTrunk, showTrunkTests)
}

func FuzzShowIPIGMPSnoopingQuerier(f *testing.F) {
	fuzzShow(f, ParseShowIPIGMPSnoopingQuerier, showQuerierTests)
}

func FuzzShowIPIGMPSnooping(f *testing.F) {
	fuzzShow(f, ParseShowIPIGMPSnooping, showSnoopingTests)
}

// FuzzShowNamer checks the prefix cache against the function it stands in for.
func FuzzShowNamer(f *testing.F) {
	for _, s := range []string{"Gi1/0/1", "Eth1/1", "Po10", "pw1", "x"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, name string, nxos bool) {
		platform := IOSXE
		if nxos {
			platform = NXOS
		}
		n := showNamer{platform: platform}
		for range 2 {
			if got, want := n.canonical(name), CanonicalInterface(platform, name); got != want {
				t.Errorf("canonical(%q) = %q, CanonicalInterface gives %q", name, got, want)
			}
		}
	})
}
