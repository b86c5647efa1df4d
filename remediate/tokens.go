package remediate

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"strings"

	"github.com/mcaudit/mcaudit/templates"
)

// Every string a template writes into configuration came from an
// inventory or a device, and either may be hostile: a VLAN name holding a
// line break is a second command. So each string field of the template
// data says what token it is (`token:"interface"`), the platform's vendor
// says whether the value is one it accepts for that token, and nothing is
// rendered until every field passes. A field without a token tag is a
// programming error, which TestTemplateDataTagged catches.

// Token kinds. The vendor checks the first four; addresses and prefixes
// are checked here, by parsing them.
const (
	tokInterface = "interface"
	tokACL       = "acl"
	tokVLANMap   = "vlan-map"
	tokVLANName  = "vlan-name"
	tokTerm      = "term"    // a named entry of an ACL (a Junos filter's term)
	tokAddress   = "address" // an IPv4 address
	tokPrefix    = "prefix"  // an IPv4 prefix
)

// placeholders are values every platform accepts for a kind: the data the
// rendered output's shape is checked against.
var placeholders = map[string]string{
	tokInterface: "Ethernet1",
	tokACL:       "MCAUDIT",
	tokVLANMap:   "MCAUDIT",
	tokVLANName:  "MCAUDIT",
	tokTerm:      "MCAUDIT",
	tokAddress:   "192.0.2.1",
	tokPrefix:    "192.0.2.1/32",
}

// TokenChecker says whether platform accepts value as a token of kind.
type TokenChecker func(platform, kind, value string) error

// tokenError is a value a template would have written, which the platform
// does not accept.
type tokenError struct {
	field, kind, value string
	err                error
}

func (e *tokenError) Error() string {
	return fmt.Sprintf("%s %+q cannot be written into configuration: %v", kindName(e.kind), e.value, e.err)
}

func kindName(kind string) string {
	switch kind {
	case tokACL:
		return "ACL name"
	case tokVLANMap:
		return "VLAN map name"
	case tokVLANName:
		return "VLAN name"
	case tokTerm:
		return "term name"
	}
	return kind
}

// checkTokens validates every tagged string of data for platform. A field
// tagged `empty:"ok"` may be empty: the templates that have no use for it
// leave it so, and write nothing from it.
func checkTokens(platform string, data any, check TokenChecker) error {
	return walkTokens(reflect.ValueOf(data), "", func(field, kind string, v reflect.Value) error {
		s := v.String()
		if s == "" && kind == "" {
			return nil
		}
		var err error
		switch kind {
		case tokAddress:
			if a, perr := netip.ParseAddr(s); perr != nil || !a.Is4() || a.String() != s {
				err = errors.New("not an IPv4 address")
			}
		case tokPrefix:
			if p, perr := netip.ParsePrefix(s); perr != nil || !p.Addr().Is4() || p.String() != s {
				err = errors.New("not an IPv4 prefix")
			}
		default:
			if check == nil {
				err = errors.New("the platform does not say which values it accepts")
			} else {
				err = check(platform, kind, s)
			}
		}
		if err != nil {
			return &tokenError{field: field, kind: kind, value: s, err: err}
		}
		return nil
	})
}

// placeholderCopy returns a copy of data with every tagged string replaced
// by its kind's placeholder.
func placeholderCopy(data any) any {
	c := reflect.New(reflect.TypeOf(data)).Elem()
	c.Set(deepCopy(reflect.ValueOf(data)))
	_ = walkTokens(c, "", func(_, kind string, v reflect.Value) error {
		if kind != "" {
			v.SetString(placeholders[kind])
		}
		return nil
	})
	return c.Interface()
}

func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		for i := range v.NumField() {
			c.Field(i).Set(deepCopy(v.Field(i)))
		}
		return c
	}
	return v
}

// walkTokens calls fn for every string field of v (a struct, a slice of
// them, or nested), with the field's token kind.
func walkTokens(v reflect.Value, path string, fn func(field, kind string, v reflect.Value) error) error {
	switch v.Kind() {
	case reflect.Slice:
		for i := range v.Len() {
			if err := walkTokens(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name := strings.TrimPrefix(path+"."+f.Name, ".")
			fv := v.Field(i)
			if fv.Kind() == reflect.String {
				kind := f.Tag.Get("token")
				if _, ok := placeholders[kind]; !ok {
					return fmt.Errorf("template data field %s has no token kind", name)
				}
				if f.Tag.Get("empty") == "ok" && fv.String() == "" {
					kind = "" // an optional field left empty: nothing to check or replace
				}
				if err := fn(name, kind, fv); err != nil {
					return err
				}
				continue
			}
			if err := walkTokens(fv, name, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// safeRender renders a template once its data has passed the platform's
// token checks, and checks the output as a whole: every line printable
// ASCII, and exactly as many lines, indented alike, as the same template
// renders from placeholder data. A value that slipped a line break or a
// sub-mode past the token checks cannot pass that.
func safeRender(ctx context.Context, tmpl *templates.Set, platform, name string, data any, check TokenChecker) (fix, rollback []string, err error) {
	if err := checkTokens(platform, data, check); err != nil {
		return nil, nil, err
	}
	fix, rollback, err = tmpl.Render(ctx, platform, name, data)
	if err != nil {
		return nil, nil, err
	}
	wantFix, wantRollback, err := tmpl.Render(ctx, platform, name, placeholderCopy(data))
	if err != nil {
		return nil, nil, err
	}
	for _, c := range []struct {
		block      string
		got, shape []string
	}{{"fix", fix, wantFix}, {"rollback", rollback, wantRollback}} {
		if err := sameShape(c.got, c.shape); err != nil {
			return nil, nil, fmt.Errorf("%s/%s %s: %w", platform, name, c.block, err)
		}
	}
	return fix, rollback, nil
}

// errShape marks rendered output that is not what the template means.
var errShape = errors.New("rendered output is not what the template writes")

func sameShape(got, shape []string) error {
	for i, l := range got {
		for j := 0; j < len(l); j++ {
			if c := l[j]; c < 0x20 || c > 0x7e {
				return fmt.Errorf("%w: line %d holds byte %#x", errShape, i+1, c)
			}
		}
	}
	if len(got) != len(shape) {
		return fmt.Errorf("%w: %d lines where the template writes %d", errShape, len(got), len(shape))
	}
	for i := range got {
		if indent(got[i]) != indent(shape[i]) {
			return fmt.Errorf("%w: line %d is indented %d where the template indents %d", errShape, i+1, indent(got[i]), indent(shape[i]))
		}
	}
	return nil
}

func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
