package tracker

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/internal/testrig/fakejira"
)

var issue = JiraIssue{Project: "NET", IssueType: "Task", Summary: "Multicast readiness for eft-ha", Description: "h2. Description\nd1", Labels: []string{"mcaudit", "ci-acc1"}}

const label = "mcaudit-eft-ha"

// On Cloud (search/jql) and on Data Center (search): created, updated,
// noted when clean, and after it is done a new issue that names it.
func TestJiraOnceThenUpdated(t *testing.T) {
	for _, dc := range []bool{false, true} {
		name := "cloud"
		cfg := fakejira.Config{User: "bot@example.net", Password: "api-token-XYZ", Projects: []string{"NET"}, DataCenter: dc}
		auth := Auth{User: cfg.User, Password: cfg.Password}
		if dc {
			name, cfg.User, cfg.Password, cfg.Token = "data center", "", "", "pat-0123456789"
			auth = Auth{Token: cfg.Token}
		}
		t.Run(name, func(t *testing.T) {
			s := fakejira.Start(cfg)
			defer s.Close()
			c, err := New(s.URL, Options{Auth: auth})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			o, err := c.Jira(ctx, issue, label, false)
			if err != nil || o.Action != "created" || o.Number != "NET-1" || o.URL != s.URL+"/browse/NET-1" {
				t.Fatalf("first night: %+v, %v", o, err)
			}
			next := issue
			next.Description = "h2. Description\nd2"
			if o, err := c.Jira(ctx, next, label, false); err != nil || o.Action != "updated" || o.Number != "NET-1" {
				t.Fatalf("second night: %+v, %v", o, err)
			}
			if o, err := c.Jira(ctx, issue, label, true); err != nil || o.Action != "noted" {
				t.Fatalf("clean night: %+v, %v", o, err)
			}
			is := s.Issues()
			if len(is) != 1 || is[0].Description != "h2. Description\nd2" || len(is[0].Comments) != 2 || !strings.Contains(is[0].Comments[1], "audits clean now") ||
				!slices.Contains(is[0].Labels, label) || !slices.Contains(is[0].Labels, "ci-acc1") {
				t.Fatalf("after three nights: %+v", is)
			}
			s.Resolve(label)
			o, err = c.Jira(ctx, issue, label, false)
			if err != nil || o.Action != "created" || o.Number != "NET-2" || o.Follows != "NET-1" || !strings.HasPrefix(s.Issues()[1].Description, "Follows NET-1 (done)") {
				t.Fatalf("after done: %+v, %v", o, err)
			}
		})
	}
}

func TestJiraRefusals(t *testing.T) {
	s := fakejira.Start(fakejira.Config{Token: "pat-0123456789", Projects: []string{"NET"}, RequireField: "components"})
	defer s.Close()
	c, _ := New(s.URL, Options{Auth: Auth{Token: "pat-0123456789"}})
	var te *Error
	_, err := c.Jira(context.Background(), issue, label, false)
	if !errors.As(err, &te) || te.Status != 400 || te.Message != "POST /rest/api/2/issue: 400 Bad Request: components: Component/s is required." {
		t.Errorf("a required field: %v", err)
	}
	wrong := issue
	wrong.Project = "NOPE"
	if _, err := c.Jira(context.Background(), wrong, label, false); err == nil || !strings.Contains(err.Error(), "project: valid project is required") {
		t.Errorf("a wrong project: %v", err)
	}
	bad, _ := New(s.URL, Options{Auth: Auth{Token: "pat-wrong-9876"}})
	if _, err := bad.Jira(context.Background(), issue, label, false); err == nil || !strings.Contains(err.Error(), "401 Unauthorized: You are not authenticated.") || strings.Contains(err.Error(), "pat-wrong") {
		t.Errorf("a bad token: %v", err)
	}
}
