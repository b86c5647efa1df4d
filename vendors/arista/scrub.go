package arista

import "github.com/mcaudit/mcaudit/internal/secrets"

// scrubRules are the secrets of an EOS configuration. Every one follows a
// keyword, after an encryption type or hash algorithm where it has one:
// user and enable secrets (sha512, 5, 0), TACACS+ and RADIUS keys, SNMP
// communities and v3 keys, NTP, BGP, OSPF and IS-IS keys.
var scrubRules = []secrets.Rule{
	{After: "secret", Skip: []string{"0", "5", "7", "8a", "sha512"}},
	{After: "password", Skip: []string{"0", "5", "7", "8a", "sha512"}},
	{After: "key", Skip: []string{"0", "7", "8a"}},
	{After: "community", Lead: "snmp-server"},
	{After: "auth", Lead: "snmp-server", Skip: []string{"md5", "sha", "sha224", "sha256", "sha384", "sha512"}},
	{After: "priv", Lead: "snmp-server", Skip: []string{"des", "aes", "aes192", "aes256"}},
	{After: "authentication-key", Lead: "ntp", Offset: 1, Skip: []string{"md5", "sha1", "0", "7"}},
	{After: "authentication-key", Lead: "ip", Skip: []string{"0", "7"}},
	{After: "message-digest-key", Offset: 1, Skip: []string{"md5", "0", "7"}},
	{After: "shared-secret", Skip: []string{"0", "7", "8a"}},
}

// Scrub removes the secrets of EOS output before it reaches disk. JSON
// show output carries none of these keywords' values; it is scrubbed the
// same, harmlessly.
func Scrub(data []byte) []byte {
	out, _ := secrets.Scrub(data, scrubRules)
	return out
}
