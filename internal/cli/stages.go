package cli

import (
	"fmt"
	"io"
	"time"
)

// stages times an audit's steps for --verbose. Each add closes the step
// that began where the previous one ended; a nil *stages times nothing.
type stages struct {
	start, last time.Time
	lines       []string
}

func newStages() *stages {
	now := time.Now()
	return &stages{start: now, last: now}
}

// add closes the step that ran since the last one.
func (s *stages) add(name, detail string) {
	if s == nil {
		return
	}
	now := time.Now()
	s.timed(name, now.Sub(s.last), detail)
	s.last = now
}

// timed records a step measured elsewhere, and starts the next one now.
func (s *stages) timed(name string, d time.Duration, detail string) {
	if s == nil {
		return
	}
	line := fmt.Sprintf("%-14s %8s", name, d.Round(time.Millisecond))
	if detail != "" {
		line += "  " + detail
	}
	s.lines = append(s.lines, line)
	s.last = time.Now()
}

// write prints the steps and the total.
func (s *stages) write(w io.Writer) {
	if s == nil {
		return
	}
	for _, l := range s.lines {
		fmt.Fprintln(w, "mcaudit: timing:", l)
	}
	fmt.Fprintf(w, "mcaudit: timing: %-14s %8s\n", "total", time.Since(s.start).Round(time.Millisecond))
}

// throughput says how much was read and how fast.
func throughput(outputs int, bytes int64, d time.Duration) string {
	mb := float64(bytes) / 1e6
	s := fmt.Sprintf("%d outputs, %.1f MB", outputs, mb)
	if d > 0 {
		s += fmt.Sprintf(", %.0f MB/s", mb/d.Seconds())
	}
	return s
}
