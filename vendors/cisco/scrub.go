// Scrubbing removes secrets from IOS, IOS-XE and NX-OS running-configs
// and show output before they are written to disk.
//
// Each secret is replaced in place by ScrubMarker and the rest of its line is
// kept: the keyword, the encryption-type digit, and the options that follow
// the value stay, so the line still reads as the same command, the file
// keeps its line count and line endings, and the scrubbed config parses and
// audits as the original did. Key material that spans lines (certificates,
// public-key blobs, PEM private keys) becomes one ScrubMarker on its first line
// and empty lines after it.
//
// Lines the config parser reads for the audit (interface, vlan, switchport,
// ACL entries, object groups, "ip address", "ip igmp", ...) are never
// changed, and free text (description, remark, name, banner text) only
// where it holds a command's secret or a URL with credentials.
//
// Scrubbing is idempotent: a value that already reads ScrubMarker is left alone
// and is not counted again.

package cisco

import (
	"bytes"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/internal/cfgtree"
)

// ScrubMarker replaces every secret.
const ScrubMarker = "<scrubbed>"

// quotedMarker replaces a value written in double quotes.
const quotedMarker = `"` + ScrubMarker + `"`

// ScrubText scrubs an IOS/IOS-XE/NX-OS running-config or show output; it
// returns the scrubbed text and how many secrets it replaced.
//
// The output has the same lines, with the same endings, as text; it is never
// longer than text by more than len(ScrubMarker)+2 bytes per secret replaced.
func ScrubText(text []byte) ([]byte, int) {
	s := scrubber{
		out:  make([]byte, 0, len(text)+len(ScrubMarker)),
		toks: make([]tok, 0, 32),
		repl: make([]repl, 0, 4),
	}
	for no := 1; len(text) > 0; no++ {
		end := bytes.IndexByte(text, '\n')
		next := end + 1
		if end < 0 {
			end, next = len(text), len(text)
		}
		body := end
		if body > 0 && text[body-1] == '\r' {
			body--
		}
		ln := text[:body]
		if no == 1 && bytes.HasPrefix(ln, bom) {
			// A byte-order mark left by a Windows editor is not part of
			// the first command.
			s.out = append(s.out, bom...)
			ln = ln[len(bom):]
		}
		s.line(ln)
		s.out = append(s.out, text[body:next]...)
		text = text[next:]
	}
	return s.out, s.n
}

var bom = []byte("\ufeff")

// tok is one word of a line: bytes [a, b). A word that opens with a double
// quote runs to the closing quote, blanks included.
type tok struct{ a, b int }

// repl is a part of the line to replace by ScrubMarker: bytes [a, b), covering
// the words [t0, t1) (t0 == t1 for a part of one word, as in a URL).
type repl struct {
	a, b   int
	t0, t1 int
	// with, when set, is what replaces the part (text scrubbed on its own:
	// a command quoted in an EEM action, a one-line banner's text); n
	// counts its secrets.
	with []byte
	n    int
}

// blob is a run of key-material lines.
type blob uint8

const (
	noBlob  blob = iota
	hexBlob      // hex dump: certificates, public keys; ends at a line that is not hex ("quit")
	pemBlob      // PEM body: ends at "-----END ...", or at a line that is not base64
)

// scrubBlock is the top-level command whose indented lines are being read, where
// it changes what those lines mean.
type scrubBlock uint8

const (
	inNone        scrubBlock = iota
	inAAAServer              // "tacacs server NAME", "radius server NAME": " key X"
	inIsakmpGroup            // "crypto isakmp client configuration group G": " key X"
	inCertChain              // "crypto pki certificate chain TP": " certificate ..." and its hex
)

type scrubber struct {
	out []byte
	n   int

	// The line being read, its words and what to replace in it.
	ln   []byte
	toks []tok
	repl []repl

	block  scrubBlock
	banner string // the delimiter of an open multi-line banner

	blob        blob
	nextBlob    blob // a blob the current line opens
	blobMarked  bool // the blob already shows ScrubMarker
	blobCounted bool // the blob was counted in this pass
}

