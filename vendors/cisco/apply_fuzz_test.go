package cisco

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// FuzzApplyInverse: for a random sequence of the changes the remediation
// templates write, each with the rollback they write for it (worked out
// from the model of the config it applies to), applying the changes and
// then the rollbacks in reverse order gives a config that parses to the
// same model as the original - step by step, and all in one Apply each.
// The same changes applied step by step and all at once give the same
// model. Classic IOS, which shows no sequence numbers, removes an entry by
// its text, as its template's rollback does.
func FuzzApplyInverse(f *testing.F) {
	bases := fuzzBases(f)
	for i := range bases {
		for k := range numOpKinds {
			f.Add(uint8(i), []byte{byte(k), 0, 0, 0, 0, 0})
			f.Add(uint8(i), []byte{byte(k), 1, 2, 3, 4, 5})
			f.Add(uint8(i), []byte{byte(k), 7, 0, 9, 250, 3, byte(k + 1), 4, 4, 1, 0, 2})
		}
	}
	// Longer programs, as the round-trip tests: ACL entries, trunks,
	// querier and VLANs together.
	for i := range bases {
		f.Add(uint8(i), []byte{0, 3, 1, 2, 2, 0, 1, 9, 9, 10, 1, 4, 12, 5, 5, 14, 2, 8, 1, 0, 3, 2, 2, 0, 1, 3, 0, 0, 3})
		f.Add(uint8(i), []byte{15, 1, 16, 2, 3, 11, 0, 19, 1, 6, 4, 1, 7, 9, 5, 13, 2, 2, 17, 0, 1, 18, 0, 3, 4, 2, 4})
	}
	f.Fuzz(func(t *testing.T, which uint8, prog []byte) {
		checkInverse(t, bases[int(which)%len(bases)], prog)
	})
}

// TestApplyInverseRandom runs the property of FuzzApplyInverse over 150
// fixed pseudo-random programs, so that a plain go test covers
// more than the seeds.
func TestApplyInverseRandom(t *testing.T) {
	bases := fuzzBases(t)
	r := rand.New(rand.NewPCG(1, 2))
	n := 150
	if testing.Short() {
		n = 40
	}
	for i := range n {
		prog := make([]byte, 8+r.IntN(40))
		for k := range prog {
			prog[k] = byte(r.IntN(256))
		}
		b := bases[i%len(bases)]
		t.Run(fmt.Sprintf("%s/%d", b.name, i), func(t *testing.T) { checkInverse(t, b, prog) })
	}
}

func checkInverse(t *testing.T, b fuzzBase, prog []byte) {
	src := &byteSource{b: prog}
	cur := b.text
	var fwd, inv []string
	// Classic IOS shows no sequence numbers: each Apply numbers its ACL
	// entries afresh, so changes planned one Apply at a time need not fit
	// together in one (the switch numbers them as typed, as one plan
	// does).
	atOnce := true
	for step := 0; step < 8 && src.more(); step++ {
		d := parseText(t, b.platform, cur)
		o, ok := genOp(opKinds[src.n(len(opKinds))], src, b.platform, d)
		if !ok {
			continue
		}
		next, err := Apply(b.platform, []byte(cur), o.fwd)
		if errors.Is(err, ErrDuplicateEntry) && o.acl {
			continue // refused, so nothing to undo: the planner never writes one
		}
		if err != nil {
			t.Fatalf("%s step %d %q: %v", b.name, step, o.fwd, err)
		}
		if sameModel(t, b.platform, cur, string(next)) {
			t.Fatalf("%s step %d %q changed nothing the audit sees", b.name, step, o.fwd)
		}
		back, err := Apply(b.platform, next, o.inv)
		if err != nil {
			t.Fatalf("%s step %d rollback %q of %q: %v", b.name, step, o.inv, o.fwd, err)
		}
		if diff := modelDiff(t, b.platform, cur, string(back)); diff != "" {
			t.Fatalf("%s step %d: %q then %q (-before +after):\n%s", b.name, step, o.fwd, o.inv, diff)
		}
		cur = string(next)
		atOnce = atOnce && !(b.platform == IOS && o.acl)
		fwd = append(fwd, o.fwd...)
		inv = append(slices.Clone(o.inv), inv...)
	}
	if !atOnce {
		back := mustApply(t, b.platform, cur, inv...)
		if diff := modelDiff(t, b.platform, b.text, back); diff != "" {
			t.Fatalf("%s: %q then %q (-original +back):\n%s", b.name, fwd, inv, diff)
		}
		return
	}
	all := mustApply(t, b.platform, b.text, fwd...)
	if diff := modelDiff(t, b.platform, cur, all); diff != "" {
		t.Fatalf("%s: %q at once differs from step by step (-steps +once):\n%s", b.name, fwd, diff)
	}
	for _, from := range []string{cur, all} {
		back := mustApply(t, b.platform, from, inv...)
		if diff := modelDiff(t, b.platform, b.text, back); diff != "" {
			t.Fatalf("%s: %q then %q (-original +back):\n%s", b.name, fwd, inv, diff)
		}
	}
}

