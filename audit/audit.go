// Package audit runs the pipeline from inputs to findings: it loads each
// device from a saved config or a recorded snapshot, parses it with its
// vendor's parsers, and applies the rules to every cluster.
package audit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mcaudit/mcaudit/baseline"
	"github.com/mcaudit/mcaudit/discover"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
	"github.com/mcaudit/mcaudit/topology"
	"github.com/mcaudit/mcaudit/vendors"
	"github.com/mcaudit/mcaudit/waiver"
)

// Device statuses in a result.
const (
	StatusOK    = "ok"
	StatusError = "error"
)

// DeviceResult says whether a device could be audited.
type DeviceResult struct {
	Name     string   `json:"name"`
	Platform string   `json:"platform"`
	Status   string   `json:"status"`
	Error    string   `json:"error"`
	Sources  []string `json:"sources,omitempty"`
	// Unparsed are the lines of the device's configuration its parser
	// could not read: its parse summary. The verdicts that rest on one
	// are config-unparsed or acl-unparsed findings; the others are only
	// counted here.
	Unparsed []UnparsedLine `json:"unparsed,omitempty"`
	// Refused are the requests the device did not answer (gNMI paths it
	// does not serve): what the audit could not read from it. The
	// verdicts that rest on one are data-refused findings.
	Refused []RefusedRequest `json:"refused,omitempty"`
	// Note says how the parser read the device where that decides its
	// defaults (Junos: the ELS or the legacy style).
	Note string `json:"note,omitempty"`
}

// UnparsedLine is a line that could not be read, and what was expected.
type UnparsedLine struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Text string `json:"text"`
	Why  string `json:"why"`
}

