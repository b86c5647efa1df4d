// Package tracker posts change tickets to the tracker a team runs - the
// ServiceNow Table API today - once per cluster change: it looks for the
// open ticket of the same change first and updates it, creates one only
// where none is open, and adds a note instead of a ticket when the
// cluster audits clean. No error or output holds a credential.
package tracker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Auth is how the tracker is logged in to: a bearer token, or a user and
// password (basic).
type Auth struct {
	Token          string
	User, Password string
}

// Options say how to reach the tracker.
type Options struct {
	Auth Auth
	// Timeout bounds each request (default 30 s).
	Timeout time.Duration
	// Retries is how many times a request refused for its rate (429) or
	// by an unavailable server (503) is sent again (default 3).
	Retries int
	// Sleep waits between retries; tests replace it.
	Sleep func(time.Duration)
}

// Client talks to one tracker instance.
type Client struct {
	base *url.URL
	auth Auth
	http *http.Client
	opt  Options
}

// Error is the tracker's refusal, or its silence: mcaudit exits 4.
type Error struct {
	Status  int // 0 where no answer came
	Message string
}

func (e *Error) Error() string { return e.Message }

// Outcome says what was done.
type Outcome struct {
	// Action is "created", "updated", "noted" (a clean audit noted on an
	// open ticket) or "none" (clean, and nothing open).
	Action string
	Number string
	URL    string
	// Follows is the closed ticket of the same change a new one refers to.
	Follows string
}

func (o Outcome) String() string {
	switch o.Action {
	case "none":
		return "nothing to change: no open ticket, and the audit is clean"
	case "noted":
		return fmt.Sprintf("noted %s %s: the cluster audits clean now (closing it is a person's step)", o.Number, o.URL)
	}
	s := fmt.Sprintf("%s %s %s", o.Action, o.Number, o.URL)
	if o.Follows != "" {
		s += " (follows " + o.Follows + ", closed)"
	}
	return s
}

// New returns a client for the tracker at rawURL, its instance's base URL.
func New(rawURL string, o Options) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("--post %q is not an http(s) URL", rawURL)
	}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	if o.Auth.Token == "" && (o.Auth.User == "" || o.Auth.Password == "") {
		return nil, errors.New("no credentials: --token-env VAR, or --user NAME --password-env VAR")
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Retries <= 0 {
		o.Retries = 3
	}
	if o.Sleep == nil {
		o.Sleep = time.Sleep
	}
	return &Client{base: u, auth: o.Auth, opt: o,
		http: &http.Client{Timeout: o.Timeout,
			// A redirect could take the credentials elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}, nil
}

// Request is one call the client makes, as --dry-run shows it.
type Request struct {
	Method, URL string
	Body        any
}

// do sends one request and decodes its JSON answer into v. A 429 or 503
// is sent again after the wait the tracker asks for (Retry-After), a
// bounded number of times: such a request was not carried out, so a
// retry never makes a second ticket.
func (c *Client) do(ctx context.Context, method string, u *url.URL, body any, v any) error {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return err
		}
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(data))
		if err != nil {
			return err
		}
		req.Header.Set("Accept", "application/json")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if c.auth.Token != "" {
			req.Header.Set("Authorization", "Bearer "+c.auth.Token)
		} else {
			req.SetBasicAuth(c.auth.User, c.auth.Password)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			var ne interface{ Timeout() bool }
			if errors.As(err, &ne) && ne.Timeout() {
				return &Error{Message: fmt.Sprintf("%s %s: no answer within %s", method, u.Path, c.opt.Timeout)}
			}
			return &Error{Message: fmt.Sprintf("%s %s: %s", method, u.Path, c.scrub(err.Error()))}
		}
		answer, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		resp.Body.Close()
		if err != nil {
			return &Error{Status: resp.StatusCode, Message: fmt.Sprintf("%s %s: reading the answer: %v", method, u.Path, err)}
		}
		if (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) && attempt < c.opt.Retries {
			c.opt.Sleep(retryAfter(resp.Header.Get("Retry-After"), attempt))
			continue
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return &Error{Status: resp.StatusCode, Message: fmt.Sprintf("%s %s: %s%s", method, u.Path, resp.Status, c.scrub(trackerMessage(answer)))}
		}
		if v == nil || len(bytes.TrimSpace(answer)) == 0 {
			return nil
		}
		if err := json.Unmarshal(answer, v); err != nil {
			return &Error{Status: resp.StatusCode, Message: fmt.Sprintf("%s %s: the answer is not the tracker's JSON: is %s the instance's base URL?", method, u.Path, c.base.Redacted())}
		}
		return nil
	}
}

// retryAfter is the wait a 429 or 503 asks for: Retry-After in seconds
// or as a date, else a doubling backoff from one second; at most a minute.
func retryAfter(h string, attempt int) time.Duration {
	d := time.Second << attempt
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		d = time.Until(t)
	}
	return min(max(d, 0), time.Minute)
}

// trackerMessage quotes the tracker's own words from an error answer:
// ServiceNow's {"error": {"message", "detail"}}, Jira's errorMessages and
// errors.
func trackerMessage(answer []byte) string {
	var e struct {
		Error *struct {
			Message string `json:"message"`
			Detail  string `json:"detail"`
		} `json:"error"`
		ErrorMessages []string          `json:"errorMessages"`
		Errors        map[string]string `json:"errors"`
	}
	if json.Unmarshal(answer, &e) != nil {
		return ""
	}
	var parts []string
	if e.Error != nil {
		parts = append(parts, e.Error.Message)
		if e.Error.Detail != "" {
			parts = append(parts, e.Error.Detail)
		}
	}
	parts = append(parts, e.ErrorMessages...)
	for k, v := range e.Errors {
		parts = append(parts, k+": "+v)
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, "; ")
}

// scrub keeps the credentials out of text an error quotes.
func (c *Client) scrub(s string) string {
	for _, secret := range []string{c.auth.Token, c.auth.Password} {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
