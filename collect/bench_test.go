package collect

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/testrig/fakessh"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

// BenchmarkCollect200 collects from 200 simulated switches on loopback,
// each answering every command (the two paging commands scrapligo sends at
// login, then the four the audit asks for) after 50 ms. It reports the wall
// time against the bound devices × commands × 50 ms ÷ workers, and the
// peak heap of the whole process (collector and the 200 fake switches).
func BenchmarkCollect200(b *testing.B) {
	const n, delay = 200, 50 * time.Millisecond
	outputs, err := fakessh.FromSnapshot(labDir, "acc1", cisco.Commands(cisco.IOSXE, "ssh"))
	if err != nil {
		b.Fatal(err)
	}
	var known strings.Builder
	targets := make([]Target, n)
	for i := range n {
		s, err := fakessh.Start(fakessh.Config{Hostname: "sw" + strconv.Itoa(i), Username: "netops", Password: "lab-password",
			Outputs: outputs, Delay: delay})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		known.WriteString(s.KnownHostsLine() + "\n")
		targets[i] = target("sw"+strconv.Itoa(i), cisco.IOSXE, s)
	}
	kh := b.TempDir() + "/known_hosts"
	if err := os.WriteFile(kh, []byte(known.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{DefaultWorkers(), 50, 200} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			c := sshCollector(kh, Timeouts{Connect: 30 * time.Second, Command: 30 * time.Second, Device: 5 * time.Minute})
			peak := watchHeap()
			for b.Loop() {
				for _, r := range Run(context.Background(), targets, Options{Workers: workers, Transports: map[string]Collector{"ssh": c}}) {
					if r.Err != nil {
						b.Fatal(r.Err)
					}
				}
			}
			wall := b.Elapsed() / time.Duration(b.N)
			bound4 := time.Duration(n*4) * delay / time.Duration(workers)
			bound6 := time.Duration(n*6) * delay / time.Duration(workers)
			b.ReportMetric(wall.Seconds(), "s/collect")
			b.ReportMetric(wall.Seconds()/bound4.Seconds(), "x-bound4")
			b.ReportMetric(wall.Seconds()/bound6.Seconds(), "x-bound6")
			b.ReportMetric(float64(peak())/(1<<20), "MiB-peak-heap")
		})
	}
}

// watchHeap samples the heap until the returned function is called, which
// gives the peak in bytes.
func watchHeap() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
