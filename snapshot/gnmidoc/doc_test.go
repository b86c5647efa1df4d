package gnmidoc

import "testing"

func TestSplitOrigin(t *testing.T) {
	for in, want := range map[string][2]string{
		"/interfaces":                      {"", "/interfaces"},
		"openconfig:/interfaces":           {"openconfig", "/interfaces"},
		"device:/System/igmpsnoop-items":   {"device", "/System/igmpsnoop-items"},
		"openconfig-interfaces:interfaces": {"", "openconfig-interfaces:interfaces"},
		"rfc7951:":                         {"rfc7951", "/"},
		"/a/b[name=x:/y]":                  {"", "/a/b[name=x:/y]"},
		"a/b:/c":                           {"", "a/b:/c"},
	} {
		o, p := SplitOrigin(in)
		if o != want[0] || p != want[1] {
			t.Errorf("SplitOrigin(%q) = %q, %q; want %q, %q", in, o, p, want[0], want[1])
		}
	}
}

func TestEncode(t *testing.T) {
	b, err := Encode(&Document{Path: "/a", Timestamp: 7, Updates: []Update{
		{Path: "/a", Value: []byte(`{"z": 1.50, "a": "<&>", "m": {"y": [3, 2], "b": null}}`)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "path": "/a",
  "timestamp": 7,
  "updates": [
    {
      "path": "/a",
      "value": {
        "a": "<&>",
        "m": {
          "b": null,
          "y": [
            3,
            2
          ]
        },
        "z": 1.50
      }
    }
  ]
}
`
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
	if _, err := Encode(&Document{Updates: []Update{{Path: "/", Value: []byte("{")}}}); err == nil {
		t.Error("bad JSON encoded")
	}
}
