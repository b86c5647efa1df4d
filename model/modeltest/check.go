package modeltest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

var refType = reflect.TypeFor[model.Ref]()

// WalkRefs calls fn for every Ref reachable from v through exported
// fields of model types, so that a field added to the model is checked
// without changing the tests.
func WalkRefs(v reflect.Value, path string, fn func(path string, r model.Ref)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			WalkRefs(v.Elem(), path, fn)
		}
	case reflect.Struct:
		if v.Type() == refType {
			fn(path, v.Interface().(model.Ref))
			return
		}
		if v.Type().PkgPath() != refType.PkgPath() {
			return // netip values and the like hold no references
		}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				WalkRefs(v.Field(i), path+"."+f.Name, fn)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			WalkRefs(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			WalkRefs(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key()), fn)
		}
	}
}

// Lines splits text the way evidence references number lines.
func Lines(text []byte) []string {
	lines := strings.Split(string(text), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// CheckRefs checks that every reference stored anywhere in dev names
// file, points at one of its lines and quotes that line exactly.
func CheckRefs(t testing.TB, file string, text []byte, dev *model.Device) {
	t.Helper()
	lines := Lines(text)
	WalkRefs(reflect.ValueOf(dev), "dev", func(path string, r model.Ref) {
		t.Helper()
		switch {
		case r.File != file:
			t.Errorf("%s: ref file %q, want %q", path, r.File, file)
		case r.Line < 1 || r.Line > len(lines):
			t.Errorf("%s: ref line %d outside 1..%d", path, r.Line, len(lines))
		case r.Text != lines[r.Line-1]:
			t.Errorf("%s: ref text %q, line %d is %q", path, r.Text, r.Line, lines[r.Line-1])
		}
	})
}

// CheckInvariants checks what must hold of any device any parser gives,
// whatever its input.
func CheckInvariants(t testing.TB, dev *model.Device) {
	t.Helper()
	seen := map[string]bool{}
	for _, ifc := range dev.Interfaces {
		if seen[ifc.Name] {
			t.Errorf("interface %q listed twice", ifc.Name)
		}
		seen[ifc.Name] = true
		if dev.Interface(ifc.Name) != ifc {
			t.Errorf("Interface(%q) does not return the listed interface", ifc.Name)
		}
		if ifc.AccessVLAN < 1 || ifc.AccessVLAN > model.MaxVLAN {
			t.Errorf("%s: access VLAN %d", ifc.Name, ifc.AccessVLAN)
		}
		if ifc.SVI < 0 || ifc.SVI > model.MaxVLAN || (ifc.SVI > 0 && !ifc.Routed) {
			t.Errorf("%s: SVI %d, routed %v", ifc.Name, ifc.SVI, ifc.Routed)
		}
		if ifc.IGMPVer < 0 || ifc.IGMPVer > 3 {
			t.Errorf("%s: IGMP version %d", ifc.Name, ifc.IGMPVer)
		}
		if sc := ifc.StormMulticast; sc != nil && sc.Percent != -1 && !(sc.Percent >= 0 && sc.Percent <= 100) {
			t.Errorf("%s: storm-control percent %v", ifc.Name, sc.Percent)
		}
		for _, b := range []*model.ACLBinding{ifc.PortACLIn, ifc.PortACLOut, ifc.RouterACLIn, ifc.RouterACLOut} {
			if b != nil && b.ACL == "" {
				t.Errorf("%s: binding without an ACL name (%v)", ifc.Name, b.Ref)
			}
		}
		if (ifc.RouterACLIn != nil || ifc.RouterACLOut != nil) && ifc.IsL2() {
			t.Errorf("%s: router ACL on a switchport", ifc.Name)
		}
	}
	for id, v := range dev.VLANs {
		if v.ID != id || id < 1 || id > model.MaxVLAN {
			t.Errorf("VLANs[%d] has ID %d", id, v.ID)
		}
	}
	for id := range dev.Snooping.VLANs {
		if id < 1 || id > model.MaxVLAN {
			t.Errorf("Snooping.VLANs has VLAN %d", id)
		}
	}
	checkQuerier := func(what string, q model.Querier) {
		if q.Version < 0 || q.Version > 3 || (q.Version != 0) != (q.VersionRef != nil) {
			t.Errorf("%s: querier version %d ref %v", what, q.Version, q.VersionRef)
		}
		if q.Address.IsValid() != (q.AddressRef != nil) || (q.Address.IsValid() && !q.Address.Is4()) {
			t.Errorf("%s: querier address %v ref %v", what, q.Address, q.AddressRef)
		}
		if q.Enabled != nil && q.Disabled != nil {
			t.Errorf("%s: querier both enabled and disabled", what)
		}
	}
	checkQuerier("global", dev.Snooping.Querier)
	for id, s := range dev.Snooping.VLANs {
		checkQuerier(fmt.Sprint("VLAN ", id), s.Querier)
	}
	for name, acl := range dev.ACLs {
		if acl.Name != name {
			t.Errorf("ACLs[%q] has name %q", name, acl.Name)
		}
		for i, e := range acl.Entries {
			if i > 0 && e.Seq < acl.Entries[i-1].Seq {
				t.Errorf("ACL %s: sequence %d after %d", name, e.Seq, acl.Entries[i-1].Seq)
			}
			if e.Unparsed == "" && e.Action != model.Permit && e.Action != model.Deny {
				t.Errorf("ACL %s seq %d: parsed entry without an action", name, e.Seq)
			}
			if e.Proto.Num < 0 || e.Proto.Num > 255 {
				t.Errorf("ACL %s seq %d: protocol %d", name, e.Seq, e.Proto.Num)
			}
		}
	}
	for name, g := range dev.AddressGroups {
		if g.Name != name {
			t.Errorf("AddressGroups[%q] has name %q", name, g.Name)
		}
	}
	for name, g := range dev.ServiceGroups {
		if g.Name != name {
			t.Errorf("ServiceGroups[%q] has name %q", name, g.Name)
		}
	}
	for name, m := range dev.VLANMaps {
		if m.Name != name {
			t.Errorf("VLANMaps[%q] has name %q", name, m.Name)
		}
		for i, e := range m.Entries {
			if i > 0 && e.Seq <= m.Entries[i-1].Seq {
				t.Errorf("VLAN map %s: sequence %d after %d", name, e.Seq, m.Entries[i-1].Seq)
			}
		}
	}
	if src := dev.VLANSource; src.Elsewhere && (src.Why == "" || src.Prove == "") || src.Learned && !src.Elsewhere {
		t.Errorf("VLAN source %+v", src)
	}
}
