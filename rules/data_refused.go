package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

var dataRefused = Rule{
	ID:       "data-refused",
	Severity: Warning,
	Unproven: true,
	Summary: "Every request on which a verdict about the cluster rests was answered: a device that refuses " +
		"one (a gNMI path its target does not serve) leaves those verdicts not proven.",
	Why: "Many gNMI targets serve only part of OpenConfig (white boxes, early releases, a vendor's subset) " +
		"and refuse the paths they lack. What a refused path would have said is unknown: a port read " +
		"without the VLAN model is not thereby in VLAN 1, and a device that does not show its ACLs has " +
		"not shown that none drops IP protocol 113. Instead of a pass or a guess from the defaults, the " +
		"audit names the refusal, and leaves out the verdicts that rest on it.",
	Fix: "Read what the device refused another way (its native model, or SSH and show commands: " +
		"transport: ssh in the inventory), or check the questions the finding names by hand. The " +
		"verdicts that rest on the refusal come back once it is answered.",
	check: checkDataRefused,
}

// refusalTopics is what of a device's refused topics the scope's verdicts
// rest on, by device.
func (s *Scope) refusalTopics(name string) model.Topics {
	d := s.device(name)
	if d == nil || len(d.Refused) == 0 || !(s.inDomain[name] || s.pathDevices[name]) {
		return 0
	}
	want := model.TopicVLANs | model.TopicPortVLANs | model.TopicACLs
	if s.inDomain[name] {
		want |= model.TopicSnooping | model.TopicQuerier
	}
	return d.RefusedTopics() & want
}

func checkDataRefused(s *Scope) []Finding {
	v := s.Cluster.VLAN
	var out []Finding
	for _, name := range s.scoped {
		want := s.refusalTopics(name)
		if want == 0 {
			continue
		}
		for _, r := range s.device(name).Refused {
			t := r.Topics & want
			if t == 0 {
				continue
			}
			out = append(out, Finding{Device: name, Evidence: []model.Ref{r.Ref}, Subject: &Subject{Request: r.Request},
				Message: fmt.Sprintf("%s did not answer %s (%s%s), so %s not proven: the verdicts that rest on it are left out",
					name, strings.TrimPrefix(r.Request, "gnmi:"), r.Answer, modelWords(r.Model), openQuestions(t, name, v))})
		}
	}
	return out
}

// modelWords names the data model a refused request reads, for what to
// ask the vendor for.
func modelWords(m string) string {
	if m == "" {
		return ""
	}
	return "; its model: " + m
}

// openQuestions says in words which questions topics t leave open on device
// name, for VLAN v.
func openQuestions(t model.Topics, name string, v int) string {
	var w []string
	if t&model.TopicVLANs != 0 {
		w = append(w, fmt.Sprintf("whether VLAN %d exists on %s", v, name))
	}
	if t&model.TopicPortVLANs != 0 {
		w = append(w, fmt.Sprintf("which VLANs %s's ports carry", name))
	}
	if t&model.TopicACLs != 0 {
		w = append(w, fmt.Sprintf("whether an ACL on %s drops IP protocol 113", name))
	}
	if t&model.TopicSnooping != 0 {
		w = append(w, fmt.Sprintf("whether %s snoops IGMP on VLAN %d", name, v))
	}
	if t&model.TopicQuerier != 0 {
		w = append(w, fmt.Sprintf("whether %s runs an IGMP querier for VLAN %d", name, v))
	}
	if len(w) == 1 {
		return w[0] + " is"
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1] + " are"
}

// restsOnRefusal reports whether a finding rests on what a device
// refused to say: it is then not proven, and data-refused says why.
func (s *Scope) restsOnRefusal(f Finding) bool {
	t := s.refusalTopics(f.Device)
	d := s.device(f.Device)
	switch f.Rule {
	case "vlan-missing", "vlan-unverified":
		return t&model.TopicVLANs != 0
	case "host-port-wrong-vlan":
		// Only a verdict from the defaults: a port's mode or VLAN read
		// from a line, or its being shut down, is proven.
		if t&model.TopicPortVLANs == 0 || d == nil || f.Subject == nil {
			return false
		}
		ifc := d.Interface(f.Subject.Interface)
		if ifc == nil {
			return false
		}
		if b := d.BundleOf(ifc); b != nil {
			ifc = b
		}
		return ifc.AccessRef == nil && ifc.ModeRef == nil && !ifc.Shutdown && ifc.IsL2()
	case "vlan-not-on-trunk", "vlan-not-dedicated":
		return t&model.TopicPortVLANs != 0
	case "pgm-blocked", "acl-unparsed", "router-acl-on-svi":
		return t&model.TopicACLs != 0
	case "igmp-snooping-disabled", "igmp-snooping-unverified":
		return t&model.TopicSnooping != 0
	case "igmp-version-v1":
		return t&(model.TopicSnooping|model.TopicQuerier) != 0
	case "igmp-querier-missing":
		// The querier is the domain's: a switch of it that would not say
		// whether it runs one leaves "none" unproven everywhere.
		return slices.ContainsFunc(s.scoped, func(n string) bool {
			return s.inDomain[n] && s.refusalTopics(n)&(model.TopicSnooping|model.TopicQuerier) != 0
		})
	case "no-l2-path":
		// The path is made of what ports carry.
		return slices.ContainsFunc(s.scoped, func(n string) bool { return s.refusalTopics(n)&model.TopicPortVLANs != 0 })
	}
	return false
}
