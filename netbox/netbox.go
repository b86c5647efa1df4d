// Package netbox reads an inventory's devices and the cables between them
// from NetBox's REST API (3.3 and later): token authentication, every
// page followed, TLS verified. It never writes to NetBox, and no error it
// returns holds the token.
package netbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/model"
)

// Options say how to reach NetBox.
type Options struct {
	Token string
	// CAFile is a PEM file of the CA that signed NetBox's certificate,
	// where the system's roots do not hold it.
	CAFile string
	// Timeout bounds each request (default 30 s).
	Timeout time.Duration
}

// Client reads one NetBox.
type Client struct {
	base  *url.URL
	token string
	http  *http.Client
	wait  time.Duration
}

// maxBody bounds one page: a thousand devices with their nested objects
// are well under it.
const maxBody = 64 << 20

// New returns a client for the NetBox at rawURL (its base URL, as a
// browser opens it).
func New(rawURL string, o Options) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) URL", rawURL)
	}
	if o.Token == "" {
		return nil, errors.New("no API token")
	}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = http.ProxyFromEnvironment
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca %s: no PEM certificate in it", o.CAFile)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	c := &Client{base: u, token: o.Token, wait: o.Timeout,
		http: &http.Client{Transport: tr, Timeout: o.Timeout,
			// A redirect could take the token elsewhere: none is followed.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	return c, nil
}

// Devices lists the devices filter selects, every page of them.
func (c *Client) Devices(ctx context.Context, filter url.Values) ([]inventory.NetBoxDevice, error) {
	q := url.Values{}
	for k, v := range filter {
		q[k] = v
	}
	q.Set("exclude", "config_context") // much cheaper, and not read
	q.Set("limit", "1000")
	var out []inventory.NetBoxDevice
	err := c.list(ctx, c.endpoint("api/dcim/devices/", q), func(raw json.RawMessage) error {
		var d struct {
			ID       int     `json:"id"`
			Name     *string `json:"name"`
			URL      string  `json:"url"`
			Platform *struct {
				Slug string `json:"slug"`
			} `json:"platform"`
			PrimaryIP4 *struct {
				Address string `json:"address"`
			} `json:"primary_ip4"`
		}
		if err := json.Unmarshal(raw, &d); err != nil {
			return err
		}
		nd := inventory.NetBoxDevice{ID: d.ID, URL: d.URL}
		if d.Name != nil {
			nd.Name = *d.Name
		}
		if d.Platform != nil {
			nd.Platform = d.Platform.Slug
		}
		if d.PrimaryIP4 != nil {
			if p, err := netip.ParsePrefix(d.PrimaryIP4.Address); err == nil && p.Addr().Is4() {
				nd.Address = p.Addr().String()
			}
		}
		out = append(out, nd)
		return nil
	})
	return out, err
}

