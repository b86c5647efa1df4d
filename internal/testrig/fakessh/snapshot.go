package fakessh

import (
	"strings"

	"github.com/mcaudit/mcaudit/snapshot"
)

// FromSnapshot reads the recorded outputs of commands for device from the
// snapshot directory dir (dir/<device>/<snapshot.FileName(command)>), ready
// for Config.Outputs. A command that was not recorded is skipped, and so is
// a gNMI path (snapshot.GNMIPrefix); a missing device directory or an
// unreadable meta.yaml is an error.
func FromSnapshot(dir, device string, commands []string) (map[string]string, error) {
	var cli []string
	for _, c := range commands {
		if !strings.HasPrefix(c, snapshot.GNMIPrefix) {
			cli = append(cli, c)
		}
	}
	d, err := snapshot.Load(dir, device, cli)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(d.Outputs))
	for _, o := range d.Outputs {
		out[o.Command] = string(o.Data)
	}
	return out, nil
}

// ExpectedResult is what scrapligo v1.4.3 returns in Response.Result for a
// command whose output this server replayed as output: every "\r" removed,
// trailing spaces removed from every line, and leading and trailing "\n"
// removed (so leading and trailing blank lines and the final newline are
// lost). It does not model two rarer changes scrapligo makes: ANSI escape
// sequences are stripped, and lines that match the platform's prompt
// pattern are blanked.
func ExpectedResult(output string) string {
	lines := strings.Split(strings.ReplaceAll(output, "\r", ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}
