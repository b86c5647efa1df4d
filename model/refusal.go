package model

// Refusal is a question the device was asked and did not answer: a gNMI
// path it refused (NotFound, Unimplemented, InvalidArgument), or one its
// snapshot does not hold. What the answer would have said is unknown, so
// the verdicts that rest on it are not proven: never a pass, never a guess
// from the platform's defaults.
type Refusal struct {
	// Request is what was asked, as a command: "gnmi:/acl".
	Request string
	// Answer is what the device said instead, in its own words:
	// "Unimplemented: unsupported path", or why there is no answer.
	Answer string
	// Topics are what the request would have told, and Model the data
	// model it reads, in the vendor's words ("openconfig-acl"), where
	// there is one to name: what a target that refused it lacks.
	Topics Topics
	Model  string
	// Ref is the recorded answer: the line of the snapshot that holds the
	// refusal, or the request itself where nothing was recorded.
	Ref Ref
}

// Topics is a set of the questions the audit asks of a device.
type Topics uint8

const (
	// TopicVLANs: which VLANs exist on the device.
	TopicVLANs Topics = 1 << iota
	// TopicPortVLANs: what each port carries (its mode, access VLAN, a
	// trunk's allowed VLANs).
	TopicPortVLANs
	// TopicACLs: the ACLs and where they are applied.
	TopicACLs
	// TopicSnooping: IGMP snooping, per VLAN and globally.
	TopicSnooping
	// TopicQuerier: who sends IGMP queries (a snooping querier, IGMP or
	// PIM on a layer-3 interface).
	TopicQuerier
	// TopicNeighbors: the LLDP or CDP neighbor table.
	TopicNeighbors
)

// RefusedTopics is every topic a request of d was refused for.
func (d *Device) RefusedTopics() Topics {
	var t Topics
	for _, r := range d.Refused {
		t |= r.Topics
	}
	return t
}
