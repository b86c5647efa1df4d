//go:build unix

package snapshot

import "syscall"

// noFollow opens a file without following a final symbolic link.
const noFollow = syscall.O_NOFOLLOW
