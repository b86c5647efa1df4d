package verify

import (
	"errors"

	"golang.org/x/sys/windows"
)

// igmpBlind: whether Windows hands received IGMP queries to a raw socket
// is unverified (see verify.md §8), so a silent socket is no proof.
const igmpBlind = true

// isPrivilege: Windows refuses raw sockets to non-Administrators with
// WSAEACCES when the socket is created.
func isPrivilege(err error) bool {
	return errors.Is(err, windows.WSAEACCES)
}
