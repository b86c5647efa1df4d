package verify

import (
	"errors"

	"golang.org/x/sys/windows"
)

// isPrivilege: Windows refuses raw sockets to non-Administrators with
// WSAEACCES when the socket is created.
func isPrivilege(err error) bool {
	return errors.Is(err, windows.WSAEACCES)
}
