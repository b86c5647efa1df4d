package fakegnmi

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
)

var update = flag.Bool("update", false, "rewrite the lab documents in canonical form")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestLabCanonical keeps the lab in the form the collector writes, so
// that a recording of it compares byte for byte (go test -update
// rewrites it).
func TestLabCanonical(t *testing.T) {
	files, _ := filepath.Glob("testdata/lab/*/gnmi_*.json")
	if len(files) < 10 {
		t.Fatalf("lab has %d documents", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := gnmidoc.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		canon, err := gnmidoc.Encode(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(canon, data) {
			if *update {
				if err := os.WriteFile(f, canon, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("%s is not canonical; go test -update", f)
		}
	}
}

func dial(t *testing.T, s *Server, tlsOn bool) gpb.GNMIClient {
	t.Helper()
	creds := insecure.NewCredentials()
	if tlsOn {
		pem, err := os.ReadFile(s.CAFile())
		if err != nil {
			t.Fatal(err)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		creds = credentials.NewTLS(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12})
	}
	conn, err := grpc.NewClient(s.Addr(), grpc.WithTransportCredentials(creds))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return gpb.NewGNMIClient(conn)
}

func get(ctx context.Context, c gpb.GNMIClient, path, user, pass string) (*gpb.GetResponse, error) {
	p, err := gnmidoc.ParsePath(path)
	if err != nil {
		return nil, err
	}
	if user != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "username", user, "password", pass)
	}
	return c.Get(ctx, &gpb.GetRequest{Path: []*gpb.Path{p}, Encoding: gpb.Encoding_JSON_IETF})
}

func TestServer(t *testing.T) {
	s, err := Start(Config{Dir: "testdata/lab", Device: "sw2", Username: "admin", Password: "s3cret!",
		Delays: map[string]time.Duration{"openconfig:/acl": time.Minute}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.CAFile() == "" || !slices.Contains(s.Paths(), "device:/System/igmpsnoop-items/inst-items/dom-items/vlan-items") {
		t.Fatalf("CA %q paths %q", s.CAFile(), s.Paths())
	}
	c := dial(t, s, true)
	ctx := context.Background()

	resp, err := get(ctx, c, "openconfig:/interfaces", "admin", "s3cret!")
	if err != nil {
		t.Fatal(err)
	}
	n := resp.GetNotification()
	if len(n) != 1 || n[0].GetTimestamp() != 1767225600000000000 || len(n[0].GetUpdate()) != 1 ||
		n[0].GetUpdate()[0].GetPath().GetOrigin() != "openconfig" || len(n[0].GetUpdate()[0].GetVal().GetJsonIetfVal()) == 0 {
		t.Errorf("response %v", resp)
	}
	if _, err := get(ctx, c, "openconfig:/interfaces", "admin", "wrong"); status.Code(err) != codes.Unauthenticated {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := get(ctx, c, "/interfaces", "admin", "s3cret!"); status.Code(err) != codes.NotFound {
		t.Errorf("path without its origin: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := get(short, c, "openconfig:/acl", "admin", "s3cret!"); status.Code(err) != codes.DeadlineExceeded || time.Since(start) > 30*time.Second {
		t.Errorf("delayed Get: %v after %s", err, time.Since(start))
	}
	if got := s.Gets(); len(got) != 3 || got[0] != "openconfig:/interfaces" {
		t.Errorf("Gets %q", got)
	}
	if _, err := c.Capabilities(metadata.AppendToOutgoingContext(ctx, "username", "admin", "password", "s3cret!"), &gpb.CapabilityRequest{}); err != nil {
		t.Error(err)
	}
}

func TestPlaintextAndMap(t *testing.T) {
	data, err := os.ReadFile("testdata/lab/sw2/gnmi_openconfig_network-instances_network-instance_name_default_vlans.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Start(Config{Plaintext: true, SplitPrefix: true, Documents: map[string][]byte{"/vlans": data}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.CAFile() != "" {
		t.Errorf("plaintext server has CA %q", s.CAFile())
	}
	resp, err := get(context.Background(), dial(t, s, false), "/vlans", "", "")
	if err != nil {
		t.Fatal(err)
	}
	n := resp.GetNotification()[0]
	if len(n.GetPrefix().GetElem()) != 1 || n.GetPrefix().GetElem()[0].GetName() != "network-instances" ||
		n.GetPrefix().GetOrigin() != "openconfig" || len(n.GetUpdate()) != 3 || n.GetUpdate()[0].GetPath().GetElem()[0].GetName() != "network-instance" {
		t.Errorf("split notification %v", n)
	}
	if _, err := Start(Config{Documents: map[string][]byte{"/x": []byte("{")}}); err == nil {
		t.Error("a bad document was accepted")
	}
	if _, err := Start(Config{Dir: t.TempDir(), Device: "none"}); err == nil {
		t.Error("an empty directory was accepted")
	}
}
