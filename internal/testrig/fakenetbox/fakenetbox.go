// Package fakenetbox is a NetBox REST API double for tests: it answers
// /api/dcim/devices/ and /api/dcim/cables/ as NetBox 4.x or 3.x does
// (token authentication, limit/offset pages with absolute next links, the
// nested objects and their fields), filters as NetBox does for the
// parameters mcaudit sends, and can refuse, hang or answer HTML.
package fakenetbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
)

// Device is a device NetBox holds.
type Device struct {
	ID       int
	Name     string // "" is a device without a name (null)
	Site     string // slug
	Role     string // slug
	Platform string // slug, "" for none
	Address  string // primary IPv4 in CIDR form, "" for none
	Tags     []string
}

// Cable joins two terminations.
type Cable struct {
	ID     int
	Status string // connected, planned, decommissioning
	A, B   Termination
}

// Termination is one end of a cable: an interface of a device, or
// something else ("circuits.circuittermination", "dcim.powerport",
// "dcim.consoleport").
type Termination struct {
	Type     string // default dcim.interface
	DeviceID int
	Name     string
}

// Config is what the server holds and how it answers.
type Config struct {
	// Version is 3 (3.3-3.7: device_role, nested objects without
	// description) or 4.
	Version  int
	Token    string
	PageSize int // default 50, NetBox's own
	Devices  []Device
	Cables   []Cable
	// Hang makes every request wait until the client gives up.
	Hang bool
}

// Server is a running fake NetBox.
type Server struct {
	*httptest.Server
	cfg Config
}

// Start serves cfg over HTTP; StartTLS over HTTPS with a test
// certificate (Server.Certificate() is its CA).
func Start(cfg Config) *Server {
	s := &Server{cfg: cfg}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// StartTLS serves cfg over HTTPS.
func StartTLS(cfg Config) *Server {
	s := &Server{cfg: cfg}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Hang {
		<-r.Context().Done()
		return
	}
	var items []any
	switch r.URL.Path {
	case "/api/dcim/devices/":
		if !s.authorized(w, r) {
			return
		}
		items = s.devices(r)
	case "/api/dcim/cables/":
		if !s.authorized(w, r) {
			return
		}
		items = s.cables(r)
	case "/":
		// The web UI's home page, not the API.
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Home | NetBox</title></head><body>NetBox</body></html>")
		return
	default:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<!DOCTYPE html><html><body><h1>Page Not Found</h1></body></html>")
		return
	}
	s.page(w, r, items)
}

func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	h := r.Header.Get("Authorization")
	switch {
	case h == "":
		writeJSON(w, http.StatusForbidden, map[string]string{"detail": "Authentication credentials were not provided."})
		return false
	case h != "Token "+s.cfg.Token:
		writeJSON(w, http.StatusForbidden, map[string]string{"detail": "Invalid v1 token"})
		return false
	}
	return true
}

