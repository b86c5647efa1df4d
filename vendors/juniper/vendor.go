package juniper

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// Vendor is Juniper Junos as the vendors registry sees it.
type Vendor struct{}

func (Vendor) Platforms() []string { return Platforms }

func (Vendor) Commands(platform, transport string) []string { return Commands(platform, transport) }

func (Vendor) ConfigCommand(string) string { return ConfigCommand }

func (Vendor) Answers(platform, command string) (model.Topics, string) {
	return openconfig.Answers(command)
}

func (Vendor) Parse(dev *model.Device, command, file string, data []byte) error {
	return ParseOutput(dev, command, file, data)
}

func (Vendor) CanonicalInterface(_, name string) string { return CanonicalInterface(name) }

func (Vendor) Scrub(_, _ string, data []byte) []byte { return Scrub(data) }

// InventoryNames: Ansible's junipernetworks.junos collection, and the
// netmiko, NAPALM and scrapli names Nornir inventories use.
func (Vendor) InventoryNames() (ansible, nornir map[string]string) {
	return map[string]string{"junipernetworks.junos.junos": Junos, "junipernetworks.junos": Junos, "junos": Junos},
		map[string]string{"junos": Junos, "juniper_junos": Junos, "juniper": Junos}
}

// SSHDriver: scrapligo's juniper_junos, leaving a shell login with "cli".
func (Vendor) SSHDriver(string) (string, []byte) { return Junos, sshDefinition }

// CheckComplete proves a collected configuration whole by asking Junos
// for its line count ("Count: N lines"): the "set" form has no closing
// line to look for.
func (Vendor) CheckComplete(_ string, config []byte, run func(string) ([]byte, error)) error {
	if run == nil {
		return errors.New("configuration not proven complete: Junos cannot be asked for its line count")
	}
	out, err := run(countCommand)
	if err != nil {
		return fmt.Errorf("configuration not proven complete: %q: %v", countCommand, err)
	}
	t := strings.TrimSpace(string(out))
	n, ok := strings.CutPrefix(t, "Count: ")
	n, ok2 := strings.CutSuffix(n, " lines")
	want, err := strconv.Atoi(n)
	if !ok || !ok2 || err != nil {
		return fmt.Errorf("configuration not proven complete: %q answered %+q, not \"Count: N lines\"", countCommand, t)
	}
	if got := strings.Count(string(config), "\n"); got < want-2 || got > want+2 {
		return fmt.Errorf("configuration not proven complete: %d lines were read, %q says %d: a line of it may look like the prompt, or it changed while it was read (collect again)", got, countCommand, want)
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
	return sub, template.FuncMap{"need": need}
}

// need refuses to write an empty name: a Junos statement without the
// name it needs is another statement.
func need(s string) (string, error) {
	if s == "" {
		return "", errors.New("a Junos template was given no name to write")
	}
	return s, nil
}

func (Vendor) TemplateDirs(platform string) []string { return []string{platform} }

// VLANsByName: Junos statements name VLANs, never number them.
func (Vendor) VLANsByName(string) bool { return true }

// What Junos accepts for the tokens remediation writes, narrower than
// its CLI where a character would need quoting or read as something else.
var (
	ifaceToken = regexp.MustCompile(`^((ge|xe|et|mge|fe|xle|fte)-[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,3}(:[0-9]{1,2})?|ae[0-9]{1,4}|(irb|vlan)\.[0-9]{1,5})$`)
	nameToken  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,62}$`)
)

func (Vendor) Token(_, kind, value string) error {
	var want string
	switch kind {
	case "interface":
		if ifaceToken.MatchString(value) {
			return nil
		}
		want = "a port (ge-0/0/1), an aggregate (ae0) or a VLAN interface (irb.100)"
	case "acl", "term", "vlan-name":
		if nameToken.MatchString(value) && value != "all" && value != "none" {
			return nil
		}
		want = "1-63 letters, digits and _ . -, starting with a letter, and not \"all\" or \"none\""
	default:
		return fmt.Errorf("Junos takes no %s token", kind)
	}
	return fmt.Errorf("Junos wants %s", want)
}

// MaxACLSeq: Junos filters have terms, not numbered entries.
func (Vendor) MaxACLSeq(string) int { return 0 }

func (Vendor) Resequence(string, string) (string, error) {
	return "", errors.New("Junos orders a filter's terms with insert ... before term ..., not by number")
}

// SaveCommand: a Junos change is applied by "commit confirmed" and kept
// by a second "commit" (see Commit).
func (Vendor) SaveCommand(string) string { return "commit, which confirms the commit confirmed" }

// Commit ends a change on Junos: nothing typed takes effect before it, and
// a "commit confirmed" is undone by the switch itself unless it is
// confirmed in time, so a change that cuts the switch off heals itself.
func (Vendor) Commit(string) (lines []string, note string) {
	return []string{"commit confirmed 10"},
		"Junos applies nothing until it is committed; \"commit confirmed 10\" rolls the change back by itself unless it is confirmed with \"commit\" within 10 minutes: confirm once the switch still answers and the test plan's verify runs receive PGM."
}

func (Vendor) ShowACLCommand(_, acl string) string {
	return "show configuration firewall family ethernet-switching filter " + acl
}

func (Vendor) Apply(_ string, config []byte, lines []string) ([]byte, error) {
	return Apply(config, lines)
}

func (Vendor) NeighborCommands(string) []string { return []string{cmdLLDP} }