// Cables lists the connected cables between interfaces of devs: planned
// and decommissioning cables, and cables to circuits, power, consoles,
// patch panels or devices outside devs, are not switch links.
func (c *Client) Cables(ctx context.Context, devs []inventory.NetBoxDevice) ([]inventory.NetBoxCable, error) {
	name := map[int]string{}
	var ids []string
	for _, d := range devs {
		if d.Name != "" {
			name[d.ID] = d.Name
			ids = append(ids, strconv.Itoa(d.ID))
		}
	}
	seen := map[int]bool{}
	var out []inventory.NetBoxCable
	// A few dozen devices a request: the query string stays short.
	for len(ids) > 0 {
		n := min(len(ids), 50)
		q := url.Values{"device_id": ids[:n], "limit": {"1000"}}
		ids = ids[n:]
		err := c.list(ctx, c.endpoint("api/dcim/cables/", q), func(raw json.RawMessage) error {
			cb, ok, err := readCable(raw, name)
			if err != nil || !ok || seen[cb.ID] {
				return err
			}
			seen[cb.ID] = true
			out = append(out, cb)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

type termination struct {
	ObjectType string `json:"object_type"`
	Object     struct {
		Name   string `json:"name"`
		Device struct {
			ID   int     `json:"id"`
			Name *string `json:"name"`
		} `json:"device"`
	} `json:"object"`
}

// readCable reads one cable, in the 3.3+ form (a_terminations, a list)
// or the older one (termination_a_type and termination_a).
func readCable(raw json.RawMessage, name map[int]string) (inventory.NetBoxCable, bool, error) {
	var cb struct {
		ID     int    `json:"id"`
		URL    string `json:"url"`
		Status *struct {
			Value string `json:"value"`
		} `json:"status"`
		A     []termination   `json:"a_terminations"`
		B     []termination   `json:"b_terminations"`
		AType string          `json:"termination_a_type"`
		BType string          `json:"termination_b_type"`
		TermA json.RawMessage `json:"termination_a"`
		TermB json.RawMessage `json:"termination_b"`
	}
	if err := json.Unmarshal(raw, &cb); err != nil {
		return inventory.NetBoxCable{}, false, err
	}
	if cb.Status == nil || cb.Status.Value != "connected" {
		return inventory.NetBoxCable{}, false, nil
	}
	if cb.A == nil && cb.TermA != nil {
		// NetBox 3.2 and earlier: one termination a side, its type beside it.
		a, b := termination{ObjectType: cb.AType}, termination{ObjectType: cb.BType}
		if json.Unmarshal(cb.TermA, &a.Object) != nil || json.Unmarshal(cb.TermB, &b.Object) != nil {
			return inventory.NetBoxCable{}, false, nil
		}
		cb.A, cb.B = []termination{a}, []termination{b}
	}
	if len(cb.A) != 1 || len(cb.B) != 1 {
		return inventory.NetBoxCable{}, false, nil // a breakout or a bundle of terminations: not one switch link
	}
	end := func(t termination) (model.Endpoint, bool) {
		if t.ObjectType != "dcim.interface" || t.Object.Name == "" {
			return model.Endpoint{}, false
		}
		dev, ok := name[t.Object.Device.ID]
		return model.Endpoint{Device: dev, Interface: t.Object.Name}, ok
	}
	a, aok := end(cb.A[0])
	b, bok := end(cb.B[0])
	if !aok || !bok || a.Device == b.Device {
		return inventory.NetBoxCable{}, false, nil
	}
	return inventory.NetBoxCable{ID: cb.ID, A: a, B: b, URL: cb.URL}, true, nil
}

func (c *Client) endpoint(path string, q url.Values) *url.URL {
	u := c.base.JoinPath(path)
	u.RawQuery = q.Encode()
	return u
}

// list reads every page of a list endpoint, calling each for each result.
func (c *Client) list(ctx context.Context, u *url.URL, each func(json.RawMessage) error) error {
	for pages := 0; u != nil; pages++ {
		if pages > 10000 {
			return fmt.Errorf("%s: more than 10000 pages: the next links go round in a circle", c.show(u))
		}
		var page struct {
			Next    *string           `json:"next"`
			Results []json.RawMessage `json:"results"`
		}
		if err := c.get(ctx, u, &page); err != nil {
			return err
		}
		for _, r := range page.Results {
			if err := each(r); err != nil {
				return fmt.Errorf("%s: a result NetBox's API does not write: %v", c.show(u), err)
			}
		}
		cur := u
		u = nil
		if page.Next != nil && *page.Next != "" {
			next, err := url.Parse(*page.Next)
			if err != nil {
				return fmt.Errorf("%s: next page %q is not a URL", c.show(cur), *page.Next)
			}
			// The token goes to the NetBox it was given for, nowhere else.
			if next.Host != c.base.Host {
				return fmt.Errorf("%s: the next page is on another host (%s): not followed", c.show(cur), next.Host)
			}
			next.Scheme = c.base.Scheme
			u = next
		}
	}
	return nil
}

// get fetches u and decodes its JSON into v; an error says what NetBox
// answered.
func (c *Client) get(ctx context.Context, u *url.URL, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if strings.HasPrefix(c.token, "nbt_") {
		req.Header.Set("Authorization", "Bearer "+c.token)
	} else {
		req.Header.Set("Authorization", "Token "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ne interface{ Timeout() bool }
		if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("%s: no answer within %s", c.show(u), c.wait)
		}
		return fmt.Errorf("%s: %v", c.show(u), c.scrub(err.Error()))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return fmt.Errorf("%s: reading the answer: %v", c.show(u), err)
	}
	if len(body) > maxBody {
		return fmt.Errorf("%s: the answer is over %d MiB", c.show(u), maxBody>>20)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Detail string `json:"detail"`
		}
		detail := ""
		if json.Unmarshal(body, &e) == nil && e.Detail != "" {
			detail = ": " + c.scrub(e.Detail)
		}
		switch resp.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden:
			return fmt.Errorf("%s: refused (%s%s): check the token and its permissions", c.show(u), resp.Status, detail)
		case http.StatusNotFound:
			return fmt.Errorf("%s: %s: is %s NetBox's base URL?", c.show(u), resp.Status, c.base.Redacted())
		}
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			return fmt.Errorf("%s: %s to %s: give NetBox's base URL as it answers (redirects are not followed)", c.show(u), resp.Status, c.scrub(resp.Header.Get("Location")))
		}
		return fmt.Errorf("%s: %s%s", c.show(u), resp.Status, detail)
	}
	if err := json.Unmarshal(body, v); err != nil {
		start := strings.TrimSpace(string(body[:min(len(body), 40)]))
		return fmt.Errorf("%s: the answer is not NetBox's JSON (it starts %q): is %s NetBox's base URL?", c.show(u), c.scrub(start), c.base.Redacted())
	}
	return nil
}

// show names an endpoint in an error: its path, without the query.
func (c *Client) show(u *url.URL) string {
	if u == nil {
		return "NetBox"
	}
	return "GET " + u.Path
}

// scrub keeps the token out of text that may quote a request.
func (c *Client) scrub(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "[token]")
}