type fuzzBase struct{ name, platform, text string }

func fuzzBases(t testing.TB) []fuzzBase {
	return []fuzzBase{
		{"acc1", IOSXE, labConfig(t, "acc1")},
		{"core1", IOSXE, labConfig(t, "core1")},
		{"leaf1", NXOS, labConfig(t, "leaf1")},
		{"iosxe-numbered", IOSXE, labConfig(t, "iosxe-numbered")},
		{"iosWhole", IOSXE, iosWhole},
		{"nxosWhole", NXOS, nxosWhole},
		{"acc2", IOS, labConfig(t, "acc2")},
		{"ios-numbered", IOS, labConfig(t, "ios-numbered")},
	}
}

// byteSource hands out the fuzzer's choices.
type byteSource struct{ b []byte }

func (s *byteSource) more() bool { return len(s.b) > 0 }

func (s *byteSource) n(k int) int {
	if len(s.b) == 0 || k <= 0 {
		return 0
	}
	v := int(s.b[0]) % k
	s.b = s.b[1:]
	return v
}

func pick[T any](s *byteSource, xs []T) (T, bool) {
	var zero T
	if len(xs) == 0 {
		return zero, false
	}
	return xs[s.n(len(xs))], true
}

// change is typed lines and the rollback for them; acl says they edit
// an ACL's entries.
type change struct {
	fwd, inv []string
	acl      bool
}

// opKinds are the kinds of change genOp knows.
var opKinds = []int{0, 2, 4, 5, 9, 10, 11, 12, 13, 15, 16, 17, 19}

const numOpKinds = 20

