// Package model is the vendor-neutral picture of a switched network that the
// rules judge: devices with their VLANs, interfaces, IGMP snooping and querier
// state, ACLs and their bindings, the links between devices, and the cluster
// whose multicast must cross them.
//
// Every fact that came from a device carries a Ref to the line it was read
// from, so that a finding can always show its evidence. Vendor parsers fill
// the model; nothing in it knows vendor syntax.
package model
