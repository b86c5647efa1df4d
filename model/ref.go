package model

import "fmt"

// Ref is the evidence for a fact: the file it was read from, the 1-based line
// number and the line's text exactly as it appears there.
type Ref struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

func (r Ref) String() string {
	return fmt.Sprintf("%s:%d: %s", r.File, r.Line, r.Text)
}

// Valid reports whether r points at a line.
func (r Ref) Valid() bool { return r.File != "" && r.Line > 0 }
