package ticket

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// Text from a device's configuration reaches a ticket's prose (manual
// items quote findings) and its code blocks (evidence lines). Neither may
// become markup in the tracker.
func TestTicketEscapesMarkup(t *testing.T) {
	desc := `**URGENT** <img src=x onerror=alert(1)> [click](http://evil.example/) # not a heading`
	tk := Ticket{
		ShortDescription: "Multicast readiness for eft-ha (VLAN 100): 1 switch to change",
		Description:      "An audit found problems.\n\nTo be decided by hand:\n- acc1: vlan-not-dedicated: GigabitEthernet1/0/11 (\"" + desc + "\")\n",
		Justification:    "[ERROR] pgm-blocked on acc1\n    acc1.cfg:7: 10 remark x {noformat} h1. injected\n```\nstill code\n",
		Devices:          []string{"acc1"},
		TestPlan:         "1. verify",
		Risk:             "low", Impact: "low",
	}
	var md bytes.Buffer
	if err := Markdown(&md, tk); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, raw := range []string{"**URGENT**", "<img", "[click](", "\n# not"} {
		if unescaped(out, raw) {
			t.Errorf("Markdown ticket holds %q unescaped:\n%s", raw, out)
		}
	}
	if !strings.Contains(out, `\*\*URGENT\*\* \<img src=x onerror=alert(1)\> \[click\](http://evil.example/)`) {
		t.Errorf("the description is not there, escaped:\n%s", out)
	}
	// The evidence's own ``` line stays inside a longer fence.
	if !strings.Contains(out, "````\n[ERROR] pgm-blocked on acc1\n") || !strings.Contains(out, "```\nstill code\n\n````") {
		t.Errorf("the justification's fence can be closed by its content:\n%s", out)
	}

	var jira bytes.Buffer
	if err := Jira(&jira, tk, "NET", "Change"); err != nil {
		t.Fatal(err)
	}
	var body struct {
		Fields struct{ Description string }
	}
	if err := json.Unmarshal(jira.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	d := body.Fields.Description
	if n := strings.Count(d, "{noformat}"); n != 2*5 { // five code sections, each opened and closed once
		t.Errorf("%d {noformat} tags, want 10: content closed a block:\n%s", n, d)
	}
	if !strings.Contains(d, `10 remark x {noformat\} h1. injected`) {
		t.Errorf("the evidence line is not kept, its tag broken:\n%s", d)
	}
	for _, raw := range []string{"[click", "*URGENT"} {
		if unescaped(d, raw) {
			t.Errorf("Jira description holds %q:\n%s", raw, d)
		}
	}
	if !strings.Contains(d, `\*\*URGENT\*\* <img src=x onerror=alert(1)> \[click\](http://evil.example/)`) {
		t.Errorf("the description is not there, escaped:\n%s", d)
	}
}

// unescaped says whether s occurs in text without a backslash before it.
func unescaped(text, s string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], s)
		if j < 0 {
			return false
		}
		if at := i + j; at == 0 || text[at-1] != '\\' {
			return true
		}
		i += j + 1
	}
}