// RefusedRequest is a request a device did not answer, and what it said.
type RefusedRequest struct {
	Request string `json:"request"`
	Answer  string `json:"answer"`
	// File and Line are where the answer is recorded; Line is 0 where
	// nothing was.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

func refusedRequests(d *model.Device) []RefusedRequest {
	var out []RefusedRequest
	for _, r := range d.Refused {
		rr := RefusedRequest{Request: r.Request, Answer: r.Answer}
		if r.Ref.Line > 0 {
			rr.File, rr.Line = r.Ref.File, r.Ref.Line
		}
		out = append(out, rr)
	}
	return out
}

// unparsedLines lists what the parse of d could not read, configuration
// lines and ACL entries alike, in file and line order.
func unparsedLines(d *model.Device) []UnparsedLine {
	var out []UnparsedLine
	add := func(r model.Ref, why string) {
		out = append(out, UnparsedLine{File: r.File, Line: r.Line, Text: r.Text, Why: why})
	}
	for _, u := range d.Unparsed {
		add(u.Ref, u.Why)
	}
	for _, a := range d.ACLs {
		for _, e := range a.Entries {
			if e.Unparsed != "" {
				add(e.Ref, e.Unparsed)
			}
		}
	}
	slices.SortFunc(out, func(a, b UnparsedLine) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return out
}

// Result is everything an audit found.
type Result struct {
	// Snapshot is the directory snapshot evidence paths are relative to.
	// Snapshots, set when the audit read several, lists them all; a
	// device's evidence is then relative to the one holding its folder.
	Snapshot  string
	Snapshots []string
	Clusters  []model.Cluster
	Devices   []DeviceResult
	Findings  []rules.Finding
	// Models are the parsed devices by name, and Configs the configuration
	// text each was read from where there is one: what remediation works on.
	Models  map[string]*model.Device
	Configs map[string]ConfigText
	// Baseline, when the audit was compared with a previous report, says
	// which findings are new and which of the old ones are fixed.
	Baseline *baseline.Diff
	// Waivers, when a waivers file was read, says which findings it
	// accepts; its own findings (expired, unused) are among Findings.
	Waivers *waiver.Result
	// Stats is where the audit's time went.
	Stats Stats
	// Fleet is the layer-2 graph the rules judged, for those who draw it.
	Fleet *rules.Fleet
	// Links are the links the graph was built from, declared and
	// discovered, each with its source; Outside the switches the
	// neighbor tables show that the inventory does not hold.
	Links   []model.Link
	Outside []discover.Outside
}

// Stats measures an audit of an inventory.
type Stats struct {
	Read    time.Duration // reading and parsing every device, in parallel
	Rules   time.Duration // the rules, every cluster
	Outputs int           // recorded outputs and config files parsed
	Bytes   int64         // their size
}

// ConfigText is a device's running configuration as text, and the name
// its evidence cites.
type ConfigText struct {
	File string
	Data []byte
}

// SnapshotOf is the snapshot directory a device's evidence is relative
// to: with several, the one holding its folder.
func (r *Result) SnapshotOf(device string) string {
	if in := holding(r.Snapshots, device); len(in) > 0 {
		return in[0]
	}
	return r.Snapshot
}

// Failed counts the devices that could not be audited.
func (r *Result) Failed() int {
	n := 0
	for _, d := range r.Devices {
		if d.Status != StatusOK {
			n++
		}
	}
	return n
}

// Count returns the number of findings of a severity.
func (r *Result) Count(s rules.Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Sources says where the devices without a config file are read from.
type Sources struct {
	// Snapshot is a recorded snapshot directory; empty means the
	// inventory's own snapshot key, if any.
	Snapshot string
	// Snapshots, where set, are several recorded snapshot directories read
	// as their union (the shards of a sharded collection): each device is
	// read from the one that holds its folder, and a device recorded in
	// two is an error. They replace Snapshot.
	Snapshots []string
	// Live holds what was just collected, by device name; Failed says why
	// a device could not be collected.
	Live   map[string]*snapshot.Device
	Failed map[string]error
	// Recorded is where Live was written, if it was.
	Recorded string
	// Configs, where set for a device, replace its running configuration;
	// ConfigOnly reads nothing else. Together they audit a predicted
	// configuration, which recorded show output would contradict: it
	// describes the switch before the change.
	Configs    map[string]ConfigText
	ConfigOnly bool
	// Progress, when set, is told about each device as it is read, one
	// call at a time.
	Progress func(device string, err error)
	// FindingsOnly is for a caller that wants the findings and device
	// results, not the models: a device on which no cluster's VLAN may
	// forward and to which no host is cabled is kept only as the little
	// the layer-2 graph asks of it, and read again in full should a
	// cluster's path cross it. Models and Configs then hold the devices
	// the rules read. At 5,000 switches with one cluster this is the
	// difference between holding every model and holding a handful.
	FindingsOnly bool
}

// SnapshotDir is the snapshot directory an audit reads: the override, else
// the inventory's own snapshot key, else none (live collection).
func SnapshotDir(inv *inventory.Inventory, override string) string {
	if override == "" && inv.Snapshot != "" {
		return inv.Path(inv.Snapshot)
	}
	return override
}

// Inventory audits every device and cluster of an inventory. A device that
// cannot be read is reported with its error and the others are audited;
// the error return is only for the inputs as a whole.
func Inventory(ctx context.Context, inv *inventory.Inventory, src Sources) (*Result, error) {
	dirs := src.Snapshots
	if len(dirs) == 0 {
		if d := SnapshotDir(inv, src.Snapshot); d != "" {
			dirs = []string{d}
		}
	}
	for _, d := range dirs {
		st, err := os.Stat(d)
		switch {
		case os.IsNotExist(err):
			return nil, fmt.Errorf("snapshot %s does not exist (mcaudit collect --out %s records one)", d, d)
		case err != nil:
			return nil, fmt.Errorf("snapshot %w", err)
		case !st.IsDir():
			return nil, fmt.Errorf("snapshot %s is a file: a snapshot is a folder with a folder per device", d)
		}
	}
	res := &Result{}
	src.Snapshot, src.Snapshots = "", nil
	if len(dirs) > 0 {
		res.Snapshot, src.Snapshot = dirs[0], dirs[0]
	}
	if len(dirs) > 1 {
		res.Snapshots, src.Snapshots = dirs, dirs
	}
	if src.Recorded != "" {
		res.Snapshot = src.Recorded
	}
	start := time.Now()
	devs := loadAll(ctx, inv, src, declaredPorts(inv))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, d := range devs {
		if d.badLink != nil {
			return nil, d.badLink
		}
	}
	res.Stats.Read = time.Since(start)
	for _, d := range devs {
		res.Stats.Outputs += d.outputs
		res.Stats.Bytes += d.bytes
	}
	res.Models, res.Configs = map[string]*model.Device{}, map[string]ConfigText{}
	graphDevs := map[string]*model.Device{}
	var order []string
	for i, d := range inv.Devices {
		r := DeviceResult{Name: d.Name, Platform: d.Platform, Status: StatusOK}
		if devs[i].err != nil {
			r.Status, r.Error = StatusError, devs[i].err.Error()
		} else {
			r.Sources, r.Unparsed, r.Refused, r.Note = devs[i].sources, devs[i].unparsed, devs[i].refused, devs[i].note
			graphDevs[d.Name] = devs[i].dev
			if !devs[i].stub {
				res.Models[d.Name] = devs[i].dev
			}
			if devs[i].config.Data != nil {
				res.Configs[d.Name] = devs[i].config
			}
		}
		res.Devices = append(res.Devices, r)
		order = append(order, d.Name)
	}
	canon := func(dev, ifc string) string {
		if v, ok := vendors.Lookup(inv.Device(dev).Platform); ok {
			return v.CanonicalInterface(inv.Device(dev).Platform, ifc)
		}
		return ifc
	}
	links := inv.ModelLinks()
	for i := range links {
		links[i].A.Interface = canon(links[i].A.Device, links[i].A.Interface)
		links[i].B.Interface = canon(links[i].B.Device, links[i].B.Interface)
	}
	start = time.Now()
	defer func() { res.Stats.Rules = time.Since(start) }()
	hostPorts := map[model.Endpoint]bool{}
	for _, c := range inv.Clusters {
		mc := inv.Model(c)
		for i := range mc.Hosts {
			mc.Hosts[i].Interface = canon(mc.Hosts[i].Switch, mc.Hosts[i].Interface)
			hostPorts[model.Endpoint{Device: mc.Hosts[i].Switch, Interface: mc.Hosts[i].Interface}] = true
		}
		res.Clusters = append(res.Clusters, mc)
	}
	found := discover.Links(discoverDevices(inv, graphDevs), links, hostPorts, func(platform, name string) string {
		if v, ok := vendors.Lookup(platform); ok {
			return v.CanonicalInterface(platform, name)
		}
		return name
	})
	res.Links, res.Outside = found.Links, found.Outside
	fleet := rules.NewFleet(topology.New(graphDevs, found.Links), order)
	fleet.Mismatches, fleet.Outside = found.Mismatches, found.Outside
	for _, d := range graphDevs {
		fleet.Heard = fleet.Heard || len(d.Neighbors) > 0
	}
	if err := unstub(ctx, inv, src, devs, fleet, res); err != nil {
		return nil, err
	}
	for _, mc := range res.Clusters {
		res.Findings = append(res.Findings, rules.Run(rules.NewScope(mc, fleet, false))...)
	}
	res.Fleet = fleet
	return res, nil
}

// discoverDevices is the inventory as discovery sees it: each device
// with its address and, where it was read, its model.
func discoverDevices(inv *inventory.Inventory, models map[string]*model.Device) []discover.Device {
	out := make([]discover.Device, 0, len(inv.Devices))
	for _, d := range inv.Devices {
		dd := discover.Device{Name: d.Name, Platform: d.Platform, Model: models[d.Name]}
		if a, err := netip.ParseAddr(d.Address); err == nil {
			dd.Address = a
		}
		out = append(out, dd)
	}
	return out
}

// unstub reads in full the stubbed devices that some cluster's domain or
// path holds after all. A stub and its full model agree on everything a
// scope is built from (no cluster VLAN forwards on either; paths are
// physical), so the scopes the rules then build are the ones computed
// here.
func unstub(ctx context.Context, inv *inventory.Inventory, src Sources, devs []loaded, fleet *rules.Fleet, res *Result) error {
	stubs := map[string]int{}
	for i, d := range inv.Devices {
		if devs[i].stub {
			stubs[d.Name] = i
		}
	}
	if len(stubs) == 0 {
		return nil
	}
	var again []int
	for _, mc := range res.Clusters {
		for _, name := range rules.NewScope(mc, fleet, false).Devices() {
			if i, ok := stubs[name]; ok {
				again = append(again, i)
				delete(stubs, name)
			}
		}
	}
	src.FindingsOnly, src.Progress = false, nil
	for _, i := range again {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := inv.Devices[i]
		l := loadDevice(inv, d, src)
		if l.err != nil {
			// Read a moment ago: a file changed under the audit.
			return fmt.Errorf("%s: read again: %w", d.Name, l.err)
		}
		fleet.Graph.Devices[d.Name] = l.dev
		res.Models[d.Name] = l.dev
		if l.config.Data != nil {
			res.Configs[d.Name] = l.config
		}
	}
	return nil
}

type loaded struct {
	dev     *model.Device
	config  ConfigText
	err     error
	outputs int
	bytes   int64
	// What the device's result reports, taken before dev may become a
	// stub.
	sources  []string
	unparsed []UnparsedLine
	refused  []RefusedRequest
	note     string
	stub     bool
	// badLink is the inventory's error for a declared link on a port the
	// device does not have.
	badLink error
}

// stubbed keeps of l only what the layer-2 graph asks of a device on
// which none of vlans forwards: that none does. Its outputs and model go.
func (l loaded) stubbed(vlans []int) loaded {
	for _, v := range vlans {
		if topology.MayForward(l.dev, v) {
			return l
		}
	}
	stub := model.NewDevice(l.dev.Name, l.dev.Platform)
	stub.Oper.VLANs = map[int]*model.OperVLAN{}
	// What discovery asks of it: its name and whom it hears, each port
	// already folded into its bundle. Copied: the model's strings may
	// point into the text the stub lets go.
	stub.Hostname = strings.Clone(l.dev.Hostname)
	for _, n := range l.dev.Neighbors {
		if n.Bundle == "" {
			if ifc := l.dev.Interface(n.LocalPort); ifc != nil {
				n.Bundle = ifc.Bundle
			}
		}
		stub.Neighbors = append(stub.Neighbors, cloneNeighbor(n))
	}
	l.dev, l.config, l.stub = stub, ConfigText{}, true
	return l
}

func cloneNeighbor(n model.Neighbor) model.Neighbor {
	c := n
	for _, p := range []*string{&c.Protocol, &c.LocalPort, &c.Name, &c.SystemName, &c.ChassisID, &c.Port, &c.PortDescription, &c.Platform, &c.Bundle, &c.Ref.File, &c.Ref.Text} {
		*p = strings.Clone(*p)
	}
	c.Capabilities = slices.Clone(n.Capabilities)
	return c
}

// loadAll reads every device, in parallel: parsing is CPU-bound and the
// devices are independent.
// declaredPort is an interface the inventory's links: name on a device.
type declaredPort struct {
	ifc  string // as the platform spells it
	line int
	end  string // as written
}

// declaredPorts lists, per device, the ports its declared links name.
func declaredPorts(inv *inventory.Inventory) map[string][]declaredPort {
	out := map[string][]declaredPort{}
	for _, l := range inv.Links {
		if l.Source != "" && l.Source != "inventory" {
			continue // NetBox's cables are its data, not the file's typos
		}
		for _, e := range []model.Endpoint{l.A, l.B} {
			ifc := e.Interface
			if d := inv.Device(e.Device); d != nil {
				if v, ok := vendors.Lookup(d.Platform); ok {
					ifc = v.CanonicalInterface(d.Platform, ifc)
				}
			}
			out[e.Device] = append(out[e.Device], declaredPort{ifc: ifc, line: l.Line, end: e.Device + ":" + e.Interface})
		}
	}
	return out
}

// checkPorts is the inventory's error for a declared link on a port the
// device, read, does not have: a typo in the file, not a trunk without
// the VLAN.
func checkPorts(inv *inventory.Inventory, dev *model.Device, ports []declaredPort) error {
	if dev == nil || len(dev.Interfaces) == 0 {
		return nil // nothing read to check against
	}
	for _, p := range ports {
		if dev.Interface(p.ifc) != nil {
			continue
		}
		var names []string
		for _, ifc := range dev.Interfaces {
			names = append(names, ifc.Name)
		}
		hint := ""
		if c := inventory.Closest(p.ifc, names); c != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", c)
		}
		return fmt.Errorf("%s line %d: link end %s: %s has no interface %s%s", inv.File, p.line, p.end, dev.Name, p.ifc, hint)
	}
	return nil
}

func loadAll(ctx context.Context, inv *inventory.Inventory, src Sources, ports map[string][]declaredPort) []loaded {
	out := make([]loaded, len(inv.Devices))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	var mu sync.Mutex
	hostSwitch, vlans := map[string]bool{}, []int{}
	for _, c := range inv.Clusters {
		vlans = append(vlans, c.VLAN)
		for _, h := range c.Hosts {
			hostSwitch[h.Switch] = true
		}
	}
	for i, d := range inv.Devices {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if ctx.Err() != nil {
				out[i].err = ctx.Err()
				return
			}
			out[i] = loadDevice(inv, d, src)
			if out[i].err == nil {
				out[i].badLink = checkPorts(inv, out[i].dev, ports[d.Name])
			}
			if out[i].err == nil && src.FindingsOnly && !hostSwitch[d.Name] {
				out[i] = out[i].stubbed(vlans)
			}
			if src.Progress != nil {
				mu.Lock()
				src.Progress(d.Name, out[i].err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return out
}

// loadDevice reads one device from its config file, from what was just
// collected, or from the snapshot, and returns the configuration text too.
func loadDevice(inv *inventory.Inventory, d inventory.Device, src Sources) loaded {
	if d.Skip != "" {
		return loaded{err: errors.New(d.Skip)}
	}
	v, ok := vendors.Lookup(d.Platform)
	if !ok {
		return loaded{err: fmt.Errorf("unknown platform %q", d.Platform)}
	}
	outs, err := outputs(inv, d, v, src)
	if err != nil {
		return loaded{err: err}
	}
	var cfg ConfigText
	if c, ok := src.Configs[d.Name]; ok {
		// The substitute stands in for the recorded configuration.
		for i := range outs {
			if outs[i].Command == v.ConfigCommand(d.Platform) {
				outs[i].Rel, outs[i].Data = c.File, c.Data
			}
		}
	}
	var st loaded
	dev := model.NewDevice(d.Name, d.Platform)
	neighbors := vendors.NeighborCommands(d.Platform)
	for _, o := range outs {
		if src.ConfigOnly && o.Command != v.ConfigCommand(d.Platform) && !slices.Contains(neighbors, o.Command) {
			continue
		}
		if o.Command == v.ConfigCommand(d.Platform) {
			cfg = ConfigText{File: o.Rel, Data: o.Data}
		}
		dev.Sources = append(dev.Sources, o.Rel)
		st.outputs++
		st.bytes += int64(len(o.Data))
		if r, ok := refusal(d.Platform, o); ok {
			dev.Refused = append(dev.Refused, r)
			continue
		}
		if err := v.Parse(dev, o.Command, o.Rel, o.Data); err != nil {
			return loaded{err: err}
		}
	}
	if !src.ConfigOnly {
		dev.Refused = append(dev.Refused, unanswered(d, v, outs)...)
	}
	st.dev, st.config = dev, cfg
	st.sources, st.unparsed, st.refused, st.note = dev.Sources, unparsedLines(dev), refusedRequests(dev), dev.Defaults.Note
	return st
}

// refusal reads a recorded gNMI Get that the device refused.
func refusal(platform string, o snapshot.Output) (model.Refusal, bool) {
	if !strings.HasPrefix(o.Command, snapshot.GNMIPrefix) {
		return model.Refusal{}, false
	}
	st, line, text, ok := gnmidoc.Refusal(o.Data)
	if !ok {
		return model.Refusal{}, false
	}
	topics, dataModel := vendors.Answers(platform, o.Command)
	return model.Refusal{Request: o.Command, Answer: "refused: " + st.String(), Topics: topics, Model: dataModel,
		Ref: model.Ref{File: o.Rel, Line: line, Text: text}}, true
}

// unanswered lists the gNMI paths a device was to be asked for that its
// snapshot has no answer to, not even a refusal (a snapshot recorded by
// an older mcaudit, or a file removed): nothing is known of what they
// tell. The evidence is the request itself.
func unanswered(d inventory.Device, v vendors.Vendor, outs []snapshot.Output) []model.Refusal {
	if d.Declared() || d.Config != "" {
		return nil
	}
	var out []model.Refusal
	for _, c := range v.Commands(d.Platform, transportOf(d)) {
		if !strings.HasPrefix(c, snapshot.GNMIPrefix) || slices.ContainsFunc(outs, func(o snapshot.Output) bool { return o.Command == c }) {
			continue
		}
		topics, dataModel := vendors.Answers(d.Platform, c)
		out = append(out, model.Refusal{Request: c, Answer: "no answer recorded: " + snapshot.FileName(c) + " is not in the snapshot",
			Topics: topics, Model: dataModel, Ref: model.Ref{File: c, Text: "no answer recorded"}})
	}
	return out
}

// outputs gathers what a device is read from: its config file, what was
// just collected, or its snapshot. Each output's Rel is the name evidence
// cites.
func outputs(inv *inventory.Inventory, d inventory.Device, v vendors.Vendor, src Sources) ([]snapshot.Output, error) {
	if d.Declared() {
		// The vendor reads the declaration from the inventory, whose
		// lines the evidence cites.
		return []snapshot.Output{{Command: v.ConfigCommand(d.Platform), Rel: inv.File, Data: inv.Text()}}, nil
	}
	if d.Config != "" {
		path := inv.Path(d.Config)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		return []snapshot.Output{{Command: v.ConfigCommand(d.Platform), Rel: path, Data: data}}, nil
	}
	commands := v.Commands(d.Platform, transportOf(d))
	var sd *snapshot.Device
	switch {
	case src.Failed[d.Name] != nil:
		return nil, src.Failed[d.Name]
	case src.Live[d.Name] != nil:
		sd = src.Live[d.Name]
	case src.Snapshot == "":
		return nil, errors.New("no config file, no snapshot and nothing collected to read")
	default:
		dir, err := src.snapshotOf(d.Name)
		if err != nil {
			return nil, err
		}
		if sd, err = snapshot.Load(dir, d.Name, commands); err != nil {
			return nil, err
		}
	}
	if sd.Meta != nil && sd.Meta.Platform != "" && sd.Meta.Platform != d.Platform {
		return nil, fmt.Errorf("%s: recorded from platform %s, but the inventory says %s", filepath.Join(sd.Dir, snapshot.MetaFile), sd.Meta.Platform, d.Platform)
	}
	if len(sd.Outputs) == 0 || sd.Outputs[0].Command != commands[0] {
		return nil, fmt.Errorf("snapshot %s: no %s (the output of %q)", sd.Dir, snapshot.FileName(commands[0]), commands[0])
	}
	return slices.Clone(sd.Outputs), nil
}

// snapshotOf is the snapshot directory holding device's folder: the only
// one, or of several the one that has it. A device in none is looked for
// in the first, whose error then names what is missing.
func (src Sources) snapshotOf(device string) (string, error) {
	if len(src.Snapshots) < 2 {
		return src.Snapshot, nil
	}
	in := holding(src.Snapshots, device)
	switch len(in) {
	case 0:
		return src.Snapshots[0], nil
	case 1:
		return in[0], nil
	}
	return "", fmt.Errorf("recorded in %d snapshots (%s): shards must not overlap; audit one or remove the other", len(in), strings.Join(in, ", "))
}

// holding lists the snapshot directories that have a folder (or
// anything) named device.
func holding(dirs []string, device string) []string {
	var in []string
	for _, dir := range dirs {
		if _, err := os.Lstat(filepath.Join(dir, device)); err == nil {
			in = append(in, dir)
		}
	}
	return in
}

// transportOf is the device's transport, SSH unless it says gNMI.
func transportOf(d inventory.Device) string {
	if d.Transport == "gnmi" {
		return "gnmi"
	}
	return "ssh"
}

// Single describes a one-config audit without an inventory.
type Single struct {
	Config   string
	Platform string
	VLAN     int
	Hosts    []netip.Addr
	Group    netip.Addr
}

// Config audits one saved running-config as the switch the cluster's
// hosts attach to. Any problem with the input is an error.
func Config(ctx context.Context, in Single) (*Result, error) {
	v, ok := vendors.Lookup(in.Platform)
	if !ok {
		return nil, fmt.Errorf("unknown platform %q (want one of %s)", in.Platform, strings.Join(vendors.Platforms(), ", "))
	}
	if in.VLAN < 1 || in.VLAN > model.MaxVLAN {
		return nil, fmt.Errorf("--vlan %d is not a VLAN ID 1-%d", in.VLAN, model.MaxVLAN)
	}
	if in.Group.IsValid() && (!in.Group.Is4() || !in.Group.IsMulticast()) {
		return nil, fmt.Errorf("--group %s is not an IPv4 multicast address (224.0.0.0/4)", in.Group)
	}
	if v.ConfigCommand(in.Platform) == "" {
		return nil, fmt.Errorf("platform %s has no configuration file to audit: it is read over gNMI; audit an inventory with a snapshot", in.Platform)
	}
	data, err := os.ReadFile(in.Config)
	if err != nil {
		return nil, err
	}
	return ConfigData(ctx, in, ConfigText{File: in.Config, Data: data})
}

// configData is Config on a file already read.
// ConfigData is Config on configuration text already read; remediation
// audits its predicted configurations with it.
func ConfigData(ctx context.Context, in Single, cfg ConfigText) (*Result, error) {
	v, ok := vendors.Lookup(in.Platform)
	if !ok {
		return nil, fmt.Errorf("unknown platform %q", in.Platform)
	}
	name := strings.TrimSuffix(filepath.Base(in.Config), filepath.Ext(in.Config))
	dev := model.NewDevice(name, in.Platform)
	dev.Sources = []string{cfg.File}
	if err := v.Parse(dev, v.ConfigCommand(in.Platform), cfg.File, cfg.Data); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if dev.Hostname != "" {
		dev.Name = dev.Hostname
	}
	c := model.Cluster{VLAN: in.VLAN, Group: in.Group}
	for _, h := range in.Hosts {
		c.Hosts = append(c.Hosts, model.Host{Name: h.String(), IP: h})
	}
	fleet := rules.NewFleet(topology.New(map[string]*model.Device{dev.Name: dev}, nil), []string{dev.Name})
	return &Result{
		Clusters: []model.Cluster{c},
		Devices:  []DeviceResult{{Name: dev.Name, Platform: dev.Platform, Status: StatusOK, Sources: dev.Sources, Unparsed: unparsedLines(dev), Refused: refusedRequests(dev), Note: dev.Defaults.Note}},
		Findings: rules.Run(rules.NewScope(c, fleet, true)),
		Models:   map[string]*model.Device{dev.Name: dev},
		Configs:  map[string]ConfigText{dev.Name: cfg},
	}, nil
}

// Waived reports whether finding i is accepted by a waiver.
func (r *Result) Waived(i int) *waiver.Waiver {
	if r.Waivers == nil {
		return nil
	}
	return r.Waivers.Waived[i]
}