// genOp returns a change of the given kind that is valid on d, and its
// rollback, or false when d offers nothing to change of that kind.
func genOp(kind int, s *byteSource, platform string, d *model.Device) (change, bool) {
	nx := platform == NXOS
	in := " "
	if nx {
		in = "  "
	}
	var ports, all, svis []*model.Interface
	for _, ifc := range d.Interfaces {
		all = append(all, ifc)
		if ifc.IsL2() {
			ports = append(ports, ifc)
		}
		if ifc.SVI != 0 {
			svis = append(svis, ifc)
		}
	}
	var acls []*model.ACL
	for _, name := range sortedKeys(d.ACLs) {
		acls = append(acls, d.ACLs[name])
	}
	var vlans []int
	for _, v := range sortedKeys(d.VLANs) {
		if v != 1 {
			vlans = append(vlans, v)
		}
	}
	ifLine := func(ifc *model.Interface) string { return "interface " + ifc.Name }
	sub := func(head string, ls ...string) []string {
		out := []string{head}
		for _, l := range ls {
			out = append(out, in+l)
		}
		return out
	}
	freeVLAN := func() (int, bool) {
		for range 4 {
			v := 2 + s.n(250)*15 + s.n(15)
			if d.VLANs[v] == nil && !defaultVLAN(v) && v < 3968 {
				return v, true
			}
		}
		return 0, false
	}
	querierAddr := func() string { return fmt.Sprintf("10.10.100.%d", 3+s.n(200)) }

	switch kind {
	case 0: // an ACL entry inserted, then removed by number
		a, ok := pick(s, acls)
		if !ok {
			return change{}, false
		}
		used := map[int]bool{}
		var seqs []int
		for _, e := range a.Entries {
			used[e.Seq] = true
			seqs = append(seqs, e.Seq)
		}
		k := s.n(len(seqs) + 1)
		seq := 5
		switch {
		case len(seqs) == 0:
		case k == len(seqs):
			seq = seqs[k-1] + 1 + s.n(20)
		case k == 0:
			seq = seqs[0] / 2
		default:
			seq = (seqs[k-1] + seqs[k]) / 2
		}
		if seq < 1 || used[seq] {
			return change{}, false
		}
		body := fmt.Sprintf("permit 113 host 10.10.100.%d host 239.192.10.10", 1+s.n(250))
		if s.n(2) == 0 {
			body = "deny 113 any any"
		}
		if a.Standard {
			body = fmt.Sprintf("permit host 10.10.%d.1", s.n(250))
		}
		head := aclHead(platform, a)
		undo := fmt.Sprintf("no %d", seq)
		if platform == IOS {
			undo = "no " + body // what classic IOS's template writes: it shows no numbers
		}
		return change{fwd: sub(head, fmt.Sprintf("%d %s", seq, body)), inv: sub(head, undo), acl: true}, true
	case 2: // a VLAN added to or removed from a trunk
		p, ok := pick(s, ports)
		if !ok {
			return change{}, false
		}
		v, _ := pick(s, append([]int{100, 200, 300, 2 + s.n(4000)}, vlans...))
		if p.Allowed.Has(v) {
			return change{fwd: sub(ifLine(p), fmt.Sprintf("switchport trunk allowed vlan remove %d", v)), inv: sub(ifLine(p), fmt.Sprintf("switchport trunk allowed vlan add %d", v))}, true
		}
		return change{fwd: sub(ifLine(p), fmt.Sprintf("switchport trunk allowed vlan add %d", v)), inv: sub(ifLine(p), fmt.Sprintf("switchport trunk allowed vlan remove %d", v))}, true
	case 4: // a port moved to another VLAN and back
		p, ok := pick(s, ports)
		if !ok {
			return change{}, false
		}
		v, _ := pick(s, append([]int{1}, vlans...))
		if v == p.AccessVLAN {
			return change{}, false
		}
		return change{fwd: sub(ifLine(p), fmt.Sprintf("switchport access vlan %d", v)), inv: sub(ifLine(p), fmt.Sprintf("switchport access vlan %d", p.AccessVLAN))}, true
	case 5: // a port's mode changed and back
		p, ok := pick(s, ports)
		if !ok {
			return change{}, false
		}
		switch p.Mode {
		case model.ModeAccess:
			return change{fwd: sub(ifLine(p), "switchport mode trunk"), inv: sub(ifLine(p), "switchport mode access")}, true
		case model.ModeTrunk:
			return change{fwd: sub(ifLine(p), "switchport mode access"), inv: sub(ifLine(p), "switchport mode trunk")}, true
		}
		if p.ModeRef != nil {
			return change{}, false
		}
		return change{fwd: sub(ifLine(p), "switchport mode access"), inv: sub(ifLine(p), "no switchport mode access")}, true
	case 9, 10: // snooping querier on and off, its address
		if nx {
			v, _ := pick(s, append([]int{100}, vlans...))
			head := fmt.Sprintf("vlan configuration %d", v)
			var q model.Querier
			if vs := d.Snooping.VLANs[v]; vs != nil {
				q = vs.Querier
			}
			if q.Address.IsValid() {
				back := sub(head, "ip igmp snooping querier "+q.Address.String())
				if kind == 9 {
					return change{fwd: sub(head, "no ip igmp snooping querier"), inv: back}, true
				}
				if a := querierAddr(); a != q.Address.String() {
					return change{fwd: sub(head, "ip igmp snooping querier "+a), inv: back}, true
				}
				return change{}, false
			}
			if q.Enabled != nil {
				return change{}, false
			}
			return change{fwd: sub(head, "ip igmp snooping querier "+querierAddr()), inv: sub(head, "no ip igmp snooping querier")}, true
		}
		prefix := "ip igmp snooping querier"
		q := d.Snooping.Querier
		if s.n(2) == 0 {
			v, _ := pick(s, append([]int{100}, vlans...))
			prefix = fmt.Sprintf("ip igmp snooping vlan %d querier", v)
			q = model.Querier{}
			if vs := d.Snooping.VLANs[v]; vs != nil {
				q = vs.Querier
			}
		}
		if kind == 9 {
			if q.Disabled != nil {
				return change{}, false
			}
			if q.Enabled != nil {
				return change{fwd: []string{"no " + prefix}, inv: []string{prefix}}, true
			}
			return change{fwd: []string{prefix}, inv: []string{"no " + prefix}}, true
		}
		back := "no " + prefix + " address"
		if q.Address.IsValid() {
			back = prefix + " address " + q.Address.String()
		}
		a := querierAddr()
		if a == q.Address.String() {
			return change{}, false
		}
		return change{fwd: []string{prefix + " address " + a}, inv: []string{back}}, true
	case 11: // snooping off on a VLAN and on again
		v, _ := pick(s, append([]int{100}, vlans...))
		off := false
		if vs := d.Snooping.VLANs[v]; vs != nil {
			off = vs.Disabled != nil
		}
		var on, no []string
		if nx {
			head := fmt.Sprintf("vlan configuration %d", v)
			on, no = sub(head, "ip igmp snooping"), sub(head, "no ip igmp snooping")
		} else {
			on, no = []string{fmt.Sprintf("ip igmp snooping vlan %d", v)}, []string{fmt.Sprintf("no ip igmp snooping vlan %d", v)}
		}
		if off {
			return change{fwd: on, inv: no}, true
		}
		return change{fwd: no, inv: on}, true
	case 12: // a VLAN created and deleted
		v, ok := freeVLAN()
		if !ok || d.VLANSource.Elsewhere {
			return change{}, false
		}
		fwd := []string{fmt.Sprintf("vlan %d", v)}
		if s.n(2) == 0 {
			fwd = sub(fwd[0], fmt.Sprintf("name FUZZ-%d", v))
		}
		return change{fwd: fwd, inv: []string{fmt.Sprintf("no vlan %d", v)}}, true
	case 13: // a VLAN renamed
		v, ok := pick(s, vlans)
		if !ok || defaultVLAN(v) || d.VLANSource.Elsewhere {
			return change{}, false
		}
		head := fmt.Sprintf("vlan %d", v)
		back := "no name"
		if n := d.VLANs[v].Name; n != "" {
			back = "name " + n
		}
		name := fmt.Sprintf("RENAMED-%d", s.n(100))
		if name == d.VLANs[v].Name {
			return change{}, false
		}
		return change{fwd: sub(head, "name "+name), inv: sub(head, back)}, true
	case 15: // an ACL created and removed
		name := fmt.Sprintf("FUZZ-%d", s.n(50))
		if d.ACLs[name] != nil {
			return change{}, false
		}
		head := "ip access-list extended " + name
		if nx {
			head = "ip access-list " + name
		}
		return change{fwd: sub(head, "10 permit 113 any any", "deny ip any any"), inv: []string{"no " + head}}, true
	case 16: // a VLAN map entry added and removed
		m, _ := pick(s, append([]string{"FUZZ-MAP"}, sortedKeys(d.VLANMaps)...))
		seq := 5 + s.n(30)
		if vm := d.VLANMaps[m]; vm != nil && slices.ContainsFunc(vm.Entries, func(e *model.VLANMapEntry) bool { return e.Seq == seq }) {
			return change{}, false
		}
		head := fmt.Sprintf("vlan access-map %s %d", m, seq)
		return change{fwd: sub(head, "action forward"), inv: []string{"no " + head}}, true
	case 17: // the IGMP version of an SVI
		p, ok := pick(s, svis)
		if !ok {
			return change{}, false
		}
		v := 1 + s.n(3)
		if v == p.IGMPVer {
			return change{}, false
		}
		back := "no ip igmp version"
		if p.IGMPVer != 0 {
			back = fmt.Sprintf("ip igmp version %d", p.IGMPVer)
		}
		return change{fwd: sub(ifLine(p), fmt.Sprintf("ip igmp version %d", v)), inv: sub(ifLine(p), back)}, true
	case 19: // snooping off on the whole switch and on again
		if d.Snooping.Disabled != nil {
			return change{fwd: []string{"ip igmp snooping"}, inv: []string{"no ip igmp snooping"}}, true
		}
		return change{fwd: []string{"no ip igmp snooping"}, inv: []string{"ip igmp snooping"}}, true
	}
	return change{}, false
}

