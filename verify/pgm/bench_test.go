package pgm

import (
	"bytes"
	"testing"
)

var benchPayload = bytes.Repeat([]byte{0xA5}, 64)

func BenchmarkDecodeODATA(b *testing.B) {
	pkt := AppendODATA(nil, testTSI, testDPort, 42, 40, benchPayload)
	b.SetBytes(int64(len(pkt)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(pkt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkts/s")
}

func BenchmarkAppendODATA(b *testing.B) {
	buf := make([]byte, 0, 128)
	b.SetBytes(int64(dataHeaderLen + len(benchPayload)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendODATA(buf[:0], testTSI, testDPort, 42, 40, benchPayload)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkts/s")
}
