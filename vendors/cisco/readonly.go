package cisco

import "unsafe"

// readOnly returns text as a string without copying it. The model keeps
// substrings of what it parses (names, evidence lines), so a copy would
// keep every recorded output in memory twice: at 5,000 switches that is
// 30 MB more at the peak, and the copy's page faults. Parse's callers hand
// over output they read and never modify afterwards (the snapshot's, or
// a predicted configuration's); a caller that reuses its buffer must pass
// a copy.
func readOnly(text []byte) string {
	if len(text) == 0 {
		return ""
	}
	return unsafe.String(&text[0], len(text))
}
