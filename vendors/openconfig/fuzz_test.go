package openconfig

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// FuzzParse: no input makes the parser panic, and every reference of what
// it reads cites a line of the input exactly.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/gnmi_*.json")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"path":"/","updates":[{"path":"/interfaces/interface[name=a]/ethernet/switched-vlan/config","value":{"trunk-vlans":[1,"2..3"]}}]}`))
	f.Add([]byte(`{"path":"/","updates":[{"path":"/acl/acl-sets/acl-set[name=A][type=ACL_IPV4]/acl-entries/acl-entry[sequence-id=1]","value":{"ipv4":{"config":{"protocol":113}}}}]}`))
	f.Add([]byte(`{"interfaces":{"interface":{"name":"Vlan7","routed-vlan":{"config":{"vlan":"Vlan7"}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := model.NewDevice("fuzz", OpenConfig)
		if err := Parse(d, "f.json", data, Options{}); err != nil {
			return
		}
		checkRefs(t, map[string][]byte{"f.json": data}, d)
		for _, ifc := range d.Interfaces {
			if d.Interface(ifc.Name) != ifc {
				t.Errorf("interface %q not indexed", ifc.Name)
			}
		}
	})
}
