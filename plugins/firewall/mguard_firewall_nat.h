/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * The NAT part of mguard-firewall: 1:1 NAT (netmap) of whole networks and
 * of the local 1:1 NAT table, masquerading to the single /32 address, and
 * the Mode Config client's masquerading to its assigned address.
 *
 * The negotiated selectors are the translated networks (mguard-swanctl
 * writes `local` and `remote`); these rules translate between them and the
 * addresses hosts really use:
 *
 * - local 1:1 (real P_r, virtual P_v): from the tunnel, `dnat ip prefix to
 *   P_r` in prerouting for destinations in P_v; into the tunnel, `snat ip
 *   prefix to P_v` in postrouting for sources in P_r.
 * - local masquerade (internal network N, `local` = A/32): into the tunnel,
 *   `snat ip to A` for sources in N.
 * - remote 1:1 (negotiated `remote` R, local alias R_a): from the LAN,
 *   `dnat ip prefix to R` for destinations in R_a; from the tunnel, `snat ip
 *   prefix to R_a` for sources in R.
 * - remote masquerade (M/32): from the tunnel, `snat ip to M` for sources
 *   in R.
 *
 * Destination NAT runs in prerouting (before the filter), source NAT in
 * postrouting (after it): firewall rules see real local addresses, and
 * outgoing rules see the original source of masqueraded traffic.
 *
 * Rules are built in two steps, both without charon: the tunnel's model is
 * turned into a list of rule descriptions (data), and each description into
 * an element of one of the table's NAT maps for the firewall's batch (the
 * maps and the rules that translate through them are table-wide,
 * mguard_firewall_nat_maps.h).
 *
 * @defgroup mguard_firewall_nat mguard_firewall_nat
 * @{ @ingroup mguard_firewall
 */

#ifndef MGUARD_FIREWALL_NAT_H_
#define MGUARD_FIREWALL_NAT_H_

#include <library.h>
#include <collections/linked_list.h>

#include <mguard_model.h>

#include "mguard_firewall_batch.h"

struct nftnl_rule;
struct nftnl_chain;
struct nftnl_set;

typedef struct mguard_firewall_nat_where_t mguard_firewall_nat_where_t;
typedef struct mguard_firewall_nat_rule_t mguard_firewall_nat_rule_t;

/** the table's NAT base chains (type nat, priority dstnat / srcnat) */
#define MGUARD_FIREWALL_NAT_PREROUTING "prerouting"
#define MGUARD_FIREWALL_NAT_POSTROUTING "postrouting"

/**
 * The kinds of NAT maps of the table. A kind has a regular chain of its
 * name, which a fixed rule of a base chain jumps to, and a hash map per
 * pair of prefix lengths in use (mguard_firewall_nat_maps.h) from the
 * masked source and destination (with XFRM's reqid first for
 * MGUARD_FIREWALL_NAT_MAP_PRE_REQID) to the translated network (a /32 for
 * one address). A NAT rule of a CHILD_SA is one element.
 */
typedef enum {
	/** prerouting, from the tunnel: dnat to the real local network */
	MGUARD_FIREWALL_NAT_MAP_PRE_IN,
	/** XFRM, prerouting, from the tunnel with its reqid (key reqid first) */
	MGUARD_FIREWALL_NAT_MAP_PRE_REQID,
	/** prerouting, not from the tunnel: dnat of a remote alias network */
	MGUARD_FIREWALL_NAT_MAP_PRE_LAN,
	/** postrouting, into the tunnel: snat to the virtual network or /32 */
	MGUARD_FIREWALL_NAT_MAP_POST_OUT,
	/** postrouting, from the tunnel: snat of remote hosts */
	MGUARD_FIREWALL_NAT_MAP_POST_IN,
	MGUARD_FIREWALL_NAT_MAPS,
} mguard_firewall_nat_map_t;

/**
 * Names of the maps in the table (mguard_firewall_nat_map_t).
 */
extern enum_name_t *mguard_firewall_nat_map_names;

/**
 * Where the NAT rules of one CHILD_SA go, and how its traffic is recognised.
 */
struct mguard_firewall_nat_where_t {
	/** table (family MGUARD_FIREWALL_FAMILY) */
	const char *table;
	/** kernel-libipsec TUN device; NULL for the kernel XFRM data path */
	const char *tun;
	/**
	 * XFRM: reqid of the CHILD_SA, matched by `ipsec in reqid`; 0 if not
	 * known (rules of a trap policy): by address alone
	 */
	uint32_t reqid;
};

/**
 * Which chain a rule goes to.
 */
typedef enum {
	MGUARD_FIREWALL_NAT_PRE,
	MGUARD_FIREWALL_NAT_POST,
} mguard_firewall_nat_hook_t;

/**
 * How a rule matches the tunnel.
 */
typedef enum {
	/** packets that came from the tunnel */
	MGUARD_FIREWALL_NAT_FROM_TUNNEL,
	/** packets that did not come from the tunnel */
	MGUARD_FIREWALL_NAT_NOT_FROM_TUNNEL,
	/** packets that leave into the tunnel */
	MGUARD_FIREWALL_NAT_INTO_TUNNEL,
} mguard_firewall_nat_dir_t;

/**
 * One NAT rule, as data.
 */
struct mguard_firewall_nat_rule_t {
	/** prerouting or postrouting */
	mguard_firewall_nat_hook_t hook;
	/** tunnel match */
	mguard_firewall_nat_dir_t dir;
	/** source network in network order, with saddr_prefix (0 = any) */
	uint32_t saddr;
	uint8_t saddr_prefix;
	/** destination network, with daddr_prefix (0 = any) */
	uint32_t daddr;
	uint8_t daddr_prefix;
	/** TRUE for dnat, FALSE for snat */
	bool dnat;
	/** translated address, with to_prefix: 32 = one address, else netmap */
	uint32_t to;
	uint8_t to_prefix;
};

/**
 * Describe the NAT rules of a tunnel.
 *
 * @param tunnel	tunnel of the model (type tunnel)
 * @param rules		receives malloc()ed mguard_firewall_nat_rule_t
 * @return			number of rules added
 */
int mguard_firewall_nat_describe(mguard_tunnel_t *tunnel, linked_list_t *rules);

/**
 * Describe the Mode Config client's masquerading of its local network to
 * the address the server assigned.
 *
 * @param mc		Mode Config settings of a client connection
 * @param vip		assigned virtual IP (IPv4), NULL if none
 * @param rules		receives malloc()ed mguard_firewall_nat_rule_t
 * @return			number of rules added
 */
int mguard_firewall_nat_describe_modecfg(mguard_mode_config_t *mc,
										 host_t *vip, linked_list_t *rules);

/**
 * The kind of map of a rule description.
 *
 * @param where		data path and reqid
 * @param rule		description
 * @return			kind of map
 */
mguard_firewall_nat_map_t mguard_firewall_nat_map_of(
								mguard_firewall_nat_where_t *where,
								mguard_firewall_nat_rule_t *rule);

/**
 * Name of the map of a kind and pair of prefix lengths, e.g.
 * `nat_pre_in-24-24`.
 *
 * @param buf		buffer
 * @param len		size of buf
 * @param map		kind
 * @param src		prefix length of the source (0..32)
 * @param dst		prefix length of the destination (0..32)
 * @return			buf
 */
char *mguard_firewall_nat_map_name(char *buf, size_t len,
								   mguard_firewall_nat_map_t map,
								   int src, int dst);

/**
 * Build one of the two NAT base chains.
 *
 * @param where		table
 * @param pre		TRUE for prerouting, FALSE for postrouting
 * @return			chain (NFT_MSG_NEWCHAIN payload)
 */
struct nftnl_chain *mguard_firewall_nat_chain(mguard_firewall_nat_where_t *where,
											 bool pre);

/**
 * Build the regular chain of a kind of map, named as the kind
 * (`nat_pre_in`): a rule per pair of prefix lengths in use.
 *
 * @param where		table
 * @param map		kind
 * @return			chain (NFT_MSG_NEWCHAIN payload)
 */
struct nftnl_chain *mguard_firewall_nat_map_chain(
								mguard_firewall_nat_where_t *where,
								mguard_firewall_nat_map_t map);

/**
 * Build the map of a kind and pair of prefix lengths (NFT_MSG_NEWSET
 * payload): a hash map from the masked `ip saddr . ip daddr` (with
 * XFRM's reqid first for MGUARD_FIREWALL_NAT_MAP_PRE_REQID) to the
 * translated network (`: interval ipv4_addr`, first and last address).
 *
 * @param where		table
 * @param map		kind
 * @param src		prefix length of the source
 * @param dst		prefix length of the destination
 * @return			set
 */
struct nftnl_set *mguard_firewall_nat_map(mguard_firewall_nat_where_t *where,
										 mguard_firewall_nat_map_t map,
										 int src, int dst);

/**
 * Build the rule of a base chain that jumps to the chain of a kind of map,
 * with the expressions of mguard_firewall_expr.h (`meta nfproto ipv4`
 * first: the table is inet) and the tunnel match of the data path
 * (where->tun), e.g. `meta nfproto ipv4 iifname "ipsec0" jump nat_pre_in`.
 *
 * @param where		table and data path
 * @param map		kind
 * @return			rule, NULL if the kind is not used on this data path
 *					(MGUARD_FIREWALL_NAT_MAP_PRE_REQID with kernel-libipsec)
 */
struct nftnl_rule *mguard_firewall_nat_dispatch(
								mguard_firewall_nat_where_t *where,
								mguard_firewall_nat_map_t map);

/**
 * Build the rule of a kind's chain that translates through the map of a
 * pair of prefix lengths: `dnat|snat ip prefix to ip saddr & M1 . ip
 * daddr & M2 map @nat_pre_in-24-24` (no mask for /32).
 *
 * @param where		table
 * @param map		kind
 * @param src		prefix length of the source
 * @param dst		prefix length of the destination
 * @return			rule
 */
struct nftnl_rule *mguard_firewall_nat_lookup(
								mguard_firewall_nat_where_t *where,
								mguard_firewall_nat_map_t map,
								int src, int dst);

/**
 * Build the map element of a rule description: a set naming table and
 * map, with the element (NFT_MSG_NEWSETELEM / NFT_MSG_DELSETELEM payload).
 *
 * @param where		table, data path and reqid
 * @param rule		description
 * @param data		TRUE to include the translated network (to add)
 * @return			set with one element
 */
struct nftnl_set *mguard_firewall_nat_elem(mguard_firewall_nat_where_t *where,
										  mguard_firewall_nat_rule_t *rule,
										  bool data);

/**
 * Add the NAT base chains, the chains of the kinds of maps and the rules
 * that jump to them to a batch that builds the table (the maps come with
 * their first elements, mguard_firewall_nat_maps.h).
 *
 * @param where		table and data path
 * @param batch		batch to add to
 */
void mguard_firewall_nat_setup(mguard_firewall_nat_where_t *where,
							   mguard_firewall_batch_t *batch);

/**
 * The address the gateway needs inside a tunnel's local (negotiated)
 * network so that kernel-libipsec can install the tunnel's route: with local
 * 1:1 NAT the first host address of the virtual network, with masquerading
 * the /32 itself. Without local NAT none is provided (the address would
 * belong to a real host).
 *
 * @param tunnel	tunnel of the model
 * @return			address, NULL if the tunnel needs none
 */
host_t *mguard_firewall_nat_gateway_address(mguard_tunnel_t *tunnel);

#endif /** MGUARD_FIREWALL_NAT_H_ @}*/
