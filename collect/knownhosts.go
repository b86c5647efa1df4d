package collect

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"path"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
)

// hostKeyFile checks host keys against a known_hosts file the way OpenSSH
// does. x/crypto's knownhosts differs in three ways that refuse switches
// OpenSSH accepts: it does not offer the key types the file holds for a
// host first (a switch with ed25519 and RSA keys, known by its ed25519
// key as OpenSSH records it, shows its RSA key and is refused as
// changed), it matches "*" only on port 22, and it reads "[host]:*" as
// port "*". Lines are parsed by x/crypto/ssh; the matching is OpenSSH's
// (hostfile.c, match.c): each comma-separated pattern, with '*' and '?',
// '!' negating, hashed names (|1|salt|hash), against "host" on port 22 and
// "[host]:port" elsewhere.
type hostKeyFile struct {
	lines []knownLine
}

type knownLine struct {
	file     string
	no       int
	marker   string // "", "cert-authority" or "revoked"
	patterns []string
	key      ssh.PublicKey
}

// loadKnownHosts reads a known_hosts file. A line it cannot read is an
// error naming it: a typo must not quietly drop the key of a switch.
func loadKnownHosts(file string) (*hostKeyFile, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	k := &hostKeyFile{}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		line := bytes.TrimSpace(raw)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		marker, hosts, key, _, _, err := ssh.ParseKnownHosts(line)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %v", file, i+1, err)
		}
		k.lines = append(k.lines, knownLine{file: file, no: i + 1, marker: marker, patterns: hosts, key: key})
	}
	return k, nil
}

// lookupName is how OpenSSH writes an address in known_hosts.
func lookupName(address string) string {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return address
	}
	if port == "22" {
		return host
	}
	return "[" + host + "]:" + port
}

func (l knownLine) matches(name string) bool {
	ok := false
	for _, p := range l.patterns {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		if !patternMatch(p, name) {
			continue
		}
		if neg {
			return false // a negated match refuses the line outright
		}
		ok = true
	}
	return ok
}

func patternMatch(pattern, name string) bool {
	if strings.HasPrefix(pattern, "|1|") {
		return hashedMatch(pattern, name)
	}
	// OpenSSH compares host names without case; path.Match knows '*' and
	// '?', and neither '/' nor '[' (escaped here) occurs in a host name
	// the way path.Match would read it.
	pattern = strings.NewReplacer(`[`, `\[`, `]`, `\]`).Replace(strings.ToLower(pattern))
	ok, err := path.Match(pattern, strings.ToLower(name))
	return err == nil && ok
}

func hashedMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "|")
	if len(parts) != 4 {
		return false
	}
	salt, err1 := base64.StdEncoding.DecodeString(parts[2])
	want, err2 := base64.StdEncoding.DecodeString(parts[3])
	if err1 != nil || err2 != nil {
		return false
	}
	mac := hmac.New(sha1.New, salt)
	mac.Write([]byte(name))
	return hmac.Equal(mac.Sum(nil), want)
}

// hostKeyError is a host key the file does not vouch for.
type hostKeyError struct {
	name string
	// known are the lines holding other keys for the host; empty when
	// the host is unknown.
	known   []knownLine
	revoked *knownLine
}

func (e *hostKeyError) Error() string {
	switch {
	case e.revoked != nil:
		return fmt.Sprintf("host key of %s is revoked (%s line %d)", e.name, e.revoked.file, e.revoked.no)
	case len(e.known) > 0:
		return fmt.Sprintf("host key of %s does not match %s line %d", e.name, e.known[0].file, e.known[0].no)
	}
	return fmt.Sprintf("host %s is not in known_hosts", e.name)
}

