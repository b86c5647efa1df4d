package report

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/verify"
)

func sec(f float64) verify.Duration { return verify.Duration(f * float64(time.Second)) }

// verifySoak is a soak on a host with two peers: one whose multicast
// stopped, one behind an ACL on protocol 113, two queriers answering.
func verifySoak() verify.Result {
	ok := verify.Counts{ODATA: 300, SPM: 100, Multicast: 300, Unicast: 300}
	return verify.Result{
		Version: 1, Host: netip.MustParseAddr("10.10.100.11"), Interface: "Ethernet0",
		Group: netip.MustParseAddr("239.192.10.10"), Port: 7500, TTL: 255, Mode: "soak",
		Elapsed: sec(30), VerdictAfter: sec(30), PathsAfter: sec(30), Verdict: verify.Fail, Sent: 300,
		TSI: "1.2.3.4.5.6.4660",
		Querier: verify.QuerierResult{
			Verdict: verify.Pass, Waited: sec(1.076),
			Diagnosis: "IGMPv2 querier 10.10.100.1; query interval unknown: IGMPv1/v2 queries do not state it (--querier-wait 130s measures it between two general queries)",
			Queriers: []verify.Querier{
				{Address: netip.MustParseAddr("10.10.100.1"), Version: 2, GroupSpecific: 1, First: sec(1.076)},
				{Address: netip.MustParseAddr("10.10.100.2"), Version: 3, Interval: sec(125), IntervalSource: "qqic", MaxResp: sec(10), Robustness: 2, General: 1, First: sec(12.5)},
			},
		},
		Flooding: verify.NotMeasured,
		Peers: []verify.PeerResult{
			{
				Address: netip.MustParseAddr("10.10.100.12"), Verdict: verify.Fail,
				Diagnosis: []string{"multicast from 10.10.100.12 stopped at 20s into the run while unicast went on: the switch forgot the membership, which is what happens without a querier (membership interval ~260 s)"},
				Received:  verify.Counts{ODATA: 200, SPM: 67, Multicast: 200, Unicast: 300}, PeerReceived: ok, PeerSent: 300,
				Windows: []verify.Window{
					{Start: 0, End: sec(10), Expected: 100, Received: verify.Counts{ODATA: 100, SPM: 34, Multicast: 100, Unicast: 100}},
					{Start: sec(10), End: sec(20), Expected: 100, Received: verify.Counts{ODATA: 100, SPM: 33, Multicast: 100, Unicast: 100}},
					{Start: sec(20), End: sec(30), Expected: 100, Received: verify.Counts{Unicast: 100}, PGMLoss: 100, MulticastLoss: 100},
				},
			},
			{
				Address: netip.MustParseAddr("10.10.100.13"), Verdict: verify.Fail,
				Diagnosis: []string{"IP protocol 113 is filtered from 10.10.100.13 to this host: UDP multicast to the same group arrives, PGM does not; look for an ACL or firewall dropping protocol 113 (mcaudit audit: pgm-blocked)"},
				Received:  verify.Counts{Multicast: 300, Unicast: 300}, PeerReceived: ok, PeerSent: 300,
			},
		},
		Notes: []string{"2 different queriers answered: an election in progress, or two queriers that cannot hear each other"},
	}
}

func TestVerifyTableGolden(t *testing.T) {
	var b bytes.Buffer
	if err := VerifyTable(&b, verifySoak(), TableOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Chdir("..") // golden paths are from the repository root
	golden(t, "verify.soak.table.golden", b.Bytes())
}

// Colour marks the verdicts only, and an unknown querier is not red.
func TestVerifyTableColour(t *testing.T) {
	r := verifySoak()
	r.Querier.Verdict = verify.Unknown
	var b bytes.Buffer
	if err := VerifyTable(&b, r, TableOptions{Color: true, Width: 80}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"IGMP querier: " + ansiYellow + "unknown" + ansiReset,
		"Verdict: " + ansiRed + "FAIL" + ansiReset,
		ansiRed + "fail" + ansiReset + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		// The peers' table is as wide as it is: its columns do not wrap.
		if plain := strings.NewReplacer(ansiRed, "", ansiYellow, "", ansiGreen, "", ansiDim, "", ansiReset, "").Replace(line); len([]rune(plain)) > 80 && !strings.HasPrefix(plain, "PEER") && !strings.HasPrefix(plain, "10.10.100.1") {
			t.Errorf("line wider than 80 columns: %q", plain)
		}
	}
}

// The JSON reads back into the same result, durations included.
func TestVerifyJSONRoundTrip(t *testing.T) {
	want := verifySoak()
	var b bytes.Buffer
	if err := VerifyJSON(&b, want); err != nil {
		t.Fatal(err)
	}
	var got verify.Result
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	t.Chdir("..")
	golden(t, "verify.soak.json.golden", b.Bytes())
}
