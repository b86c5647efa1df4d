// Package fakegnmi is a gNMI target for tests: a real gRPC server on
// 127.0.0.1 with TLS from a CA made on the spot, a username and password
// check, and Get answered from recorded documents (the format the gNMI
// collector writes, vendors/gnmidoc.Document), given as a map or read from
// a snapshot directory. A path it has no document for is NotFound.
package fakegnmi

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
)

// Config says what the server serves and how.
type Config struct {
	// Documents maps a path, as the client asks for it ("/interfaces",
	// "device:/System/..."), to a recorded document.
	Documents map[string][]byte
	// Dir and Device serve Dir/<Device>/gnmi_*.json, each at the path
	// its document records. Documents, when also given, win.
	Dir, Device string

	// Username and Password, when Username is set, are required as
	// "username"/"password" metadata; anything else is Unauthenticated.
	Username, Password string

	// Plaintext serves without TLS. Otherwise the server uses Certificate,
	// or makes a CA (written to CADir, else to a temporary directory
	// removed on Close) and a certificate it signs for 127.0.0.1 and
	// localhost.
	Plaintext   bool
	Certificate *tls.Certificate
	CADir       string

	// Delay holds every Get back this long; Delays per path (as asked).
	// A client that gives up first gets its deadline, and the handler
	// returns at once.
	Delay  time.Duration
	Delays map[string]time.Duration

	// SplitPrefix sends each update's first path element in the
	// notification's prefix, as some targets do.
	SplitPrefix bool

	// Refuse answers a Get of each path (as asked) with that status
	// instead of data, as a target that models only part of OpenConfig
	// does. A recorded document holding a refusal is answered with its
	// status too, so a snapshot's refusals replay.
	Refuse map[string]codes.Code

	// Encodings are the encodings the target supports: Capabilities
	// lists them and Get refuses any other. Empty means JSON_IETF and
	// JSON.
	Encodings []gpb.Encoding
	// Models are the models Capabilities lists (none when empty).
	Models []*gpb.ModelData
	// NoCapabilities answers Capabilities with Unimplemented, as some
	// older targets do.
	NoCapabilities bool
}

// Server is a running fake target.
type Server struct {
	cfg    Config
	lis    net.Listener
	srv    *grpc.Server
	done   chan struct{}
	caFile string
	tmpDir string
	docs   map[string]*gnmidoc.Document
	refuse map[string]codes.Code

	mu   sync.Mutex
	gets []string
	encs []string
}

// Start listens on 127.0.0.1:0 and serves until Close.
func Start(cfg Config) (*Server, error) {
	s := &Server{cfg: cfg, done: make(chan struct{}), docs: map[string]*gnmidoc.Document{}}
	if err := s.load(); err != nil {
		return nil, err
	}
	s.refuse = map[string]codes.Code{}
	for p, c := range cfg.Refuse {
		key, err := canonical(p)
		if err != nil {
			return nil, fmt.Errorf("fakegnmi: refuse %q: %w", p, err)
		}
		s.refuse[key] = c
	}
	opts := []grpc.ServerOption{grpc.WaitForHandlers(true)}
	if !cfg.Plaintext {
		cert := cfg.Certificate
		if cert == nil {
			dir := cfg.CADir
			if dir == "" {
				d, err := os.MkdirTemp("", "fakegnmi-")
				if err != nil {
					return nil, err
				}
				dir, s.tmpDir = d, d
			}
			caFile, c, err := NewTLS(dir)
			if err != nil {
				s.cleanup()
				return nil, err
			}
			cert, s.caFile = &c, caFile
		}
		opts = append(opts, grpc.Creds(credentials.NewTLS(&tls.Config{
			Certificates: []tls.Certificate{*cert},
			MinVersion:   tls.VersionTLS12,
		})))
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.cleanup()
		return nil, err
	}
	s.lis = lis
	s.srv = grpc.NewServer(opts...)
	gpb.RegisterGNMIServer(s.srv, &target{s: s})
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(lis)
	}()
	return s, nil
}

