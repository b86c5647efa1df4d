// Package cli holds mcaudit's cobra commands: each turns flags into an
// options struct and calls into the packages that do the work. Main maps
// the outcome to the exit codes of design.md.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/internal/termtext"
)

// Version is mcaudit's version, recorded in snapshots and reports.
const Version = "0.1.0"

// buildVersion is Version and what the build knows of its source: the
// module version go install fetched, or the commit (and whether the tree
// had changes) of a build from a clone.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Version
	}
	var parts []string
	var rev, at string
	modified := false
	for _, st := range bi.Settings {
		switch st.Key {
		case "vcs.revision":
			rev = st.Value
		case "vcs.time":
			at = st.Value
		case "vcs.modified":
			modified = st.Value == "true"
		}
	}
	if rev != "" {
		c := "commit " + rev[:min(12, len(rev))]
		if at != "" {
			c += " of " + at
		}
		if modified {
			c += ", with uncommitted changes"
		}
		parts = append(parts, c)
	}
	// A release fetched by go install has no VCS settings, only its
	// module version; a clone's build has both, the version made up
	// from the commit.
	if v := bi.Main.Version; rev == "" && v != "" && v != "(devel)" {
		parts = append(parts, "module "+v)
	}
	if len(parts) == 0 {
		return Version
	}
	return Version + " (" + strings.Join(parts, ", ") + ")"
}

// Exit codes (design.md): 0 no error finding, 1 error findings, 2 bad usage
// or input, 3 some devices could not be collected or parsed.
const (
	ExitOK         = 0
	ExitFindings   = 1
	ExitUsage      = 2
	ExitIncomplete = 3
	// ExitTracker: the tracker refused the ticket or could not be reached.
	ExitTracker = 4
)

var (
	// ErrFindings: the audit found at least one error-severity finding.
	ErrFindings = errors.New("audit found errors")
	// ErrIncomplete: some devices could not be audited; the report for the
	// others was written.
	ErrIncomplete = errors.New("some devices could not be collected or read")
	// ErrTracker: the tracker refused the ticket or could not be reached;
	// the ticket's body was written to a file.
	ErrTracker = errors.New("the tracker did not take the ticket")
)

// Streams are where a command reads and writes.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
}

// SystemStreams are the process's standard streams.
func SystemStreams() Streams { return Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr} }

// NewRootCmd builds a fresh command tree.
func NewRootCmd(s Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "mcaudit",
		Short: "Audit switches for multicast readiness, generate the fix, prove it on the wire",
		Long: "mcaudit audits switch configurations for what a multicast cluster (PGM, IP protocol 113) needs:\n" +
			"IGMP snooping, an IGMP querier, no ACL dropping protocol 113, the cluster VLAN on every trunk\n" +
			"between the hosts. Every finding cites the config lines it rests on. mcaudit verify, run on\n" +
			"the cluster hosts, proves the result on the wire with real PGM.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       buildVersion(),
	}
	root.SetVersionTemplate("mcaudit {{.Version}}\n")
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newAuditCmd(s, nil), newCollectCmd(s), newRemediateCmd(s), newTicketCmd(s), newVerifyCmd(s), newCaptureCmd(s), newRulesCmd(s), newTopologyCmd(s))
	return root
}

// usageError marks bad flags or arguments: exit 2 with a hint.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Main runs mcaudit with args and returns the exit code.
func Main(args []string, s Streams) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	// The first signal asks every stage to stop and write what it has; a
	// second one is not caught, and ends the process at once.
	context.AfterFunc(ctx, stop)
	root := NewRootCmd(s)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrFindings):
		return ExitFindings
	case errors.Is(err, ErrIncomplete):
		fmt.Fprintln(s.Err, "mcaudit:", termtext.VisibleLines(err.Error()))
		return ExitIncomplete
	case errors.Is(err, ErrTracker):
		fmt.Fprintln(s.Err, "mcaudit:", termtext.VisibleLines(err.Error()))
		return ExitTracker
	}
	// An error may quote a device or an inventory.
	fmt.Fprintln(s.Err, "mcaudit:", termtext.VisibleLines(err.Error()))
	var ue usageError
	if errors.As(err, &ue) && cmd != nil {
		fmt.Fprintf(s.Err, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return ExitUsage
}
