//go:build !windows

package verify

import (
	"errors"
	"syscall"
)

// isPrivilege: raw(7) sockets need CAP_NET_RAW.
func isPrivilege(err error) bool {
	return errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES)
}