// callback checks a host key: a plain key must be on a line for the host,
// a certificate signed by a @cert-authority for it; a @revoked key is
// refused either way.
func (k *hostKeyFile) callback() ssh.HostKeyCallback {
	plain := func(address string, _ net.Addr, key ssh.PublicKey) error {
		name := lookupName(address)
		if l := k.find("", "revoked", key); l != nil {
			return &hostKeyError{name: name, revoked: l}
		}
		if k.find(name, "", key) != nil {
			return nil
		}
		return &hostKeyError{name: name, known: k.keysFor(name, key.Type())}
	}
	checker := &ssh.CertChecker{
		IsHostAuthority: func(auth ssh.PublicKey, address string) bool {
			return k.find(lookupName(address), "cert-authority", auth) != nil
		},
		IsRevoked: func(c *ssh.Certificate) bool {
			return k.find("", "revoked", c.SignatureKey) != nil || k.find("", "revoked", c.Key) != nil
		},
		HostKeyFallback: plain,
	}
	return func(address string, remote net.Addr, key ssh.PublicKey) error {
		err := checker.CheckHostKey(address, remote, key)
		if c, ok := key.(*ssh.Certificate); ok && err != nil && !checker.IsRevoked(c) {
			// A certificate from an authority not trusted here: OpenSSH
			// then judges the key it certifies as a plain key.
			return plain(address, remote, c.Key)
		}
		return err
	}
}

// find returns the line of kind marker that holds key for name ("" for
// any name: revocations apply to every host).
func (k *hostKeyFile) find(name, marker string, key ssh.PublicKey) *knownLine {
	blob := key.Marshal()
	for i, l := range k.lines {
		if l.marker == marker && (name == "" && marker == "revoked" || l.matches(name)) && bytes.Equal(l.key.Marshal(), blob) {
			return &k.lines[i]
		}
	}
	return nil
}

// keysFor returns the plain-key lines for name, those of keyType first.
func (k *hostKeyFile) keysFor(name, keyType string) []knownLine {
	var same, other []knownLine
	for _, l := range k.lines {
		if l.marker == "" && l.matches(name) {
			if l.key.Type() == keyType {
				same = append(same, l)
			} else {
				other = append(other, l)
			}
		}
	}
	return append(same, other...)
}

// Host key algorithms as OpenSSH 9 offers them by default: no SHA-1
// signatures (ssh-rsa) and no DSA, which it refuses unless asked.
var (
	defaultHostKeyAlgos = []string{
		ssh.CertAlgoED25519v01, ssh.CertAlgoECDSA256v01, ssh.CertAlgoECDSA384v01, ssh.CertAlgoECDSA521v01,
		ssh.CertAlgoRSASHA512v01, ssh.CertAlgoRSASHA256v01,
		ssh.KeyAlgoED25519, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521,
		ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256,
	}
	legacyHostKeyAlgos = []string{ssh.CertAlgoRSAv01, ssh.KeyAlgoRSA, ssh.KeyAlgoDSA}
)

// hostKeyAlgorithms is what to offer a host, in order: certificates where
// a @cert-authority covers it, then the algorithms of the keys the file
// holds for it, then the others, as OpenSSH orders them. legacy adds the
// SHA-1 RSA and DSA algorithms old switches may have as their only ones.
func (k *hostKeyFile) hostKeyAlgorithms(address string, legacy bool) []string {
	all := slices.Clone(defaultHostKeyAlgos)
	if legacy {
		all = append(all, legacyHostKeyAlgos...)
	}
	name := lookupName(address)
	var first []string
	for _, l := range k.lines {
		if l.marker == "cert-authority" && l.matches(name) {
			for _, a := range all {
				if strings.Contains(a, "-cert-v01@") {
					first = append(first, a)
				}
			}
		}
	}
	for _, l := range k.keysFor(name, "") {
		first = append(first, algorithmsForKey(l.key.Type(), legacy)...)
	}
	out := make([]string, 0, len(all))
	for _, a := range first {
		if slices.Contains(all, a) && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	for _, a := range all {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// algorithmsForKey lists the signature algorithms a key of keyType signs
// with.
func algorithmsForKey(keyType string, legacy bool) []string {
	if keyType == ssh.KeyAlgoRSA {
		out := []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256}
		if legacy {
			out = append(out, ssh.KeyAlgoRSA)
		}
		return out
	}
	return []string{keyType}
}
