package openconfig

import (
	"bytes"
	"strings"
	"testing"
)

func TestScrub(t *testing.T) {
	in := `{
  "openconfig-system:system": {
    "aaa": {"authentication": {"users": {"user": [{"username": "admin",
      "config": {"password": "Cleartext-1", "hashed-password": "$6$abc$def", "role": "SYSTEM_ROLE_ADMIN"}}]}},
      "server-groups": {"server-group": [{"servers": {"server": [{"tacacs": {"config": {"secret-key": "tac\"key"}}}]}}]}},
    "snmp": {"community": "public-ro"},
    "ntp": {"ntp-keys": {"ntp-key": [{"config": {"key-id": 1, "key-value": "kept-not-a-leaf-we-know"}}]}},
    "description": "password reset desk"
  }
}
`
	out := string(Scrub([]byte(in)))
	for _, secret := range []string{"Cleartext-1", "$6$abc$def", `tac\"key`, "public-ro"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q survived:\n%s", secret, out)
		}
	}
	for _, kept := range []string{`"username": "admin"`, `"role": "SYSTEM_ROLE_ADMIN"`, `"description": "password reset desk"`, `"key-id": 1`} {
		if !strings.Contains(out, kept) {
			t.Errorf("%q lost:\n%s", kept, out)
		}
	}
	if strings.Count(out, "\n") != strings.Count(in, "\n") {
		t.Errorf("line count changed")
	}
	if again := Scrub([]byte(out)); !bytes.Equal(again, []byte(out)) {
		t.Errorf("not idempotent")
	}
}
