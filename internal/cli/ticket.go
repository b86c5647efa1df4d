package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/internal/termtext"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/tracker"
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
	// Posting to the tracker.
	Post        string
	TokenEnv    string
	User        string
	PasswordEnv string
	DryRun      bool
	Set         []string
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
			"With --post URL, the ticket goes to the tracker: ServiceNow's open change_request of the\n" +
			"same change (correlation_id mcaudit:<cluster>:<vlan>), or Jira's open issue labelled\n" +
			"mcaudit-<cluster>-<vlan>, is updated, else one is created, referring to the last closed\n" +
			"one; a clean audit adds a note to an open one and creates nothing. Credentials come from the environment only: --token-env VAR,\n" +
			"or --user NAME --password-env VAR. --dry-run prints the requests instead.\n\n" +
			"Exit codes: 0 the ticket was written or posted (whatever the findings: mcaudit audit is the\n" +
			"verdict; what is left to do by hand is in the ticket), 2 bad usage, input or template,\n" +
			"3 some devices could not be read (the ticket covers the others and says which), 4 the\n" +
			"tracker refused the ticket or could not be reached (its body is written to a file).",
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
	f.StringVar(&o.Post, "post", "", "post the ticket to the tracker at `URL` (the instance's base URL; --format servicenow or jira): updates the open ticket of the same change, else creates one")
	f.StringVar(&o.TokenEnv, "token-env", "", "read a bearer token from the environment variable `VAR` (ServiceNow OAuth, Jira Data Center personal access token)")
	f.StringVar(&o.User, "user", "", "log in to the tracker as `NAME` (a ServiceNow user, a Jira Cloud e-mail), with --password-env")
	f.StringVar(&o.PasswordEnv, "password-env", "", "read the tracker password (Jira Cloud: the API token) from the environment variable `VAR`")
	f.BoolVar(&o.DryRun, "dry-run", false, "with --post: print the requests it would make, credentials redacted, and post nothing")
	f.StringArrayVar(&o.Set, "set", nil, "set a tracker field, `FIELD=VALUE` (repeat): assignment_group, category, type, chg_model, cmdb_ci...")
	return cmd
}

