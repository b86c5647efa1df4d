package collect

import (
	"context"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors/cisco"
	"github.com/mcaudit/mcaudit/vendors/openconfig"
)

// canned answers every command with the same text: collection here is
// about what happens to output once it is read, not how it is read.
type canned string

func (c canned) Collect(_ context.Context, t Target) ([]snapshot.Output, error) {
	var out []snapshot.Output
	for _, cmd := range t.Commands {
		out = append(out, snapshot.Output{Command: cmd, Data: []byte(c)})
	}
	return out, nil
}

// Each platform's output is scrubbed by its own vendor before it is
// recorded, and a target with no scrubber records nothing.
func TestRunScrubsWithTheVendor(t *testing.T) {
	for _, tc := range []struct {
		platform, transport, text, secret string
	}{
		{cisco.IOSXE, "ssh", "hostname a\nusername admin privilege 15 secret 9 $9$abcdefghijklmn\nend\n", "$9$abcdefghijklmn"},
		{openconfig.OpenConfig, "gnmi", "{\n  \"config\": {\n    \"username\": \"admin\",\n    \"password\": \"Cleartext-1\"\n  }\n}\n", "Cleartext-1"},
	} {
		tg, err := NewTarget("dut", tc.platform, "192.0.2.1", 0, tc.transport)
		if err != nil {
			t.Fatal(err)
		}
		tg.Complete = nil
		r := Run(context.Background(), []Target{tg}, Options{Transports: map[string]Collector{tc.transport: canned(tc.text)}})[0]
		if r.Err != nil {
			t.Fatalf("%s: %v", tc.platform, r.Err)
		}
		for _, o := range r.Device.Outputs {
			if strings.Contains(string(o.Data), tc.secret) {
				t.Errorf("%s: %s recorded the secret:\n%s", tc.platform, o.Command, o.Data)
			}
			if !strings.Contains(string(o.Data), "admin") {
				t.Errorf("%s: %s lost more than the secret:\n%s", tc.platform, o.Command, o.Data)
			}
		}
	}
	tg, _ := NewTarget("dut", cisco.IOSXE, "192.0.2.1", 0, "ssh")
	tg.Scrub = nil
	r := Run(context.Background(), []Target{tg}, Options{Transports: map[string]Collector{"ssh": canned("x")}})[0]
	if r.Err == nil || r.Device != nil || !strings.Contains(r.Err.Error(), "no scrubber") {
		t.Errorf("no scrubber: %v, %v", r.Err, r.Device)
	}
}
