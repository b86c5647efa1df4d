package arista

import (
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/model/modeltest"
)

// FuzzParseConfig: whatever the input, the parser does not panic, an
// error names the file, and a device it reads cites only the input's own
// lines and holds to the model's invariants.
func FuzzParseConfig(f *testing.F) {
	f.Add(string(readFile(f, "leaf1.cfg")))
	f.Add("interface 1\n   switchport trunk allowed vlan add 5000\n")
	f.Fuzz(func(t *testing.T, in string) {
		dev := model.NewDevice("sw1", EOS)
		if err := ParseConfig(dev, "sw1.cfg", []byte(in)); err != nil {
			if !strings.HasPrefix(err.Error(), "sw1.cfg") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		modeltest.CheckRefs(t, "sw1.cfg", []byte(in), dev)
		modeltest.CheckInvariants(t, dev)
	})
}

// FuzzShowVLAN: the show parser never panics, and an error names the file.
func FuzzShowVLAN(f *testing.F) {
	f.Add(string(readFile(f, "show_vlan.txt")))
	f.Fuzz(func(t *testing.T, in string) {
		dev := model.NewDevice("sw1", EOS)
		if err := ParseShowVLAN(dev, "show.txt", []byte(in)); err != nil && !strings.HasPrefix(err.Error(), "show.txt") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
