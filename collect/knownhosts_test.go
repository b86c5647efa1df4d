package collect

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/mcaudit/mcaudit/internal/testrig/fakessh"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

func ed25519Signer(t *testing.T) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func rsaSigner(t *testing.T) ssh.Signer {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func writeKnownHosts(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// collectOnce collects acc1's lab outputs from a device with the given
// host keys, checking them against known_hosts kh.
func collectOnce(t *testing.T, cfg fakessh.Config, kh func(s *fakessh.Server) string, legacy bool) error {
	t.Helper()
	s := device(t, "acc1", cisco.IOSXE, cfg)
	c := sshCollector(kh(s), fast)
	c.LegacyAlgorithms = legacy
	return Run(context.Background(), []Target{target("acc1", cisco.IOSXE, s)}, Options{Transports: map[string]Collector{"ssh": c}, Timeouts: fast})[0].Err
}

// hostPattern is the device's address as known_hosts writes it.
func hostPattern(s *fakessh.Server) string { return knownhosts.Normalize(s.Addr()) }

func TestHostKeys(t *testing.T) {
	noLeaks(t)
	ed, rs := ed25519Signer(t), rsaSigner(t)
	ca := ed25519Signer(t)
	cert := &ssh.Certificate{Key: ed.PublicKey(), CertType: ssh.HostCert, KeyId: "acc1",
		ValidPrincipals: []string{"127.0.0.1"}, ValidAfter: uint64(time.Now().Add(-time.Hour).Unix()), ValidBefore: ssh.CertTimeInfinity}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	certSigner, err := ssh.NewCertSigner(cert, ed)
	if err != nil {
		t.Fatal(err)
	}
	legacyRSA, err := ssh.NewSignerWithAlgorithms(rs.(ssh.AlgorithmSigner), []string{ssh.KeyAlgoRSA})
	if err != nil {
		t.Fatal(err)
	}
	line := func(pattern string, k ssh.PublicKey) string {
		return pattern + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
	}
	for _, tc := range []struct {
		name   string
		cfg    fakessh.Config
		kh     func(s *fakessh.Server) string
		legacy bool
		want   string // "" = accepted
	}{
		{"ed25519 and RSA offered, ed25519 known (what OpenSSH records)",
			fakessh.Config{HostKey: rs, MoreHostKeys: []ssh.Signer{ed}},
			func(s *fakessh.Server) string { return writeKnownHosts(t, line(hostPattern(s), ed.PublicKey())) }, false, ""},
		{"ed25519 and RSA offered, RSA known",
			fakessh.Config{HostKey: ed, MoreHostKeys: []ssh.Signer{rs}},
			func(s *fakessh.Server) string { return writeKnownHosts(t, line(hostPattern(s), rs.PublicKey())) }, false, ""},
		{"hashed name",
			fakessh.Config{HostKey: ed},
			func(s *fakessh.Server) string {
				return writeKnownHosts(t, line(knownhosts.HashHostname(hostPattern(s)), ed.PublicKey()))
			}, false, ""},
		{"[host]:* pattern",
			fakessh.Config{HostKey: ed},
			func(s *fakessh.Server) string { return writeKnownHosts(t, line("[127.0.0.1]:*", ed.PublicKey())) }, false, ""},
		{"a wildcard that another line negates",
			fakessh.Config{HostKey: ed},
			func(s *fakessh.Server) string {
				return writeKnownHosts(t, line("[127.0.0.*]:*,!"+hostPattern(s), ed.PublicKey()))
			}, false, "host key unknown"},
		{"@cert-authority *",
			fakessh.Config{HostKey: certSigner},
			func(s *fakessh.Server) string {
				return writeKnownHosts(t, "@cert-authority "+line("*", ca.PublicKey()))
			}, false, ""},
		{"@cert-authority for other hosts",
			fakessh.Config{HostKey: certSigner},
			func(s *fakessh.Server) string {
				return writeKnownHosts(t, "@cert-authority "+line("*.example.net", ca.PublicKey()))
			}, false, "host key unknown"},
		{"@revoked",
			fakessh.Config{HostKey: ed},
			func(s *fakessh.Server) string {
				return writeKnownHosts(t, line(hostPattern(s), ed.PublicKey()), "@revoked "+line("*", ed.PublicKey()))
			}, false, "host key revoked"},
		{"key changed",
			fakessh.Config{HostKey: ed},
			func(s *fakessh.Server) string {
				return writeKnownHosts(t, "# comment", line(hostPattern(s), ed25519Signer(t).PublicKey()))
			},
			false, "host key changed: the device's key does not match known_hosts line 2"},
		{"ssh-rsa (SHA-1) only, refused as OpenSSH 9 does",
			fakessh.Config{HostKey: legacyRSA},
			func(s *fakessh.Server) string { return writeKnownHosts(t, line(hostPattern(s), rs.PublicKey())) },
			false, "the device offers only algorithms OpenSSH refuses by default (SHA-1 RSA or DSA host keys, SHA-1 key exchange, CBC ciphers): upgrade its SSH, or collect with --ssh-legacy-algorithms"},
		{"ssh-rsa (SHA-1) only, with --ssh-legacy-algorithms",
			fakessh.Config{HostKey: legacyRSA},
			func(s *fakessh.Server) string { return writeKnownHosts(t, line(hostPattern(s), rs.PublicKey())) }, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := collectOnce(t, tc.cfg, tc.kh, tc.legacy)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestHostKeyAlgorithmOrder(t *testing.T) {
	ed, rs := ed25519Signer(t), rsaSigner(t)
	kh, err := loadKnownHosts(writeKnownHosts(t,
		"sw1 "+strings.TrimSpace(string(ssh.MarshalAuthorizedKey(rs.PublicKey()))),
		"[sw2]:2222 "+strings.TrimSpace(string(ssh.MarshalAuthorizedKey(ed.PublicKey())))))
	if err != nil {
		t.Fatal(err)
	}
	for addr, first := range map[string][]string{
		"sw1:22":   {ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.CertAlgoED25519v01},
		"sw2:2222": {ssh.KeyAlgoED25519, ssh.CertAlgoED25519v01},
		"sw2:22":   {ssh.CertAlgoED25519v01}, // unknown: OpenSSH's own order
	} {
		got := kh.hostKeyAlgorithms(addr, false)
		if strings.Join(got[:len(first)], " ") != strings.Join(first, " ") {
			t.Errorf("%s: offers %v first, want %v", addr, got[:len(first)], first)
		}
		for _, a := range got {
			if a == ssh.KeyAlgoRSA || a == ssh.KeyAlgoDSA {
				t.Errorf("%s: offers %s without --ssh-legacy-algorithms", addr, a)
			}
		}
	}
	if _, err := loadKnownHosts(writeKnownHosts(t, "sw1 ssh-ed25519 AAAA-not-base64")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a bad line: %v", err)
	}
}