func aclHead(platform string, a *model.ACL) string {
	switch {
	case platform == NXOS:
		return "ip access-list " + a.Name
	case a.Standard:
		return "ip access-list standard " + a.Name
	}
	return "ip access-list extended " + a.Name
}

func sortedKeys[K int | string, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// FuzzApply types arbitrary lines into the lab configs: Apply never
// panics, and either refuses a line (an error naming it) or returns a
// config that parses and still ends with "end" on IOS.
func FuzzApply(f *testing.F) {
	bases := fuzzBases(f)
	add := func(lines []string) {
		for i := range bases {
			f.Add(uint8(i), strings.Join(lines, "\n"))
		}
	}
	for _, cases := range [][]applyCase{
		aclApplyCases(f), numberedApplyCases(f), ifaceApplyCases(f), trunkApplyCases(f),
		vlanApplyCases(f), snoopingApplyCases(f), vlanMapApplyCases(f), otherApplyCases(f),
	} {
		for _, c := range cases {
			add(c.lines)
		}
	}
	for _, c := range roundTrips(f) {
		add(c.change)
		add(c.rollback)
	}
	f.Fuzz(func(t *testing.T, which uint8, typed string) {
		b := bases[int(which)%len(bases)]
		lines := strings.Split(typed, "\n")
		out, err := Apply(b.platform, []byte(b.text), lines)
		if err != nil {
			var le *LineError
			if errors.As(err, &le) && (le.Line < 1 || le.Line > len(lines) || le.Text != lines[le.Line-1]) {
				t.Fatalf("error names line %d %q of %d: %v", le.Line, le.Text, len(lines), err)
			}
			if out != nil {
				t.Fatal("a result beside the error")
			}
			return
		}
		dev := model.NewDevice("sw1", b.platform)
		if err := ParseConfig(dev, cfgFile, out); err != nil {
			t.Fatalf("result does not parse: %v", err)
		}
		checkConfigInvariants(t, dev)
		if b.platform != NXOS && !strings.HasSuffix(strings.TrimRight(string(out), "\r\n"), "\nend") {
			t.Fatal("IOS result does not end with end")
		}
	})
}
