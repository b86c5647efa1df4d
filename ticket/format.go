package ticket

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/mcaudit/mcaudit/internal/markup"
)

// Markdown writes the ticket for a change-request page or an issue.
// Text from devices and the inventory is escaped where it is prose, and
// fenced where it is configuration, with a fence no line inside can close.
func Markdown(w io.Writer, t Ticket) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", markup.Escape(markup.OneLine(t.ShortDescription)))
	fmt.Fprintf(&b, "**Risk:** %s · **Impact:** %s · **Configuration items:** %s\n\n", t.Risk, t.Impact, markup.Escape(orNone(strings.Join(t.Devices, ", "))))
	section := func(title, body string, code bool) {
		fmt.Fprintf(&b, "## %s\n\n", title)
		if code {
			fence := markup.CodeFence(body)
			fmt.Fprintf(&b, "%s\n%s\n%s\n\n", fence, body, fence)
		} else {
			fmt.Fprintf(&b, "%s\n\n", markup.Prose(body))
		}
	}
	section("Description", t.Description, false)
	if len(t.Paths) > 0 {
		b.WriteString("## The path before the change\n\n")
		for _, p := range t.Paths {
			// Mermaid escapes every name into entity codes, so no line
			// can close the fence.
			fmt.Fprintf(&b, "```mermaid\n%s```\n\n", p)
		}
	}
	section("Justification", t.Justification, true)
	section("Pre-checks", orNone(t.PreChecks), true)
	section("Implementation plan", orNone(t.ImplementationPlan), true)
	section("Backout plan", orNone(t.BackoutPlan), true)
	section("Test plan", t.TestPlan, true)
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// ServiceNow writes the JSON body of a POST to the change_request
// table. Risk and impact use ServiceNow's default choice values: risk
// 3 moderate, 4 low; impact 2 medium, 3 low.
func ServiceNow(w io.Writer, t Ticket) error {
	return writeJSON(w, ServiceNowBody(t))
}

// ServiceNowBody is the change_request's fields.
func ServiceNowBody(t Ticket) map[string]string {
	risk := map[string]string{"moderate": "3", "low": "4"}[t.Risk]
	impact := map[string]string{"medium": "2", "low": "3"}[t.Impact]
	return map[string]string{
		"short_description":   t.ShortDescription,
		"description":         t.Description,
		"justification":       t.Justification,
		"implementation_plan": orNone(t.PreChecks) + "\n\n" + orNone(t.ImplementationPlan),
		"backout_plan":        orNone(t.BackoutPlan),
		"test_plan":           t.TestPlan,
		"risk":                risk,
		"impact":              impact,
		"type":                "normal",
		"category":            "Network",
		"cmdb_ci":             first(t.Devices),
		"u_affected_cis":      strings.Join(t.Devices, ","),
	}
}

// Jira writes the JSON body of a POST to /rest/api/2/issue: the
// description in Jira wiki markup.
func Jira(w io.Writer, t Ticket, project, issueType string) error {
	body := map[string]any{"fields": map[string]any{
		"project":     map[string]string{"key": project},
		"issuetype":   map[string]string{"name": issueType},
		"summary":     t.ShortDescription,
		"description": JiraDescription(t),
		"labels":      JiraLabels(t),
	}}
	return writeJSON(w, body)
}

// JiraDescription is the ticket in Jira wiki markup, device text escaped
// for it.
func JiraDescription(t Ticket) string {
	var d strings.Builder
	section := func(title, body string, code bool) {
		fmt.Fprintf(&d, "h2. %s\n", title)
		if code {
			fmt.Fprintf(&d, "{noformat}\n%s\n{noformat}\n", markup.JiraNoformat(body))
		} else {
			fmt.Fprintf(&d, "%s\n", markup.JiraProse(body))
		}
	}
	fmt.Fprintf(&d, "*Risk:* %s, *Impact:* %s, *Configuration items:* %s\n", t.Risk, t.Impact, markup.JiraEscape(orNone(strings.Join(t.Devices, ", "))))
	section("Description", t.Description, false)
	section("Justification", t.Justification, true)
	section("Pre-checks", orNone(t.PreChecks), true)
	section("Implementation plan", orNone(t.ImplementationPlan), true)
	section("Backout plan", orNone(t.BackoutPlan), true)
	section("Test plan", t.TestPlan, true)
	return strings.TrimRight(d.String(), "\n")
}

// JiraLabels are the issue's labels: mcaudit's, and one per device changed.
func JiraLabels(t Ticket) []string {
	labels := []string{"mcaudit", "multicast"}
	for _, dev := range t.Devices {
		labels = append(labels, "ci-"+dev)
	}
	return labels
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