func (s *scrubber) line(ln []byte) {
	if s.banner != "" {
		s.bannerBody(ln)
		return
	}
	if s.blob != noBlob {
		if s.blobLine(ln) {
			return
		}
		s.blob = noBlob
	}
	if !mayHold(ln) {
		if w, _ := firstWord(ln); len(w) > 0 && ln[0] != ' ' && ln[0] != '\t' {
			s.block = inNone // a top-level line that opens no block
		}
		s.out = append(s.out, ln...)
		return
	}
	s.tokenize(ln)
	if len(s.toks) == 0 {
		s.out = append(s.out, ln...)
		return
	}
	// Top level as the config parser sees it: no leading blank or tab.
	if ln[0] != ' ' && ln[0] != '\t' {
		s.block = s.blockOf()
		if d := s.bannerStart(ln); d != "" {
			s.banner = d
			s.block = inNone
			s.out = append(s.out, ln...)
			return
		}
	}
	s.rules()
	s.emit()
	if isPEMBegin(ln) {
		s.nextBlob = pemBlob
	}
	if s.nextBlob != noBlob {
		s.blob, s.nextBlob = s.nextBlob, noBlob
		s.blobMarked, s.blobCounted = false, false
	}
}

// mayHold reports whether ln may hold a secret or open a block, blob or
// banner: most lines of a config do neither and are copied as they are
// without being split into words. It must say yes to every line the rules
// would change.
func mayHold(ln []byte) bool {
	w, rest := firstWord(ln)
	if string(w) == "no" {
		w, _ = firstWord(rest)
	}
	switch string(w) {
	case "enable", "username", "snmp-server", "snmp", "tacacs-server", "radius-server", "server-private",
		"ldap-server", "bind", "key", "pac", "crypto", "certificate", "Key", "password", "ppp", "vtp",
		"cts", "isis", "area-password", "domain-password", "banner", "tacacs", "radius":
		return true
	case "ip":
		if bytes.Contains(ln, []byte("password")) || bytes.Contains(ln, []byte("authentication")) {
			return true
		}
	case "neighbor", "mpls":
		if bytes.Contains(ln, []byte("password")) {
			return true
		}
	case "action":
		if bytes.Contains(ln, []byte(" cli ")) {
			return true
		}
	case "standby", "vrrp", "glbp":
		if bytes.Contains(ln, []byte("authentication")) {
			return true
		}
	case "authentication":
		if bytes.Contains(ln, []byte("text")) || bytes.Contains(ln, []byte("mode")) {
			return true
		}
	}
	// The keywords that count wherever they stand, URLs and PEM armour,
	// and any command's password or secret argument (see generic).
	for i := 0; i+3 <= len(ln); i++ {
		if !trigger[ln[i]] {
			continue
		}
		switch string(ln[i : i+3]) {
		case "key", "psk", "spi", "://", "---":
			return true
		case "pas":
			if bytes.HasPrefix(ln[i:], []byte("password")) {
				return true
			}
		case "sec":
			if bytes.HasPrefix(ln[i:], []byte("secret")) {
				return true
			}
		}
	}
	return false
}

// trigger holds the first bytes of the words mayHold looks for.
var trigger = [256]bool{'k': true, 'p': true, 's': true, ':': true, '-': true}

// firstWord returns the first word of ln and what follows it.
func firstWord(ln []byte) (word, rest []byte) {
	i := 0
	for i < len(ln) && isBlank(ln[i]) {
		i++
	}
	j := i
	for j < len(ln) && !isBlank(ln[j]) {
		j++
	}
	return ln[i:j], ln[j:]
}

// tokenize splits ln into words.
func (s *scrubber) tokenize(ln []byte) {
	s.ln, s.toks, s.repl, s.nextBlob = ln, s.toks[:0], s.repl[:0], noBlob
	i := 0
	for {
		for i < len(ln) && isBlank(ln[i]) {
			i++
		}
		if i >= len(ln) {
			return
		}
		a := i
		if ln[i] == '"' {
			if c := bytes.IndexByte(ln[i+1:], '"'); c >= 0 {
				i += c + 2
			} else {
				i = len(ln)
			}
		}
		for i < len(ln) && !isBlank(ln[i]) {
			i++
		}
		s.toks = append(s.toks, tok{a, i})
	}
}