func runTicket(ctx context.Context, o *ticketOptions) error {
	res, plan, err := o.inputFlags.plan(ctx, o.Streams, o.Templates)
	if err != nil {
		return err
	}
	t := ticket.Build(res, plan, ticket.Options{AuditCommand: o.auditCommand()})
	if o.Post != "" {
		if err := o.post(ctx, res, t); err != nil {
			return err
		}
		if res.Failed() > 0 {
			return fmt.Errorf("%w: %d of %d", ErrIncomplete, res.Failed(), len(res.Devices))
		}
		return nil
	}
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

// post sends the ticket to the tracker, or with --dry-run prints what it
// would send. A refusal writes the body to a file and is ErrTracker.
func (o *ticketOptions) post(ctx context.Context, res *audit.Result, t ticket.Ticket) error {
	if o.Format != "servicenow" && o.Format != "jira" {
		return usageError{fmt.Errorf("--post takes --format servicenow or jira, not %s", o.Format)}
	}
	sets := map[string]string{}
	for _, kv := range o.Set {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return usageError{fmt.Errorf("--set %q: want FIELD=VALUE", kv)}
		}
		sets[k] = v
	}
	if len(sets) > 0 && o.Format == "jira" {
		return usageError{errors.New("--set is for ServiceNow fields; for Jira, --jira-project and --jira-issue-type")}
	}
	clean := true
	for i, f := range res.Findings {
		clean = clean && (f.Severity != rules.Error || res.Waived(i) != nil)
	}
	auth, authErr := o.auth()
	if authErr != nil && !o.DryRun {
		return usageError{authErr}
	}
	if o.DryRun && authErr != nil {
		auth = tracker.Auth{Token: "dry-run"}
	}
	c, err := tracker.New(o.Post, tracker.Options{Auth: auth})
	if err != nil {
		return usageError{err}
	}

	var (
		name    string
		body    any
		plan    []tracker.Request
		outcome tracker.Outcome
		send    func() (tracker.Outcome, error)
		saveAs  string
	)
	if o.Format == "servicenow" {
		correlation := correlationID(res)
		fields := ticket.ServiceNowBody(t)
		for k, v := range sets {
			fields[k] = v
		}
		fields["correlation_id"] = correlation
		name, body, saveAs = "ServiceNow", fields, correlation
		plan = c.ServiceNowPlan(fields, correlation, clean)
		send = func() (tracker.Outcome, error) { return c.ServiceNow(ctx, fields, correlation, clean) }
	} else {
		label := jiraLabel(res)
		issue := tracker.JiraIssue{Project: o.JiraProject, IssueType: o.JiraType, Summary: t.ShortDescription,
			Description: ticket.JiraDescription(t), Labels: ticket.JiraLabels(t)}
		name, saveAs = "Jira", label
		body = map[string]any{"fields": map[string]any{"project": map[string]string{"key": issue.Project}, "issuetype": map[string]string{"name": issue.IssueType},
			"summary": issue.Summary, "description": issue.Description, "labels": append(issue.Labels, label)}}
		plan = c.JiraPlan(issue, label, clean)
		send = func() (tracker.Outcome, error) { return c.Jira(ctx, issue, label, clean) }
	}
	if o.DryRun {
		return writeRequests(o.Out, plan, auth)
	}
	outcome, err = send()
	if err != nil {
		file := o.Output
		if file == "" {
			file = "mcaudit-ticket-" + safeName(saveAs) + ".json"
		}
		if werr := writeOutput(o.Out, file, func(w io.Writer, _ bool) error { return writeJSON(w, body) }); werr != nil {
			return fmt.Errorf("%w: %s: %v; and the body could not be written to %s: %v", ErrTracker, name, err, file, werr)
		}
		return fmt.Errorf("%w: %s: %v; the ticket's body is in %s", ErrTracker, name, err, file)
	}
	if o.Output != "" {
		if err := writeOutput(o.Out, o.Output, func(w io.Writer, _ bool) error { return writeJSON(w, body) }); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintln(o.Out, outcome)
	return err
}

// auth reads the tracker's credentials from the environment.
func (o *ticketOptions) auth() (tracker.Auth, error) {
	switch {
	case o.TokenEnv != "" && o.User != "":
		return tracker.Auth{}, errors.New("--token-env or --user/--password-env: give one")
	case o.TokenEnv != "":
		t := os.Getenv(o.TokenEnv) // ServiceNow OAuth, Jira Data Center personal access token
		if t == "" {
			return tracker.Auth{}, fmt.Errorf("--token-env names %s, which is not set", o.TokenEnv)
		}
		return tracker.Auth{Token: t}, nil
	case o.User != "":
		if o.PasswordEnv == "" {
			return tracker.Auth{}, errors.New("--user needs --password-env VAR: the password never goes on the command line")
		}
		p := os.Getenv(o.PasswordEnv)
		if p == "" {
			return tracker.Auth{}, fmt.Errorf("--password-env names %s, which is not set", o.PasswordEnv)
		}
		return tracker.Auth{User: o.User, Password: p}, nil
	}
	return tracker.Auth{}, errors.New("--post needs credentials: --token-env VAR, or --user NAME --password-env VAR")
}

// correlationID names the change of the audit's clusters for the
// tracker: mcaudit:<cluster>:<vlan>, joined for several.
func correlationID(res *audit.Result) string {
	var parts []string
	for _, c := range res.Clusters {
		name := c.Name
		if name == "" {
			name = "cluster"
		}
		parts = append(parts, fmt.Sprintf("%s:%d", name, c.VLAN))
	}
	return "mcaudit:" + strings.Join(parts, ",")
}

// jiraLabel names the change of the audit's clusters on a Jira issue:
// mcaudit-<cluster>-<vlan> (a label has no blanks).
func jiraLabel(res *audit.Result) string {
	var parts []string
	for _, c := range res.Clusters {
		parts = append(parts, safeName(fmt.Sprintf("%s-%d", cmp.Or(c.Name, "cluster"), c.VLAN)))
	}
	return "mcaudit-" + strings.Join(parts, "_")
}

// safeName is s with everything but letters, digits, - and . made _.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

// writeRequests prints what --dry-run would send.
func writeRequests(w io.Writer, reqs []tracker.Request, auth tracker.Auth) error {
	var b strings.Builder
	authLine := "Authorization: Bearer [redacted]"
	if auth.User != "" {
		authLine = "Authorization: Basic [redacted] (" + auth.User + ")"
	}
	for i, r := range reqs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s %s\n%s\n", r.Method, r.URL, authLine)
		if r.Body != nil {
			data, err := json.MarshalIndent(r.Body, "", "  ")
			if err != nil {
				return err
			}
			b.Write(data)
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, termtext.VisibleLines(b.String()))
	return err
}

// writeJSON writes v as indented JSON, with <, > and & as they are.
func writeJSON(w io.Writer, body any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(body)
}
