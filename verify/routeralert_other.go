//go:build !linux

package verify

import "golang.org/x/net/ipv4"

// openSPM: without a tested way to set IP options here, SPMs share the
// ODATA socket and go without Router Alert; the result says so.
func (p *Probe) openSPM() (*ipv4.PacketConn, bool, error) {
	return p.pgm, false, nil
}
