/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_filter mguard_firewall_filter
 * @{ @ingroup mguard_firewall
 *
 * The filter part: base chains `input` and `forward` (hook priority 0)
 * that drop tunnel traffic of no installed CHILD_SA (fail closed), accept
 * established/related traffic, drop forwarding between tunnels unless
 * hub_and_spoke, and jump to the chains of the connection a packet's
 * CHILD_SA belongs to:
 *
 *	reqids, reqid-CONN		reqids of every installed kernel XFRM CHILD_SA
 *							and of connection CONN's (`ipsec in|out reqid`)
 *	remotes-N, remote-CONN-N	kernel-libipsec: remote selectors split into
 *							networks, the addresses of the /N ones (hash
 *							sets, one per prefix length in use), all and
 *							connection CONN's (`ip saddr & MASK` in from the
 *							TUN device, `ip daddr & MASK` out to it)
 *	known-in, known-out		return for an address in any remotes-N, drop
 *							at the end (fail closed, kernel-libipsec)
 *	dispatch-in, dispatch-out	per connection and length in use: jump to
 *							the connection's chain on a match
 *	in-CONN, out-CONN		the connection's incoming and outgoing rules
 *							(mguard_firewall_rules.h), built with the table
 *
 * A CHILD_SA up or down only adds or deletes set elements: no jump is
 * added, so the kernel does not validate every chain of the table again
 * (it does for every jump, in a rule or in a verdict map element), and the
 * cost of a change does not grow with the number of tunnels (hash sets:
 * an interval set's changes cost more the more elements it has). Only the
 * first CHILD_SA of a prefix length adds that length's sets and rules;
 * they stay until the table is rebuilt. The base chains test each
 * connection's sets, so a packet's cost grows with the number of
 * connections and of prefix lengths in use, not of tunnels. CHILD_SAs
 * that are not in the model are only in the sets of all: they are not
 * filtered.
 */

#ifndef MGUARD_FIREWALL_FILTER_H_
#define MGUARD_FIREWALL_FILTER_H_

#include "mguard_firewall_part.h"
#include "mguard_firewall_rules.h"

/** names of the filter's objects */
#define MGUARD_FW_CHAIN_INPUT "input"
#define MGUARD_FW_CHAIN_FORWARD "forward"
#define MGUARD_FW_SET_REQID "reqids"
#define MGUARD_FW_SET_REMOTE "remotes"
#define MGUARD_FW_CHAIN_KNOWN_IN "known-in"
#define MGUARD_FW_CHAIN_KNOWN_OUT "known-out"
#define MGUARD_FW_CHAIN_DISPATCH_IN "dispatch-in"
#define MGUARD_FW_CHAIN_DISPATCH_OUT "dispatch-out"

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
 * Name of a connection's chain ("in-Athen", "out-Athen").
 *
 * @param buf		buffer
 * @param len		size of buf
 * @param in		incoming (TRUE) or outgoing
 * @param key		connection key
 * @return			buf
 */
char *mguard_fw_conn_chain(char *buf, size_t len, bool in, const char *key);

/**
 * Name of a connection's set of kernel XFRM CHILD_SAs ("reqid-Athen"), or
 * of the set of all of them (key NULL: "reqids").
 *
 * @param buf		buffer
 * @param len		size of buf
 * @param key		connection key, NULL for all
 * @return			buf
 */
char *mguard_fw_conn_set(char *buf, size_t len, const char *key);

/**
 * Name of a connection's set of kernel-libipsec remote networks of a
 * prefix length ("remote-Athen-24"), or of the set of all of them (key
 * NULL: "remotes-24").
 *
 * @param buf		buffer
 * @param len		size of buf
 * @param key		connection key, NULL for all
 * @param prefix	prefix length, 0..32
 * @return			buf
 */
char *mguard_fw_remote_set(char *buf, size_t len, const char *key,
						   int prefix);

/**
 * Prefix length of the largest network that starts at from and ends at or
 * before to (host byte order, from <= to): a range is the networks
 * from/N, then from the address after it on.
 *
 * @param from		first address of the range
 * @param to		last address of the range
 * @return			prefix length, 0..32
 */
int mguard_fw_range_prefix(uint32_t from, uint32_t to);

/**
 * A rule that looks the remote address of a kernel-libipsec packet (ip
 * saddr in, ip daddr out) up in a set of networks of one prefix length:
 * `ip saddr & 255.255.255.0 @remotes-24 return` (target NULL) or
 * `ip saddr & 255.255.255.0 @remote-Athen-24 jump in-Athen`.
 *
 * @param table		table name
 * @param chain		chain name
 * @param in		incoming (ip saddr) or outgoing (ip daddr)
 * @param len		prefix length, 0..32
 * @param set		set name
 * @param target	chain to jump to, NULL to return
 * @return			rule
 */
struct nftnl_rule *mguard_fw_prefix_rule(const char *table, const char *chain,
										 bool in, int len, const char *set,
										 const char *target);

#endif /** MGUARD_FIREWALL_FILTER_H_ @}*/
