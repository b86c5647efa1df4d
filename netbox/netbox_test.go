package netbox

import (
	"context"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/testrig/fakenetbox"
	"github.com/mcaudit/mcaudit/inventory"
)

const token = "0123456789abcdef0123456789abcdef01234567"

var labFilter = url.Values{"site": {"dc1"}, "tag": {"mcaudit"}}

func read(t *testing.T, c *Client) ([]inventory.NetBoxDevice, []inventory.NetBoxCable) {
	t.Helper()
	devs, err := c.Devices(context.Background(), labFilter)
	if err != nil {
		t.Fatal(err)
	}
	cables, err := c.Cables(context.Background(), devs)
	if err != nil {
		t.Fatal(err)
	}
	return devs, cables
}

// Both major versions, pages of two: the filter's devices, their platform
// slugs and primary addresses without the length, and only the connected
// cables between interfaces of listed devices.
func TestReadsTheLab(t *testing.T) {
	for _, v := range []int{3, 4} {
		t.Run(fmt.Sprint("netbox ", v), func(t *testing.T) {
			s := fakenetbox.Start(fakenetbox.Lab(v, token))
			defer s.Close()
			c, err := New(s.URL, Options{Token: token})
			if err != nil {
				t.Fatal(err)
			}
			devs, cables := read(t, c)
			var got []string
			for _, d := range devs {
				got = append(got, fmt.Sprintf("%d %s %s %s", d.ID, d.Name, d.Platform, d.Address))
			}
			want := "11 acc1 cisco-iosxe 192.0.2.11|12 acc2 c2960x-15 192.0.2.12|21 leaf1 nxos 192.0.2.21|1 core1 cisco-iosxe 192.0.2.1"
			if strings.Join(got, "|") != want {
				t.Errorf("devices:\n got %s\nwant %s", strings.Join(got, "|"), want)
			}
			got = nil
			for _, c := range cables {
				got = append(got, fmt.Sprintf("%d %s:%s-%s:%s", c.ID, c.A.Device, c.A.Interface, c.B.Device, c.B.Interface))
			}
			want = "501 acc1:TenGigabitEthernet1/1/1-core1:TenGigabitEthernet1/0/1|502 acc1:TenGigabitEthernet1/1/2-core1:TenGigabitEthernet1/0/5|" +
				"503 acc2:GigabitEthernet1/0/49-core1:TenGigabitEthernet1/0/3|504 core1:TenGigabitEthernet1/0/2-leaf1:Ethernet1/49"
			if strings.Join(got, "|") != want {
				t.Errorf("cables:\n got %s\nwant %s", strings.Join(got, "|"), want)
			}
		})
	}
}

func TestRefusalsNameNetBoxNotTheToken(t *testing.T) {
	s := fakenetbox.Start(fakenetbox.Lab(4, token))
	defer s.Close()
	for _, c := range []struct {
		name, url, token string
		want             string
	}{
		{"a bad token", s.URL, "ffffffffffffffffffffffffffffffffffffffff", "GET /api/dcim/devices/: refused (403 Forbidden: Invalid v1 token): check the token and its permissions"},
		{"a wrong URL", s.URL + "/netbox", token, "GET /netbox/api/dcim/devices/: 404 Not Found: is " + s.URL + "/netbox NetBox's base URL?"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl, err := New(c.url, Options{Token: c.token})
			if err != nil {
				t.Fatal(err)
			}
			_, err = cl.Devices(context.Background(), labFilter)
			if err == nil || err.Error() != c.want {
				t.Errorf("error %v\nwant %s", err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), c.token) {
				t.Error("the token is in the error")
			}
		})
	}
}

// A web page where the API was expected: NetBox's home page answers 200
// with HTML when the URL names a page, not the base.
func TestNotJSON(t *testing.T) {
	s := fakenetbox.Start(fakenetbox.Lab(4, token))
	defer s.Close()
	cl, _ := New(s.URL, Options{Token: token})
	var v struct{}
	u, _ := url.Parse(s.URL + "/")
	err := cl.get(context.Background(), u, &v)
	if err == nil || !strings.Contains(err.Error(), `the answer is not NetBox's JSON (it starts "<!DOCTYPE html><html><head><title>Home |")`) {
		t.Errorf("error %v", err)
	}
}

func TestHungServer(t *testing.T) {
	cfg := fakenetbox.Lab(4, token)
	cfg.Hang = true
	s := fakenetbox.Start(cfg)
	defer s.Close()
	cl, _ := New(s.URL, Options{Token: token, Timeout: 300 * time.Millisecond})
	start := time.Now()
	_, err := cl.Devices(context.Background(), labFilter)
	if err == nil || err.Error() != "GET /api/dcim/devices/: no answer within 300ms" {
		t.Errorf("error %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %s", d)
	}
}

// TLS is verified: the test server's certificate is refused until its CA
// is given.
func TestTLSWithCA(t *testing.T) {
	s := fakenetbox.StartTLS(fakenetbox.Lab(4, token))
	defer s.Close()
	cl, _ := New(s.URL, Options{Token: token})
	if _, err := cl.Devices(context.Background(), labFilter); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("an unknown certificate was taken: %v", err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	cl, err := New(s.URL, Options{Token: token, CAFile: ca})
	if err != nil {
		t.Fatal(err)
	}
	if devs, _ := read(t, cl); len(devs) != 4 {
		t.Errorf("%d devices over TLS", len(devs))
	}
}

// A next link to another host is not followed: the token would go there.
func TestNextOnAnotherHost(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"count": 3, "next": "http://collector.example.net/api/dcim/devices/?offset=1", "previous": null, "results": [{"id": 1, "name": "sw1"}]}`)
	}))
	defer s.Close()
	cl, _ := New(s.URL, Options{Token: token})
	_, err := cl.Devices(context.Background(), labFilter)
	if err == nil || !strings.Contains(err.Error(), "the next page is on another host (collector.example.net): not followed") {
		t.Errorf("error %v", err)
	}
}
