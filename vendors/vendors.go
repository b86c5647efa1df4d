// Package vendors is the registry of platforms mcaudit can read, and the
// one seam between the vendor-neutral packages and each vendor's dialect:
// what to collect and how, how to scrub and parse it into the model, how
// the platform spells interface names, and, where the vendor has them,
// the remediation templates and the simulation that predicts a change.
//
// A vendor is a package under vendors/ whose Vendor type implements
// Vendor (and, optionally, SSHCollector, Remediator, Applier), plus one
// line in all below. The vendor packages do not import this one: the
// interfaces use only the standard library's and the model's types.
package vendors

import (
	"io/fs"
	"slices"
	"text/template"

	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/vendors/arista"
	"github.com/mcaudit/mcaudit/vendors/aruba"
	"github.com/mcaudit/mcaudit/vendors/cisco"
	"github.com/mcaudit/mcaudit/vendors/juniper"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
	"github.com/mcaudit/mcaudit/vendors/ucs"
)

// Vendor is what every platform family provides.
type Vendor interface {
	// Platforms lists the platform names the vendor reads.
	Platforms() []string
	// Commands lists what to collect over a transport ("ssh" or "gnmi"),
	// the required one first: CLI commands, or gNMI paths prefixed
	// snapshot.GNMIPrefix.
	Commands(platform, transport string) []string
	// ConfigCommand is the command whose output a saved config file holds.
	ConfigCommand(platform string) string
	// Parse reads one command's output into the device; file is the name
	// evidence cites. The device may keep data without copying it: the
	// caller must not modify data afterwards.
	Parse(dev *model.Device, command, file string, data []byte) error
	// CanonicalInterface spells an interface name the way the platform's
	// configuration does.
	CanonicalInterface(platform, name string) string
	// Scrub removes the secrets of the platform's dialect from one
	// command's output before it reaches disk.
	Scrub(platform, command string, data []byte) []byte
	// InventoryNames maps the names other tools give the vendor's
	// platforms to mcaudit's: Ansible's ansible_network_os, Nornir's
	// platform (netmiko, NAPALM and scrapli names).
	InventoryNames() (ansible, nornir map[string]string)
}

// SSHCollector is a vendor collected over SSH with scrapligo.
type SSHCollector interface {
	// SSHDriver is scrapligo's platform definition for the platform: the
	// name of one of its own (platform.GetPlatformNames()), or, where it
	// has none, the vendor's own definition as YAML.
	SSHDriver(platform string) (name string, definition []byte)
	// CheckComplete proves a running configuration collected over SSH
	// whole; run sends one more command and returns its output.
	CheckComplete(platform string, config []byte, run func(command string) ([]byte, error)) error
}

// Remediator is a vendor with remediation templates.
type Remediator interface {
	// Templates holds the vendor's templates as <dir>/<name>.tmpl, and
	// the functions they call.
	Templates() (fs.FS, template.FuncMap)
	// TemplateDirs is where a platform's templates are looked for, in
	// order: a platform shares the files of the one it derives from.
	TemplateDirs(platform string) []string
	// Token says whether the platform accepts value as a token of kind
	// ("interface", "acl", "vlan-map", "vlan-name") in a configuration
	// line; remediation writes nothing Token refuses.
	Token(platform, kind, value string) error
	// MaxACLSeq is the highest ACL sequence number the platform takes.
	MaxACLSeq(platform string) int
	// Resequence is the command that renumbers an ACL, for a manual item.
	Resequence(platform, acl string) (string, error)
	// SaveCommand saves the running configuration.
	SaveCommand(platform string) string
	// ShowACLCommand shows one access list, for a ticket's pre-checks.
	ShowACLCommand(platform, acl string) string
}

// Applier is a vendor that can predict the configuration after lines
// are typed in configuration mode, so that a remediation is audited
// again before anyone types it.
type Applier interface {
	Apply(platform string, config []byte, lines []string) ([]byte, error)
}

// VLANNamer is a vendor whose configuration refers to VLANs by name
// (Junos): its templates are given each VLAN's name beside its number.
type VLANNamer interface {
	VLANsByName(platform string) bool
}

// Committer is a vendor whose changes take effect only once committed
// (Junos): the lines that end a change, and a sentence that says why.
type Committer interface {
	Commit(platform string) (lines []string, note string)
}

