package tracker

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// ServiceNow's change_request table, through the versioned Table API: v2
// answers a query with no match with an empty list, where v1 answers 404.
const snTable = "api/now/v2/table/change_request"

type snRecord struct {
	SysID         string `json:"sys_id"`
	Number        string `json:"number"`
	CorrelationID string `json:"correlation_id"`
}

// ServiceNowPlan is the requests ServiceNow would be sent, as --dry-run
// prints them: the look-up, then the write for either answer.
func (c *Client) ServiceNowPlan(body map[string]string, correlation string, clean bool) []Request {
	table := c.endpoint(snTable, nil).String()
	reqs := []Request{{Method: "GET", URL: c.endpoint(snTable, snQuery(correlation, true)).String()}}
	if clean {
		return append(reqs, Request{Method: "PATCH", URL: table + "/{sys_id of the open one}   (only where one is open)",
			Body: map[string]string{"work_notes": cleanNote}})
	}
	return append(reqs,
		Request{Method: "PATCH", URL: table + "/{sys_id of the open one}   (where one is open)", Body: updateBody(body)},
		Request{Method: "POST", URL: table + "   (where none is open)", Body: withCorrelation(body, correlation)})
}

const cleanNote = "mcaudit: the cluster audits clean now; nothing is left to change. Closing this change is a person's step."

// ServiceNow posts the change: it updates the open change_request whose
// correlation_id is correlation, or creates one (referring to the last
// closed one of the same change), or, for a clean audit, notes it on the
// open one and creates nothing.
func (c *Client) ServiceNow(ctx context.Context, body map[string]string, correlation string, clean bool) (Outcome, error) {
	open, err := c.snFind(ctx, correlation, true)
	if err != nil {
		return Outcome{}, err
	}
	switch {
	case open != nil && clean:
		err := c.do(ctx, "PATCH", c.endpoint(snTable+"/"+url.PathEscape(open.SysID), nil), map[string]string{"work_notes": cleanNote}, nil)
		return Outcome{Action: "noted", Number: open.Number, URL: c.recordURL(open.SysID)}, err
	case clean:
		return Outcome{Action: "none"}, nil
	case open != nil:
		var out struct{ Result snRecord }
		err := c.do(ctx, "PATCH", c.endpoint(snTable+"/"+url.PathEscape(open.SysID), nil), updateBody(body), &out)
		return Outcome{Action: "updated", Number: open.Number, URL: c.recordURL(open.SysID)}, err
	}
	create := withCorrelation(body, correlation)
	o := Outcome{Action: "created"}
	closed, err := c.snFind(ctx, correlation, false)
	if err != nil {
		return Outcome{}, err
	}
	if closed != nil {
		o.Follows = closed.Number
		create["work_notes"] = fmt.Sprintf("mcaudit: follows %s, closed, for the same change (%s).", closed.Number, correlation)
	}
	var out struct{ Result snRecord }
	if err := c.do(ctx, "POST", c.endpoint(snTable, nil), create, &out); err != nil {
		return Outcome{}, err
	}
	if out.Result.Number == "" {
		return Outcome{}, &Error{Status: 201, Message: "POST /" + snTable + ": the answer names no record: is the URL the instance's base URL?"}
	}
	o.Number, o.URL = out.Result.Number, c.recordURL(out.Result.SysID)
	return o, nil
}

// snFind returns the open (or the last closed) change_request of the
// change, or nil. The correlation_id is checked on what comes back: a
// typo in a query field makes ServiceNow drop that part and widen the
// match.
func (c *Client) snFind(ctx context.Context, correlation string, active bool) (*snRecord, error) {
	var out struct{ Result []snRecord }
	if err := c.do(ctx, "GET", c.endpoint(snTable, snQuery(correlation, active)), nil, &out); err != nil {
		return nil, err
	}
	for i := range out.Result {
		if out.Result[i].CorrelationID == correlation {
			return &out.Result[i], nil
		}
	}
	return nil, nil
}

func snQuery(correlation string, active bool) url.Values {
	q := "correlation_id=" + correlation + "^active=true"
	if !active {
		q = "correlation_id=" + correlation + "^active=false^ORDERBYDESCsys_updated_on"
	}
	return url.Values{"sysparm_query": {q}, "sysparm_fields": {"sys_id,number,correlation_id"}, "sysparm_limit": {"5"}}
}

func withCorrelation(body map[string]string, correlation string) map[string]string {
	out := map[string]string{"correlation_id": correlation, "correlation_display": "mcaudit"}
	for k, v := range body {
		out[k] = v
	}
	return out
}

// updateBody is what an update rewrites: the description and plans, not
// the fields a person may have changed since (assignment, state, risk),
// with a work note that says so.
func updateBody(body map[string]string) map[string]string {
	out := map[string]string{}
	var changed []string
	for _, k := range []string{"short_description", "description", "justification", "implementation_plan", "backout_plan", "test_plan"} {
		if v, ok := body[k]; ok {
			out[k] = v
			changed = append(changed, k)
		}
	}
	sort.Strings(changed)
	out["work_notes"] = "mcaudit: updated from tonight's audit (" + strings.Join(changed, ", ") + ")."
	return out
}

func (c *Client) endpoint(path string, q url.Values) *url.URL {
	u := c.base.JoinPath(path)
	if q != nil {
		u.RawQuery = q.Encode()
	}
	return u
}

func (c *Client) recordURL(sysID string) string {
	u := c.base.JoinPath("change_request.do")
	u.RawQuery = url.Values{"sys_id": {sysID}}.Encode()
	return u.String()
}
