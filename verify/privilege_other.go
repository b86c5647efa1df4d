//go:build !windows

package verify

import (
	"errors"
	"syscall"
)

// igmpBlind: raw IGMP sockets receive every query the host gets.
const igmpBlind = false

// isPrivilege: raw(7) sockets need CAP_NET_RAW.
func isPrivilege(err error) bool {
	return errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES)
}
