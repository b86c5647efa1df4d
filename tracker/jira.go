package tracker

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// JiraIssue is what an issue says: its project, type, summary, its
// description in wiki markup (REST API v2, on Cloud and Data Center
// alike), and labels.
type JiraIssue struct {
	Project, IssueType, Summary, Description string
	Labels                                   []string
}

type jiraFound struct {
	Key string `json:"key"`
}

// Jira posts the change as an issue labelled label: the open issue of
// the project with that label is updated (summary and description, and a
// comment that says so), else one is created, naming the last one done;
// a clean audit comments on an open one and creates nothing.
func (c *Client) Jira(ctx context.Context, issue JiraIssue, label string, clean bool) (Outcome, error) {
	open, err := c.jiraFind(ctx, issue.Project, label, false)
	if err != nil {
		return Outcome{}, err
	}
	switch {
	case open != "" && clean:
		err := c.jiraComment(ctx, open, "mcaudit: the cluster audits clean now; nothing is left to change. Closing this issue is a person's step.")
		return Outcome{Action: "noted", Number: open, URL: c.browse(open)}, err
	case clean:
		return Outcome{Action: "none"}, nil
	case open != "":
		fields := map[string]any{"summary": issue.Summary, "description": issue.Description}
		if err := c.do(ctx, "PUT", c.endpoint("rest/api/2/issue/"+url.PathEscape(open), nil), map[string]any{"fields": fields}, nil); err != nil {
			return Outcome{}, err
		}
		err := c.jiraComment(ctx, open, "mcaudit: updated the description from tonight's audit.")
		return Outcome{Action: "updated", Number: open, URL: c.browse(open)}, err
	}
	o := Outcome{Action: "created"}
	done, err := c.jiraFind(ctx, issue.Project, label, true)
	if err != nil {
		return Outcome{}, err
	}
	description := issue.Description
	if done != "" {
		o.Follows = done
		description = fmt.Sprintf("Follows %s (done) for the same change.\n\n%s", done, description)
	}
	fields := map[string]any{
		"project":     map[string]string{"key": issue.Project},
		"issuetype":   map[string]string{"name": issue.IssueType},
		"summary":     issue.Summary,
		"description": description,
		"labels":      append(append([]string{}, issue.Labels...), label),
	}
	var out struct {
		Key string `json:"key"`
	}
	if err := c.do(ctx, "POST", c.endpoint("rest/api/2/issue", nil), map[string]any{"fields": fields}, &out); err != nil {
		return Outcome{}, err
	}
	if out.Key == "" {
		return Outcome{}, &Error{Status: 201, Message: "POST /rest/api/2/issue: the answer names no issue: is the URL Jira's base URL?"}
	}
	o.Number, o.URL = out.Key, c.browse(out.Key)
	return o, nil
}

// JiraPlan is the requests Jira would be sent, as --dry-run prints them.
func (c *Client) JiraPlan(issue JiraIssue, label string, clean bool) []Request {
	reqs := []Request{{Method: "GET", URL: c.endpoint("rest/api/2/search/jql", jiraSearch(issue.Project, label, false)).String() + "   (Data Center: /rest/api/2/search)"}}
	issueURL := c.endpoint("rest/api/2/issue", nil).String()
	if clean {
		return append(reqs, Request{Method: "POST", URL: issueURL + "/{key of the open one}/comment   (only where one is open)",
			Body: map[string]any{"body": "mcaudit: the cluster audits clean now; nothing is left to change. Closing this issue is a person's step."}})
	}
	return append(reqs,
		Request{Method: "PUT", URL: issueURL + "/{key of the open one}   (where one is open, then a comment)",
			Body: map[string]any{"fields": map[string]any{"summary": issue.Summary, "description": issue.Description}}},
		Request{Method: "POST", URL: issueURL + "   (where none is open)",
			Body: map[string]any{"fields": map[string]any{"project": map[string]string{"key": issue.Project}, "issuetype": map[string]string{"name": issue.IssueType},
				"summary": issue.Summary, "description": issue.Description, "labels": append(append([]string{}, issue.Labels...), label)}}})
}

// jiraFind returns the key of the open (or, with done, the last done)
// issue of the project with the label, or "". Cloud searches with
// /search/jql (its /search is gone); Data Center has only /search.
func (c *Client) jiraFind(ctx context.Context, project, label string, done bool) (string, error) {
	q := jiraSearch(project, label, done)
	var out struct {
		Issues []jiraFound `json:"issues"`
	}
	err := c.do(ctx, "GET", c.endpoint("rest/api/2/search/jql", q), nil, &out)
	var te *Error
	if errors.As(err, &te) && te.Status == 404 {
		err = c.do(ctx, "GET", c.endpoint("rest/api/2/search", q), nil, &out)
	}
	if err != nil || len(out.Issues) == 0 {
		return "", err
	}
	return out.Issues[0].Key, nil
}

func jiraSearch(project, label string, done bool) url.Values {
	status := "statusCategory != Done"
	if done {
		status = "statusCategory = Done"
	}
	jql := fmt.Sprintf(`project = "%s" AND labels = "%s" AND %s ORDER BY updated DESC`, jqlQuote(project), jqlQuote(label), status)
	return url.Values{"jql": {jql}, "fields": {"key"}, "maxResults": {"5"}}
}

// jqlQuote escapes a value for a double-quoted JQL string.
func jqlQuote(s string) string { return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) }

func (c *Client) jiraComment(ctx context.Context, key, text string) error {
	return c.do(ctx, "POST", c.endpoint("rest/api/2/issue/"+url.PathEscape(key)+"/comment", nil), map[string]any{"body": text}, nil)
}

func (c *Client) browse(key string) string { return c.base.JoinPath("browse", key).String() }