// load reads the documents to serve, keyed by their path in canonical
// form.
func (s *Server) load() error {
	if s.cfg.Dir != "" {
		files, err := filepath.Glob(filepath.Join(s.cfg.Dir, s.cfg.Device, "gnmi_*.json"))
		if err != nil {
			return err
		}
		if len(files) == 0 {
			return fmt.Errorf("fakegnmi: no gnmi_*.json in %s", filepath.Join(s.cfg.Dir, s.cfg.Device))
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if err := s.add("", data, f); err != nil {
				return err
			}
		}
	}
	for p, data := range s.cfg.Documents {
		if err := s.add(p, data, p); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) add(path string, data []byte, where string) error {
	doc, err := gnmidoc.Decode(data)
	if err != nil {
		return fmt.Errorf("fakegnmi: %s: %w", where, err)
	}
	if path == "" {
		path = doc.Path
	}
	key, err := canonical(path)
	if err != nil {
		return fmt.Errorf("fakegnmi: %s: path %q: %w", where, path, err)
	}
	s.docs[key] = doc
	return nil
}

func canonical(path string) (string, error) {
	p, err := gnmidoc.ParsePath(path)
	if err != nil {
		return "", err
	}
	return gnmidoc.PathString(p)
}

// codeOf is the gRPC code grpc-go spells name, Unknown for another.
func codeOf(name string) codes.Code {
	for c := codes.OK; c <= codes.Unauthenticated; c++ {
		if c.String() == name {
			return c
		}
	}
	return codes.Unknown
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.lis.Addr().String() }

// Port is the port the server listens on.
func (s *Server) Port() int { return s.lis.Addr().(*net.TCPAddr).Port }

// CAFile is the PEM file of the CA that signed the server's certificate,
// "" when it serves plaintext or was given its certificate.
func (s *Server) CAFile() string { return s.caFile }

// Gets lists the paths asked for so far, in order.
func (s *Server) Gets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.gets...)
}

// Encodings lists the encoding of each Get so far, as Gets orders them.
func (s *Server) Encodings() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.encs...)
}

// Close stops the server: open connections are closed, running handlers
// are cancelled and waited for, and the temporary CA is removed.
func (s *Server) Close() {
	s.srv.Stop()
	<-s.done
	s.cleanup()
}

func (s *Server) cleanup() {
	if s.tmpDir != "" {
		os.RemoveAll(s.tmpDir)
	}
}

type target struct {
	gpb.UnimplementedGNMIServer
	s *Server
}

func (t *target) Capabilities(ctx context.Context, _ *gpb.CapabilityRequest) (*gpb.CapabilityResponse, error) {
	if err := t.auth(ctx); err != nil {
		return nil, err
	}
	if t.s.cfg.NoCapabilities {
		return nil, status.Error(codes.Unimplemented, "Capabilities is not implemented")
	}
	return &gpb.CapabilityResponse{
		SupportedModels:    t.s.cfg.Models,
		SupportedEncodings: t.s.encodings(),
		GNMIVersion:        "0.10.0",
	}, nil
}

func (s *Server) encodings() []gpb.Encoding {
	if len(s.cfg.Encodings) > 0 {
		return s.cfg.Encodings
	}
	return []gpb.Encoding{gpb.Encoding_JSON_IETF, gpb.Encoding_JSON}
}

func (t *target) auth(ctx context.Context) error {
	cfg := t.s.cfg
	if cfg.Username == "" {
		return nil
	}
	md, _ := metadata.FromIncomingContext(ctx)
	u, p := md.Get("username"), md.Get("password")
	if len(u) != 1 || len(p) != 1 ||
		subtle.ConstantTimeCompare([]byte(u[0]), []byte(cfg.Username)) != 1 ||
		subtle.ConstantTimeCompare([]byte(p[0]), []byte(cfg.Password)) != 1 {
		return status.Error(codes.Unauthenticated, "invalid username or password")
	}
	return nil
}

