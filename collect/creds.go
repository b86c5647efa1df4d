package collect

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/inventory"
)

// Environment variables read when the inventory names no other.
const (
	EnvUsername = "MCAUDIT_USERNAME"
	EnvPassword = "MCAUDIT_PASSWORD"
	EnvEnable   = "MCAUDIT_ENABLE"
)

// Resolved is what a run needs to log in: the secrets, and the
// known_hosts file host keys are checked against.
type Resolved struct {
	Creds      Credentials
	KnownHosts string
}

// ResolveCredentials reads the secrets the inventory points at: environment
// variables or files, never the inventory itself. dir resolves relative
// paths; getenv is os.Getenv outside tests. Errors name the variable or
// file, never a value.
func ResolveCredentials(c inventory.Credentials, dir string, getenv func(string) string) (Resolved, error) {
	var r Resolved
	var err error
	r.Creds.Username = c.Username
	if r.Creds.Username == "" {
		if r.Creds.Username, err = fromEnv(getenv, "username_env", c.UsernameEnv, EnvUsername); err != nil {
			return r, err
		}
	}
	if r.Creds.Username == "" {
		// No guessing from the local user: a switch login rarely matches,
		// and wrong guesses lock TACACS accounts.
		return r, fmt.Errorf("no username: set credentials.username, credentials.username_env, or %s", EnvUsername)
	}
	if r.Creds.Password, err = secret(getenv, dir, "password", c.PasswordEnv, c.PasswordFile, EnvPassword); err != nil {
		return r, err
	}
	if r.Creds.Enable, err = secret(getenv, dir, "enable", c.EnableEnv, c.EnableFile, EnvEnable); err != nil {
		return r, err
	}
	if c.KeyFile != "" {
		r.Creds.KeyFile = expand(c.KeyFile, dir)
	}
	r.Creds.Agent = c.SSHAgent
	r.KnownHosts = expand(c.KnownHosts, dir)
	if r.KnownHosts == "" {
		if home, err := os.UserHomeDir(); err == nil {
			r.KnownHosts = filepath.Join(home, ".ssh", "known_hosts")
		}
	}
	return r, nil
}

// fromEnv reads the variable the inventory names, which must be set, or
// else the default variable, which may be unset.
//
// A key meant to name a variable sometimes holds the secret itself, so
// its value is never printed, unless it is one of mcaudit's own variable
// names.
func fromEnv(getenv func(string) string, key, named, fallback string) (string, error) {
	if named != "" {
		if !envName.MatchString(named) {
			return "", fmt.Errorf("credentials.%s is not the name of an environment variable: it takes a variable's name (such as %s), never the secret itself", key, defaultEnv(key))
		}
		v := getenv(named)
		if v == "" {
			if slices.Contains([]string{EnvUsername, EnvPassword, EnvEnable}, named) {
				return "", fmt.Errorf("credentials.%s names %s, which is not set: set it in the environment (read -rs %s && export %s), or name a file with credentials.%s", key, named, named, named, fileKey(key))
			}
			return "", fmt.Errorf("credentials.%s: the environment variable it names is not set (it takes a variable's name, such as %s, never the secret itself)", key, defaultEnv(key))
		}
		return v, nil
	}
	return getenv(fallback), nil
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func defaultEnv(key string) string {
	switch key {
	case "username_env":
		return EnvUsername
	case "enable_env":
		return EnvEnable
	}
	return EnvPassword
}

// secret reads a secret from the named variable, the named file, or the
// default variable, in that order.
func secret(getenv func(string) string, dir, what, env, file, fallback string) (string, error) {
	switch {
	case env != "" && file != "":
		return "", fmt.Errorf("credentials: both %s_env and %s_file are set; say one", what, what)
	case env != "":
		return fromEnv(getenv, what+"_env", env, "")
	case file != "":
		return readSecretFile(expand(file, dir), what)
	}
	return getenv(fallback), nil
}

// readSecretFile reads a secret from a file only its owner can read, as
// ssh does with private keys: anything else has already leaked it.
func readSecretFile(path, what string) (string, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		// Not printed: a key meant to name a file may hold the secret.
		return "", fmt.Errorf("credentials.%s_file: the file it names does not exist (a relative path is read from the inventory's folder; the key takes a file's path, never the secret itself)", what)
	}
	if err != nil {
		return "", fmt.Errorf("credentials.%s_file: %w", what, err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("credentials.%s_file %s can be read by others (mode %#o): chmod 600 it", what, path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("credentials.%s_file: %w", what, err)
	}
	v := strings.TrimRight(string(b), "\r\n")
	if v == "" {
		return "", errors.New("credentials." + what + "_file " + path + " is empty")
	}
	return v, nil
}

// expand resolves ~ and paths relative to the inventory.
func expand(p, dir string) string {
	if p == "" {
		return ""
	}
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// fileKey is the credentials key that names a file instead of a variable.
func fileKey(envKey string) string {
	if k, ok := strings.CutSuffix(envKey, "_env"); ok && k != "username" {
		return k + "_file"
	}
	return "username"
}
