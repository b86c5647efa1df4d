package pgm

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

var sentinels = []error{ErrTruncated, ErrVersion, ErrType, ErrChecksum, ErrNoChecksum, ErrTSDU, ErrOptions, ErrAFI, ErrWindow}

func FuzzDecode(f *testing.F) {
	for _, h := range []string{vecSPM0, vecODATA, vecSPM1, vecSPMFIN, vecSPM6, vecODATAFr} {
		f.Add(unhex(f, h))
	}
	f.Add(mustHexf(f, "43211d4c08000000010203040506 0000 00000007 0001 0000 c0000201 0001 0000 efc0000a"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Decode(b)
		if err != nil {
			if !reflect.DeepEqual(p, Packet{}) {
				t.Fatalf("error %v came with a non-zero Packet %+v", err, p)
			}
			for _, s := range sentinels {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error %v wraps none of the package's errors", err)
		}
		if p.Checksum != 0 && Checksum(b) != p.Checksum {
			t.Fatalf("accepted checksum %#04x, computed %#04x", p.Checksum, Checksum(b))
		}
		if (p.Type == ODATA || p.Type == RDATA) && len(p.Data) != int(p.TSDULength) {
			t.Fatalf("len(Data) %d, TSDULength %d", len(p.Data), p.TSDULength)
		}
		if p.Options != 0 {
			return
		}
		var re []byte
		switch p.Type {
		case SPM:
			// The encoder writes only the canonical form: fixed size, no
			// TSDU, zero reserved bits.
			if len(b) != fixedLen(SPM, b) || p.TSDULength != 0 || b[30] != 0 || b[31] != 0 {
				return
			}
			re = AppendSPM(nil, p.TSI, p.DestPort, p.SQN, p.Trail, p.Lead, p.PathNLA)
			if p.Checksum == 0 {
				// Sent without a checksum; ours always has one.
				re[6], re[7] = 0, 0
			}
		case ODATA:
			re = AppendODATA(nil, p.TSI, p.DestPort, p.SQN, p.Trail, p.Data)
		default:
			return
		}
		if !bytes.Equal(re, b) {
			t.Fatalf("re-encoded %v\n got %x\nfrom %x (decoded %+v)", p.Type, re, b, p)
		}
	})
}