func isBlank(c byte) bool { return blank[c] }

var blank = [256]bool{' ': true, '\t': true, '\v': true, '\f': true, '\r': true}

func (s *scrubber) word(k int) []byte { return s.ln[s.toks[k].a:s.toks[k].b] }

// is reports whether word k is w.
func (s *scrubber) is(k int, w string) bool {
	return k >= 0 && k < len(s.toks) && string(s.word(k)) == w
}

// isAny reports whether word k is one of ws.
func (s *scrubber) isAny(k int, ws []string) bool {
	if k < 0 || k >= len(s.toks) {
		return false
	}
	w := s.word(k)
	for _, x := range ws {
		if string(w) == x {
			return true
		}
	}
	return false
}

// find returns the first word from k on that is w, or -1.
func (s *scrubber) find(k int, w string) int {
	for ; k < len(s.toks); k++ {
		if s.is(k, w) {
			return k
		}
	}
	return -1
}

// taken reports whether word k is already part of a secret.
func (s *scrubber) taken(k int) bool {
	for _, r := range s.repl {
		if k >= r.t0 && k < r.t1 {
			return true
		}
	}
	return false
}

// value marks word k as a secret. With rest, the secret runs on to the end
// of the line, stopping before any of the words in trailers: IOS takes the
// rest of the line as a password or key ("username U password 0 two words"),
// NX-OS prints options after some ("... password 5 X  role network-admin").
func (s *scrubber) value(k int, rest bool, trailers []string) {
	if k < 0 || k >= len(s.toks) || s.taken(k) {
		return
	}
	end := k + 1
	for rest && end < len(s.toks) && !s.isAny(end, trailers) && !s.taken(end) {
		end++
	}
	s.repl = append(s.repl, repl{a: s.toks[k].a, b: s.toks[end-1].b, t0: k, t1: end})
}

// typed is value after an optional encryption-type digit ("secret 9 X",
// "key 7 X"). A digit with nothing after it is the value itself.
func (s *scrubber) typed(k int, rest bool, trailers []string) {
	if k+1 < len(s.toks) {
		if w := s.word(k); len(w) == 1 && w[0] >= '0' && w[0] <= '9' {
			k++
		}
	}
	s.value(k, rest, trailers)
}

var (
	enableTrailers = []string{"priv-lvl"}
	userTrailers   = []string{"role", "expire"}
	// NX-OS prints the options of a server after its key.
	serverTrailers = []string{"port", "timeout", "retransmit", "auth-port", "acct-port",
		"authentication", "accounting", "single-connection", "test", "enable-ssl", "referral"}
	keyStringTrailers = []string{"timeout"} // HSRP/GLBP "key-string 7 X timeout 30"
	isisTrailers      = []string{"level-1", "level-2", "authenticate"}
	// Words after "snmp-server host H" that are not a community.
	hostOptions = []string{"use-vrf", "filter-vrf", "source-interface", "vrf", "udp-port"}
	// "ip ..." commands the config parser reads.
	parsedIP = []string{"access-list", "access-group", "port", "address", "igmp", "pim", "multicast-routing"}
	privAlgs = []string{"des", "3des", "des56", "aes", "aes-128", "aes-192", "aes-256", "aes128", "aes192", "aes256"}
)

// rules finds the secrets of the current line.
func (s *scrubber) rules() {
	if s.commands() {
		s.urls()
	}
}

