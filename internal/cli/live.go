package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"

	"github.com/mcaudit/mcaudit/collect"
	"github.com/mcaudit/mcaudit/internal/termtext"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/netbox"
	"github.com/mcaudit/mcaudit/vendors"
)

// collectFlags are the settings of a live collection, shared by collect
// and audit. No flag takes a secret: credentials come from the
// environment or files the inventory names.
type collectFlags struct {
	Workers               int
	ConnectTimeout        time.Duration
	CommandTimeout        time.Duration
	DeviceTimeout         time.Duration
	InsecureIgnoreHostKey bool
	LegacyAlgorithms      bool
	MaxOutput             byteSize
	TLSCA                 string
	TLSServerName         string
	Insecure              bool
	// shard, when set by collect --shard, keeps this collector's share.
	shard collect.Shard
}

func (c *collectFlags) register(f *pflag.FlagSet) {
	f.IntVar(&c.Workers, "workers", collect.DefaultWorkers(), "devices collected at once")
	f.DurationVar(&c.ConnectTimeout, "connect-timeout", collect.DefaultConnectTimeout, "TCP connect plus SSH handshake or TLS, per device")
	f.DurationVar(&c.CommandTimeout, "command-timeout", collect.DefaultCommandTimeout, "one command's output")
	f.DurationVar(&c.DeviceTimeout, "device-timeout", collect.DefaultDeviceTimeout, "a whole device")
	f.BoolVar(&c.InsecureIgnoreHostKey, "insecure-ignore-host-key", false, "accept any SSH host key (labs only; default is strict checking against known_hosts)")
	f.BoolVar(&c.LegacyAlgorithms, "ssh-legacy-algorithms", false, "also offer what OpenSSH 9 refuses by default (ssh-rsa SHA-1 and DSA host keys, SHA-1 key exchange, CBC ciphers), for old switches")
	c.MaxOutput = collect.DefaultMaxOutput
	f.Var(&c.MaxOutput, "max-output", "largest output of one command over SSH, e.g. 64MiB; a device that prints more fails")
	f.StringVar(&c.TLSCA, "tls-ca", "", "CA certificate `FILE` that signs the gNMI targets' certificates (default: the system's roots)")
	f.StringVar(&c.TLSServerName, "tls-server-name", "", "name to verify in the gNMI targets' certificates instead of their address")
	f.BoolVar(&c.Insecure, "insecure", false, "gNMI in plaintext, without TLS (labs only)")
}

// run collects from the inventory's network devices. It returns nil when
// every device is read offline.
func (c *collectFlags) run(ctx context.Context, s Streams, inv *inventory.Inventory) ([]collect.Result, error) {
	targets, err := collect.Targets(inv)
	if err != nil || len(targets) == 0 {
		return nil, err
	}
	if targets = c.shard.Select(targets); len(targets) == 0 {
		return nil, nil
	}
	res, err := collect.ResolveCredentials(inv.Credentials, inv.Dir(), os.Getenv)
	if err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", inv.File, err)}
	}
	if err := c.checkKnownHosts(targets, res.KnownHosts); err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", inv.File, err)}
	}
	t := collect.Timeouts{Connect: c.ConnectTimeout, Command: c.CommandTimeout, Device: c.DeviceTimeout}
	transports := map[string]collect.Collector{
		"ssh": &collect.SSH{Creds: res.Creds, Timeouts: t, KnownHosts: res.KnownHosts, InsecureIgnoreHostKey: c.InsecureIgnoreHostKey,
			LegacyAlgorithms: c.LegacyAlgorithms, MaxOutput: int64(c.MaxOutput)},
		"gnmi": &collect.GNMI{Creds: res.Creds, Timeouts: t, CAFile: c.TLSCA, ServerName: c.TLSServerName, Insecure: c.Insecure,
			MaxOutput: int64(c.MaxOutput)},
	}
	bar := progress(s.Err, len(targets), "collecting")
	results := collect.Run(ctx, targets, collect.Options{
		Workers: c.Workers, Timeouts: t, Transports: transports, ToolVersion: Version,
		Progress: func(r collect.Result) { bar.done(r.Err != nil) },
	})
	bar.finish()
	return results, ctx.Err()
}

// checkKnownHosts says once, before any connection, that strict host-key
// checking has no known_hosts file to check against, and how to make one:
// each SSH device would otherwise fail with it.
func (c *collectFlags) checkKnownHosts(targets []collect.Target, path string) error {
	if c.InsecureIgnoreHostKey {
		return nil
	}
	var ssh []string
	for _, t := range targets {
		if t.Transport == "ssh" && t.Skip == "" {
			ssh = append(ssh, t.Address)
		}
	}
	if len(ssh) == 0 {
		return nil
	}
	if path == "" {
		return errors.New("strict host-key checking needs a known_hosts file: name one (credentials: known_hosts), or use --insecure-ignore-host-key for a lab")
	}
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return fmt.Errorf("known_hosts %s does not exist: add the switches' keys after checking their fingerprints, e.g. ssh-keyscan %s >> %s, or use --insecure-ignore-host-key for a lab",
			path, strings.Join(ssh[:min(len(ssh), 3)], " "), path)
	}
	return nil
}

// progressBar shows devices done and failed on a terminal; elsewhere it is
// silent, so logs and pipelines stay clean.
type progressBar struct {
	bar          *progressbar.ProgressBar
	verb         string
	total, fails int
}

func progress(w io.Writer, total int, verb string) *progressBar {
	if !isTerminal(w) {
		return &progressBar{}
	}
	return &progressBar{total: total, verb: verb, bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(verb),
		// Redrawn at most ten times a second: a 5,000-device audit reads
		// a device every few hundred microseconds.
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p *progressBar) done(failed bool) {
	if p.bar == nil {
		return
	}
	if failed {
		p.fails++
		p.bar.Describe(fmt.Sprintf("%s (%d failed)", p.verb, p.fails))
	}
	_ = p.bar.Add(1)
}

func (p *progressBar) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// loadInventory loads an inventory of any format and prints its notes
// (hosts skipped, secrets ignored) on stderr.
func loadInventory(s Streams, path string) (*inventory.Inventory, error) {
	platforms := vendors.InventoryPlatforms()
	platforms.NetBox = readNetBox
	inv, err := inventory.Load(path, platforms)
	if err != nil {
		return nil, err
	}
	for _, n := range inv.Notes {
		fmt.Fprintln(s.Err, "mcaudit: note:", termtext.VisibleLines(n))
	}
	return inv, nil
}

// readNetBox reads an inventory's netbox: block: the token from the
// environment variable it names, then the devices its filter lists and
// the cables between them.
func readNetBox(nb inventory.NetBox) ([]inventory.NetBoxDevice, []inventory.NetBoxCable, error) {
	token := os.Getenv(nb.TokenEnv)
	if token == "" {
		return nil, nil, fmt.Errorf("token_env names %s, which is not set", nb.TokenEnv)
	}
	c, err := netbox.New(nb.URL, netbox.Options{Token: token, CAFile: nb.CA})
	if err != nil {
		return nil, nil, err
	}
	q, err := nb.Query()
	if err != nil {
		return nil, nil, err
	}
	ctx := context.Background()
	devs, err := c.Devices(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	cables, err := c.Cables(ctx, devs)
	return devs, cables, err
}