func (t *target) Get(ctx context.Context, req *gpb.GetRequest) (*gpb.GetResponse, error) {
	if err := t.auth(ctx); err != nil {
		return nil, err
	}
	if e := req.GetEncoding(); !slices.Contains(t.s.encodings(), e) {
		return nil, status.Errorf(codes.Unimplemented, "encoding %v is not supported", e)
	}
	var notes []*gpb.Notification
	for _, p := range req.GetPath() {
		full := &gpb.Path{Origin: p.GetOrigin(), Elem: append(append([]*gpb.PathElem{}, req.GetPrefix().GetElem()...), p.GetElem()...)}
		if full.Origin == "" {
			full.Origin = req.GetPrefix().GetOrigin()
		}
		key, err := gnmidoc.PathString(full)
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "bad path: %v", err)
		}
		t.s.mu.Lock()
		t.s.gets = append(t.s.gets, key)
		t.s.encs = append(t.s.encs, req.GetEncoding().String())
		t.s.mu.Unlock()
		if err := t.wait(ctx, key); err != nil {
			return nil, err
		}
		if c, ok := t.s.refuse[key]; ok {
			return nil, status.Errorf(c, "unsupported path %s", key)
		}
		doc, ok := t.s.docs[key]
		if !ok {
			return nil, status.Errorf(codes.NotFound, "no data at %s", key)
		}
		if e := doc.Error; e != nil {
			return nil, status.Error(codeOf(e.Code), e.Message)
		}
		n, err := t.notification(doc)
		if err != nil {
			return nil, status.Errorf(codes.Internal, "%s: %v", key, err)
		}
		notes = append(notes, n)
	}
	return &gpb.GetResponse{Notification: notes}, nil
}

// wait applies the configured delay, giving up when the client does.
func (t *target) wait(ctx context.Context, key string) error {
	d := t.s.cfg.Delay
	if pd, ok := t.s.cfg.Delays[key]; ok {
		d = pd
	}
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	}
}

// notification replays a recorded document: one update per recorded
// update, its value re-encoded as JSON_IETF.
func (t *target) notification(doc *gnmidoc.Document) (*gpb.Notification, error) {
	ts := doc.Timestamp
	if ts == 0 {
		ts = time.Now().UnixNano()
	}
	n := &gpb.Notification{Timestamp: ts}
	var paths []*gpb.Path
	for _, u := range doc.Updates {
		p, err := gnmidoc.ParsePath(u.Path)
		if err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	if t.s.cfg.SplitPrefix && sharedFirst(paths) {
		n.Prefix = &gpb.Path{Origin: paths[0].Origin, Elem: paths[0].Elem[:1]}
		for i, p := range paths {
			paths[i] = &gpb.Path{Elem: p.Elem[1:]}
		}
	}
	for i, u := range doc.Updates {
		val, err := json.Marshal(u.Value)
		if err != nil {
			return nil, err
		}
		n.Update = append(n.Update, &gpb.Update{Path: paths[i], Val: &gpb.TypedValue{Value: &gpb.TypedValue_JsonIetfVal{JsonIetfVal: val}}})
	}
	return n, nil
}

// sharedFirst reports whether every path has more than one element and
// they all start with the same one, which can then go in the prefix.
func sharedFirst(paths []*gpb.Path) bool {
	if len(paths) == 0 {
		return false
	}
	first, err := gnmidoc.PathString(&gpb.Path{Origin: paths[0].Origin, Elem: paths[0].Elem[:min(1, len(paths[0].Elem))]})
	if err != nil {
		return false
	}
	for _, p := range paths {
		if len(p.Elem) < 2 {
			return false
		}
		s, err := gnmidoc.PathString(&gpb.Path{Origin: p.Origin, Elem: p.Elem[:1]})
		if err != nil || s != first {
			return false
		}
	}
	return true
}

// Paths lists the paths the server has documents for, sorted.
func (s *Server) Paths() []string {
	out := make([]string, 0, len(s.docs))
	for p := range s.docs {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
