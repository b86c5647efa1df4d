package cisco

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mcaudit/mcaudit/internal/cfgtree"
	"github.com/mcaudit/mcaudit/model"
)

// ErrNotConfig marks input that is not a Cisco running-config of the
// expected platform, or one that was cut short.
var ErrNotConfig = errors.New("not a usable running-config")

// line is one line of input: its number, the text as it appears in the
// file (for evidence) and the text without surrounding blanks.
type line struct {
	no     int
	raw    string
	indent int
	text   string
}

// blockFunc receives the indented lines that follow a top-level command.
type blockFunc func(l line) error

// configParser holds the state of one running-config parse.
type configParser struct {
	dev  *model.Device
	file string
	nx   bool

	block    blockFunc
	blockEnd func() error
	// blockSetting is what the open block's lines configure.
	blockSetting model.Setting

	sawEnd       bool
	sawInterface bool
	sawHostname  bool
	nxosMarker   *line // first line that only NX-OS prints
	iosMarker    *line // first line that only IOS prints
	lastLine     line

	// vxlanSnooping is NX-OS "ip igmp snooping vxlan": snooping on VLANs
	// mapped to a VXLAN segment, which are not snooped without it.
	vxlanSnooping bool
	// vtpMode is IOS's VTP mode for the VLAN database ("" on NX-OS, whose
	// VLANs are always in its configuration), vtpRef its line.
	vtpMode string
	vtpRef  *model.Ref

	// NX-OS "system default switchport [shutdown]": whether Ethernet ports
	// without switchport lines are switched, and whether switched ports
	// without "no shutdown" are down.
	nxDefaultL2, nxDefaultL2Shut bool

	// ifaces keeps each interface's state between blocks; cur is the one
	// being read. The two block functions are bound once per parse.
	ifaces          map[*model.Interface]ifaceState
	cur             *model.Interface
	curState        ifaceState
	curLevel        int
	refs            []model.Ref // the unused rest of refp's chunk
	refsMade        int
	interfaceLineFn blockFunc
	settleCurrentFn func() error
}

// ParseConfig reads a running-config of dev.Platform into dev. It fails on
// input that is not such a config, is truncated, or has a line whose meaning
// matters to the audit but cannot be read; an ACL line it cannot read is not
// an error but is kept as an unparsed entry, which the rules report.
func ParseConfig(dev *model.Device, file string, text []byte) error {
	if !Supports(dev.Platform) {
		return fmt.Errorf("%s: platform %q is not a Cisco platform (want one of %s)", file, dev.Platform, strings.Join(Platforms, ", "))
	}
	if err := checkText(file, text); err != nil {
		return err
	}
	p := &configParser{dev: dev, file: file, nx: isNX(dev.Platform)}
	// The Nexus 1000V switches every port: it has no routed ports.
	p.nxDefaultL2 = dev.Platform == N1KV
	p.interfaceLineFn, p.settleCurrentFn = p.interfaceLine, p.settleCurrent
	dev.Defaults = defaults(dev.Platform)
	if !p.nx {
		p.vtpMode = "server"
	}
	n := bytes.Count(text, []byte("\ninterface "))
	dev.ReserveInterfaces(n)
	p.ifaces = make(map[*model.Interface]ifaceState, n)
	if err := p.run(readOnly(text)); err != nil {
		return err
	}
	return p.finish()
}

// defaults is how the platform behaves where its configuration is silent.
func defaults(platform string) model.Defaults {
	nx := isNX(platform)
	d := model.Defaults{SnoopingOn: true, QuerierAddressFallback: !nx, PIMNeedsMulticastRouting: !nx,
		AccessDefault: `no "switchport access vlan" line: the default`,
		DownDefault:   `no "no shutdown" line, and the platform's default is down`}
	if platform == N1KV {
		d.NoQuerier = "a Nexus 1000V snoops but is not where the querier goes: Cisco (TAC document 117360) puts it on the UCS fabric interconnect's multicast policy, or on the upstream Nexus 5000 where receivers are outside UCS"
	}
	d.BuiltinVLANs.Add(1)
	d.BuiltinWhy = "VLAN 1 is the default VLAN, which exists on every Cisco switch and cannot be deleted"
	if !nx {
		d.BuiltinVLANs.AddRange(1002, 1005)
		d.BuiltinWhy = "VLAN 1 and VLANs 1002-1005 exist on every Catalyst switch and cannot be deleted"
	}
	return d
}

