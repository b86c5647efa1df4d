// Package fakejira is a Jira REST API v2 double for tests, written from
// the documented shapes: search by JQL on a label and a status category
// (Cloud's /search/jql, or Data Center's /search), issue create, update
// and comments, basic or bearer authentication, the errorMessages/errors
// envelope, and a project that requires a field.
package fakejira

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Issue is an issue the server holds.
type Issue struct {
	Key, Project, Summary, Description string
	Labels                             []string
	Done                               bool
	Comments                           []string
}

// Config says how the server answers.
type Config struct {
	User, Password, Token string
	// DataCenter serves /rest/api/2/search only; Cloud serves
	// /rest/api/2/search/jql and answers 410 on /search.
	DataCenter bool
	// RequireField refuses a create without this field.
	RequireField string
	Projects     []string // the projects that exist
}

// Server is a running fake Jira.
type Server struct {
	*httptest.Server
	cfg    Config
	mu     sync.Mutex
	issues []*Issue
	seq    int
}

// Start serves cfg.
func Start(cfg Config) *Server {
	s := &Server{cfg: cfg}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Issues returns a copy of what the server holds.
func (s *Server) Issues() []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Issue
	for _, i := range s.issues {
		out = append(out, *i)
	}
	return out
}

// Resolve marks every issue with label done: a person closing it.
func (s *Server) Resolve(label string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, i := range s.issues {
		for _, l := range i.Labels {
			if l == label {
				i.Done = true
			}
		}
	}
}

var issuePath = regexp.MustCompile(`^/rest/api/2/issue/([A-Z]+-[0-9]+)(/comment)?$`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorized(r) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"errorMessages": []string{"You are not authenticated. Authentication required to perform this operation."}, "errors": map[string]string{}})
		return
	}
	p := r.URL.Path
	switch {
	case r.Method == http.MethodGet && (p == "/rest/api/2/search/jql" && !s.cfg.DataCenter || p == "/rest/api/2/search" && s.cfg.DataCenter):
		s.search(w, r)
	case r.Method == http.MethodGet && p == "/rest/api/2/search":
		writeJSON(w, http.StatusGone, map[string]any{"errorMessages": []string{"The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."}})
	case r.Method == http.MethodPost && p == "/rest/api/2/issue":
		s.create(w, r)
	case issuePath.MatchString(p):
		m := issuePath.FindStringSubmatch(p)
		s.onIssue(w, r, m[1], m[2] != "")
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"errorMessages": []string{"null for uri: " + p}})
	}
}

func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.Token != "" && r.Header.Get("Authorization") == "Bearer "+s.cfg.Token {
		return true
	}
	u, pw, ok := r.BasicAuth()
	return ok && s.cfg.User != "" && u == s.cfg.User && pw == s.cfg.Password
}

var (
	jqlProject = regexp.MustCompile(`project = "([^"]*)"`)
	jqlLabel   = regexp.MustCompile(`labels = "([^"]*)"`)
)

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	jql := r.URL.Query().Get("jql")
	project, label := sub(jqlProject, jql), sub(jqlLabel, jql)
	wantDone := strings.Contains(jql, "statusCategory = Done")
	var out []map[string]string
	for k := len(s.issues) - 1; k >= 0; k-- { // most recently made first
		i := s.issues[k]
		if i.Project != project || i.Done != wantDone || !slices.Contains(i.Labels, label) {
			continue
		}
		out = append(out, map[string]string{"id": strings.TrimPrefix(i.Key, i.Project+"-"), "key": i.Key})
	}
	writeJSON(w, http.StatusOK, map[string]any{"issues": out})
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Fields map[string]json.RawMessage `json:"fields"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errorMessages": []string{err.Error()}})
		return
	}
	var project struct{ Key string }
	_ = json.Unmarshal(body.Fields["project"], &project)
	if !slices.Contains(s.cfg.Projects, project.Key) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errorMessages": []string{}, "errors": map[string]string{"project": "valid project is required"}})
		return
	}
	if f := s.cfg.RequireField; f != "" && body.Fields[f] == nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errorMessages": []string{}, "errors": map[string]string{f: "Component/s is required."}})
		return
	}
	i := &Issue{Project: project.Key}
	_ = json.Unmarshal(body.Fields["summary"], &i.Summary)
	_ = json.Unmarshal(body.Fields["description"], &i.Description)
	_ = json.Unmarshal(body.Fields["labels"], &i.Labels)
	s.seq++
	i.Key = fmt.Sprintf("%s-%d", project.Key, s.seq)
	s.issues = append(s.issues, i)
	writeJSON(w, http.StatusCreated, map[string]string{"id": fmt.Sprint(10000 + s.seq), "key": i.Key, "self": "http://" + r.Host + "/rest/api/2/issue/" + i.Key})
}

func (s *Server) onIssue(w http.ResponseWriter, r *http.Request, key string, comment bool) {
	var i *Issue
	for _, x := range s.issues {
		if x.Key == key {
			i = x
		}
	}
	if i == nil {
		writeJSON(w, http.StatusNotFound, map[string]any{"errorMessages": []string{"Issue does not exist or you do not have permission to see it."}})
		return
	}
	switch {
	case comment && r.Method == http.MethodPost:
		var c struct{ Body string }
		_ = json.NewDecoder(r.Body).Decode(&c)
		i.Comments = append(i.Comments, c.Body)
		writeJSON(w, http.StatusCreated, map[string]string{"id": fmt.Sprint(len(i.Comments)), "body": c.Body})
	case !comment && r.Method == http.MethodPut:
		var body struct {
			Fields struct{ Summary, Description *string }
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body.Fields.Summary != nil {
			i.Summary = *body.Fields.Summary
		}
		if body.Fields.Description != nil {
			i.Description = *body.Fields.Description
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"errorMessages": []string{"method not allowed"}})
	}
}

func sub(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
