package openconfig

import (
	"regexp"

	"github.com/mcaudit/mcaudit/model"
)

// Vendor is the openconfig platform as the vendors registry sees it:
// read over gNMI only, with no templates of its own.
type Vendor struct{}

func (Vendor) Platforms() []string { return Platforms }

func (Vendor) Commands(platform, transport string) []string { return Commands(platform, transport) }

func (Vendor) ConfigCommand(string) string { return ConfigCommand }

func (Vendor) Answers(platform, command string) (model.Topics, string) { return Answers(command) }

func (Vendor) Parse(dev *model.Device, command, file string, data []byte) error {
	return ParseOutput(dev, command, file, data)
}

func (Vendor) CanonicalInterface(platform, name string) string {
	return CanonicalInterface(platform, name)
}

func (Vendor) Scrub(platform, command string, data []byte) []byte { return Scrub(data) }

// InventoryNames: no Ansible collection or Nornir plugin is named for
// OpenConfig; an inventory says mcaudit_platform: openconfig.
func (Vendor) InventoryNames() (ansible, nornir map[string]string) { return nil, nil }

// ScrubMarker replaces every secret in a gNMI document.
const ScrubMarker = "<scrubbed>"

// secretLeaf is a JSON member whose name (after any module prefix) is a
// secret in the OpenConfig and vendor models: openconfig-system's
// password and hashed-password, openconfig-aaa's secret-key, SNMP
// communities, routing protocols' auth and pre-shared keys. Its string
// value is replaced on its own line, so the document keeps its lines and
// evidence keeps citing the same line numbers.
var secretLeaf = regexp.MustCompile(`("(?:[A-Za-z0-9_.-]+:)?[A-Za-z0-9_-]*(?:password|secret|community|auth-key|authentication-key|pre-shared-key|psk|private-key|crypt-key)[A-Za-z0-9_-]*"\s*:\s*)"(?:[^"\\\n]|\\.)*"`)

// Scrub replaces the value of every secret leaf of a JSON document.
func Scrub(data []byte) []byte {
	return secretLeaf.ReplaceAll(data, []byte(`${1}"`+ScrubMarker+`"`))
}
