package inventory

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A device's name becomes a directory of a snapshot (DIR/<device>/) and
// the stem of remediation's files (<device>.cfg, <device>.rollback.cfg,
// <device>.predicted.cfg). So it is held to what is safe as one path
// element on every system mcaudit runs on: letters, digits, '.', '_', '-'
// and ':' (an Ansible host may be named by its IPv6 address), starting
// with a letter or digit, so never "." or "..", and no separator.
const maxDeviceName = 253 // a fully qualified DNS name

// OutputSuffixes are what remediation appends to a device's name for its
// files besides <device>.cfg. A device whose name ends in one of them
// would write over another device's file.
var OutputSuffixes = []string{".rollback", ".predicted"}

// CheckDeviceName says why name cannot name a device, or nil.
func CheckDeviceName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("the name is empty")
	case !utf8.ValidString(name):
		return fmt.Errorf("the name is not valid UTF-8")
	case len(name) > maxDeviceName:
		return fmt.Errorf("the name is %d bytes long; at most %d", len(name), maxDeviceName)
	case !isAlnum(name[0]):
		return fmt.Errorf("the name %s starts with %s: it must start with a letter or digit", Quote(name), Quote(name[:1]))
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isAlnum(c) && !strings.ContainsRune("._:-", rune(c)) {
			return fmt.Errorf("the name %s holds %s: a device name is a file name in snapshots and remediation output, and may hold only letters, digits, '.', '_', '-' and ':'", Quote(name), Quote(string(c)))
		}
	}
	lower := strings.ToLower(name)
	for _, s := range OutputSuffixes {
		if strings.HasSuffix(lower, s) {
			return fmt.Errorf("the name %s ends in %q, which remediation gives to another device's files (%s%s.cfg)", Quote(name), s, strings.TrimSuffix(name, name[len(name)-len(s):]), s)
		}
	}
	return nil
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// checkDeviceNames checks every device's name, and that no two names
// differ only in case: on a case-insensitive file system (macOS, Windows)
// their snapshot folders and remediation files are the same.
func checkDeviceNames(devs []Device) error {
	seen := map[string]Device{}
	for _, d := range devs {
		if err := CheckDeviceName(d.Name); err != nil {
			return errAt(pos{d.File, d.Line}, "device: %v", err)
		}
		k := strings.ToLower(d.Name)
		if o, dup := seen[k]; dup && o.Name != d.Name {
			return errAt(pos{d.File, d.Line}, "device %q and device %q (%s) differ only in case, and would share their files on a case-insensitive file system", d.Name, o.Name, pos{o.File, o.Line})
		}
		seen[k] = d
	}
	return nil
}

// Quote writes s for a message with every control character and every
// byte that is not printable made visible, so that a name from a file
// cannot move the cursor, recolour the terminal or split a line.
func Quote(s string) string { return fmt.Sprintf("%+q", s) }

// checkVLANName holds a VLAN name to what every platform accepts as one
// word of a configuration line; each platform's own limits (length, most
// often) are checked again where remediation writes it.
func checkVLANName(name string) error {
	if len(name) > 128 {
		return fmt.Errorf("%d characters; no platform takes more than 128", len(name))
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isAlnum(c) && !strings.ContainsRune("._-", rune(c)) {
			return fmt.Errorf("holds %s: a VLAN name is written into switch configuration, and may hold only letters, digits, '.', '_' and '-'", Quote(string(c)))
		}
	}
	return nil
}
