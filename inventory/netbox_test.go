package inventory

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

const netboxInv = `netbox:
  url: https://netbox.example.net
  token_env: NETBOX_TOKEN
  filter: {site: dc1, tag: [mcaudit, eft]}
  platforms: {c9k-17: cisco_iosxe}
  ca: ca.pem
clusters:
  - name: eft-ha
    vlan: 100
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: sw1, interface: Gi1/0/10}
      - {name: eft2, ip: 10.10.100.12, switch: sw2, interface: Ethernet1/10}
devices:
  - {name: sw3, config: backups/sw3.cfg}
`

func loadNetBox(t *testing.T, text string, src NetBoxSource) (*Inventory, error) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "inv.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	p := platforms
	p.NetBox = src
	return Load(path, p)
}

func TestNetBoxDevicesAndCables(t *testing.T) {
	var asked NetBox
	src := func(nb NetBox) ([]NetBoxDevice, []NetBoxCable, error) {
		asked = nb
		return []NetBoxDevice{
				{ID: 1, Name: "sw1", Platform: "c9k-17", Address: "192.0.2.1"},     // the inventory's map
				{ID: 2, Name: "sw2", Platform: "cisco-nxos", Address: "192.0.2.2"}, // an mcaudit name with -
				{ID: 3, Name: "sw3", Platform: "ios", Address: "192.0.2.3"},        // Nornir's name; the YAML's config wins
				{ID: 4, Name: "sw4", Platform: "", Address: "192.0.2.4"},
				{ID: 5, Name: "sw5", Platform: "fortios", Address: "192.0.2.5"},
				{ID: 6, Name: "sw6", Platform: "nxos"},
				{ID: 7, Name: "", Platform: "nxos", Address: "192.0.2.7"},
			}, []NetBoxCable{
				{ID: 40, A: model.Endpoint{Device: "sw1", Interface: "Te1/1/1"}, B: model.Endpoint{Device: "sw2", Interface: "Ethernet1/49"}, URL: "https://netbox.example.net/api/dcim/cables/40/"},
				{ID: 41, A: model.Endpoint{Device: "sw1", Interface: "Te1/1/2"}, B: model.Endpoint{Device: "sw9", Interface: "Te1/0/1"}},
			}, nil
	}
	inv, err := loadNetBox(t, netboxInv, src)
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := asked.Query(); q.Encode() != "site=dc1&tag=mcaudit&tag=eft" || !strings.HasSuffix(asked.CA, filepath.Join("", "ca.pem")) || !filepath.IsAbs(asked.CA) {
		t.Errorf("asked NetBox with %q, CA %s", q.Encode(), asked.CA)
	}
	var got []string
	for _, d := range inv.Devices {
		got = append(got, fmt.Sprintf("%s %s %s %s %s|%s", d.Name, d.Platform, d.Address, d.Config, d.From, d.Skip))
	}
	want := []string{
		"sw3 cisco_ios  backups/sw3.cfg |",
		"sw1 cisco_iosxe 192.0.2.1  netbox|",
		"sw2 cisco_nxos 192.0.2.2  netbox|",
		"sw4  192.0.2.4  netbox|NetBox gives it no platform: set one, or map it in the inventory's netbox platforms",
		`sw5  192.0.2.5  netbox|NetBox platform "fortios" is not one mcaudit knows: map it under netbox platforms (want one of cisco_ios, cisco_iosxe, cisco_nxos)`,
		"sw6 cisco_nxos   netbox|NetBox gives it no primary IPv4 address",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("devices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ls := inv.ModelLinks()
	if len(ls) != 1 || ls[0].Source != "netbox" || ls[0].Ref.File != "https://netbox.example.net/api/dcim/cables/40/" || ls[0].Ref.Text != "cable 40: sw1 Te1/1/1 - sw2 Ethernet1/49" {
		t.Errorf("links: %+v (a cable to a device NetBox did not list is not one)", ls)
	}
	if len(inv.Notes) != 1 || !strings.Contains(inv.Notes[0], "netbox: device 7 has no name: skipped") {
		t.Errorf("notes: %q", inv.Notes)
	}
}

func TestNetBoxBlockErrors(t *testing.T) {
	ok := func(NetBox) ([]NetBoxDevice, []NetBoxCable, error) {
		return []NetBoxDevice{{ID: 1, Name: "sw1", Platform: "nxos", Address: "192.0.2.1"}, {ID: 2, Name: "sw2", Platform: "nxos", Address: "192.0.2.2"}}, nil, nil
	}
	for _, c := range []struct {
		name, from, to string
		src            NetBoxSource
		want           string
	}{
		{"no url", "  url: https://netbox.example.net\n", "", ok, "inv.yaml line 2: netbox: url is required"},
		{"not a URL", "https://netbox.example.net", "netbox.example.net", ok, `netbox: url "netbox.example.net" is not an http(s) URL`},
		{"no token_env", "  token_env: NETBOX_TOKEN\n", "", ok, "netbox: token_env is required"},
		{"a token in the file", "  token_env: NETBOX_TOKEN\n", "  token: 0123456789\n", ok, `"token" in netbox: secrets never go in the inventory; name an environment variable (token_env)`},
		{"a filter that is a list", "{site: dc1, tag: [mcaudit, eft]}", "[dc1]", ok, "line 4: netbox filter is a mapping of query parameters"},
		{"a mapped platform mcaudit lacks", "cisco_iosxe}", "fortios}", ok, `netbox: platforms: "c9k-17" maps to unknown platform "fortios"`},
		{"a command that reads no NetBox", "", "", nil, "netbox: this command does not read NetBox"},
		{"NetBox refuses", "", "", func(NetBox) ([]NetBoxDevice, []NetBoxCable, error) {
			return nil, nil, errors.New("GET /api/dcim/devices/: refused (403 Forbidden: Invalid v1 token)")
		}, "inv.yaml line 2: netbox https://netbox.example.net: GET /api/dcim/devices/: refused (403 Forbidden: Invalid v1 token)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := netboxInv
			if c.from != "" {
				text = strings.Replace(text, c.from, c.to, 1)
			}
			text = strings.Replace(text, "  - {name: sw3, config: backups/sw3.cfg}\n", "  - {name: sw3, platform: cisco_ios, config: backups/sw3.cfg}\n", 1)
			_, err := loadNetBox(t, text, c.src)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v\nwant it to contain %s", err, c.want)
			}
		})
	}
}
