package capture

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/verify/pgm"
)

// benchTrace is a busy node's capture: four sources sending ODATA of 1,000
// bytes 100 times a second each for ten minutes, the querier every 125 s,
// a repair now and then: 240,000 PGM packets, about 260 MB.
func benchTrace(b *testing.B) ([]byte, int) {
	tr := newTrace(b)
	tr.report(sec(0.05), node2, false)
	tr.queries(125*time.Second, 600)
	payload := bytes.Repeat([]byte("x"), 1000)
	srcs := []pgmSource{{addr: node1}, {addr: node3}, {addr: querier}, {addr: allHost.Prev()}}
	for i := range 60_000 {
		at := sec(float64(i) / 100)
		for j := range srcs {
			s := &srcs[j]
			s.sqn++
			if i%10_000 == 5 && j == 0 {
				continue // lost, repaired below
			}
			tr.ip(at, s.addr, group, 113, pgm.AppendODATA(nil, tsi(s.addr), 7500, s.sqn, 1, payload))
			if i%10_000 == 6 && j == 0 {
				tr.rdata(at, s.addr, s.sqn-1)
			}
		}
		if i%100 == 0 {
			for _, s := range srcs {
				tr.spm(at, s.addr, uint32(i), s.sqn)
			}
		}
	}
	return tr.pcap(), len(tr.frames)
}

type pgmSource struct {
	addr netip.Addr
	sqn  uint32
}

// BenchmarkRead measures capture's throughput on one core: bytes and
// packets of capture read, decoded and diagnosed per second; ns/op is the
// time from file to verdict.
func BenchmarkRead(b *testing.B) {
	data, packets := benchTrace(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := Read("bench.pcap", bytes.NewReader(data), Options{})
		if err != nil || r.Packets != packets || len(r.Sessions) != 4 {
			b.Fatalf("%v: %d packets of %d, %d sessions", err, r.Packets, packets, len(r.Sessions))
		}
	}
	b.ReportMetric(float64(packets)*float64(b.N)/b.Elapsed().Seconds(), "packets/s")
}