// commands finds the secrets that commands carry. It returns false for a
// line the config parser reads, which must not change at all.
func (s *scrubber) commands() bool {
	n := len(s.toks)
	i := 0
	if s.is(0, "no") && n > 1 {
		i = 1
	}
	indented := s.toks[0].a > 0
	if w := s.word(i); w[0] >= '0' && w[0] <= '9' {
		return false // an ACL entry or object-group member by sequence number
	}
	if s.word(i)[0] == '!' {
		return true // a comment: free text, whose URLs only are checked
	}
	switch string(s.word(i)) {
	case "description", "remark", "name", "alias":
		// Free text: only a URL with credentials pasted into it counts.
		return true
	case "banner":
		// A banner on one line: its text between the delimiters, scrubbed
		// as lines are (a multi-line banner's body is read in bannerBody).
		s.oneLineBanner(i)
		return false
	case "action":
		// EEM "action 1.0 cli command \"enable secret 5 X\"": the quoted
		// command is scrubbed as a line of its own. A VLAN access map's
		// "action drop" holds nothing.
		if s.is(i+2, "cli") && s.is(i+3, "command") && i+4 < n {
			s.quotedCommand(i + 4)
		}
		return false
	case "interface", "hostname", "switchname", "vlan", "switchport", "channel-group", "storm-control",
		"shutdown", "access-list", "object-group", "permit", "deny", "host", "range", "group-object",
		"match", "state":
		// What the config parser reads: names and values that hold no
		// secret, whatever words they contain.
		return false

	case "enable":
		// enable [algorithm-type A] secret|password [level N] [0|5|7|8|9] X
		k := i + 1
		if s.is(k, "algorithm-type") {
			k += 2
		}
		if s.is(k, "secret") || s.is(k, "password") {
			k++
			if s.is(k, "level") {
				k += 2
			}
			s.typed(k, true, enableTrailers)
		}

	case "username":
		// username U [privilege N] [algorithm-type A] secret|password [T] X [role R]
		for k := i + 2; k < n; k++ {
			if s.is(k, "autocommand") {
				break
			}
			if s.is(k, "secret") || s.is(k, "password") {
				s.typed(k+1, true, userTrailers)
				break
			}
		}

	case "snmp-server", "snmp":
		switch {
		case s.is(i+1, "community"):
			s.value(i+2, false, nil)
		case s.is(i+1, "user"):
			s.snmpUser(i + 3)
		case s.is(i+1, "host"):
			s.snmpHost(i + 3)
		case s.is(i+1, "mib") && s.is(i+2, "community-map"):
			s.value(i+3, false, nil)
		}

	case "tacacs-server", "radius-server", "server-private":
		// ... key [0|7] X [options]; also "radius-server host H pac key X"
		if k := s.find(i+1, "key"); k >= 0 {
			s.typed(k+1, true, serverTrailers)
		}

	case "ldap-server", "bind":
		// NX-OS "ldap-server host H rootDN D password 7 X"; IOS ldap block
		// " bind authenticate root-dn D password X".
		if k := s.find(i+1, "password"); k >= 0 {
			s.typed(k+1, true, serverTrailers)
		}

	case "key":
		switch {
		case s.is(i+1, "config-key"):
			// NX-OS "key config-key ascii X", IOS "key config-key password-encrypt X".
			k := i + 2
			if s.is(k, "ascii") || s.is(k, "password-encrypt") {
				k++
			}
			s.value(k, true, nil)
		case indented && (s.block == inAAAServer || s.block == inIsakmpGroup):
			s.typed(i+1, true, serverTrailers)
		}

	case "pac":
		if indented && s.block == inAAAServer && s.is(i+1, "key") {
			s.typed(i+2, true, serverTrailers)
		}

	case "crypto":
		if s.is(i+1, "isakmp") && s.is(i+2, "key") {
			// crypto isakmp key [0|6] X address|hostname ...
			s.typed(i+3, false, nil)
		}

	case "certificate":
		if indented && s.block == inCertChain {
			s.nextBlob = hexBlob
		}

	case "Key":
		if s.is(i+1, "Data:") && n == i+2 { // show crypto key mypubkey rsa
			s.nextBlob = hexBlob
		}

	case "neighbor":
		// BGP "neighbor A password [0|7] X", whose password may hold blanks.
		if s.is(i+2, "password") {
			s.typed(i+3, true, nil)
		}

	case "password":
		// Inside a block: line con/vty, NX-OS BGP neighbor, trustpoint,
		// dot1x credentials. At top level it is a setting ("password
		// encryption aes", NX-OS "no password strength-check").
		if indented {
			s.typed(i+1, true, nil)
		}

	case "ppp":
		// ppp chap password X, ppp pap sent-username U password X
		if k := s.find(i+1, "password"); k >= 0 {
			s.typed(k+1, true, nil)
		}

	case "vtp":
		if s.is(i+1, "password") {
			s.value(i+2, false, nil)
		}

	case "ip":
		switch {
		case s.isAny(i+1, parsedIP):
			return false
		case s.is(i+1, "ftp") && s.is(i+2, "password"):
			s.typed(i+3, true, nil)
		case s.is(i+1, "http") && s.is(i+2, "client") && s.is(i+3, "password"):
			s.typed(i+4, true, nil)
		case s.is(i+1, "nhrp") && s.is(i+2, "authentication"):
			// DMVPN: ip nhrp authentication X (up to 8 characters, clear)
			s.value(i+3, false, nil)
		}

	case "mpls":
		switch {
		case s.is(i+1, "ldp") && s.is(i+2, "neighbor"):
			if k := s.find(i+3, "password"); k >= 0 {
				s.typed(k+1, true, nil)
			}
		case s.is(i+1, "ldp") && s.is(i+2, "password") && s.is(i+3, "fallback"):
			s.typed(i+4, true, nil)
		}

	case "cts":
		if s.is(i+1, "sxp") && s.is(i+2, "default") && s.is(i+3, "password") {
			s.typed(i+4, true, nil)
		}

	case "standby", "vrrp", "glbp":
		// standby [N] authentication [text] X; vrrp N authentication text X.
		// The md5 forms carry a key-string (below) or name a key chain.
		for k := i + 1; k < n && k <= i+3; k++ {
			if s.is(k, "authentication") {
				switch {
				case s.is(k+1, "md5"):
				case s.is(k+1, "text"):
					s.value(k+2, false, nil)
				default:
					s.value(k+1, false, nil)
				}
				break
			}
		}

	case "authentication":
		// NX-OS hsrp/vrrp blocks: "authentication text X"; named EIGRP
		// af-interface: "authentication mode hmac-sha-256 [0|7] X".
		// Interfaces also carry dot1x "authentication ..." lines, which
		// hold none.
		switch {
		case indented && s.is(i+1, "text"):
			s.value(i+2, false, nil)
		case indented && s.is(i+1, "mode") && s.is(i+2, "hmac-sha-256"):
			s.typed(i+3, true, nil)
		}

	case "isis":
		if s.is(i+1, "password") {
			s.typed(i+2, true, isisTrailers)
		}

	case "area-password", "domain-password":
		s.typed(i+1, true, isisTrailers)

	default:
		// Known to no rule above: after the keywords, the fallback.
		s.keywords(i)
		if len(s.repl) == 0 {
			s.generic(i)
		}
		return true
	}
	s.keywords(i)
	return true
}

