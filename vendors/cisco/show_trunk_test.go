package cisco

import (
	"strconv"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

const (
	showIOSTrunkHdr = "Port        Vlans allowed on trunk"
	showNXTrunkRule = "--------------------------------------------------------------------------------"
	showNXTrunkHdr  = "Port          Vlans Allowed on Trunk"
)

// showIOSTrunk is IOS-XE output with all four sections, the last header
// repeated after a line of blanks, as a long capture shows it.
var showIOSTrunk = showText(
	"",
	"Port        Mode             Encapsulation  Status        Native vlan",
	"Gi1/0/4     on               802.1q         trunking      1",
	"Gi1/0/23    on               802.1q         trunking      1",
	"Po12        on               802.1q         trunking      1",
	"Po14        on               802.1q         trunking      1",
	"",
	showIOSTrunkHdr,
	"Gi1/0/4     200-211",
	"Gi1/0/23    none",
	"Po12        1-4094   ",
	"Po14        100,200-211",
	"",
	"Port        Vlans allowed and active in management domain",
	"Gi1/0/4     200-211",
	"Gi1/0/23    none",
	"Po12        1,100-110",
	"Po14        200-211, 300-302",
	"",
	"Port        Vlans in spanning tree forwarding state and not pruned",
	"Gi1/0/4     200-211",
	"Gi1/0/23    none",
	"Po12        100-110",
	"                  ",
	"Port        Vlans in spanning tree forwarding state and not pruned",
	"Po14        200-211",
	"    ",
)

// showNXTrunk is NX-OS output: dashed frames, the two-line header of the first
// section, a list wrapped after a range's dash, and the sections that follow.
var showNXTrunk = showText(
	"",
	showNXTrunkRule,
	"Port          Native  Status        Port",
	"              Vlan                  Channel",
	showNXTrunkRule,
	"Eth1/1        1       trnk-bndl     Po10",
	"Eth1/2        1       trnk-bndl     Po10",
	"Eth1/49       1       trunking      --",
	"Po10          1       trunking      --",
	"",
	showNXTrunkRule,
	showNXTrunkHdr,
	showNXTrunkRule,
	"Eth1/1        1-4094",
	"Eth1/2        1-4094",
	"Eth1/49       1-3,5-10,12,14-20,22,24-30,32,34-40,42,44-50,52,54-60,62,64-70,72,74-",
	"              80,82",
	"Po10          100,200",
	"",
	showNXTrunkRule,
	"Port          Vlans Err-disabled on Trunk",
	showNXTrunkRule,
	"Eth1/1        none",
	"Eth1/2        none",
	"Eth1/49       none",
	"Po10          none",
	"",
	showNXTrunkRule,
	"Port          STP Forwarding",
	showNXTrunkRule,
	"Eth1/49       1,100",
	"Po10          100,200",
	"",
	showNXTrunkRule,
	"Port          Vlans in spanning tree forwarding state and not pruned",
	showNXTrunkRule,
	"Feature VTP is not enabled",
	"Eth1/49       1,100",
	"Po10          100,200",
	"",
	showNXTrunkRule,
	"Port          Vlans Forwarding on FabricPath",
	showNXTrunkRule,
	"",
)

var showTrunkTests = []showCase{
	{
		name: "ios four sections",
		in:   showIOSTrunk,
		want: model.Oper{
			TrunksRef: showRefp(8, showIOSTrunkHdr),
			Trunks: map[string]*model.OperTrunk{
				"GigabitEthernet1/0/4":  {Port: "GigabitEthernet1/0/4", Allowed: showMustVLANs("200-211"), Ref: showRef(9, "Gi1/0/4     200-211")},
				"GigabitEthernet1/0/23": {Port: "GigabitEthernet1/0/23", Ref: showRef(10, "Gi1/0/23    none")},
				"Port-channel12":        {Port: "Port-channel12", Allowed: model.AllVLANs(), Ref: showRef(11, "Po12        1-4094   ")},
				"Port-channel14":        {Port: "Port-channel14", Allowed: showMustVLANs("100,200-211"), Ref: showRef(12, "Po14        100,200-211")},
			},
		},
	},
	{
		name: "ios crlf with prompts",
		in: showCRLF(showText(
			"sw1#show interfaces trunk",
			"",
			"Port        Mode             Encapsulation  Status        Native vlan",
			"Te1/1/1     on               802.1q         trunking      1",
			"",
			showIOSTrunkHdr,
			"Te1/1/1     100",
			"",
			"sw1#",
		)),
		want: model.Oper{
			TrunksRef: showRefp(6, showIOSTrunkHdr),
			Trunks: map[string]*model.OperTrunk{
				"TenGigabitEthernet1/1/1": {Port: "TenGigabitEthernet1/1/1", Allowed: showMustVLANs("100"), Ref: showRef(7, "Te1/1/1     100")},
			},
		},
	},
	{
		name: "ios wrapped lists",
		in: showText(
			showIOSTrunkHdr,
			"Gi1/0/1     1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47,49,51,",
			"            53,55,57,59",
			"Gi1/0/2     100-110,120,130",
			"            ,140-150",
			"Gi1/0/3     10,20",
			"            30",
		),
		want: model.Oper{
			TrunksRef: showRefp(1, showIOSTrunkHdr),
			Trunks: map[string]*model.OperTrunk{
				"GigabitEthernet1/0/1": {Port: "GigabitEthernet1/0/1", Allowed: showMustVLANs("1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47,49,51,53,55,57,59"),
					Ref: showRef(2, "Gi1/0/1     1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47,49,51,")},
				"GigabitEthernet1/0/2": {Port: "GigabitEthernet1/0/2", Allowed: showMustVLANs("100-110,120,130,140-150"), Ref: showRef(4, "Gi1/0/2     100-110,120,130")},
				"GigabitEthernet1/0/3": {Port: "GigabitEthernet1/0/3", Allowed: showMustVLANs("10,20,30"), Ref: showRef(6, "Gi1/0/3     10,20")},
			},
		},
	},
	{
		name:     "nxos framed sections",
		platform: NXOS,
		in:       showNXTrunk,
		want: model.Oper{
			TrunksRef: showRefp(12, showNXTrunkHdr),
			Trunks: map[string]*model.OperTrunk{
				"Ethernet1/1":    {Port: "Ethernet1/1", Allowed: model.AllVLANs(), Ref: showRef(14, "Eth1/1        1-4094")},
				"Ethernet1/2":    {Port: "Ethernet1/2", Allowed: model.AllVLANs(), Ref: showRef(15, "Eth1/2        1-4094")},
				"Ethernet1/49":   {Port: "Ethernet1/49", Allowed: showMustVLANs("1-3,5-10,12,14-20,22,24-30,32,34-40,42,44-50,52,54-60,62,64-70,72,74-80,82"), Ref: showRef(16, "Eth1/49       1-3,5-10,12,14-20,22,24-30,32,34-40,42,44-50,52,54-60,62,64-70,72,74-")},
				"port-channel10": {Port: "port-channel10", Allowed: showMustVLANs("100,200"), Ref: showRef(18, "Po10          100,200")},
			},
		},
	},
	{
		name:     "nxos no trunks",
		platform: NXOS,
		in:       showText("N9K-1# show interface trunk", "", showNXTrunkRule, "Port          Native  Status        Port", "              Vlan                  Channel", showNXTrunkRule, "", showNXTrunkRule, showNXTrunkHdr, showNXTrunkRule, ""),
		want:     model.Oper{TrunksRef: showRefp(9, showNXTrunkHdr), Trunks: map[string]*model.OperTrunk{}},
	},
	{
		// IOS prints nothing when no port trunks.
		name: "ios no trunks",
		in:   "sw1#show interfaces trunk\r\n\r\nsw1#",
		want: model.Oper{Trunks: map[string]*model.OperTrunk{}},
	},
	{
		name: "adds to trunks read before",
		pre: func(d *model.Device) {
			d.Oper.Trunks = map[string]*model.OperTrunk{"Port-channel1": {Port: "Port-channel1"}}
		},
		in: showText(showIOSTrunkHdr, "Po2         10"),
		want: model.Oper{
			TrunksRef: showRefp(1, showIOSTrunkHdr),
			Trunks: map[string]*model.OperTrunk{
				"Port-channel1": {Port: "Port-channel1"},
				"Port-channel2": {Port: "Port-channel2", Allowed: showMustVLANs("10"), Ref: showRef(2, "Po2         10")},
			},
		},
	},
	{
		name:    "not trunk output",
		in:      showText(showVLANHdr, showVLANRule, "1    default                          active    Gi1/0/1"),
		wantErr: `sw1/show.txt: not show interfaces trunk output: no "Port Vlans allowed on trunk" header`,
	},
	{
		name:    "truncated before the allowed section",
		in:      showText("Port        Mode             Encapsulation  Status        Native vlan", "Gi1/0/4     on               802.1q         trunking      1"),
		wantErr: `sw1/show.txt: not show interfaces trunk output: no "Port Vlans allowed on trunk" header`,
	},
	{
		name:    "rejected",
		in:      showText("sw1#show interfaces trunk foo", "                            ^", "% Invalid input detected at '^' marker."),
		wantErr: `sw1/show.txt line 3: the device reported an error instead of show interfaces trunk output: % Invalid input detected at '^' marker.`,
	},
	{
		name:    "binary",
		in:      "\x00\x01\x02",
		wantErr: `sw1/show.txt line 1: binary data (NUL byte), not show interfaces trunk output`,
	},
	{
		name:    "bad list",
		in:      showText(showIOSTrunkHdr, "Gi1/0/4     200-2x1"),
		wantErr: `sw1/show.txt line 2: VLANs allowed on GigabitEthernet1/0/4: "2x1" is not a VLAN ID (1-4094)`,
	},
	{
		name:    "bad wrapped list",
		in:      showText(showIOSTrunkHdr, "Gi1/0/4     200-211,", "            4095"),
		wantErr: `sw1/show.txt line 2: VLANs allowed on GigabitEthernet1/0/4: "4095" is not a VLAN ID (1-4094)`,
	},
	{
		name:    "port without list",
		in:      showText(showIOSTrunkHdr, "Gi1/0/4", ""),
		wantErr: `sw1/show.txt line 2: port GigabitEthernet1/0/4 has no allowed VLAN list`,
	},
	{
		name:    "continuation without row",
		in:      showText(showIOSTrunkHdr, "            10-20"),
		wantErr: `sw1/show.txt line 2: VLAN list continuation "10-20" with no port row above it`,
	},
	{
		name:    "port twice",
		in:      showText(showIOSTrunkHdr, "Po1         10", showIOSTrunkHdr, "Po1         20"),
		wantErr: `sw1/show.txt line 4: port Port-channel1 listed twice (first on line 2)`,
	},
}

func showMustVLANs(list string) model.VLANSet {
	s, err := model.ParseVLANList(list)
	if err != nil {
		panic(err)
	}
	return s
}

func TestParseShowInterfacesTrunk(t *testing.T) {
	runShowCases(t, ParseShowInterfacesTrunk, showTrunkTests)
}

func TestShowJoinList(t *testing.T) {
	for _, c := range []struct{ list, more, want string }{
		{"1,2,", "3", "1,2,3"},
		{"1,2", ",3", "1,2,3"},
		{"1-", "5", "1-5"},
		{"1", "-5", "1-5"},
		{"1,2", "3", "1,2,3"},
		{"", "3", "3"},
	} {
		if got := showJoinList(c.list, c.more); got != c.want {
			t.Errorf("showJoinList(%q, %q) = %q, want %q", c.list, c.more, got, c.want)
		}
	}
}

func BenchmarkParseShowInterfacesTrunk(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(showText(showIOSTrunkHdr))
	for p := 1; p <= 2000; p++ {
		sb.WriteString(showText(showPad("Gi"+strconv.Itoa(p/48+1)+"/0/"+strconv.Itoa(p%48+1), 12) + "1,10,100-110,200,300-399,1000-1100,2000"))
	}
	sb.WriteString(showIOSTrunk[strings.Index(showIOSTrunk, "Port        Vlans allowed and"):])
	benchShow(b, ParseShowInterfacesTrunk, IOSXE, sb.String())
}
