/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_rules mguard_firewall_rules
 * @{ @ingroup mguard_firewall
 *
 * One direction of a connection's firewall (policy, rules, rule records,
 * log, log_unknown) as the rules of one nftables chain, first match wins:
 *
 * - accept is `return` (the base chain goes on, so that forwarding between
 *   tunnels also passes the other connection's outgoing rules), drop and
 *   reject end the packet;
 * - a rule with log = yes is preceded by a rule with the same match that
 *   logs through a kernel `limit` and has no verdict;
 * - groups and ranges expand to consecutive rules with the same verdict;
 * - a rule record action: the record's rules, each also matching the
 *   outer rule, then a drop of what the outer rule matched but none of
 *   the record's;
 * - at the end: the policy's verdict for what no rule matched (log_unknown
 *   logs it first; policy accept logs nothing).
 *
 * Needs nothing of charon.
 */

#ifndef MGUARD_FIREWALL_RULES_H_
#define MGUARD_FIREWALL_RULES_H_

#include <collections/linked_list.h>

#include "mguard_firewall_spec.h"

/** largest number of nftables rules one model rule may expand to */
#define MGUARD_FW_MAX_EXPANSION 4096

/** largest log prefix nftables accepts, including the terminating 0 */
#define MGUARD_FW_PREFIX_LEN 128

/**
 * How log lines are written.
 */
typedef struct {
	/** nflog group, < 0 for the kernel log */
	int group;
	/** lines per second */
	uint32_t rate;
	/** burst */
	uint32_t burst;
} mguard_fw_log_t;

/**
 * What a chain is built for.
 */
typedef struct {
	/** table name */
	const char *table;
	/** chain name */
	const char *chain;
	/** connection (its name goes into log prefixes) */
	mguard_connection_t *conn;
	/** TRUE for incoming, FALSE for outgoing */
	bool in;
	/** model (groups, rule records) */
	mguard_model_t *model;
	/** logging */
	mguard_fw_log_t log;
	/** resolved host names, may be NULL */
	mguard_fw_lookup_t lookup;
	/** argument of lookup */
	void *lookup_data;
} mguard_fw_chain_t;

/**
 * Build the rules of one direction.
 *
 * @param chain		what to build
 * @param rules		receives struct nftnl_rule* in order (caller frees)
 * @param error		receives the reason on failure
 * @param len		size of error
 * @return			FALSE on failure (rules may hold some rules then)
 */
bool mguard_fw_rules_build(mguard_fw_chain_t *chain, linked_list_t *rules,
						   char *error, size_t len);

/**
 * Log prefix "mguard CONNECTION DIRECTION WHAT: " (the name reduced to
 * printable characters, the whole truncated to fit nftables).
 *
 * @param buf		buffer of MGUARD_FW_PREFIX_LEN bytes
 * @param name		connection name
 * @param in		direction
 * @param what		rule key or "unknown"
 */
void mguard_fw_log_prefix(char *buf, const char *name, bool in,
						  const char *what);

#endif /** MGUARD_FIREWALL_RULES_H_ @}*/
