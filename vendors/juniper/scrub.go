package juniper

import "github.com/mcaudit/mcaudit/internal/secrets"

// scrubRules are the secrets of a Junos configuration: every "$9$"
// (reversibly encrypted) word wherever it stands, the hashes of
// "encrypted-password", and the values of the keywords that hold keys,
// secrets and SNMP communities in either form ("secret X;" curly, "set
// ... secret X" lines).
var scrubRules = []secrets.Rule{
	{Prefix: "$9$"},
	{After: "encrypted-password"},
	{After: "authentication-key"},
	{After: "secret"},
	{After: "pre-shared-key", Skip: []string{"ascii-text", "hexadecimal"}},
	{After: "community"},
	{After: "authentication-password"},
	{After: "privacy-password"},
	{After: "simple-password"},
}

// Scrub removes the secrets of Junos output before it reaches disk.
func Scrub(data []byte) []byte {
	out, _ := secrets.Scrub(data, scrubRules)
	return out
}