// NeighborReader is a vendor that collects CDP or LLDP neighbor tables:
// the commands that hold them. The audit reads them even where it reads
// a configuration alone (a remediation's prediction): the cabling does
// not change with the configuration.
type NeighborReader interface {
	NeighborCommands(platform string) []string
}

// NeighborCommands lists platform's neighbor-table commands, if any.
func NeighborCommands(platform string) []string {
	if v, ok := Lookup(platform); ok {
		if n, ok := v.(NeighborReader); ok {
			return n.NeighborCommands(platform)
		}
	}
	return nil
}

// Asker is a vendor that says what each of its requests tells the audit,
// so that a request the device refuses leaves only the verdicts resting
// on it unproven.
type Asker interface {
	// Answers says what command tells, and the data model it reads in the
	// vendor's words ("openconfig-acl"), "" where there is none to name.
	Answers(platform, command string) (model.Topics, string)
}

// Answers is what command tells about a device of platform, and the data
// model it reads: every topic where the vendor does not say, since a
// refusal it cannot place must not leave any verdict standing on a guess.
func Answers(platform, command string) (model.Topics, string) {
	if v, ok := Lookup(platform); ok {
		if a, ok := v.(Asker); ok {
			if t, m := a.Answers(platform, command); t != 0 {
				return t, m
			}
		}
	}
	return ^model.Topics(0), ""
}

// Abbreviator is a vendor whose show output abbreviates interface names
// ("Gi1/0/10"): a drawing, short of room, writes them so.
type Abbreviator interface {
	ShortInterface(platform, name string) string
}

// ShortInterface is name as platform's show output abbreviates it, or
// name where the platform has no shorter form.
func ShortInterface(platform, name string) string {
	if v, ok := Lookup(platform); ok {
		if a, ok := v.(Abbreviator); ok {
			return a.ShortInterface(platform, name)
		}
	}
	return name
}

// Declarer is a vendor whose devices mcaudit does not log in to: they
// are declared in the inventory (a device's "declare" key), which Parse
// reads as the output of ConfigCommand.
type Declarer interface {
	Declared(platform string) bool
}

// IsDeclared reports whether platform's devices are declared, not
// collected.
func IsDeclared(platform string) bool {
	v, _ := Lookup(platform)
	d, ok := v.(Declarer)
	return ok && d.Declared(platform)
}

// all is the registry: one line per vendor.
var all = []Vendor{
	cisco.Vendor{},
	arista.Vendor{},
	aruba.Vendor{},
	juniper.Vendor{},
	openconfig.Vendor{},
	ucs.Vendor{},
}

// Lookup returns the vendor that reads platform.
func Lookup(platform string) (Vendor, bool) {
	for _, v := range all {
		if slices.Contains(v.Platforms(), platform) {
			return v, true
		}
	}
	return nil, false
}

// Platforms lists every platform name mcaudit reads.
func Platforms() []string {
	var out []string
	for _, v := range all {
		out = append(out, v.Platforms()...)
	}
	return out
}

// InventoryNames merges every vendor's InventoryNames.
func InventoryNames() (ansible, nornir map[string]string) {
	ansible, nornir = map[string]string{}, map[string]string{}
	for _, v := range all {
		a, n := v.InventoryNames()
		for k, p := range a {
			ansible[k] = p
		}
		for k, p := range n {
			nornir[k] = p
		}
	}
	return ansible, nornir
}

// TemplateSource finds the templates of platform: the vendor's files,
// the directories to look in, and the functions they call. ok is false
// where the platform has no templates.
func TemplateSource(platform string) (fsys fs.FS, dirs []string, funcs template.FuncMap, ok bool) {
	v, found := Lookup(platform)
	if !found {
		return nil, nil, nil, false
	}
	r, isR := v.(Remediator)
	if !isR {
		return nil, nil, nil, false
	}
	fsys, funcs = r.Templates()
	return fsys, r.TemplateDirs(platform), funcs, true
}

// InventoryPlatforms is what an inventory may name: every platform, and
// every vendor's Ansible and Nornir names for them.
func InventoryPlatforms() inventory.Platforms {
	ansible, nornir := InventoryNames()
	var declared []string
	for _, p := range Platforms() {
		if IsDeclared(p) {
			declared = append(declared, p)
		}
	}
	return inventory.Platforms{Names: Platforms(), Ansible: ansible, Nornir: nornir, Declared: declared}
}
