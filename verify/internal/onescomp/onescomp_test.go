package onescomp

import "testing"

// RFC 1071 §3's example: the words 0001 f203 f4f5 f6f7 fold to ddf2.
func TestRFC1071Example(t *testing.T) {
	b := []byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}
	if got := Fold(Sum(b)); got != 0xddf2 {
		t.Errorf("Fold(Sum) = %#04x, want 0xddf2", got)
	}
	// Split at even offsets, the pieces sum to the same; an odd tail is
	// padded with a zero byte.
	if got := Fold(Sum(b[:2]) + Sum(b[2:6]) + Sum(b[6:])); got != 0xddf2 {
		t.Errorf("pieces: %#04x", got)
	}
	if got := Fold(Sum([]byte{0x12, 0x34, 0x56})); got != 0x1234+0x5600 {
		t.Errorf("odd tail: %#04x", got)
	}
}
