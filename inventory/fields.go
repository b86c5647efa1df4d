package inventory

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// checkFields walks the YAML tree beside the Go type it decodes into and
// rejects keys the type does not have, naming the line and the closest
// valid key: a typo such as "swtich" must not silently drop a host's switch.
func checkFields(n *yaml.Node, t reflect.Type, where string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[yaml.Node]() {
		return nil // kept as written, for its vendor to read and check
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		if _, custom := reflect.PointerTo(t).MethodByName("UnmarshalYAML"); custom && !hasYAMLFields(t) {
			return nil
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				if hint, secret := secretFields[k.Value]; secret {
					return fmt.Errorf("line %d: %q%s: secrets never go in the inventory; %s", k.Line, k.Value, in(where), hint)
				}
				return fmt.Errorf("line %d: unknown field %q%s%s", k.Line, k.Value, in(where), suggest(k.Value, fields))
			}
			if err := checkFields(v, ft, k.Value); err != nil {
				return err
			}
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			if err := checkFields(c, t.Elem(), where); err != nil {
				return err
			}
		}
	}
	return nil
}

// secretFields are keys people write when they mean to put a secret in the
// file; the inventory only says where secrets are found.
var secretFields = map[string]string{
	"password":        "name an environment variable (password_env) or a file (password_file)",
	"secret":          "name an environment variable (password_env) or a file (password_file)",
	"enable":          "name an environment variable (enable_env) or a file (enable_file)",
	"enable_password": "name an environment variable (enable_env) or a file (enable_file)",
	"enable_secret":   "name an environment variable (enable_env) or a file (enable_file)",
	"private_key":     "name the key file (key_file) or use the SSH agent (ssh_agent: true)",
	"token":           "name an environment variable (token_env)",
}

func in(where string) string {
	if where == "" {
		return ""
	}
	return " in " + where
}

func hasYAMLFields(t reflect.Type) bool { return len(yamlFields(t)) > 0 }

func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		out[name] = f.Type
	}
	return out
}

func suggest(key string, fields map[string]reflect.Type) string {
	var names []string
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	if s := closest(key, names); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Sprintf(" (valid fields: %s)", strings.Join(names, ", "))
}

// closest returns the candidate within edit distance 2 of s, if any.
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := distance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the optimal-string-alignment edit distance, so that a swap
// of two letters ("swtich") counts as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// Closest is the candidate nearest to s by edit distance, or "" when none
// is near enough to suggest.
func Closest(s string, candidates []string) string { return closest(s, candidates) }
