package inventory

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mcaudit/mcaudit/model"
)

// NetBox is an inventory's netbox: block: where its devices and cables
// come from, besides its own devices: and links:.
type NetBox struct {
	URL      string `yaml:"url"`
	TokenEnv string `yaml:"token_env"`
	// Filter holds query parameters of /api/dcim/devices/; a list
	// repeats its key (NetBox reads that as "or").
	Filter yaml.Node `yaml:"filter"`
	// Platforms maps the site's platform slugs to mcaudit platforms.
	Platforms map[string]string `yaml:"platforms"`
	// CA is a PEM file of the CA that signed NetBox's certificate, where
	// the system's roots do not hold it.
	CA   string `yaml:"ca"`
	Line int    `yaml:"-"`
}

// UnmarshalYAML records where the block was written.
func (n *NetBox) UnmarshalYAML(node *yaml.Node) error {
	type plain NetBox
	n.Line = node.Line
	return node.Decode((*plain)(n))
}

// Query is the filter as query parameters, checked: each value a string
// or a list of strings.
func (n NetBox) Query() (url.Values, error) {
	q := url.Values{}
	if n.Filter.Kind == 0 {
		return q, nil
	}
	if n.Filter.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: netbox filter is a mapping of query parameters, e.g. {site: dc1, tag: mcaudit}", n.Filter.Line)
	}
	for i := 0; i+1 < len(n.Filter.Content); i += 2 {
		k, v := n.Filter.Content[i], n.Filter.Content[i+1]
		switch v.Kind {
		case yaml.ScalarNode:
			q.Add(k.Value, v.Value)
		case yaml.SequenceNode:
			for _, e := range v.Content {
				if e.Kind != yaml.ScalarNode {
					return nil, fmt.Errorf("line %d: netbox filter %s: a list of values, each a word", e.Line, k.Value)
				}
				q.Add(k.Value, e.Value)
			}
		default:
			return nil, fmt.Errorf("line %d: netbox filter %s: a value or a list of values", v.Line, k.Value)
		}
	}
	return q, nil
}

// NetBoxDevice is a device as NetBox lists it.
type NetBoxDevice struct {
	ID       int
	Name     string // "" where NetBox has none
	Platform string // the platform's slug, "" where none is set
	Address  string // the primary IPv4 address without its length, "" where none
	URL      string // the device's page in the API, for messages
}

// NetBoxCable is a connected cable between two interfaces of listed
// devices.
type NetBoxCable struct {
	ID   int
	A, B model.Endpoint
	URL  string
}

// NetBoxSource reads a netbox: block: the devices its filter lists and
// the cables between their interfaces. An error says what NetBox
// answered, never the token.
type NetBoxSource func(nb NetBox) ([]NetBoxDevice, []NetBoxCable, error)

// addNetBox merges what NetBox lists under the inventory's own devices
// and links: a device of devices: with a NetBox device's name is merged
// over it (what the YAML says wins), and the cables become links whose
// source is "netbox".
func (inv *Inventory) addNetBox(platforms Platforms) error {
	nb := inv.NetBox
	at := fmt.Sprintf("%s line %d", inv.File, nb.Line)
	switch {
	case nb.URL == "":
		return fmt.Errorf("%s: netbox: url is required (https://netbox.example.net)", at)
	case nb.TokenEnv == "":
		return fmt.Errorf("%s: netbox: token_env is required: the environment variable that holds the API token", at)
	case platforms.NetBox == nil:
		return fmt.Errorf("%s: netbox: this command does not read NetBox", at)
	}
	if u, err := url.Parse(nb.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%s: netbox: url %s is not an http(s) URL", at, Quote(nb.URL))
	}
	if _, err := nb.Query(); err != nil {
		return fmt.Errorf("%s %w", inv.File, err)
	}
	for slug, p := range nb.Platforms {
		if !contains(platforms.Names, p) {
			return fmt.Errorf("%s: netbox: platforms: %s maps to unknown platform %s (want one of %s)", at, Quote(slug), Quote(p), strings.Join(platforms.Names, ", "))
		}
	}
	resolved := *nb
	resolved.CA = inv.Path(nb.CA)
	devs, cables, err := platforms.NetBox(resolved)
	if err != nil {
		return fmt.Errorf("%s: netbox %s: %w", at, nb.URL, err)
	}
	own := map[string]int{}
	for i, d := range inv.Devices {
		own[d.Name] = i
	}
	listed := map[string]bool{}
	for _, nd := range devs {
		if nd.Name == "" {
			inv.Notes = append(inv.Notes, fmt.Sprintf("netbox: device %d has no name: skipped", nd.ID))
			continue
		}
		d := Device{Name: nd.Name, Address: nd.Address, File: nb.URL, Line: 0, From: "netbox"}
		d.Platform = netBoxPlatform(nd.Platform, nb.Platforms, platforms)
		switch {
		case nd.Platform == "":
			d.Skip = "NetBox gives it no platform: set one, or map it in the inventory's netbox platforms"
		case d.Platform == "":
			d.Skip = fmt.Sprintf("NetBox platform %s is not one mcaudit knows: map it under netbox platforms (want one of %s)", Quote(nd.Platform), strings.Join(platforms.Names, ", "))
		case nd.Address == "":
			d.Skip = "NetBox gives it no primary IPv4 address"
		}
		listed[nd.Name] = true
		if i, ok := own[nd.Name]; ok {
			inv.Devices[i] = mergeDevice(d, inv.Devices[i])
			continue
		}
		own[nd.Name] = len(inv.Devices)
		inv.Devices = append(inv.Devices, d)
	}
	for _, c := range cables {
		if !listed[c.A.Device] || !listed[c.B.Device] {
			continue
		}
		inv.Links = append(inv.Links, Link{A: c.A, B: c.B, Source: "netbox",
			Ref: &model.Ref{File: c.URL, Text: fmt.Sprintf("cable %d: %s %s - %s %s", c.ID, c.A.Device, c.A.Interface, c.B.Device, c.B.Interface)}})
	}
	return nil
}

// mergeDevice lays what the YAML says of a device over what NetBox says.
func mergeDevice(nb, yaml Device) Device {
	out := yaml
	if out.Platform == "" {
		out.Platform = nb.Platform
	}
	if out.Address == "" && out.Config == "" && !out.Declared() {
		out.Address = nb.Address
	}
	if out.Platform != "" && (out.Address != "" || out.Config != "" || out.Declared()) {
		out.Skip = "" // the YAML gave what NetBox lacked
	} else {
		out.Skip = nb.Skip
	}
	return out
}

// netBoxPlatform maps a NetBox platform slug: the inventory's platforms:
// map, else an mcaudit name written with - or _, else the names Nornir's
// drivers use (ios, nxos, eos, junos, aoscx).
func netBoxPlatform(slug string, m map[string]string, platforms Platforms) string {
	if slug == "" {
		return ""
	}
	if p, ok := m[slug]; ok {
		return p
	}
	s := strings.ToLower(slug)
	if u := strings.ReplaceAll(s, "-", "_"); slices.Contains(platforms.Names, u) {
		return u
	}
	for _, k := range []string{s, strings.ReplaceAll(s, "-", "_")} {
		if p, ok := platforms.Nornir[k]; ok {
			return p
		}
	}
	return ""
}
