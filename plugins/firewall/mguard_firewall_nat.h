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
 * maps and the rules that translate through them are table-wide).
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
 * The table's NAT maps. Every map is an interval map from a concatenation
 * of source and destination network (with XFRM's reqid first for
 * MGUARD_FIREWALL_NAT_MAP_PRE_REQID) to the translated network, and one
 * fixed rule of a base chain translates through it (`dnat|snat ip prefix
 * to ip saddr . ip daddr map @MAP`, a /32 for one address). A NAT rule of a
 * CHILD_SA is one element.
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
 * Build one of the two NAT base chains.
 *
 * @param where		table
 * @param pre		TRUE for prerouting, FALSE for postrouting
 * @return			chain (NFT_MSG_NEWCHAIN payload)
 */
struct nftnl_chain *mguard_firewall_nat_chain(mguard_firewall_nat_where_t *where,
											 bool pre);

/**
 * Build a NAT map (NFT_MSG_NEWSET payload).
 *
 * @param where		table
 * @param map		which map
 * @return			set
 */
struct nftnl_set *mguard_firewall_nat_map(mguard_firewall_nat_where_t *where,
										 mguard_firewall_nat_map_t map);

/**
 * Build the fixed rule that translates through a map, with the
 * expressions of mguard_firewall_expr.h (`meta nfproto ipv4` first: the
 * table is inet) and the tunnel match of the data path (where->tun).
 *
 * @param where		table and data path
 * @param map		which map
 * @return			rule, NULL if the map has none on this data path
 *					(MGUARD_FIREWALL_NAT_MAP_PRE_REQID with kernel-libipsec)
 */
struct nftnl_rule *mguard_firewall_nat_dispatch(
								mguard_firewall_nat_where_t *where,
								mguard_firewall_nat_map_t map);

/**
 * Build the map element of a rule description: a set naming table and
 * map, with the element (NFT_MSG_NEWSETELEM / NFT_MSG_DELSETELEM payload).
 *
 * @param where		table, data path and reqid
 * @param rule		description
 * @return			set with one element
 */
struct nftnl_set *mguard_firewall_nat_elem(mguard_firewall_nat_where_t *where,
										  mguard_firewall_nat_rule_t *rule);

/**
 * Add the NAT base chains, the maps and their rules to a batch that builds
 * the table.
 *
 * @param where		table and data path
 * @param batch		batch to add to
 */
void mguard_firewall_nat_setup(mguard_firewall_nat_where_t *where,
							   mguard_firewall_batch_t *batch);

/**
 * Add or delete the map elements of rule descriptions (NLM_F_EXCL: an
 * element that exists or overlaps fails the batch).
 *
 * @param where		table, data path and reqid
 * @param rules		mguard_firewall_nat_rule_t
 * @param add		TRUE to add, FALSE to delete
 * @param batch		batch to add to
 */
void mguard_firewall_nat_elems(mguard_firewall_nat_where_t *where,
							   linked_list_t *rules, bool add,
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