// notValues follow "password" or "secret" in commands that set how
// passwords are handled, not what one is.
var notValues = []string{"encryption", "strength-check", "secure-mode", "policy", "restriction", "prompt", "keyboard", "publickey"}

// generic finds the password or secret argument of a command none of the
// rules above knows (l2tp tunnel password 7 X, a future command): the word
// after "password" or "secret", an encryption-type digit skipped, to the
// end of the line, since IOS reads blanks into most of them.
func (s *scrubber) generic(i int) {
	for k := i + 1; k < len(s.toks); k++ {
		if (s.is(k, "password") || s.is(k, "secret")) && k+1 < len(s.toks) && !s.isAny(k+1, notValues) {
			s.typed(k+1, true, nil)
			return
		}
	}
}

// quotedCommand scrubs the command quoted in word k as a line of its own.
func (s *scrubber) quotedCommand(k int) {
	w := s.word(k)
	if len(w) < 2 || w[0] != '"' || w[len(w)-1] != '"' {
		return
	}
	inner, n := ScrubText(w[1 : len(w)-1])
	if n == 0 {
		return
	}
	t := s.toks[k]
	s.repl = append(s.repl, repl{a: t.a + 1, b: t.b - 1, t0: k, t1: k + 1, with: inner, n: n})
}

