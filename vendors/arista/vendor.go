package arista

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/netip"
	"regexp"
	"text/template"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// Vendor is Arista EOS as the vendors registry sees it.
type Vendor struct{}

func (Vendor) Platforms() []string { return Platforms }

func (Vendor) Commands(platform, transport string) []string { return Commands(platform, transport) }

func (Vendor) ConfigCommand(string) string { return ConfigCommand }

// Answers: the "cli" origin's show ip igmp snooping holds the snooping
// state and its querier; the other paths are OpenConfig's.
func (Vendor) Answers(platform, command string) (model.Topics, string) {
	if command == snapshot.GNMIPrefix+pathSnooping {
		return model.TopicSnooping | model.TopicQuerier, "EOS's cli origin"
	}
	return openconfig.Answers(command)
}

func (Vendor) Parse(dev *model.Device, command, file string, data []byte) error {
	return ParseOutput(dev, command, file, data)
}

func (Vendor) CanonicalInterface(_, name string) string { return CanonicalInterface(name) }

func (Vendor) ShortInterface(_, name string) string { return types.Short(name) }

func (Vendor) Scrub(_, _ string, data []byte) []byte { return Scrub(data) }

// InventoryNames: Ansible's arista.eos collection, and the netmiko,
// NAPALM and scrapli names Nornir inventories use.
func (Vendor) InventoryNames() (ansible, nornir map[string]string) {
	return map[string]string{"arista.eos.eos": EOS, "arista.eos": EOS, "eos": EOS},
		map[string]string{"eos": EOS, "arista_eos": EOS}
}

// SSHDriver is scrapligo's own EOS platform: "#"/">" prompts, "enable",
// "terminal length 0".
func (Vendor) SSHDriver(string) (string, []byte) { return "arista_eos", nil }

// CheckComplete proves an EOS running-config whole: it ends with "end".
func (Vendor) CheckComplete(_ string, config []byte, _ func(string) ([]byte, error)) error {
	return checkComplete(config)
}

//go:embed templates
var templateFiles embed.FS

func (Vendor) Templates() (fs.FS, template.FuncMap) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return sub, template.FuncMap{"eos": eosAddress}
}

func (Vendor) TemplateDirs(platform string) []string { return []string{platform} }

// What EOS accepts for the tokens remediation writes. The rules are
// narrower than the CLI's where it would read a character as something
// else; a value outside them is refused, never altered.
var (
	ifaceToken    = regexp.MustCompile(`^(Ethernet|Port-Channel|Vlan)[0-9][0-9/.]{0,15}$`)
	nameToken     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:/+=@#-]{0,99}$`)
	vlanNameToken = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,32}$`)
)

func (Vendor) Token(_, kind, value string) error {
	var re *regexp.Regexp
	var want string
	switch kind {
	case "interface":
		re, want = ifaceToken, "an Ethernet, Port-Channel or Vlan interface name"
	case "acl":
		re, want = nameToken, "1-100 letters, digits and _ . : / + = @ # -, starting with a letter or digit"
	case "vlan-name":
		re, want = vlanNameToken, "1-32 letters, digits and _ . -"
	default:
		return fmt.Errorf("EOS takes no %s token", kind)
	}
	if !re.MatchString(value) {
		return fmt.Errorf("EOS wants %s", want)
	}
	return nil
}

// MaxACLSeq: EOS numbers entries 1-4294967295.
func (Vendor) MaxACLSeq(string) int { return math.MaxUint32 }

// Resequence: EOS renumbers an ACL from inside it.
func (v Vendor) Resequence(_, acl string) (string, error) {
	if err := v.Token(EOS, "acl", acl); err != nil {
		return "", errors.New("its name cannot be written into a command")
	}
	return "ip access-list " + acl + " / resequence 10 10", nil
}

func (Vendor) SaveCommand(string) string { return "copy running-config startup-config" }

func (Vendor) ShowACLCommand(_, acl string) string { return "show ip access-lists " + acl }

func (Vendor) Apply(_ string, config []byte, lines []string) ([]byte, error) {
	return Apply(config, lines)
}

// eosAddress writes a prefix as EOS's ACL entries do: any, host A, A/LEN.
func eosAddress(p string) (string, error) {
	pfx, err := netip.ParsePrefix(p)
	if err != nil {
		return "", err
	}
	switch {
	case pfx.Bits() == 0:
		return "any", nil
	case pfx.IsSingleIP():
		return "host " + pfx.Addr().String(), nil
	}
	return pfx.Masked().String(), nil
}

func (Vendor) NeighborCommands(string) []string { return []string{cmdLLDP} }
