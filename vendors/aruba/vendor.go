package aruba

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	"github.com/mcaudit/mcaudit/model"
)

// Vendor is Aruba AOS-CX as the vendors registry sees it.
type Vendor struct{}

func (Vendor) Platforms() []string { return Platforms }

func (Vendor) Commands(platform, transport string) []string { return Commands(platform, transport) }

func (Vendor) ConfigCommand(string) string { return ConfigCommand }

func (Vendor) Parse(dev *model.Device, command, file string, data []byte) error {
	return ParseOutput(dev, command, file, data)
}

func (Vendor) CanonicalInterface(_, name string) string { return CanonicalInterface(name) }

func (Vendor) Scrub(_, _ string, data []byte) []byte { return Scrub(data) }

// InventoryNames: Ansible's arubanetworks.aoscx collection, and the
// netmiko and NAPALM names Nornir inventories use.
func (Vendor) InventoryNames() (ansible, nornir map[string]string) {
	return map[string]string{"arubanetworks.aoscx.aoscx": AOSCX, "arubanetworks.aoscx": AOSCX, "aoscx": AOSCX},
		map[string]string{"aoscx": AOSCX, "aruba_aoscx": AOSCX, "aruba_cx": AOSCX}
}

// SSHDriver: mcaudit's own definition, which scrapligo lacks.
func (Vendor) SSHDriver(string) (string, []byte) { return AOSCX, sshDefinition }

// CheckComplete proves a running-config whole by asking AOS-CX for its
// line count: the configuration has no closing line to look for.
func (Vendor) CheckComplete(_ string, config []byte, run func(string) ([]byte, error)) error {
	if run == nil {
		return errors.New("running-config not proven complete: AOS-CX cannot be asked for its line count")
	}
	out, err := run(countCommand)
	if err != nil {
		return fmt.Errorf("running-config not proven complete: %q: %v", countCommand, err)
	}
	want, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		return fmt.Errorf("running-config not proven complete: %q answered %+q, not a number of lines", countCommand, strings.TrimSpace(string(out)))
	}
	if got := strings.Count(string(config), "\n"); got < want-2 || got > want+2 {
		return fmt.Errorf("running-config not proven complete: %d lines were read, %q says %d: a line of it may look like the prompt, or it changed while it was read (collect again)", got, countCommand, want)
	}
	return nil
}

//go:embed templates
var templateFiles embed.FS

func (Vendor) Templates() (fs.FS, template.FuncMap) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return sub, template.FuncMap{"cx": cxAddress}
}

func (Vendor) TemplateDirs(platform string) []string { return []string{platform} }

var (
	ifaceToken    = regexp.MustCompile(`^([0-9]{1,2}/[0-9]{1,2}/[0-9]{1,3}|lag[0-9]{1,4}|vlan[0-9]{1,4})$`)
	nameToken     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
	vlanNameToken = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,32}$`)
)

func (Vendor) Token(_, kind, value string) error {
	var re *regexp.Regexp
	var want string
	switch kind {
	case "interface":
		re, want = ifaceToken, "a port (1/1/1), a LAG (lag1) or a VLAN interface (vlan100)"
	case "acl":
		re, want = nameToken, "1-64 letters, digits and _ . -, starting with a letter or digit"
	case "vlan-name":
		re, want = vlanNameToken, "1-32 letters, digits and _ . -"
	default:
		return fmt.Errorf("AOS-CX takes no %s token", kind)
	}
	if !re.MatchString(value) {
		return fmt.Errorf("AOS-CX wants %s", want)
	}
	return nil
}

func (Vendor) MaxACLSeq(string) int { return math.MaxUint32 }

func (v Vendor) Resequence(_, acl string) (string, error) {
	if err := v.Token(AOSCX, "acl", acl); err != nil {
		return "", errors.New("its name cannot be written into a command")
	}
	return "access-list ip " + acl + " resequence 10 10", nil
}

func (Vendor) SaveCommand(string) string { return "write memory" }

func (Vendor) ShowACLCommand(_, acl string) string { return "show access-list ip " + acl }

func (Vendor) Apply(_ string, config []byte, lines []string) ([]byte, error) {
	return Apply(config, lines)
}

// cxAddress writes a prefix as AOS-CX's ACL entries do: any, a lone
// address for one host, A/LEN.
func cxAddress(p string) (string, error) {
	pfx, err := netip.ParsePrefix(p)
	if err != nil {
		return "", err
	}
	switch {
	case pfx.Bits() == 0:
		return "any", nil
	case pfx.IsSingleIP():
		return pfx.Addr().String(), nil
	}
	return pfx.Masked().String(), nil
}

func (Vendor) NeighborCommands(string) []string { return []string{cmdLLDP} }
