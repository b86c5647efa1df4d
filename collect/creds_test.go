package collect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/inventory"
)

func TestResolveCredentials(t *testing.T) {
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	open := filepath.Join(dir, "open")
	if err := os.WriteFile(open, []byte("leaked\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MCAUDIT_USERNAME": "env-user", "MCAUDIT_PASSWORD": "env-pass", "SW_PW": "named-pass", "EMPTY": ""}
	getenv := func(k string) string { return env[k] }
	for _, tc := range []struct {
		name string
		c    inventory.Credentials
		want Credentials
		err  string
	}{
		{name: "defaults from the environment", want: Credentials{Username: "env-user", Password: "env-pass"}},
		{name: "named variable", c: inventory.Credentials{Username: "ops", PasswordEnv: "SW_PW"}, want: Credentials{Username: "ops", Password: "named-pass"}},
		{name: "file", c: inventory.Credentials{Username: "ops", PasswordFile: "pw", EnableFile: "pw"}, want: Credentials{Username: "ops", Password: "from-file", Enable: "from-file"}},
		{name: "key and agent", c: inventory.Credentials{Username: "ops", KeyFile: "id_ed25519", SSHAgent: true}, want: Credentials{Username: "ops", Password: "env-pass", KeyFile: filepath.Join(dir, "id_ed25519"), Agent: true}},
		{name: "named variable unset", c: inventory.Credentials{PasswordEnv: "EMPTY"}, err: "credentials.password_env: the environment variable it names is not set (it takes a variable's name, such as MCAUDIT_PASSWORD, never the secret itself)"},
		{name: "mcaudit's own variable unset", c: inventory.Credentials{EnableEnv: "MCAUDIT_ENABLE"}, err: "credentials.enable_env names MCAUDIT_ENABLE, which is not set"},
		{name: "the password where its variable's name goes", c: inventory.Credentials{PasswordEnv: "Hunter2"}, err: "credentials.password_env: the environment variable it names is not set"},
		{name: "a password that is no variable name", c: inventory.Credentials{PasswordEnv: "Hunter2!x"}, err: "credentials.password_env is not the name of an environment variable: it takes a variable's name (such as MCAUDIT_PASSWORD), never the secret itself"},
		{name: "both env and file", c: inventory.Credentials{PasswordEnv: "SW_PW", PasswordFile: "pw"}, err: "both password_env and password_file are set"},
		{name: "file readable by others", c: inventory.Credentials{PasswordFile: "open"}, err: "can be read by others (mode 0644): chmod 600 it"},
		{name: "missing file", c: inventory.Credentials{PasswordFile: "Hunter2"}, err: "credentials.password_file: the file it names does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ResolveCredentials(tc.c, dir, getenv)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "leaked") || strings.Contains(err.Error(), "named-pass") || strings.Contains(err.Error(), "Hunter2") {
					t.Errorf("a secret is in the error: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Creds != tc.want {
				t.Errorf("got %v, want %v", r.Creds, tc.want)
			}
		})
	}
	if _, err := ResolveCredentials(inventory.Credentials{}, dir, func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "no username") {
		t.Errorf("no username: %v", err)
	}
}

func TestCredentialsNeverPrint(t *testing.T) {
	c := Credentials{Username: "ops", Password: "hunter2", Enable: "en-hunter2"}
	for _, s := range []string{c.String(), c.GoString()} {
		if strings.Contains(s, "hunter2") || !strings.Contains(s, "Password: set") {
			t.Errorf("%q", s)
		}
	}
}
