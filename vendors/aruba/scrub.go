package aruba

import "github.com/mcaudit/mcaudit/internal/secrets"

// scrubRules are the secrets of an AOS-CX configuration: each follows
// "ciphertext" or "plaintext" (user passwords, TACACS+ and RADIUS keys,
// NTP keys, SNMPv3 keys), or is an SNMP community.
var scrubRules = []secrets.Rule{
	{After: "ciphertext"},
	{After: "plaintext"},
	{After: "community", Lead: "snmp-server"},
	{After: "password", Skip: []string{"ciphertext", "plaintext"}},
}

// Scrub removes the secrets of AOS-CX output before it reaches disk.
func Scrub(data []byte) []byte {
	out, _ := secrets.Scrub(data, scrubRules)
	return out
}
