package cisco

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// ParseShowVLANBrief reads "show vlan brief" (IOS, IOS-XE, NX-OS) into
// dev.Oper.VLANs and sets dev.Oper.VLANsRef to the table's header line, the
// evidence that a VLAN missing from the table does not exist. The plain
// "show vlan" output is accepted too: reading stops at its second table.
// Port names are stored in their canonical long form, so that they compare
// with the configuration's interface names. On error dev is left unchanged.
func ParseShowVLANBrief(dev *model.Device, file string, text []byte) error {
	const cmd = "show vlan brief"
	sc, err := newShowScanner(file, cmd, text)
	if err != nil {
		return err
	}
	var (
		header    *model.Ref
		statusCol = -1 // where the header puts "Status": picks the status out of a name with spaces
		vlans     = map[int]*model.OperVLAN{}
		cur       *model.OperVLAN // the row a continuation line adds ports to
	)
	names := showNamer{platform: dev.Platform}
	addPorts := func(s string) {
		for s != "" {
			var p string
			if i := strings.IndexAny(s, ", \t"); i >= 0 {
				p, s = s[:i], s[i+1:]
			} else {
				p, s = s, ""
			}
			if p != "" {
				cur.Ports = append(cur.Ports, names.canonical(p))
			}
		}
	}
scan:
	for sc.next() {
		line := sc.line
		t := strings.TrimSpace(line)
		if t == "" {
			cur = nil
			continue
		}
		if showIsPrompt(t) {
			continue
		}
		if err := sc.deviceError(t); err != nil {
			return err
		}
		if header == nil {
			if f := strings.Fields(t); len(f) >= 4 && f[0] == "VLAN" && f[1] == "Name" && f[2] == "Status" && f[3] == "Ports" {
				header = sc.ref()
				statusCol = strings.Index(line, "Status")
			}
			// Anything else before the header (exec timestamps, banners)
			// carries no VLAN information.
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			// Classic IOS and NX-OS wrap a long port list onto lines that
			// start under the Ports column.
			if cur == nil {
				return sc.errorf("port list continuation %q with no VLAN row above it", t)
			}
			addPorts(t)
			continue
		}
		if showIsRule(t) {
			cur = nil
			continue
		}
		if f1, rest := showCutWord(t); f1 == "VLAN" || f1 == "Remote" || f1 == "Primary" {
			switch f2, _ := showCutWord(rest); {
			case f1 == "VLAN" && f2 == "Name":
				cur = nil // the header repeated
				continue
			case f1 == "VLAN" && f2 == "Type", f1 == "Remote" && f2 == "SPAN", f1 == "Primary" && f2 == "Secondary":
				// "show vlan" goes on with tables keyed by VLAN too; their
				// rows must not be read as VLANs.
				break scan
			}
		}
		v, ports, err := sc.vlanRow(line, statusCol)
		if err != nil {
			return err
		}
		if old := vlans[v.ID]; old != nil {
			return sc.errorf("VLAN %d listed twice (first on line %d)", v.ID, old.Ref.Line)
		}
		vlans[v.ID] = v
		cur = v
		addPorts(ports)
	}
	if header == nil {
		return fmt.Errorf("%s: not %s output: no \"VLAN Name Status Ports\" header", file, cmd)
	}
	if dev.Oper.VLANs == nil {
		dev.Oper.VLANs = vlans
	} else {
		for id, v := range vlans {
			dev.Oper.VLANs[id] = v
		}
	}
	dev.Oper.VLANsRef, dev.Oper.VLANsFrom = header, "show vlan brief"
	return nil
}

// vlanRow reads "ID NAME STATUS [PORT, PORT...]" and returns the VLAN and
// the text of its port list.
func (sc *showScanner) vlanRow(line string, statusCol int) (*model.OperVLAN, string, error) {
	idEnd := strings.IndexAny(line, " \t")
	if idEnd < 0 {
		idEnd = len(line)
	}
	id, ok := showVLANID(line[:idEnd])
	if !ok {
		return nil, "", sc.errorf("%q is not a VLAN row: VLAN ID %q is not a number 1-%d", strings.TrimSpace(line), line[:idEnd], model.MaxVLAN)
	}
	// The status is the first status-like word after the name, unless one
	// starts exactly under the header's "Status": a name may hold spaces and
	// even the word "active".
	stStart, stEnd := -1, -1
	for i, n := idEnd, 0; i < len(line); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			break
		}
		start := i
		for i < len(line) && line[i] != ' ' && line[i] != '\t' {
			i++
		}
		n++
		if n >= 2 && (stStart < 0 || start == statusCol) && showIsVLANStatus(line[start:i]) {
			stStart, stEnd = start, i
		}
		if stStart >= 0 && start >= statusCol {
			break
		}
	}
	if stStart < 0 {
		return nil, "", sc.errorf("VLAN %d row has no name and status (active, suspended, act/..., sus/...)", id)
	}
	// Only spaces and tabs separate the columns, so a name of other blanks
	// (a stray carriage return) passes the scan above and is empty here.
	name := strings.TrimSpace(line[idEnd:stStart])
	if name == "" {
		return nil, "", sc.errorf("VLAN %d row has no name before its status %q", id, line[stStart:stEnd])
	}
	v := &model.OperVLAN{
		ID:     id,
		Name:   name,
		Status: line[stStart:stEnd],
		Ref:    *sc.ref(),
	}
	return v, line[stEnd:], nil
}

