/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_filter mguard_firewall_filter
 * @{ @ingroup mguard_firewall
 *
 * The filter part: base chains `input` and `forward` (hook priority 0)
 * that drop tunnel traffic without an entry in the dispatch maps (fail
 * closed), accept established/related traffic, drop forwarding between
 * tunnels unless hub_and_spoke, and dispatch through verdict maps to the
 * chains of each CHILD_SA:
 *
 *	in_reqid	ipsec in reqid : jump in-REQID          (kernel XFRM)
 *	out_reqid	ipsec out reqid : jump out-REQID
 *	in_tun		ip saddr . ip daddr : jump in-REQID     (kernel-libipsec,
 *	out_tun		ip saddr . ip daddr : jump out-REQID     intervals)
 *
 * Chains in-REQID and out-REQID hold the connection's incoming and
 * outgoing rules (mguard_firewall_rules.h); CHILD_SAs that are not in the
 * model jump to the empty chain `unmodelled`.
 */

#ifndef MGUARD_FIREWALL_FILTER_H_
#define MGUARD_FIREWALL_FILTER_H_

#include "mguard_firewall_part.h"
#include "mguard_firewall_rules.h"

/** names of the filter's objects */
#define MGUARD_FW_CHAIN_INPUT "input"
#define MGUARD_FW_CHAIN_FORWARD "forward"
#define MGUARD_FW_CHAIN_UNMODELLED "unmodelled"
#define MGUARD_FW_MAP_IN_REQID "in_reqid"
#define MGUARD_FW_MAP_OUT_REQID "out_reqid"
#define MGUARD_FW_MAP_IN_TUN "in_tun"
#define MGUARD_FW_MAP_OUT_TUN "out_tun"

/** hook priority of the base chains (NF_IP_PRI_FILTER) */
#define MGUARD_FW_PRIO_FILTER 0

/**
 * Create the filter part.
 *
 * @param log		how rules log
 * @param lookup	resolved host names, may be NULL
 * @param data		argument of lookup
 * @return			part
 */
mguard_firewall_part_t *mguard_firewall_filter_create(mguard_fw_log_t log,
									mguard_fw_lookup_t lookup, void *data);

/**
 * Name of a CHILD_SA's chain ("in-7", "out-7").
 *
 * @param buf		buffer
 * @param len		size of buf
 * @param in		incoming (TRUE) or outgoing
 * @param reqid		reqid
 * @return			buf
 */
char *mguard_fw_child_chain(char *buf, size_t len, bool in, uint32_t reqid);

#endif /** MGUARD_FIREWALL_FILTER_H_ @}*/
