/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_batch mguard_firewall_batch
 * @{ @ingroup mguard_firewall
 *
 * One atomic nftables transaction: libnftnl objects are serialised into a
 * netlink batch (NFNL_MSG_BATCH_BEGIN ... END), sent with one sendmsg() and
 * every acknowledgement of the batch is read back, as iptables-nft's
 * mnl_batch_talk() does. Either every message of the batch takes effect or
 * none does; the first error names the object that failed.
 *
 * Needs nothing of charon (cmocka tests and the benchmark use it directly).
 */

#ifndef MGUARD_FIREWALL_BATCH_H_
#define MGUARD_FIREWALL_BATCH_H_

#include <library.h>

#include <libnftnl/table.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>

typedef struct mguard_firewall_nl_t mguard_firewall_nl_t;
typedef struct mguard_firewall_batch_t mguard_firewall_batch_t;

/**
 * A batch under construction. Every add_*() consumes the object (it is
 * serialised at once and freed). Flags are netlink flags such as
 * NLM_F_CREATE | NLM_F_EXCL for NEW messages, 0 for DEL messages.
 */
struct mguard_firewall_batch_t {

	/**
	 * Add a table message (NFT_MSG_NEWTABLE, NFT_MSG_DELTABLE).
	 */
	void (*add_table)(mguard_firewall_batch_t *this, uint16_t type,
					  uint16_t flags, struct nftnl_table *table);

	/**
	 * Add a chain message (NFT_MSG_NEWCHAIN, NFT_MSG_DELCHAIN).
	 */
	void (*add_chain)(mguard_firewall_batch_t *this, uint16_t type,
					  uint16_t flags, struct nftnl_chain *chain);

	/**
	 * Add a rule message (NFT_MSG_NEWRULE, NFT_MSG_DELRULE).
	 */
	void (*add_rule)(mguard_firewall_batch_t *this, uint16_t type,
					 uint16_t flags, struct nftnl_rule *rule);

	/**
	 * Add a set message (NFT_MSG_NEWSET, NFT_MSG_DELSET).
	 */
	void (*add_set)(mguard_firewall_batch_t *this, uint16_t type,
					uint16_t flags, struct nftnl_set *set);

	/**
	 * Add the elements of a set (NFT_MSG_NEWSETELEM, NFT_MSG_DELSETELEM);
	 * the set names table and set and carries the elements.
	 */
	void (*add_elems)(mguard_firewall_batch_t *this, uint16_t type,
					  uint16_t flags, struct nftnl_set *set);

	/**
	 * Number of object messages added so far.
	 */
	u_int (*get_count)(mguard_firewall_batch_t *this);

	/**
	 * Send the batch and read every acknowledgement. A batch without
	 * object messages succeeds without being sent.
	 *
	 * @return			0 on success, else a negative errno (the first
	 *					error the kernel reported, or of the socket)
	 */
	int (*commit)(mguard_firewall_batch_t *this);

	/**
	 * Text of the first error of commit(): the object and the cause, e.g.
	 * "chain mguard in_7: File exists". Valid until destroy().
	 */
	const char *(*get_error)(mguard_firewall_batch_t *this);

	/**
	 * Destroy the batch (sent or not).
	 */
	void (*destroy)(mguard_firewall_batch_t *this);
};

/**
 * A netlink socket to nf_tables.
 */
struct mguard_firewall_nl_t {

	/**
	 * Start a batch on this socket. Batches of one socket must be
	 * committed one at a time (the caller serialises them).
	 *
	 * @param family	NFPROTO_* family of the messages
	 * @return			empty batch
	 */
	mguard_firewall_batch_t *(*create_batch)(mguard_firewall_nl_t *this,
											 uint16_t family);

	/**
	 * Close the socket.
	 */
	void (*destroy)(mguard_firewall_nl_t *this);
};

/**
 * Open and bind a NETLINK_NETFILTER socket (needs CAP_NET_ADMIN to commit).
 *
 * @return			socket, NULL on error (logged)
 */
mguard_firewall_nl_t *mguard_firewall_nl_create(void);

#endif /** MGUARD_FIREWALL_BATCH_H_ @}*/
