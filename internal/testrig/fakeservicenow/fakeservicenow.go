// Package fakeservicenow is a ServiceNow Table API double for the
// change_request table, written from the documented shapes: encoded
// queries on correlation_id and active, POST answering 201 with the
// record, PATCH appending work notes, the error envelope, 401 for bad
// credentials, and faults on demand (a field error, rate limiting, a
// hang).
package fakeservicenow

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Record is a change_request.
type Record struct {
	SysID, Number, CorrelationID string
	Active                       bool
	Fields                       map[string]string
	WorkNotes                    []string
}

// Config says how the server answers.
type Config struct {
	User, Password, Token string
	// RateLimited answers the first N requests 429 with Retry-After: 1.
	RateLimited int
	// RequireField refuses a POST without it: 400 with ServiceNow's
	// envelope.
	RequireField string
	Hang         bool
}

// Server is a running fake instance.
type Server struct {
	*httptest.Server
	cfg     Config
	mu      sync.Mutex
	records []*Record
	seq     int
	// Requests counts what was asked, by method.
	Requests map[string]int
}

// Start serves cfg.
func Start(cfg Config) *Server {
	s := &Server{cfg: cfg, seq: 30000, Requests: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Add puts a record in the table, as an earlier run or a person left it.
func (s *Server) Add(r Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Fields == nil {
		r.Fields = map[string]string{}
	}
	s.records = append(s.records, &r)
}

// Records returns a copy of the table.
func (s *Server) Records() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.records {
		out = append(out, *r)
	}
	return out
}

const table = "/api/now/v2/table/change_request"

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Hang {
		<-r.Context().Done()
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Requests[r.Method]++
	if s.cfg.RateLimited > 0 {
		s.cfg.RateLimited--
		w.Header().Set("Retry-After", "1")
		fail(w, http.StatusTooManyRequests, "Rate limit exceeded", "")
		return
	}
	if !s.authorized(r) {
		fail(w, http.StatusUnauthorized, "User Not Authenticated", "Required to provide Auth information")
		return
	}
	switch {
	case r.URL.Path == table && r.Method == http.MethodGet:
		s.query(w, r)
	case r.URL.Path == table && r.Method == http.MethodPost:
		s.create(w, r)
	case strings.HasPrefix(r.URL.Path, table+"/") && r.Method == http.MethodPatch:
		s.update(w, r, strings.TrimPrefix(r.URL.Path, table+"/"))
	default:
		fail(w, http.StatusBadRequest, "Requested URI does not represent any resource", r.URL.Path)
	}
}

func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.Token != "" && r.Header.Get("Authorization") == "Bearer "+s.cfg.Token {
		return true
	}
	u, p, ok := r.BasicAuth()
	return ok && s.cfg.User != "" && u == s.cfg.User && p == s.cfg.Password
}

// query reads "correlation_id=X^active=true|false[^ORDERBYDESC...]".
func (s *Server) query(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("sysparm_query")
	want := map[string]string{}
	for _, part := range strings.Split(q, "^") {
		if k, v, ok := strings.Cut(part, "="); ok {
			want[k] = v
		}
	}
	out := []map[string]string{}
	for i := len(s.records) - 1; i >= 0; i-- { // newest first
		rec := s.records[i]
		if c, ok := want["correlation_id"]; ok && rec.CorrelationID != c {
			continue
		}
		if a, ok := want["active"]; ok && (a == "true") != rec.Active {
			continue
		}
		out = append(out, map[string]string{"sys_id": rec.SysID, "number": rec.Number, "correlation_id": rec.CorrelationID})
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": out})
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var body map[string]string
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		fail(w, http.StatusBadRequest, "Exception while reading request", err.Error())
		return
	}
	if f := s.cfg.RequireField; f != "" && body[f] == "" {
		fail(w, http.StatusBadRequest, "Data Policy Exception: ", "The following fields are mandatory: "+f)
		return
	}
	s.seq++
	rec := &Record{SysID: fmt.Sprintf("%032x", s.seq), Number: fmt.Sprintf("CHG%07d", s.seq), CorrelationID: body["correlation_id"], Active: true, Fields: body}
	if n := body["work_notes"]; n != "" {
		rec.WorkNotes = append(rec.WorkNotes, n)
	}
	s.records = append(s.records, rec)
	w.Header().Set("Location", "http://"+r.Host+table+"/"+rec.SysID)
	writeJSON(w, http.StatusCreated, map[string]any{"result": map[string]string{"sys_id": rec.SysID, "number": rec.Number, "correlation_id": rec.CorrelationID}})
}

func (s *Server) update(w http.ResponseWriter, r *http.Request, id string) {
	var rec *Record
	for _, x := range s.records {
		if x.SysID == id {
			rec = x
		}
	}
	if rec == nil {
		fail(w, http.StatusNotFound, "No Record found", "Record doesn't exist or ACL restricts the record retrieval")
		return
	}
	var body map[string]string
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		fail(w, http.StatusBadRequest, "Exception while reading request", err.Error())
		return
	}
	for k, v := range body {
		if k == "work_notes" {
			rec.WorkNotes = append(rec.WorkNotes, v) // a journal: each write appends
			continue
		}
		rec.Fields[k] = v
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": map[string]string{"sys_id": rec.SysID, "number": rec.Number}})
}

func fail(w http.ResponseWriter, code int, msg, detail string) {
	writeJSON(w, code, map[string]any{"error": map[string]string{"message": msg, "detail": detail}, "status": "failure"})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// Deactivate closes every record of the change: a person closing it.
func (s *Server) Deactivate(correlation string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.records {
		if r.CorrelationID == correlation {
			r.Active = false
		}
	}
}
