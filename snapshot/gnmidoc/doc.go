// Package gnmidoc is how a gNMI Get is recorded in a snapshot: the
// document format (Document), and the gNMI path strings its paths are
// written in. collect writes documents with it, and the parsers of every
// vendor read them back.
package gnmidoc

import (
	"bytes"
	"encoding/json"
	"fmt"
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
// A Get the device refused is recorded too, with the gRPC status it
// answered and no updates, so that a replay of the snapshot says what the
// device said:
//
//	{
//	  "error": {
//	    "code": "Unimplemented",
//	    "message": "...the device's words..."
//	  },
//	  "path": "/acl",
//	  "timestamp": 0,
//	  "updates": []
//	}
//
// Encode writes it deterministically: object keys sorted, two
// spaces of indentation, no HTML escaping, numbers exactly as the device
// wrote them, a final newline. Every scalar sits on its own line, so
// evidence (file, line) points at a single leaf.
type Document struct {
	Error     *Status  `json:"error,omitempty"`
	Path      string   `json:"path"`
	Timestamp int64    `json:"timestamp"`
	Updates   []Update `json:"updates"`
}

// Status is the answer of a device that refused a Get: the gRPC status
// code as grpc-go spells it ("NotFound", "Unimplemented") and its message.
type Status struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// String is the answer in the words evidence and reports use:
// "Unimplemented: no such model".
func (s *Status) String() string {
	if s.Message == "" {
		return s.Code
	}
	return s.Code + ": " + s.Message
}

// Update is one value of a Document.
type Update struct {
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// Encode renders d in the recorded format. Values given as
// json.RawMessage or []byte are decoded first, so that their keys are
// sorted too.
func Encode(d *Document) ([]byte, error) {
	out := Document{Error: d.Error, Path: d.Path, Timestamp: d.Timestamp, Updates: make([]Update, 0, len(d.Updates))}
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

// Decode reads a recorded document.
func Decode(data []byte) (*Document, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var d Document
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("not a recorded gNMI document: %v", err)
	}
	return &d, nil
}

// Refusal reads a recorded document that holds a refused Get: the status
// the device answered, and the line (1-based) and text of its "code"
// member, which evidence cites. ok is false for a document with data, and
// for anything that is not a recorded document.
func Refusal(data []byte) (st *Status, line int, text string, ok bool) {
	if !bytes.Contains(data, []byte(`"error"`)) {
		return nil, 0, "", false
	}
	d, err := Decode(data)
	if err != nil || d.Error == nil {
		return nil, 0, "", false
	}
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range lines {
		if t := bytes.TrimSpace(l); bytes.HasPrefix(t, []byte(`"code"`)) {
			return d.Error, i + 1, string(t), true
		}
	}
	// Not the collector's layout (a hand-written or compact document):
	// its first line.
	return d.Error, 1, string(bytes.TrimSpace(lines[0])), true
}
