// Package collect pulls running configs and show output from devices over
// SSH (scrapligo) or gNMI, many at a time, and hands back what it pulled as
// snapshot records with secrets scrubbed, ready to audit or to write.
package collect

import (
	"context"
	"time"

	"github.com/mcaudit/mcaudit/snapshot"
)

// Target is one device to collect from.
type Target struct {
	// Skip, when set, says why the device cannot be collected (NetBox
	// gave it no platform or address): its result is that error.
	Skip      string
	Name      string
	Platform  string
	Address   string
	Port      int    // 0: the transport's default (22, 50051)
	Transport string // "ssh" or "gnmi"
	// Commands are what to collect, the required one first: CLI commands,
	// or gNMI paths written snapshot.GNMIPrefix + path.
	Commands []string
	// Complete, where set, proves the required output whole before it is
	// recorded: a CLI output ends where the client saw a prompt, and a
	// line of output can look like one. run sends one more command and
	// returns its output, which is not recorded.
	Complete func(data []byte, run func(command string) ([]byte, error)) error
	// Scrub removes the secrets of the platform's dialect from one
	// command's output; nothing is recorded from a target without it.
	Scrub func(command string, data []byte) []byte
	// SSHDriver is the scrapligo platform definition the SSH collector
	// drives: one of scrapligo's own by name, or SSHDefinition, the
	// vendor's, where that is set; "" where the platform is not collected
	// over SSH.
	SSHDriver     string
	SSHDefinition []byte
}

// Credentials are the resolved secrets for a run. They live in memory only;
// String never shows them.
type Credentials struct {
	Username string
	Password string
	Enable   string // enable secret, for a user who logs in unprivileged
	// KeyFile is an SSH private key to offer; Agent offers the keys of the
	// running ssh-agent.
	KeyFile string
	Agent   bool
}

// String masks the secrets, so that a stray %v cannot log them.
func (c Credentials) String() string {
	mask := func(s string) string {
		if s == "" {
			return "unset"
		}
		return "set"
	}
	return "Credentials{Username: " + c.Username + ", Password: " + mask(c.Password) + ", Enable: " + mask(c.Enable) + "}"
}

// GoString masks the secrets for %#v too.
func (c Credentials) GoString() string { return c.String() }

// Timeouts bound each stage of a collection; zero means the default.
type Timeouts struct {
	Connect time.Duration // TCP connect plus SSH handshake or TLS
	Command time.Duration // one command's output
	Device  time.Duration // the whole device
}

// Collector pulls the outputs of t's commands from one device. Outputs
// carry Command and Data; Run scrubs them and fills in the rest. The first
// command is required: a device that rejects it is an error. A later one
// the device rejects comes back with nil Data and is skipped.
type Collector interface {
	Collect(ctx context.Context, t Target) ([]snapshot.Output, error)
}

// MetaCollector is a Collector that also reports what a gNMI target said
// of itself and of each request, for the snapshot's metadata; Run uses
// it where a collector has it.
type MetaCollector interface {
	Collector
	CollectMeta(ctx context.Context, t Target) ([]snapshot.Output, *snapshot.GNMIMeta, error)
}
