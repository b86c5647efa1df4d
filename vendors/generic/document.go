package generic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"github.com/openconfig/ygot/ygot"
)

// Document is how one gNMI Get is recorded in a snapshot
// (DIR/<device>/gnmi_<path>.json), and what the parsers read back:
//
//	{
//	  "path": "/interfaces",
//	  "timestamp": 1735689600000000000,
//	  "updates": [
//	    {
//	      "path": "/interfaces",
//	      "value": { ...the JSON_IETF value, as the device sent it... }
//	    }
//	  ]
//	}
//
// The path is the path that was asked for, as written after "gnmi:" in
// the command, with its origin if it had one ("device:/System/..."). The
// timestamp is the first notification's, in nanoseconds since the epoch
// (0 when the response had no notification). The updates are the
// response's updates in the order the device sent them, each with its
// full path (the notification prefix joined with the update's path,
// "origin:" in front when there is one) and its value: the JSON_IETF (or
// JSON) payload decoded and re-encoded, or a scalar TypedValue as the
// matching JSON value.
//
// EncodeDocument writes it deterministically: object keys sorted, two
// spaces of indentation, no HTML escaping, numbers exactly as the device
// wrote them, a final newline. Every scalar sits on its own line, so
// evidence (file, line) points at a single leaf.
type Document struct {
	Path      string   `json:"path"`
	Timestamp int64    `json:"timestamp"`
	Updates   []Update `json:"updates"`
}

// Update is one value of a Document.
type Update struct {
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// EncodeDocument renders d in the recorded format. Values given as
// json.RawMessage or []byte are decoded first, so that their keys are
// sorted too.
func EncodeDocument(d *Document) ([]byte, error) {
	out := Document{Path: d.Path, Timestamp: d.Timestamp, Updates: make([]Update, 0, len(d.Updates))}
	for _, u := range d.Updates {
		v := u.Value
		switch raw := v.(type) {
		case json.RawMessage:
			x, err := DecodeJSON(raw)
			if err != nil {
				return nil, fmt.Errorf("value at %s: %v", u.Path, err)
			}
			v = x
		case []byte:
			x, err := DecodeJSON(raw)
			if err != nil {
				return nil, fmt.Errorf("value at %s: %v", u.Path, err)
			}
			v = x
		}
		out.Updates = append(out.Updates, Update{Path: u.Path, Value: v})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DecodeJSON decodes one JSON value keeping numbers as json.Number, so
// that re-encoding it changes nothing but layout and key order.
func DecodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

// DecodeDocument reads a recorded document.
func DecodeDocument(data []byte) (*Document, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var d Document
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("not a recorded gNMI document: %v", err)
	}
	return &d, nil
}

// SplitOrigin separates a gNMI origin from a path string the way gnmic
// does: "device:/System" → ("device", "/System"). The text before the
// first ":" is an origin only when the string does not start with "/",
// has no "/" before the colon, and the colon ends the string or is
// followed by "/". "openconfig-interfaces:interfaces" has no origin.
func SplitOrigin(s string) (origin, path string) {
	if strings.HasPrefix(s, "/") {
		return "", s
	}
	i := strings.IndexByte(s, ':')
	if i <= 0 || strings.Contains(s[:i], "/") {
		return "", s
	}
	rest := s[i+1:]
	if rest != "" && rest[0] != '/' {
		return "", s
	}
	if rest == "" {
		rest = "/"
	}
	return s[:i], rest
}

// ParsePath turns a path string, with an optional origin, into a gNMI
// path. Element names and keys are kept as written.
func ParsePath(s string) (*gpb.Path, error) {
	origin, p := SplitOrigin(s)
	if p == "" {
		p = "/"
	}
	gp, err := ygot.StringToStructuredPath(p)
	if err != nil {
		return nil, err
	}
	for _, e := range gp.GetElem() {
		if e.GetName() == "" {
			return nil, fmt.Errorf("path %q has an empty element", s)
		}
	}
	gp.Origin = origin
	return gp, nil
}

// PathString renders a gNMI path, with "origin:" in front when it has one.
// Keys are written in sorted order, so that the same path always renders
// the same.
func PathString(p *gpb.Path) (string, error) {
	s, err := ygot.PathToString(&gpb.Path{Elem: p.GetElem()})
	if err != nil {
		return "", err
	}
	if o := p.GetOrigin(); o != "" {
		return o + ":" + s, nil
	}
	return s, nil
}

// elemsOf parses a path string into elements with module prefixes
// stripped from names and key names.
func elemsOf(s string) ([]pathElem, error) {
	gp, err := ParsePath(s)
	if err != nil {
		return nil, err
	}
	var out []pathElem
	for _, e := range gp.GetElem() {
		pe := pathElem{name: Local(e.GetName())}
		if len(e.GetKey()) > 0 {
			pe.keys = map[string]string{}
			for k, v := range e.GetKey() {
				pe.keys[Local(k)] = v
			}
		}
		out = append(out, pe)
	}
	return out, nil
}
