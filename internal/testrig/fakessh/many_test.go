package fakessh

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrapli/scrapligo/driver/network"
	"github.com/scrapli/scrapligo/driver/options"
	"github.com/scrapli/scrapligo/platform"
)

// TestTwoHundredDevices starts 200 devices and drives a scrapligo session
// against each of them, all at once, as the collector benchmark will. Each
// connected device costs three file descriptors (the listener and both ends
// of the TCP connection); Go raises the soft RLIMIT_NOFILE to the hard
// limit at start-up, so 600 descriptors fit comfortably.
func TestTwoHundredDevices(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	checkLeaks(t)
	const n = 200
	fds0 := openFDs()

	begin := time.Now()
	servers := make([]*Server, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			servers[i], errs[i] = Start(Config{Hostname: "sw1", Username: testUser, Password: testPass,
				Outputs: map[string]string{"show version": showVersion}})
		})
	}
	wg.Wait()
	startup := time.Since(begin)
	for _, s := range servers {
		if s != nil {
			t.Cleanup(func() { s.Close() })
		}
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}

	lines := make([]string, n)
	for i, s := range servers {
		lines[i] = s.KnownHostsLine()
	}
	kh := options.WithSSHKnownHostsFile(knownHostsFile(t, lines...))
	drivers := make([]*network.Driver, n)
	for i, s := range servers {
		drivers[i] = driverFor(t, s, platform.CiscoIosxe, 30*time.Second, kh)
	}

	begin = time.Now()
	for i, d := range drivers {
		wg.Go(func() { errs[i] = d.Open() })
	}
	wg.Wait()
	opened := time.Since(begin)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	fds := openFDs()

	begin = time.Now()
	for i, d := range drivers {
		wg.Go(func() {
			r, err := d.SendCommand("show version")
			switch {
			case err != nil:
				errs[i] = err
			case r.Result != strings.TrimSuffix(showVersion, "\n"):
				errs[i] = errors.New("wrong result: " + r.Result)
			}
		})
	}
	wg.Wait()
	sent := time.Since(begin)
	if err := errors.Join(errs...); err != nil {
		t.Error(err)
	}

	begin = time.Now()
	for _, d := range drivers {
		wg.Go(func() { closeDriver(t, d) })
	}
	wg.Wait()
	closed := time.Since(begin)
	t.Logf("%d devices: Start %v; scrapligo Open (SSH + on-open) %v; one command each %v; Close %v; open fds %d -> %d",
		n, startup.Round(time.Millisecond), opened.Round(time.Millisecond), sent.Round(time.Millisecond),
		closed.Round(time.Millisecond), fds0, fds)
}

// openFDs counts this process's open file descriptors (Linux), or -1.
func openFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}

// BenchmarkStart measures starting and closing one device (host key
// generation and listening).
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		s, err := Start(Config{Hostname: "sw1"})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkSession measures one full scrapligo session against a running
// device: SSH handshake, on-open, one command, on-close.
func BenchmarkSession(b *testing.B) {
	s, err := Start(Config{Hostname: "sw1", Username: testUser, Password: testPass,
		Outputs: map[string]string{"show running-config": runningConfig}})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		d := driverFor(b, s, platform.CiscoIosxe, 5*time.Second)
		if err := d.Open(); err != nil {
			b.Fatal(err)
		}
		if _, err := d.SendCommand("show running-config"); err != nil {
			b.Fatal(err)
		}
		closeDriver(b, d)
	}
}