// oneLineBanner scrubs the text of "banner TYPE dTEXTd" as a line of its
// own. Should scrubbing put the delimiter into the text, the whole text
// is replaced instead, so that the banner still ends where it did.
func (s *scrubber) oneLineBanner(i int) {
	if i+1 >= len(s.toks) {
		return
	}
	start := s.toks[i+1].b // after the banner type
	for start < len(s.ln) && isBlank(s.ln[start]) {
		start++
	}
	if start >= len(s.ln) {
		return
	}
	d := s.ln[start : start+1]
	if bytes.HasPrefix(s.ln[start:], []byte("^C")) {
		d = s.ln[start : start+2]
	}
	body := start + len(d)
	end := bytes.Index(s.ln[body:], d)
	if end < 0 {
		return // multi-line: bannerBody reads it
	}
	text := s.ln[body : body+end]
	inner, n := ScrubText(text)
	if n == 0 {
		return
	}
	if bytes.Contains(inner, d) {
		inner = []byte(ScrubMarker)
	}
	s.repl = append(s.repl, repl{a: body, b: body + end, t0: len(s.toks), t1: len(s.toks), with: inner, n: n})
}

// keywords finds the secrets that follow a keyword wherever it stands.
func (s *scrubber) keywords(i int) {
	// Every keyword below contains one of these; most lines none.
	if !bytes.Contains(s.ln, []byte("key")) && !bytes.Contains(s.ln, []byte("psk")) && !bytes.Contains(s.ln, []byte("spi")) {
		return
	}
	n := len(s.toks)
	for k := i; k < n; k++ {
		if s.taken(k) {
			continue
		}
		switch string(s.word(k)) {
		case "description", "remark":
			return
		case "key-string":
			// Key chains, HSRP/VRRP/GLBP md5, NX-OS key chains. Alone
			// on its line it opens a public-key blob
			// (crypto key pubkey-chain rsa).
			if k+1 == n {
				s.nextBlob = hexBlob
			} else {
				s.typed(k+1, true, keyStringTrailers)
			}
		case "authentication-key":
			if s.is(0, "ntp") {
				// ntp authentication-key N md5 X [7]
				s.value(k+3, false, nil)
			} else {
				// ip ospf authentication-key [0|3|7] X; area A virtual-link B authentication-key X
				s.typed(k+1, true, nil)
			}
		case "message-digest-key":
			// ... message-digest-key N md5 [0|3|7] X
			s.typed(k+3, true, nil)
		case "server-key":
			// aaa server radius dynamic-author: client H server-key [0|7] X
			s.typed(k+1, true, nil)
		case "pre-shared-key":
			s.preSharedKey(k + 1)
		case "pre-share":
			// crypto ikev2 profile: authentication local|remote pre-share key X
			if s.is(k+1, "key") {
				s.typed(k+2, true, nil)
			}
		case "session-key":
			// crypto map: set session-key inbound|outbound esp SPI cipher
			// [0|...] X [authenticator [0|...] Y]; ... ah SPI X
			for j := k + 1; j < n; j++ {
				switch {
				case s.is(j, "cipher") || s.is(j, "authenticator"):
					s.typed(j+1, false, nil)
				case s.is(j, "ah") && j+2 < n:
					s.typed(j+2, false, nil)
				}
			}
		case "wpa-psk", "set-key":
			j := k + 1
			if s.is(j, "ascii") || s.is(j, "hex") {
				j++
			}
			s.typed(j, true, nil)
		case "spi":
			// ospfv3|ipv6 ospf authentication ipsec spi N md5|sha1 [0|7] KEY
			if s.is(k-1, "ipsec") && s.is(k-2, "authentication") {
				s.typed(k+3, true, nil)
			}
		}
	}
}

// preSharedKey reads what follows "pre-shared-key": IKEv2 keyrings
// "[local|remote] [0|6] X", "address A [mask] [0|6] X"; IOS crypto keyrings
// "address A [mask] key X", "hostname H key X".
func (s *scrubber) preSharedKey(j int) {
	switch {
	case s.is(j, "address"):
		j += 2
		if s.is(j-1, "ipv6") {
			j++
		}
		if j+1 < len(s.toks) && isDottedQuad(s.word(j)) {
			j++ // mask
		}
	case s.is(j, "hostname"):
		j += 2
	}
	if s.is(j, "local") || s.is(j, "remote") {
		j++
	}
	if s.is(j, "key") {
		j++
	}
	s.typed(j, true, nil)
}

func isDottedQuad(w []byte) bool {
	dots := 0
	for _, c := range w {
		switch {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return false
		}
	}
	return dots == 3
}

