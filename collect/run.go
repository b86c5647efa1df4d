package collect

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/mcaudit/mcaudit/snapshot"
)

// Defaults for Options left zero.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultCommandTimeout = 60 * time.Second
	DefaultDeviceTimeout  = 5 * time.Minute
)

// DefaultWorkers is how many devices are collected at once by default:
// collection waits on the network, not the CPU, so well above the core
// count, but low enough not to look like an attack to a TACACS server.
func DefaultWorkers() int { return max(16, 4*runtime.GOMAXPROCS(0)) }

// Options shape a run.
type Options struct {
	Workers  int
	Timeouts Timeouts
	// Transports by name ("ssh", "gnmi").
	Transports map[string]Collector
	// ToolVersion and Now go into each device's meta.yaml.
	ToolVersion string
	Now         func() time.Time
	// Progress, when set, is told about each device as it finishes.
	Progress func(r Result)
}

// Result is what became of one target.
type Result struct {
	Target Target
	// Device holds the scrubbed outputs and metadata; nil on failure.
	Device *snapshot.Device
	Err    error
	// Skipped lists optional commands the device rejected (an older
	// release without the command), which the audit does without.
	Skipped []string
	// Refused lists the gNMI paths the device refused, each recorded with
	// its answer: the audit reports the verdicts resting on them as not
	// proven.
	Refused []string
	Elapsed time.Duration
}

// Run collects from every target, Workers at a time, each bounded by the
// device timeout. A device that fails does not stop the others; results
// come back in the order of targets.
func Run(ctx context.Context, targets []Target, o Options) []Result {
	o = o.withDefaults()
	out := make([]Result, len(targets))
	sem := make(chan struct{}, o.Workers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				out[i] = Result{Target: t, Err: fmt.Errorf("%s: %w", t.Name, ctx.Err())}
				report(o, &mu, out[i])
				return
			}
			defer func() { <-sem }()
			out[i] = collectOne(ctx, t, o)
			report(o, &mu, out[i])
		}()
	}
	wg.Wait()
	return out
}

func report(o Options, mu *sync.Mutex, r Result) {
	if o.Progress == nil {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	o.Progress(r)
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = DefaultWorkers()
	}
	if o.Timeouts.Connect <= 0 {
		o.Timeouts.Connect = DefaultConnectTimeout
	}
	if o.Timeouts.Command <= 0 {
		o.Timeouts.Command = DefaultCommandTimeout
	}
	if o.Timeouts.Device <= 0 {
		o.Timeouts.Device = DefaultDeviceTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// ErrRejected marks a command the device answered with an error.
var ErrRejected = errors.New("command rejected by the device")

// collectOne pulls one device, then scrubs and names what it pulled.
func collectOne(ctx context.Context, t Target, o Options) (r Result) {
	start := o.Now()
	r.Target = t
	// On the named result: a deferred assignment to a local is lost once
	// the return value has been copied.
	defer func() { r.Elapsed = o.Now().Sub(start) }()
	if t.Skip != "" {
		r.Err = fmt.Errorf("%s: %s", t.Name, t.Skip)
		return r
	}
	c := o.Transports[t.Transport]
	if c == nil {
		r.Err = fmt.Errorf("%s: no collector for transport %q", t.Name, t.Transport)
		return r
	}
	if t.Scrub == nil {
		r.Err = fmt.Errorf("%s: no scrubber for platform %s: nothing is recorded unscrubbed", t.Name, t.Platform)
		return r
	}
	if len(t.Commands) == 0 {
		r.Err = fmt.Errorf("%s: nothing to collect for platform %s over %s", t.Name, t.Platform, t.Transport)
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeouts.Device)
	defer cancel()
	var (
		outs []snapshot.Output
		gm   *snapshot.GNMIMeta
		err  error
	)
	if mc, ok := c.(MetaCollector); ok {
		outs, gm, err = mc.CollectMeta(ctx, t)
	} else {
		outs, err = c.Collect(ctx, t)
	}
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded && !errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w (device timeout %s)", err, o.Timeouts.Device)
		}
		r.Err = fmt.Errorf("%s (%s): %w", t.Name, t.Address, err)
		return r
	}
	d := &snapshot.Device{Meta: &snapshot.Meta{
		Device: t.Name, Platform: t.Platform, Transport: t.Transport,
		CollectedAt: start.UTC().Truncate(time.Second), ToolVersion: o.ToolVersion, GNMI: gm,
	}}
	got := map[string]bool{}
	for _, out := range outs {
		if out.Data == nil {
			r.Skipped = append(r.Skipped, out.Command)
			continue
		}
		if out.Refused != "" {
			// Recorded all the same: a refusal is the device's answer.
			r.Refused = append(r.Refused, out.Command)
		}
		data := t.Scrub(out.Command, out.Data)
		got[out.Command] = true
		d.Outputs = append(d.Outputs, snapshot.Output{
			Command: out.Command,
			Rel:     t.Name + "/" + snapshot.FileName(out.Command),
			Data:    data,
		})
	}
	if !got[t.Commands[0]] {
		r.Err = fmt.Errorf("%s (%s): %q: %w", t.Name, t.Address, t.Commands[0], ErrRejected)
		return r
	}
	r.Device = d
	return r
}
