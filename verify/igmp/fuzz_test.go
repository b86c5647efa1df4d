package igmp

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func FuzzDecode(f *testing.F) {
	for _, h := range []string{vecV2General, vecV3General, vecV3GroupSources, vecV3Group, vecV3Max,
		vecV2Group, vecV1Query, vecV2Leave, vecV2Rep, vecV1Rep, vecV3Rep, vecDVMRP} {
		f.Add(unhex(f, h))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			if !reflect.DeepEqual(m, Message{}) {
				t.Fatalf("error %v came with a non-zero Message %+v", err, m)
			}
			if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrChecksum) && !errors.Is(err, ErrLength) {
				t.Fatalf("error %v wraps none of the package's errors", err)
			}
			return
		}
		if m.Type != MembershipQuery {
			return
		}
		// Every decoded query re-encodes to one that decodes the same:
		// trailing bytes and reserved bits are dropped, nothing else.
		re := AppendQuery(nil, m)
		m2, err := Decode(re)
		if err != nil {
			t.Fatalf("Decode(AppendQuery(%+v)) = %x: %v", m, re, err)
		}
		if !reflect.DeepEqual(m2, m) {
			t.Fatalf("round trip of %x\n got %+v\nwant %+v", b, m2, m)
		}
		// A query in canonical form re-encodes byte for byte, but for the
		// checksum, where 0x0000 and 0xFFFF both verify.
		canonical := len(b) == 8 || len(b) == v3QueryLen+4*len(m.Sources) && b[8]&0xF0 == 0
		if canonical && (!bytes.Equal(re[:2], b[:2]) || !bytes.Equal(re[4:], b[4:])) {
			t.Fatalf("re-encoded\n got %x\nfrom %x", re, b)
		}
	})
}