// checkText rejects binary input before any line is interpreted.
func checkText(file string, text []byte) error {
	if len(bytes.TrimSpace(text)) == 0 {
		return fmt.Errorf("%s: file is empty: %w", file, ErrNotConfig)
	}
	if bytes.HasPrefix(text, []byte{0xff, 0xfe}) || bytes.HasPrefix(text, []byte{0xfe, 0xff}) {
		// What Windows editors call "Unicode": every other byte is NUL.
		return fmt.Errorf("%s: UTF-16 text: save the configuration as UTF-8 or ASCII: %w", file, ErrNotConfig)
	}
	head := text[:min(len(text), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return fmt.Errorf("%s: binary data, not a text configuration: %w", file, ErrNotConfig)
	}
	if bytes.IndexByte(text, 0) >= 0 {
		no := bytes.Count(text[:bytes.IndexByte(text, 0)], []byte{'\n'}) + 1
		return fmt.Errorf("%s line %d: NUL byte in a text configuration (corrupted file?): %w", file, no, ErrNotConfig)
	}
	return nil
}

func (p *configParser) run(s string) error {
	// The last line read is kept in a local and stored once at the end:
	// a store into the parser per line pays the GC's write barrier.
	var last line
	defer func() { p.lastLine = last }()
	no := 0
	var banner string  // the delimiter of an open multi-line banner
	var bannerLine int // where it opened
	for len(s) > 0 {
		no++
		var raw string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			raw, s = s[:i], s[i+1:]
		} else {
			raw, s = s, ""
		}
		raw = strings.TrimSuffix(raw, "\r")
		if banner != "" {
			if strings.Contains(raw, banner) {
				banner = ""
			}
			// Still the place a truncated file stops at.
			if t := strings.TrimSpace(raw); t != "" {
				last = line{no: no, raw: raw, text: t}
			}
			continue
		}
		body := raw
		if no == 1 {
			// A byte-order mark left by a Windows editor is not part of
			// the first command; the evidence keeps the line as it is.
			body = strings.TrimPrefix(raw, "\ufeff")
		}
		// Words are matched with one space between them: a file edited by
		// hand may separate them with tabs or runs of blanks.
		text := cfgtree.Squeeze(body)
		if text == "" {
			continue
		}
		indent := 0
		for indent < len(body) && (body[indent] == ' ' || body[indent] == '\t') {
			indent++
		}
		l := line{no: no, raw: raw, indent: indent, text: text}
		if indent > 0 && text[0] == '!' {
			// A comment inside a block (hand-edited files, some IOS-XE
			// blocks) says nothing and does not end the block.
			continue
		}
		last = l
		if indent > 0 {
			if p.block != nil {
				if err := p.block(l); err != nil {
					if err := p.unread(err, true); err != nil {
						return err
					}
				}
			}
			continue
		}
		if err := p.endBlock(); err != nil {
			return err
		}
		if text[0] == '!' {
			if strings.HasPrefix(text, "!Command:") || strings.HasPrefix(text, "!Time:") || strings.HasPrefix(text, "!Running configuration") {
				p.mark(&p.nxosMarker, l)
			}
			continue
		}
		if d, ok := bannerDelimiter(text); ok {
			banner, bannerLine = d, no
			continue
		}
		if err := p.top(l); err != nil {
			if err := p.unread(err, false); err != nil {
				return err
			}
		}
	}
	if banner != "" {
		return fmt.Errorf("%s line %d: banner never closed (delimiter %q): file truncated? %w", p.file, bannerLine, banner, ErrNotConfig)
	}
	return p.endBlock()
}

// words splits single-spaced text into buf, which the caller keeps on its
// stack: strings.Fields would allocate for every line.
func words(text string, buf []string) []string {
	// A byte loop: words are short, and a search per word costs more to
	// set up than it saves (7% of a large config's parse).
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == ' ' {
			if i > start {
				buf = append(buf, text[start:i])
			}
			start = i + 1
		}
	}
	if start < len(text) {
		buf = append(buf, text[start:])
	}
	return buf
}

// bannerDelimiter recognises "banner motd ^C" and returns the delimiter
// when the banner continues on following lines. Banner text sits at column
// zero and could look like anything, so it must be skipped, not parsed.
func bannerDelimiter(text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, "banner ")
	if !ok {
		return "", false
	}
	f := strings.Fields(rest)
	if len(f) < 2 {
		return "", false
	}
	body := strings.TrimSpace(strings.TrimPrefix(rest, f[0]))
	delim := body[:1]
	if strings.HasPrefix(body, "^C") {
		delim = "^C"
	}
	if strings.Contains(body[len(delim):], delim) {
		return "", false
	}
	return delim, true
}

func (p *configParser) mark(m **line, l line) {
	if *m == nil {
		c := l
		*m = &c
	}
}

func (p *configParser) endBlock() error {
	if p.block == nil && p.blockEnd == nil && p.blockSetting == (model.Setting{}) {
		// Most top-level lines close no block; clearing what is clear
		// would still pay the GC's write barriers.
		return nil
	}
	end := p.blockEnd
	p.block, p.blockEnd, p.blockSetting = nil, nil, model.Setting{}
	if end != nil {
		return end()
	}
	return nil
}

