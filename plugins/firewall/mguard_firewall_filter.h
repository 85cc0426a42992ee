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
 *	reqids, remotes			every installed CHILD_SA: reqids (kernel XFRM,
 *							`ipsec in|out reqid`), remote selectors as
 *							intervals (kernel-libipsec, `ip saddr` in from
 *							the TUN device, `ip daddr` out to it)
 *	reqid-CONN, remote-CONN	the same for the CHILD_SAs of connection CONN
 *	in-CONN, out-CONN		the connection's incoming and outgoing rules
 *							(mguard_firewall_rules.h), built with the table
 *
 * A CHILD_SA up or down only adds or deletes set elements: no jump is
 * added, so the kernel does not validate every chain of the table again
 * (it does for every jump, in a rule or in a verdict map element), and the
 * cost of a change does not grow with the number of tunnels. The base
 * chains test each connection's sets (four rules per connection), so a
 * packet's cost grows with the number of connections, not of tunnels.
 * CHILD_SAs that are not in the model are only in the sets of all: they
 * are not filtered.
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
 * Name of a connection's set of CHILD_SAs ("reqid-Athen", "remote-Athen"),
 * or of the set of all CHILD_SAs (key NULL).
 *
 * @param buf		buffer
 * @param len		size of buf
 * @param tun		remote intervals (TRUE) or reqids
 * @param key		connection key, NULL for all
 * @return			buf
 */
char *mguard_fw_conn_set(char *buf, size_t len, bool tun, const char *key);

#endif /** MGUARD_FIREWALL_FILTER_H_ @}*/
