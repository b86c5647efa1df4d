package cisco

import (
	"errors"
	"fmt"
	"math"
	"regexp"
)

// What IOS, IOS-XE and NX-OS accept for the tokens remediation writes into
// configuration. The rules are narrower than the CLI's where the CLI
// would read a character as something else: '?' asks for help, '!' starts
// a comment, a blank ends the word, '"' quotes. A value outside them is
// refused, never altered: an altered ACL name is another ACL.
var (
	// GigabitEthernet1/0/10, Port-channel10, port-channel10, Ethernet1/49.100, Vlan100, mgmt0, nve1.
	ifaceToken = regexp.MustCompile(`^[A-Za-z][A-Za-z-]{0,31}[0-9][0-9/.:]{0,31}$`)
	// ACL and VLAN access-map names: up to 64 characters on both
	// platforms (NX-OS's limit; IOS names are not shorter).
	nameToken = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:/+=@#-]{0,63}$`)
	// VLAN names: 32 characters (NX-OS without "system vlan long-name";
	// IOS's limit), letters, digits, '-', '_' and '.'.
	vlanNameToken = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,32}$`)
)

// Token says whether platform accepts value as a token of kind in a
// configuration line: "interface", "acl", "vlan-map" or "vlan-name".
func Token(platform, kind, value string) error {
	var re *regexp.Regexp
	var want string
	switch kind {
	case "interface":
		re, want = ifaceToken, "an interface name (letters, then a number such as 1/0/10)"
	case "acl", "vlan-map":
		re, want = nameToken, "1-64 letters, digits and _ . : / + = @ # -, starting with a letter or digit"
	case "vlan-name":
		re, want = vlanNameToken, "1-32 letters, digits and _ . -"
	default:
		return fmt.Errorf("%s takes no %s token", platform, kind)
	}
	if !re.MatchString(value) {
		return fmt.Errorf("%s wants %s", platformName(platform), want)
	}
	return nil
}

func platformName(platform string) string {
	switch platform {
	case NXOS:
		return "NX-OS"
	case N1KV:
		return "Nexus 1000V"
	case IOS:
		return "IOS"
	}
	return "IOS-XE"
}

// MaxACLSeq is the highest sequence number an ACL entry may have: IOS
// and IOS-XE take 1-2147483647, NX-OS 1-4294967295.
func MaxACLSeq(platform string) int {
	if isNX(platform) {
		return math.MaxUint32
	}
	return math.MaxInt32
}

// Resequence is the command that renumbers ACL acl from 10 in steps of 10.
// NX-OS puts the verb first.
func Resequence(platform, acl string) (string, error) {
	if err := Token(platform, "acl", acl); err != nil {
		return "", errors.New("its name cannot be written into a command")
	}
	if isNX(platform) {
		return "resequence ip access-list " + acl + " 10 10", nil
	}
	return "ip access-list resequence " + acl + " 10 10", nil
}