// snmpUser reads an SNMPv3 user from the word after the user name: IOS
// "G [remote H] v3 [encrypted] auth md5|sha X [priv des|3des|aes 128 Y]",
// NX-OS "[G] auth md5|sha X [priv [aes-128] Y] [localizedkey]".
func (s *scrubber) snmpUser(k int) {
	n := len(s.toks)
	for ; k+2 < n; k++ {
		if s.is(k, "auth") {
			alg := s.word(k + 1)
			if bytes.HasPrefix(alg, []byte("md5")) || bytes.HasPrefix(alg, []byte("sha")) {
				break
			}
		}
	}
	if k+2 >= n {
		return
	}
	s.value(k+2, false, nil)
	p := s.find(k+3, "priv")
	if p < 0 {
		return
	}
	j := p + 1
	if j+1 < n && s.isAny(j, privAlgs) {
		j++
		if s.is(j-1, "aes") && j+1 < n && (s.is(j, "128") || s.is(j, "192") || s.is(j, "256")) {
			j++
		}
	}
	s.value(j, false, nil)
}

// snmpHost reads a notification host from the word after its address:
// "[vrf V] [informs|traps] [version 1|2c|3 [auth|noauth|priv]] COMMUNITY
// [udp-port P] [types]". For version 3 the word is a user name, not a
// secret; NX-OS also writes "snmp-server host H use-vrf V", which has none.
func (s *scrubber) snmpHost(j int) {
	if s.is(j, "vrf") {
		j += 2
	}
	if s.is(j, "informs") || s.is(j, "traps") {
		j++
	}
	if s.is(j, "version") {
		if s.is(j+1, "3") {
			return
		}
		j += 2
	}
	if j < len(s.toks) && !s.isAny(j, hostOptions) {
		s.value(j, false, nil)
	}
}

// urls finds the password of URLs with credentials (archive paths, boot
// and copy sources): scheme://user:PASSWORD@host/...
func (s *scrubber) urls() {
	if bytes.Index(s.ln, []byte("://")) < 0 {
		return
	}
	for k, t := range s.toks {
		if s.taken(k) {
			continue
		}
		w := s.ln[t.a:t.b]
		p := bytes.Index(w, []byte("://"))
		if p < 0 {
			continue
		}
		rest := w[p+3:]
		colon := bytes.IndexByte(rest, ':')
		at := bytes.LastIndexByte(rest, '@')
		if colon < 0 || at <= colon+1 || bytes.ContainsAny(rest[:colon], "/@") {
			continue
		}
		a := t.a + p + 3 + colon + 1
		s.repl = append(s.repl, repl{a: a, b: a + at - colon - 1, t0: k, t1: k})
	}
}

// emit writes the line with its secrets replaced.
func (s *scrubber) emit() {
	ln := s.ln
	if len(s.repl) == 0 {
		s.out = append(s.out, ln...)
		return
	}
	if len(s.repl) > 1 {
		slices.SortFunc(s.repl, func(x, y repl) int { return x.a - y.a })
	}
	at := 0
	for _, r := range s.repl {
		v := ln[r.a:r.b]
		s.out = append(s.out, ln[at:r.a]...)
		at = r.b
		switch {
		case r.with != nil:
			s.out = append(s.out, r.with...)
			s.n += r.n
			continue
		case string(v) == ScrubMarker || string(v) == quotedMarker:
			s.out = append(s.out, v...)
			continue
		case r.t1 == r.t0+1 && len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"':
			s.out = append(s.out, quotedMarker...)
		default:
			s.out = append(s.out, ScrubMarker...)
		}
		s.n++
	}
	s.out = append(s.out, ln[at:]...)
}

// blockOf says which block a top-level line opens.
func (s *scrubber) blockOf() scrubBlock {
	switch {
	case (s.is(0, "tacacs") || s.is(0, "radius")) && s.is(1, "server"):
		return inAAAServer
	case s.is(0, "crypto") && s.is(1, "isakmp") && s.is(2, "client"):
		return inIsakmpGroup
	case s.is(0, "crypto") && (s.is(1, "pki") || s.is(1, "ca")) && s.is(2, "certificate") && s.is(3, "chain"):
		return inCertChain
	}
	return inNone
}

