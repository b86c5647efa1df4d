package inventory

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Helpers to walk the Ansible and Nornir formats as yaml.Node trees: they
// carry arbitrary data, so they are read by hand, not decoded into types.

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// isNull says whether a node is absent, empty or null (`key:` with nothing).
func isNull(n *yaml.Node) bool {
	n = deref(n)
	return n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

type kv struct{ k, v *yaml.Node }

// pairs lists a mapping's entries, with YAML merge keys (<<: *anchor)
// expanded first, so that explicit entries read later override them.
func pairs(n *yaml.Node) []kv {
	return pairsDepth(deref(n), 0)
}

func pairsDepth(n *yaml.Node, depth int) []kv {
	if n == nil || n.Kind != yaml.MappingNode || depth > 20 {
		return nil
	}
	var merged, own []kv
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			v = deref(v)
			if v != nil && v.Kind == yaml.SequenceNode {
				for _, e := range v.Content {
					merged = append(merged, pairsDepth(deref(e), depth+1)...)
				}
			} else {
				merged = append(merged, pairsDepth(v, depth+1)...)
			}
			continue
		}
		own = append(own, kv{k, v})
	}
	return append(merged, own...)
}

// kindName names what a node is, for "want X, found Y" errors.
func kindName(n *yaml.Node) string {
	n = deref(n)
	switch {
	case n == nil || isNull(n):
		return "nothing"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	}
	return "a single value"
}

// pos is where something was written.
type pos struct {
	file string
	line int
}

func (p pos) String() string {
	if p.line > 0 {
		return fmt.Sprintf("%s line %d", p.file, p.line)
	}
	return p.file
}

// errAt makes an error that starts with the file and line.
func errAt(p pos, format string, args ...any) error {
	return fmt.Errorf("%s: %s", p, fmt.Sprintf(format, args...))
}

// parseYAMLFile parses data as YAML and wipes its secrets at once. It
// returns the document's top node, nil for an empty document. The YAML
// library's messages ("yaml: line 3: ...") are rewritten to name the file.
func parseYAMLFile(file string, data []byte, log *noteLog) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(file, data, err)
	}
	scrubYAML(&root, file, log)
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, nil
	}
	return root.Content[0], nil
}

// yamlError turns "yaml: line 3: msg" into "file line 3: msg".
func yamlError(file string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, rest, _ := strings.Cut(msg, ":")
		if parserProblem(strings.TrimSpace(rest)) {
			// yaml.v3 numbers the lines of its parser's errors from 0
			// (its scanner's from 1): "did not find expected ',' or '}'"
			// would name the line above the unclosed brace.
			line++
		}
		// An error at the end of the file is on its last line: a bracket
		// opened on the first line is reported from the end.
		if last := bytes.Count(bytes.TrimRight(data, "\n"), []byte{'\n'}) + 1; line > last {
			line = last
		}
		return fmt.Errorf("%s line %d: not valid YAML:%s", file, line, rest)
	}
	return fmt.Errorf("%s: not valid YAML: %s", file, msg)
}

// readFile reads a file the loader found beside the inventory; the caller
// clears the bytes when done with them.
func readFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return data, nil
}

// unwrapPathError drops the path os errors repeat.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// isTemplate says whether a value is a Jinja2 template, which mcaudit does
// not evaluate.
func isTemplate(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "{%")
}

// parserProblem reports whether msg is one of yaml.v3's parser errors, as
// opposed to its scanner's.
func parserProblem(msg string) bool {
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
		"did not find expected <document start>", "did not find expected key", "did not find expected node content",
		"found duplicate %TAG directive", "found duplicate %YAML directive", "found incompatible YAML document", "found undefined tag handle":
		return true
	}
	return false
}
