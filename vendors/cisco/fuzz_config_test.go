package cisco

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/model/modeltest"
)

// configSeeds returns every running-config the table tests use, by
// platform, and the recorded lab configs.
func configSeeds(f *testing.F) map[string][]string {
	seeds := map[string][]string{
		IOSXE: {iosWhole, iosTrunks, messyIOS, iosBanners},
		NXOS:  {nxosWhole, nxosBanners},
	}
	add := func(platform, in string) {
		if platform == "" || platform == IOS {
			platform = IOSXE
		}
		seeds[platform] = append(seeds[platform], in)
	}
	for _, cases := range [][]cfgCase{
		aclCases(), aceProtocolCases(), aceAddressCases(), acePortCases(), aceOptionCases(), objectGroupCases(),
		sviCases(), trunkCases(), nxosTrunkCases(), portModeCases(), nxosPortDefaultCases(), interfaceReopenedCases(), subModeCases(),
		aclBindingCases(), stormControlCases(), snoopingCases(), querierCases(), vlanCases(), vtpCases(), vlanMapCases(),
	} {
		for _, c := range cases {
			add(c.platform, c.in)
		}
	}
	for _, c := range refuseCases() {
		add(c.platform, c.in)
	}
	for _, c := range badValueCases() {
		add(c.platform, c.in)
	}
	for _, file := range fixtureConfigs(f) {
		text, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if strings.Contains(string(text), "!Command: show running-config") {
			add(NXOS, string(text))
		} else {
			add(IOSXE, string(text))
		}
	}
	return seeds
}

// errLine finds the line number an error message names, if any.
var errLine = regexp.MustCompile(`^` + regexp.QuoteMeta(cfgFile) + ` line (\d+): `)

func fuzzConfig(f *testing.F, platform string) {
	for _, in := range configSeeds(f)[platform] {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		dev := model.NewDevice("sw1", platform)
		err := ParseConfig(dev, cfgFile, []byte(in))
		// CRLF line endings change nothing, not even the evidence text.
		if !strings.Contains(in, "\r") {
			crlf := model.NewDevice("sw1", platform)
			errCRLF := ParseConfig(crlf, cfgFile, []byte(strings.ReplaceAll(in, "\n", "\r\n")))
			// Except where a NUL byte falls: binary data is told from a
			// corrupted text by whether it shows in the first 8 KiB,
			// which the extra bytes can change.
			same := fmt.Sprint(err) == fmt.Sprint(errCRLF)
			if strings.Contains(in, "\x00") {
				same = errors.Is(err, ErrNotConfig) && errors.Is(errCRLF, ErrNotConfig)
			}
			if !same {
				t.Fatalf("error with LF: %v\nwith CRLF: %v", err, errCRLF)
			}
			// DeepEqual first: cmp is too slow to run on every input.
			if err == nil && !reflect.DeepEqual(dev, crlf) {
				t.Fatalf("CRLF parse differs (-LF +CRLF):\n%s", cmp.Diff(dev, crlf, cfgCmpOpts, cmpopts.IgnoreUnexported(model.Device{})))
			}
		}
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, cfgFile+":") && !strings.HasPrefix(msg, cfgFile+" line ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			if m := errLine.FindStringSubmatch(msg); m != nil {
				n, _ := strconv.Atoi(m[1])
				if lines := len(modeltest.Lines([]byte(in))); n < 1 || n > lines {
					t.Fatalf("error names line %d of %d: %v", n, lines, err)
				}
			}
			return
		}
		checkConfigRefs(t, cfgFile, []byte(in), dev)
		checkConfigInvariants(t, dev)
	})
}

func FuzzParseConfigIOS(f *testing.F) { fuzzConfig(f, IOSXE) }

func FuzzParseConfigNXOS(f *testing.F) { fuzzConfig(f, NXOS) }
