package remediate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/templates"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

// Every template data type, as remediation fills them.
var dataTypes = []any{
	switchWide{}, vlanData{}, vlanOnly{}, querierData{}, versionData{}, sviData{}, querierVersionData{}, aclEntry{}, aclData{}, vlanMapData{}, trunkData{}, accessData{},
}

// Every string a template can print says which token it is: a new field
// without a tag would reach configuration unchecked.
func TestTemplateDataTagged(t *testing.T) {
	var walk func(tp reflect.Type, path string)
	walk = func(tp reflect.Type, path string) {
		switch tp.Kind() {
		case reflect.Slice:
			walk(tp.Elem(), path+"[]")
		case reflect.Struct:
			for i := range tp.NumField() {
				f := tp.Field(i)
				if f.Type.Kind() == reflect.String {
					if _, ok := placeholders[f.Tag.Get("token")]; !ok {
						t.Errorf("%s.%s is a string without a token kind", path, f.Name)
					}
					continue
				}
				walk(f.Type, path+"."+f.Name)
			}
		case reflect.Map, reflect.Interface, reflect.Pointer:
			t.Errorf("%s: %s in template data would escape the token checks", path, tp.Kind())
		}
	}
	for _, d := range dataTypes {
		walk(reflect.TypeOf(d), reflect.TypeOf(d).Name())
	}
}

func TestCheckTokens(t *testing.T) {
	for _, tc := range []struct {
		name string
		data any
		want string // "" when accepted
	}{
		{"good ACL", aclData{ACL: "EDGE-IN", Entries: []aclEntry{{Seq: 65, Src: "10.10.100.11/32", Dst: "239.192.10.10/32"}}}, ""},
		{"ACL name with a line break", aclData{ACL: "EDGE\nno ip igmp snooping"}, `ACL name "EDGE\nno ip igmp snooping" cannot be written`},
		{"ACL name with a blank", aclData{ACL: "EDGE IN"}, `ACL name "EDGE IN"`},
		{"ACL name asking for help", aclData{ACL: "EDGE?"}, `ACL name "EDGE?"`},
		{"ACL name a comment", aclData{ACL: "!EDGE"}, `ACL name "!EDGE"`},
		{"prefix not canonical", aclData{ACL: "E", Entries: []aclEntry{{Src: "10.10.100.11/32 log", Dst: "224.0.0.0/4"}}}, "not an IPv4 prefix"},
		{"interface with an escape", trunkData{Interface: "Ethernet1/1\x1b[2J", VLAN: 100}, `interface "Ethernet1/1\x1b[2J"`},
		{"interface with a sub-mode", trunkData{Interface: "Ethernet1/1\n shutdown"}, "interface"},
		{"VLAN name too long", vlanData{VLAN: 100, Name: strings.Repeat("A", 33)}, "VLAN name"},
		{"address with a suffix", querierData{VLAN: 100, Address: "10.10.100.2\nno ip igmp snooping"}, "not an IPv4 address"},
		{"IPv6 address", querierData{VLAN: 100, Address: "2001:db8::1"}, "not an IPv4 address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkTokens(cisco.IOSXE, tc.data, cisco.Token)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	// A platform that says nothing about its tokens takes none.
	if err := checkTokens("openconfig", trunkData{Interface: "Ethernet1"}, nil); err == nil {
		t.Error("a platform without a token checker accepted an interface")
	}
}

// A template whose output depends on a value's content, so that real data
// renders more lines than the template means, is refused.
func TestSafeRenderShape(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "cisco_iosxe", "trunk-add.tmpl")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	tmpl := `{{define "fix"}}
interface {{.Interface}}
{{if eq .Interface "Port-channel1"}} shutdown
{{end}} switchport trunk allowed vlan add {{.VLAN}}
{{end}}
{{define "rollback"}}
interface {{.Interface}}
 switchport trunk allowed vlan remove {{.VLAN}}
{{end}}`
	if err := os.WriteFile(p, []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := templates.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := safeRender(context.Background(), set, cisco.IOSXE, "trunk-add", trunkData{Interface: "Port-channel2", VLAN: 100}, cisco.Token); err != nil {
		t.Errorf("Port-channel2: %v", err)
	}
	_, _, err = safeRender(context.Background(), set, cisco.IOSXE, "trunk-add", trunkData{Interface: "Port-channel1", VLAN: 100}, cisco.Token)
	if !errors.Is(err, errShape) {
		t.Errorf("Port-channel1: %v, want a shape error", err)
	}
}