// blobLine scrubs ln if it continues the open blob and reports whether it
// did: the first line of material becomes ScrubMarker, the others empty lines.
func (s *scrubber) blobLine(ln []byte) bool {
	t := bytes.Trim(ln, " \t\v\f\r")
	switch {
	case len(t) == 0:
		s.out = append(s.out, ln...)
		return true
	case string(t) == ScrubMarker:
		s.blobMarked = true
		s.out = append(s.out, ln...)
		return true
	case s.blob == hexBlob && !isHex(t):
		return false
	case s.blob == pemBlob && (isPEMEnd(t) || !isBase64(t) && !isPEMHeader(t)):
		return false
	}
	if !s.blobMarked {
		s.out = append(s.out, ln[:len(ln)-len(bytes.TrimLeft(ln, " \t\v\f\r"))]...)
		s.out = append(s.out, ScrubMarker...)
		s.blobMarked = true
	}
	if !s.blobCounted {
		s.n++
		s.blobCounted = true
	}
	return true
}

func isHex(t []byte) bool {
	for _, c := range t {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || isBlank(c)) {
			return false
		}
	}
	return true
}

func isBase64(t []byte) bool {
	for _, c := range t {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return true
}

// isPEMHeader recognises "Proc-Type: 4,ENCRYPTED", "DEK-Info: ...",
// "Comment: ..." inside a PEM or SSH2 key.
func isPEMHeader(t []byte) bool {
	c := bytes.IndexByte(t, ':')
	if c <= 0 {
		return false
	}
	for _, b := range t[:c] {
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-') {
			return false
		}
	}
	return true
}

// isPEMBegin recognises "-----BEGIN ... PRIVATE KEY-----" and the SSH2
// "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----".
func isPEMBegin(ln []byte) bool {
	i := 0
	for i < len(ln) && isBlank(ln[i]) {
		i++
	}
	t := ln[i:]
	return bytes.HasPrefix(t, []byte("----")) && bytes.Contains(t, []byte("BEGIN")) && bytes.Contains(t, []byte("PRIVATE KEY"))
}

func isPEMEnd(t []byte) bool {
	return bytes.HasPrefix(t, []byte("----")) && bytes.Contains(t, []byte("END"))
}

// bannerStart returns the delimiter of a multi-line banner that ln opens,
// exactly as the config parser finds it, so that both agree on where
// banner text (which the parser skips) ends.
func (s *scrubber) bannerStart(ln []byte) string {
	if !s.is(0, "banner") {
		return ""
	}
	text := cfgtree.Squeeze(string(ln))
	if text == "" || text[0] == '!' {
		return ""
	}
	rest, ok := strings.CutPrefix(text, "banner ")
	if !ok {
		return ""
	}
	f := strings.Fields(rest)
	if len(f) < 2 {
		return ""
	}
	body := strings.TrimSpace(strings.TrimPrefix(rest, f[0]))
	delim := body[:1]
	if strings.HasPrefix(body, "^C") {
		delim = "^C"
	}
	if strings.Contains(body[len(delim):], delim) {
		return ""
	}
	return delim
}

// bannerBody scrubs a line of banner text. Banner text is free text, but a
// pasted command in it is scrubbed all the same, as long as the banner
// still ends on the same line: on the closing line the delimiter and what
// follows it are kept, and a line that scrubbing would make contain the
// delimiter is emptied.
func (s *scrubber) bannerBody(ln []byte) {
	closeAt := bytes.Index(ln, []byte(s.banner))
	d := s.banner
	if closeAt >= 0 {
		s.banner = ""
	}
	s.tokenize(ln)
	if len(s.toks) == 0 {
		s.out = append(s.out, ln...)
		return
	}
	s.block = inNone
	s.rules()
	s.nextBlob = noBlob
	if closeAt >= 0 {
		// The delimiter and what follows it stay.
		kept := s.repl[:0]
		for _, r := range s.repl {
			if r.a < closeAt {
				r.b = min(r.b, closeAt)
				kept = append(kept, r)
			}
		}
		s.repl = kept
	}
	start := len(s.out)
	s.emit()
	if closeAt < 0 && bytes.Contains(s.out[start:], []byte(d)) {
		s.out = s.out[:start]
	}
}
