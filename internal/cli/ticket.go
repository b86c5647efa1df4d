package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/ticket"
)

type ticketOptions struct {
	Streams
	inputFlags
	Templates   string
	Format      string
	Output      string
	JiraProject string
	JiraType    string
}

var ticketFormats = []string{"markdown", "servicenow", "jira"}

func newTicketCmd(s Streams) *cobra.Command {
	o := &ticketOptions{Streams: s, Format: "markdown", JiraProject: "NET", JiraType: "Task"}
	cmd := &cobra.Command{
		Use:   "ticket (--inventory FILE | --config FILE --platform P --vlan N) [--format markdown|servicenow|jira]",
		Short: "Write a change request from the audit and its remediation",
		Long: "Audit and remediate as mcaudit remediate does, then write a change request: short\n" +
			"description, description, justification (the findings with their evidence), the devices\n" +
			"changed, pre-checks, implementation plan per device in order, backout plan (the rollback),\n" +
			"test plan (the mcaudit verify runs on the hosts and what passing looks like), risk and\n" +
			"impact. --format servicenow writes a JSON body for the change_request table; jira a JSON\n" +
			"body for issue creation (REST API v2).\n\n" +
			"Exit codes: 0 the ticket was written (whatever the findings: mcaudit audit is the\n" +
			"verdict; what is left to do by hand is in the ticket), 2 bad usage, input or template,\n" +
			"3 some devices could not be read (the ticket covers the others and says which).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.inputFlags.validate(); err != nil {
				return usageError{err}
			}
			o.Format = strings.ToLower(o.Format) // -f JSON is -f json
			if !contains(ticketFormats, o.Format) {
				return usageError{fmt.Errorf("--format must be one of %s, got %q", strings.Join(ticketFormats, ", "), o.Format)}
			}
			return runTicket(cmd.Context(), o)
		},
	}
	o.inputFlags.register(cmd)
	f := cmd.Flags()
	f.StringVar(&o.Templates, "templates", "", "override the built-in templates with `DIR`/<platform>/<name>.tmpl")
	f.StringVarP(&o.Format, "format", "f", o.Format, "ticket format: "+strings.Join(ticketFormats, "|"))
	f.StringVarP(&o.Output, "output", "o", "", "write the ticket to `FILE` instead of standard output")
	f.StringVar(&o.JiraProject, "jira-project", o.JiraProject, "Jira project `KEY`")
	f.StringVar(&o.JiraType, "jira-issue-type", o.JiraType, "Jira issue type `NAME`")
	return cmd
}

func runTicket(ctx context.Context, o *ticketOptions) error {
	res, plan, err := o.inputFlags.plan(ctx, o.Streams, o.Templates)
	if err != nil {
		return err
	}
	t := ticket.Build(res, plan, ticket.Options{AuditCommand: o.auditCommand()})
	w := o.Out
	if o.Output != "" {
		f, err := os.Create(o.Output)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := writeTicket(w, o, t); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && o.Output != "" {
		if err := f.Close(); err != nil {
			return err
		}
	}
	// The ticket is written: that is what this command does, whatever the
	// findings (audit says whether they fail a run).
	if res.Failed() > 0 {
		return fmt.Errorf("%w: %d of %d", ErrIncomplete, res.Failed(), len(res.Devices))
	}
	return nil
}

func writeTicket(w io.Writer, o *ticketOptions, t ticket.Ticket) error {
	switch o.Format {
	case "servicenow":
		return ticket.ServiceNow(w, t)
	case "jira":
		return ticket.Jira(w, t, o.JiraProject, o.JiraType)
	}
	return ticket.Markdown(w, t)
}

// auditCommand is the audit to re-run in the test plan.
func (o *ticketOptions) auditCommand() string {
	if o.Inventory != "" {
		return "mcaudit audit --inventory " + o.Inventory
	}
	cmd := fmt.Sprintf("mcaudit audit --config %s --platform %s --vlan %d", o.Config, o.Platform, o.VLAN)
	for _, h := range o.Hosts {
		cmd += " --host " + h
	}
	if o.Group != "" {
		cmd += " --group " + o.Group
	}
	return cmd
}