func (p *configParser) ref(l line) model.Ref {
	return model.Ref{File: p.file, Line: l.no, Text: l.raw}
}

// refp returns a pointer to a new Ref for l. Refs are carved from chunks:
// a large config holds tens of thousands, and one allocation each is most
// of the parse's garbage.
func (p *configParser) refp(l line) *model.Ref {
	if len(p.refs) == 0 {
		// Chunks double from 32 to 256: an access switch's few hundred
		// refs should not pin a chunk sized for a stacked core.
		n := min(256, max(32, p.refsMade))
		p.refs = make([]model.Ref, n)
		p.refsMade += n
	}
	r := &p.refs[0]
	p.refs = p.refs[1:]
	*r = p.ref(l)
	return r
}

// errorf is a line the parser cannot read. The parse goes on: run
// records the line as unparsed, with what it configures.
func (p *configParser) errorf(l line, format string, args ...any) error {
	return &lineError{l: l, why: fmt.Sprintf(format, args...)}
}

// lineError is one line that could not be read.
type lineError struct {
	l   line
	why string
}

func (e *lineError) Error() string {
	return fmt.Sprintf("line %d: %s (line: %q)", e.l.no, e.why, e.l.text)
}

// unread records what a lineError says, or returns any other error.
func (p *configParser) unread(err error, inBlock bool) error {
	le, ok := err.(*lineError)
	if !ok {
		return err
	}
	on := p.blockSetting
	if !inBlock {
		on = topSetting(le.l.text)
	}
	p.dev.Unread(p.ref(le.l), le.why, on)
	return nil
}