// page answers one page of items as NetBox paginates: limit (capped at
// the page size here, to make clients follow next) and offset.
func (s *Server) page(w http.ResponseWriter, r *http.Request, items []any) {
	size := s.cfg.PageSize
	if size <= 0 {
		size = 50
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > size {
		limit = size
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	end := min(offset+limit, len(items))
	out := map[string]any{"count": len(items), "next": nil, "previous": nil, "results": []any{}}
	if offset < len(items) {
		out["results"] = items[offset:end]
	}
	if end < len(items) {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(end))
		q.Set("limit", strconv.Itoa(limit))
		out["next"] = "http://" + r.Host + r.URL.Path + "?" + q.Encode()
		if r.TLS != nil {
			out["next"] = "https://" + r.Host + r.URL.Path + "?" + q.Encode()
		}
	}
	w.Header().Set("API-Version", map[bool]string{true: "3.7", false: "4.6"}[s.cfg.Version == 3])
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) devices(r *http.Request) []any {
	q := r.URL.Query()
	roleKey := "role"
	if s.cfg.Version == 3 {
		roleKey = "device_role"
	}
	var out []any
	for _, d := range s.cfg.Devices {
		if !matches(q["site"], d.Site) || !matches(q[roleKey], d.Role) || !matches(q["platform"], d.Platform) || !matchesAny(q["tag"], d.Tags) {
			continue
		}
		out = append(out, s.deviceJSON(d))
	}
	return out
}

func matches(want []string, v string) bool { return len(want) == 0 || slices.Contains(want, v) }

func matchesAny(want []string, vs []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, v := range vs {
		if slices.Contains(want, v) {
			return true
		}
	}
	return false
}

func (s *Server) url(kind string, id int) string {
	return fmt.Sprintf("%s/api/dcim/%s/%d/", s.URL, kind, id)
}

func (s *Server) brief(kind, slug string) any {
	if slug == "" {
		return nil
	}
	b := map[string]any{"id": len(slug), "url": s.URL + "/api/dcim/" + kind + "/" + slug + "/", "display": slug, "name": slug, "slug": slug}
	if s.cfg.Version >= 4 {
		b["description"] = ""
	}
	return b
}

func (s *Server) deviceJSON(d Device) map[string]any {
	var name any
	if d.Name != "" {
		name = d.Name
	}
	m := map[string]any{
		"id": d.ID, "url": s.url("devices", d.ID), "display": d.Name, "name": name,
		"site": s.brief("sites", d.Site), "platform": s.brief("platforms", d.Platform),
		"status": map[string]string{"value": "active", "label": "Active"},
		"tags":   tags(d.Tags), "primary_ip": nil, "primary_ip4": nil, "primary_ip6": nil,
		"device_type": map[string]any{"id": 1, "model": "C9300-48P", "slug": "c9300-48p"},
	}
	if s.cfg.Version == 3 {
		m["device_role"] = s.brief("device-roles", d.Role)
	} else {
		m["role"] = s.brief("device-roles", d.Role)
	}
	if d.Address != "" {
		ip := map[string]any{"id": d.ID + 1000, "url": s.URL + "/api/ipam/ip-addresses/" + strconv.Itoa(d.ID+1000) + "/",
			"display": d.Address, "family": map[string]any{"value": 4, "label": "IPv4"}, "address": d.Address}
		m["primary_ip"], m["primary_ip4"] = ip, ip
	}
	return m
}

func tags(ts []string) []any {
	out := []any{}
	for _, t := range ts {
		out = append(out, map[string]any{"id": len(t), "name": t, "slug": t, "color": "9e9e9e"})
	}
	return out
}

func (s *Server) cables(r *http.Request) []any {
	ids := map[int]bool{}
	for _, v := range r.URL.Query()["device_id"] {
		n, _ := strconv.Atoi(v)
		ids[n] = true
	}
	var out []any
	for _, c := range s.cfg.Cables {
		if len(ids) > 0 && !ids[c.A.DeviceID] && !ids[c.B.DeviceID] {
			continue
		}
		out = append(out, map[string]any{
			"id": c.ID, "url": s.url("cables", c.ID), "display": "#" + strconv.Itoa(c.ID), "type": "smf",
			"status":         map[string]string{"value": c.Status, "label": strings.ToUpper(c.Status[:1]) + c.Status[1:]},
			"a_terminations": []any{s.termination(c.A)},
			"b_terminations": []any{s.termination(c.B)},
		})
	}
	return out
}

func (s *Server) termination(t Termination) map[string]any {
	typ := t.Type
	if typ == "" {
		typ = "dcim.interface"
	}
	var dev map[string]any
	for _, d := range s.cfg.Devices {
		if d.ID == t.DeviceID {
			var name any
			if d.Name != "" {
				name = d.Name
			}
			dev = map[string]any{"id": d.ID, "url": s.url("devices", d.ID), "display": d.Name, "name": name}
		}
	}
	obj := map[string]any{"id": t.DeviceID*100 + len(t.Name), "name": t.Name, "device": dev, "cable": nil, "_occupied": true}
	if typ == "circuits.circuittermination" {
		obj = map[string]any{"id": 7, "circuit": map[string]any{"id": 3, "cid": "CID-0042"}, "term_side": "A"}
	}
	if s.cfg.Version >= 4 {
		obj["description"] = ""
	}
	return map[string]any{"object_type": typ, "object_id": obj["id"], "object": obj}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// Lab is the bundled lab (fixtures/lab) as a NetBox holds it, among what
// an inventory's filter {site: dc1, tag: mcaudit} must leave out: a switch
// of another site, a PDU and the cluster's servers without the tag, and
// cables that are not switch links - planned, to a circuit, to a power
// port, to a console port, to a device outside the filter.
func Lab(version int, token string) Config {
	tag := []string{"mcaudit"}
	return Config{
		Version: version, Token: token, PageSize: 2,
		Devices: []Device{
			{ID: 11, Name: "acc1", Site: "dc1", Role: "access", Platform: "cisco-iosxe", Address: "192.0.2.11/24", Tags: tag},
			{ID: 12, Name: "acc2", Site: "dc1", Role: "access", Platform: "c2960x-15", Address: "192.0.2.12/24", Tags: tag},
			{ID: 21, Name: "leaf1", Site: "dc1", Role: "leaf", Platform: "nxos", Address: "192.0.2.21/24", Tags: tag},
			{ID: 1, Name: "core1", Site: "dc1", Role: "core", Platform: "cisco-iosxe", Address: "192.0.2.1/24", Tags: tag},
			{ID: 90, Name: "dc2-acc9", Site: "dc2", Role: "access", Platform: "cisco-iosxe", Address: "192.0.2.90/24", Tags: tag},
			{ID: 91, Name: "dc1-pdu1", Site: "dc1", Role: "pdu", Address: "192.0.2.91/24"},
			{ID: 101, Name: "eft1", Site: "dc1", Role: "server", Address: "10.10.100.11/24"},
			{ID: 102, Name: "eft2", Site: "dc1", Role: "server", Address: "10.10.100.12/24"},
		},
		Cables: []Cable{
			{ID: 501, Status: "connected", A: Termination{DeviceID: 11, Name: "TenGigabitEthernet1/1/1"}, B: Termination{DeviceID: 1, Name: "TenGigabitEthernet1/0/1"}},
			{ID: 502, Status: "connected", A: Termination{DeviceID: 11, Name: "TenGigabitEthernet1/1/2"}, B: Termination{DeviceID: 1, Name: "TenGigabitEthernet1/0/5"}},
			{ID: 503, Status: "connected", A: Termination{DeviceID: 12, Name: "GigabitEthernet1/0/49"}, B: Termination{DeviceID: 1, Name: "TenGigabitEthernet1/0/3"}},
			{ID: 504, Status: "connected", A: Termination{DeviceID: 1, Name: "TenGigabitEthernet1/0/2"}, B: Termination{DeviceID: 21, Name: "Ethernet1/49"}},
			{ID: 505, Status: "planned", A: Termination{DeviceID: 12, Name: "GigabitEthernet1/0/50"}, B: Termination{DeviceID: 21, Name: "Ethernet1/50"}},
			{ID: 506, Status: "connected", A: Termination{DeviceID: 1, Name: "TenGigabitEthernet1/0/8"}, B: Termination{Type: "circuits.circuittermination"}},
			{ID: 507, Status: "connected", A: Termination{DeviceID: 11, Name: "PS-A", Type: "dcim.powerport"}, B: Termination{DeviceID: 91, Name: "outlet 3", Type: "dcim.poweroutlet"}},
			{ID: 508, Status: "connected", A: Termination{DeviceID: 21, Name: "console", Type: "dcim.consoleport"}, B: Termination{DeviceID: 1, Name: "con 2", Type: "dcim.consoleserverport"}},
			{ID: 509, Status: "connected", A: Termination{DeviceID: 21, Name: "Ethernet1/48"}, B: Termination{DeviceID: 90, Name: "TenGigabitEthernet1/1/4"}},
			{ID: 510, Status: "connected", A: Termination{DeviceID: 11, Name: "GigabitEthernet1/0/10"}, B: Termination{DeviceID: 101, Name: "eth0"}},
		},
	}
}
