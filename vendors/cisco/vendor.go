package cisco

import (
	"embed"
	"fmt"
	"io/fs"
	"net/netip"
	"strings"
	"text/template"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// Vendor is Cisco IOS, IOS-XE and NX-OS as the vendors registry sees it.
type Vendor struct{}

func (Vendor) Platforms() []string { return Platforms }

func (Vendor) Commands(platform, transport string) []string { return Commands(platform, transport) }

func (Vendor) ConfigCommand(string) string { return ConfigCommand }

// Answers: NX-OS's device-model paths hold the snooping state and its
// querier; the others are OpenConfig's.
func (Vendor) Answers(platform, command string) (model.Topics, string) {
	if p, ok := strings.CutPrefix(command, snapshot.GNMIPrefix); ok && isDMEPath(p) {
		return model.TopicSnooping | model.TopicQuerier, "the NX-OS device model (DME)"
	}
	return openconfig.Answers(command)
}

func (Vendor) Parse(dev *model.Device, command, file string, data []byte) error {
	return ParseOutput(dev, command, file, data)
}

func (Vendor) CanonicalInterface(platform, name string) string {
	return CanonicalInterface(platform, name)
}

func (Vendor) ShortInterface(platform, name string) string { return ShortInterface(platform, name) }

// Scrub scrubs every output, gNMI documents included: a secret's
// keyword and value read the same in JSON text as on a line.
func (Vendor) Scrub(platform, command string, data []byte) []byte {
	out, _ := ScrubText(data)
	return out
}

// InventoryNames: Ansible's cisco.ios collection drives IOS and IOS-XE
// alike, so its names mean IOS-XE (whose templates classic IOS shares but
// for the querier); Nornir's netmiko, NAPALM and scrapli names tell them
// apart.
func (Vendor) InventoryNames() (ansible, nornir map[string]string) {
	return map[string]string{
			"cisco.ios.ios":   IOSXE,
			"cisco.ios":       IOSXE,
			"ios":             IOSXE,
			"cisco.nxos.nxos": NXOS,
			"cisco.nxos":      NXOS,
			"nxos":            NXOS,
		}, map[string]string{
			"ios":         IOS,
			"cisco_ios":   IOS,
			"iosxe":       IOSXE,
			"cisco_iosxe": IOSXE,
			"cisco_xe":    IOSXE,
			"nxos":        NXOS,
			"nxos_ssh":    NXOS,
			"cisco_nxos":  NXOS,
		}
}

// SSHDriver: classic IOS has IOS-XE's prompts and paging commands.
func (Vendor) SSHDriver(platform string) (string, []byte) {
	if isNX(platform) {
		return "cisco_nxos", nil
	}
	return "cisco_iosxe", nil
}

func (Vendor) CheckComplete(platform string, config []byte, run func(command string) ([]byte, error)) error {
	return CheckComplete(platform, config, run)
}

//go:embed templates
var templateFiles embed.FS

func (Vendor) Templates() (fs.FS, template.FuncMap) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return sub, templateFuncs
}

// TemplateDirs: classic IOS takes IOS-XE's templates but for the ones
// it spells differently (the querier).
func (Vendor) TemplateDirs(platform string) []string {
	switch platform {
	case N1KV:
		// Its ports take their VLANs from port-profiles, which NX-OS's
		// interface templates would not write: every change is by hand.
		return nil
	case IOS:
		return []string{IOS, IOSXE}
	}
	return []string{platform}
}

func (Vendor) Token(platform, kind, value string) error { return Token(platform, kind, value) }

func (Vendor) MaxACLSeq(platform string) int { return MaxACLSeq(platform) }

func (Vendor) Resequence(platform, acl string) (string, error) { return Resequence(platform, acl) }

func (Vendor) SaveCommand(string) string { return "copy running-config startup-config" }

func (Vendor) ShowACLCommand(platform, acl string) string { return "show ip access-lists " + acl }

func (Vendor) Apply(platform string, config []byte, lines []string) ([]byte, error) {
	return Apply(platform, config, lines)
}

// templateFuncs format addresses the way each platform's ACLs write them.
var templateFuncs = template.FuncMap{
	// ios writes a prefix as IOS does: any, host A, or A WILDCARD.
	"ios": func(p string) (string, error) {
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
		w := uint32(1)<<(32-pfx.Bits()) - 1
		return fmt.Sprintf("%s %d.%d.%d.%d", pfx.Masked().Addr(), w>>24, w>>16&255, w>>8&255, w&255), nil
	},
	// nx writes a prefix as NX-OS does: any, or A/LEN.
	"nx": func(p string) (string, error) {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			return "", err
		}
		if pfx.Bits() == 0 {
			return "any", nil
		}
		return pfx.Masked().String(), nil
	},
}

func (Vendor) NeighborCommands(string) []string {
	return []string{"show cdp neighbors detail", "show lldp neighbors detail"}
}