// topSetting says what a top-level line configures.
func topSetting(text string) model.Setting {
	f := strings.Fields(text)
	if len(f) > 0 && f[0] == "no" {
		f = f[1:]
	}
	at := func(i int) string {
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	switch {
	case at(0) == "interface":
		return model.Setting{Kind: model.OnInterface, Name: strings.Join(f[1:], "")}
	case at(0) == "ip" && at(1) == "igmp" && at(2) == "snooping":
		v := 0
		if at(3) == "vlan" {
			v, _ = strconv.Atoi(at(4))
		}
		return model.Setting{Kind: model.OnSnooping, VLAN: v}
	case at(0) == "ip" && at(1) == "access-list":
		name := at(len(f) - 1)
		if len(f) < 4 && (name == "extended" || name == "standard") {
			name = "" // a header without its name
		}
		return model.Setting{Kind: model.OnACL, Name: name}
	case at(0) == "vlan" && (at(1) == "access-map" || at(1) == "filter"):
		return model.Setting{Kind: model.OnVLANMap, Name: at(2)}
	case at(0) == "vlan" && at(1) == "configuration":
		return model.Setting{Kind: model.OnSnooping}
	case at(0) == "vlan", at(0) == "vtp":
		return model.Setting{Kind: model.OnVLAN}
	}
	return model.Setting{}
}

// top dispatches a top-level command.
func (p *configParser) top(l line) error {
	word, rest, _ := strings.Cut(l.text, " ")
	switch word {
	case "interface":
		p.sawInterface = true
		return p.interfaceBlock(l, rest)
	case "hostname", "switchname":
		p.sawHostname = true
		p.dev.Hostname = strings.TrimSpace(rest)
		p.dev.HostnameRef = p.refp(l)
		if word == "switchname" {
			p.mark(&p.nxosMarker, l)
		}
	case "feature", "install":
		p.mark(&p.nxosMarker, l)
	case "system":
		switch rest {
		case "default switchport":
			p.nxDefaultL2 = true
		case "default switchport shutdown":
			p.nxDefaultL2Shut = true
		}
	case "Building", "Current":
		if strings.HasPrefix(l.text, "Building configuration") || strings.HasPrefix(l.text, "Current configuration") {
			p.mark(&p.iosMarker, l)
		}
	case "end":
		p.sawEnd = true
		p.mark(&p.iosMarker, l)
	case "version":
		if strings.Contains(rest, "Bios:") {
			p.mark(&p.nxosMarker, l)
		}
	case "port-profile":
		if p.nx {
			p.mark(&p.nxosMarker, l)
			return p.profileBlock(l, rest)
		}
	case "vpc":
		if p.nx && strings.HasPrefix(rest, "domain ") {
			p.dev.QuerySync = &model.QuerySync{Ref: p.ref(l), Min: 8 * time.Second,
				Why: "vPC peers share their IGMP snooping entries, and with queries less than 8 s apart the entries learned from the peer expire and multicast flaps (Cisco defect CSCvc48358)"}
		}
	case "vtp":
		return p.vtp(l, rest)
	case "vlan":
		return p.vlanTop(l, rest)
	case "ip":
		return p.ipTop(l, rest)
	case "no":
		return p.noTop(l, rest)
	case "access-list":
		return p.numberedACL(l, rest)
	case "object-group":
		return p.objectGroup(l, rest)
	}
	return nil
}

func (p *configParser) vtp(l line, rest string) error {
	mode, ok := strings.CutPrefix(rest, "mode ")
	if !ok || p.nx {
		return nil
	}
	if m, db, ok := strings.Cut(mode, " "); ok {
		// VTP version 3 sets a mode per database ("vtp mode server mst");
		// only the VLAN database decides where VLANs live.
		if db != "vlan" {
			return nil
		}
		mode = m
	}
	switch mode {
	case "server", "client", "transparent", "off":
	default:
		return p.errorf(l, "unknown VTP mode %q (want server, client, transparent or off)", mode)
	}
	p.vtpMode, p.vtpRef = mode, p.refp(l)
	return nil
}

// vlanSource says where IOS keeps its VLANs: in vlan.dat, not the
// running-config, in VTP server and client mode.
func vlanSource(mode string, ref *model.Ref) model.VLANSource {
	if mode == "" || mode == "transparent" || mode == "off" {
		return model.VLANSource{Ref: ref}
	}
	why := "runs VTP " + mode + " mode"
	if ref == nil {
		why += " (the default: the configuration has no \"vtp mode\" line)"
	}
	src := model.VLANSource{Elsewhere: true, Why: why, Prove: "show vlan brief", Ref: ref}
	if mode == "client" {
		src.Learned, src.Origin = true, "the VTP server of its domain"
	}
	return src
}

// ipTop handles top-level "ip ..." commands.
func (p *configParser) ipTop(l line, rest string) error {
	switch {
	case strings.HasPrefix(rest, "igmp snooping"):
		return p.igmpGlobal(l, strings.TrimSpace(strings.TrimPrefix(rest, "igmp snooping")), false)
	case strings.HasPrefix(rest, "access-list "):
		return p.namedACL(l, strings.TrimPrefix(rest, "access-list "))
	case rest == "multicast-routing" || strings.HasPrefix(rest, "multicast-routing distributed"):
		p.dev.MulticastRouting = p.refp(l)
	}
	return nil
}

// noTop handles top-level negations.
func (p *configParser) noTop(l line, rest string) error {
	if r, ok := strings.CutPrefix(rest, "ip igmp snooping"); ok {
		return p.igmpGlobal(l, strings.TrimSpace(r), true)
	}
	return nil
}

// finish checks the whole file once it has been read.
func (p *configParser) finish() error {
	if err := p.inherit(); err != nil {
		return err
	}
	switch {
	case p.nx && p.iosMarker != nil && p.nxosMarker == nil:
		return fmt.Errorf("%s line %d: this looks like an IOS/IOS-XE config (%q), not %s; check --platform or the inventory: %w",
			p.file, p.iosMarker.no, p.iosMarker.text, p.dev.Platform, ErrNotConfig)
	case !p.nx && p.nxosMarker != nil && p.iosMarker == nil:
		return fmt.Errorf("%s line %d: this looks like an NX-OS config (%q), not %s; check --platform or the inventory: %w",
			p.file, p.nxosMarker.no, p.nxosMarker.text, p.dev.Platform, ErrNotConfig)
	case !p.sawInterface && !p.sawHostname:
		return fmt.Errorf("%s: not a Cisco running-config: no hostname and no interface lines: %w", p.file, ErrNotConfig)
	case !p.sawInterface:
		return fmt.Errorf("%s: no interface lines: the config is truncated or is not a switch running-config (last line %d: %q): %w",
			p.file, p.lastLine.no, p.lastLine.text, ErrNotConfig)
	case !p.nx && !p.sawEnd:
		return fmt.Errorf("%s: truncated: an IOS running-config ends with \"end\", this one stops at line %d: %q: %w",
			p.file, p.lastLine.no, p.lastLine.text, ErrNotConfig)
	}
	p.dev.VLANSource = vlanSource(p.vtpMode, p.vtpRef)
	if p.nx && !p.vxlanSnooping {
		// Cisco's Nexus 9000 VXLAN guide: IGMP snooping over VXLAN must be
		// enabled with "ip igmp snooping vxlan"; without it a VLAN mapped
		// to a VNI is not snooped, whatever its own snooping lines say.
		for v, vl := range p.dev.VLANs {
			if vl.Segment != 0 {
				s := p.dev.VLANSnoopingFor(v)
				s.DefaultOff = vl.SegmentRef
				s.DefaultOffWhy = fmt.Sprintf("VLAN %d is mapped to VXLAN segment %d, and NX-OS snoops VXLAN VLANs only with \"ip igmp snooping vxlan\", which the configuration lacks", v, vl.Segment)
			}
		}
	}
	return nil
}
