//go:build !unix

package snapshot

// noFollow is not available here; the Lstat before the open and the
// SameFile check after it refuse links instead.
const noFollow = 0
