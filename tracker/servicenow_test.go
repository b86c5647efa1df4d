package tracker

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/testrig/fakeservicenow"
)

const (
	user, password = "mcaudit.bot", "s3cret-Pa55word"
	token          = "tok-0123456789abcdef"
	corr           = "mcaudit:eft-ha:100"
)

var body = map[string]string{
	"short_description": "Multicast readiness for eft-ha (VLAN 100): 2 switches to change",
	"description":       "d1", "implementation_plan": "p1", "backout_plan": "b1", "test_plan": "t1", "justification": "j1",
	"risk": "3", "impact": "2", "type": "normal",
}

func client(t *testing.T, s *fakeservicenow.Server, a Auth) *Client {
	t.Helper()
	c, err := New(s.URL, Options{Auth: a, Timeout: 2 * time.Second, Sleep: func(time.Duration) {}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Create, then the next night's run updates the same record; a clean
// audit notes it; closed, the next change is a new record that names it.
func TestServiceNowOnceThenUpdated(t *testing.T) {
	s := fakeservicenow.Start(fakeservicenow.Config{User: user, Password: password})
	defer s.Close()
	c := client(t, s, Auth{User: user, Password: password})
	ctx := context.Background()

	o, err := c.ServiceNow(ctx, body, corr, false)
	if err != nil || o.Action != "created" || o.Number != "CHG0030001" || !strings.Contains(o.URL, "change_request.do?sys_id=") {
		t.Fatalf("first night: %+v, %v", o, err)
	}
	night2 := map[string]string{}
	for k, v := range body {
		night2[k] = v
	}
	night2["description"], night2["assignment_group"] = "d2", "should not be rewritten"
	o, err = c.ServiceNow(ctx, night2, corr, false)
	if err != nil || o.Action != "updated" || o.Number != "CHG0030001" {
		t.Fatalf("second night: %+v, %v", o, err)
	}
	recs := s.Records()
	if len(recs) != 1 || recs[0].Fields["description"] != "d2" || recs[0].Fields["assignment_group"] != "" || len(recs[0].WorkNotes) != 1 ||
		!strings.HasPrefix(recs[0].WorkNotes[0], "mcaudit: updated from tonight's audit") || recs[0].Fields["correlation_id"] != corr {
		t.Fatalf("after two nights: %+v", recs)
	}
	o, err = c.ServiceNow(ctx, body, corr, true)
	if err != nil || o.Action != "noted" || len(s.Records()) != 1 || !strings.Contains(s.Records()[0].WorkNotes[1], "audits clean now") {
		t.Fatalf("clean night: %+v, %v, %+v", o, err, s.Records())
	}
	// A person closes it; the problem comes back.
	s.Add(fakeservicenow.Record{SysID: "x", Number: "CHG0029999", CorrelationID: "mcaudit:other:200", Active: true})
	closeAll(s, corr)
	o, err = c.ServiceNow(ctx, body, corr, false)
	if err != nil || o.Action != "created" || o.Follows != "CHG0030001" || o.Number == "CHG0030001" {
		t.Fatalf("after closing: %+v, %v", o, err)
	}
	if got := o.String(); !strings.Contains(got, "(follows CHG0030001, closed)") {
		t.Errorf("outcome says %q", got)
	}
	// Clean with nothing open for it: nothing posted.
	closeAll(s, corr)
	before := s.Requests["POST"] + s.Requests["PATCH"]
	if o, err := c.ServiceNow(ctx, body, corr, true); err != nil || o.Action != "none" || s.Requests["POST"]+s.Requests["PATCH"] != before {
		t.Errorf("clean and closed: %+v, %v", o, err)
	}
}

// closeAll is a person closing the change.
func closeAll(s *fakeservicenow.Server, corr string) { s.Deactivate(corr) }

func TestServiceNowRefusals(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  fakeservicenow.Config
		auth Auth
		want string
		code int
	}{
		{"bad password", fakeservicenow.Config{User: user, Password: password}, Auth{User: user, Password: "wrong-" + password},
			"GET /api/now/v2/table/change_request: 401 Unauthorized: User Not Authenticated; Required to provide Auth information", 401},
		{"a mandatory field", fakeservicenow.Config{Token: token, RequireField: "assignment_group"}, Auth{Token: token},
			"POST /api/now/v2/table/change_request: 400 Bad Request: Data Policy Exception: ; The following fields are mandatory: assignment_group", 400},
		{"hung", fakeservicenow.Config{Token: token, Hang: true}, Auth{Token: token},
			"GET /api/now/v2/table/change_request: no answer within 2s", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := fakeservicenow.Start(c.cfg)
			defer s.Close()
			_, err := client(t, s, c.auth).ServiceNow(context.Background(), body, corr, false)
			var te *Error
			if !errors.As(err, &te) || te.Status != c.code || te.Message != c.want {
				t.Fatalf("error %v (%+v), want %q", err, te, c.want)
			}
			for _, secret := range []string{password, token} {
				if strings.Contains(err.Error(), secret) {
					t.Error("a credential is in the error")
				}
			}
		})
	}
}

// Rate limited twice: the requests are sent again after Retry-After, and
// exactly one record is made.
func TestServiceNowRetriesAfter429(t *testing.T) {
	s := fakeservicenow.Start(fakeservicenow.Config{Token: token, RateLimited: 2})
	defer s.Close()
	var waits []time.Duration
	c, _ := New(s.URL, Options{Auth: Auth{Token: token}, Sleep: func(d time.Duration) { waits = append(waits, d) }})
	o, err := c.ServiceNow(context.Background(), body, corr, false)
	if err != nil || o.Action != "created" || len(s.Records()) != 1 {
		t.Fatalf("%+v, %v, %d records", o, err, len(s.Records()))
	}
	if len(waits) != 2 || waits[0] != time.Second {
		t.Errorf("waits %v, want the 1 s Retry-After twice", waits)
	}
	// Past the bound, the refusal stands.
	s2 := fakeservicenow.Start(fakeservicenow.Config{Token: token, RateLimited: 10})
	defer s2.Close()
	c2, _ := New(s2.URL, Options{Auth: Auth{Token: token}, Retries: 2, Sleep: func(time.Duration) {}})
	if _, err := c2.ServiceNow(context.Background(), body, corr, false); err == nil || !strings.Contains(err.Error(), "429 Too Many Requests: Rate limit exceeded") {
		t.Errorf("error %v", err)
	}
}

// A URL that is not the instance: a 404 page, then a web page
// that answers 200 - both said so, neither taken for "no ticket yet".
func TestServiceNowWrongURL(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/portal/") {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>Service Portal</body></html>")
			return
		}
		http.NotFound(w, r)
	}))
	defer s.Close()
	for _, c := range []struct{ base, want string }{
		{s.URL + "/now", "GET /now/api/now/v2/table/change_request: 404 Not Found"},
		{s.URL + "/portal", "the answer is not the tracker's JSON: is " + s.URL + "/portal the instance's base URL?"},
	} {
		cl, _ := New(c.base, Options{Auth: Auth{Token: token}})
		_, err := cl.ServiceNow(context.Background(), body, corr, false)
		var te *Error
		if !errors.As(err, &te) || !strings.Contains(te.Message, c.want) {
			t.Errorf("%s: error %v, want %q", c.base, err, c.want)
		}
	}
}