// showIsVLANStatus recognises the status column of "show vlan": active,
// suspended, and the act/... and sus/... forms (lshut, ishut, unsup).
func showIsVLANStatus(s string) bool {
	if !strings.HasPrefix(s, "act") && !strings.HasPrefix(s, "sus") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && c != '/' {
			return false
		}
	}
	return true
}

// showNamer expands port names as CanonicalInterface does, remembering the
// expansion of each type prefix: a port list names a few types thousands
// of times, and expanding a prefix costs far more than the lookup.
type showNamer struct {
	platform string
	kinds    map[string]string // "Gi" -> "GigabitEthernet"
}

func (n *showNamer) canonical(name string) string {
	i := 0
	for i < len(name) && (name[i] >= 'A' && name[i] <= 'Z' || name[i] >= 'a' && name[i] <= 'z' || name[i] == '-') {
		i++
	}
	// Only "letters, then a digit, then printable ASCII" is handled here:
	// there the expansion depends on the letters alone. Anything else goes
	// the long way.
	if i == 0 || i == len(name) || name[i] < '0' || name[i] > '9' {
		return CanonicalInterface(n.platform, name)
	}
	for j := i; j < len(name); j++ {
		if name[j] <= ' ' || name[j] > '~' {
			return CanonicalInterface(n.platform, name)
		}
	}
	kind := name[:i]
	full, ok := n.kinds[kind]
	if !ok {
		full = strings.TrimSuffix(CanonicalInterface(n.platform, kind+"0"), "0")
		if n.kinds == nil {
			n.kinds = map[string]string{}
		}
		n.kinds[kind] = full
	}
	return full + name[i:]
}

// showScanner walks show output one line at a time, numbering lines the
// way evidence references count them.
type showScanner struct {
	file string
	cmd  string // the command whose output this should be, for messages
	text string
	pos  int
	no   int
	line string // without the newline and its \r
}

// newShowScanner rejects binary input before any line is interpreted.
func newShowScanner(file, cmd string, text []byte) (*showScanner, error) {
	if i := bytes.IndexByte(text, 0); i >= 0 {
		no := bytes.Count(text[:i], []byte{'\n'}) + 1
		return nil, fmt.Errorf("%s line %d: binary data (NUL byte), not %s output", file, no, cmd)
	}
	return &showScanner{file: file, cmd: cmd, text: readOnly(text)}, nil
}

func (sc *showScanner) next() bool {
	if sc.pos >= len(sc.text) {
		return false
	}
	rest := sc.text[sc.pos:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		sc.line = rest[:i]
		sc.pos += i + 1
	} else {
		sc.line = rest
		sc.pos = len(sc.text)
	}
	sc.line = strings.TrimSuffix(sc.line, "\r")
	sc.no++
	return true
}

func (sc *showScanner) ref() *model.Ref {
	return &model.Ref{File: sc.file, Line: sc.no, Text: sc.line}
}

func (sc *showScanner) errorf(format string, args ...any) error {
	return fmt.Errorf("%s line %d: %s", sc.file, sc.no, fmt.Sprintf(format, args...))
}

// deviceError fails on the text a Cisco CLI prints instead of output when
// it rejects a command; t is the trimmed line. Such a file must not pass
// for an empty table.
func (sc *showScanner) deviceError(t string) error {
	if t[0] == '%' || strings.HasPrefix(t, "ERROR:") || strings.HasPrefix(t, "Invalid command") {
		return sc.errorf("the device reported an error instead of %s output: %s", sc.cmd, t)
	}
	return nil
}

// showIsPrompt recognises an echoed prompt, "sw1#", "sw1# show vlan brief"
// or "# show vlan brief", that a capture may keep around the output. No line
// of the outputs read here has a # or > before its first blank, so skipping
// such lines anywhere loses nothing.
func showIsPrompt(t string) bool {
	i := strings.IndexAny(t, "#>")
	if i < 0 || strings.ContainsAny(t[:i], " \t") {
		return false
	}
	rest := strings.TrimSpace(t[i+1:])
	if rest == "" {
		return i > 0
	}
	return len(rest) >= 2 && strings.EqualFold(rest[:2], "sh")
}

// showIsRule recognises the dashed lines under table headers.
func showIsRule(t string) bool {
	if t[0] != '-' {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] != '-' && t[i] != ' ' {
			return false
		}
	}
	return true
}

// showVLANID reads a VLAN ID 1-4094.
func showVLANID(s string) (int, bool) {
	if len(s) == 0 || len(s) > 4 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	v, _ := strconv.Atoi(s)
	return v, v >= 1 && v <= model.MaxVLAN
}
