/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * The NAT maps of the table and their elements. A NAT rule description is
 * an element of the map of its kind (mguard_firewall_nat_map_t) and of the
 * prefix lengths of its source and destination, e.g. `nat_pre_in-24-24`:
 * an exact-match hash map keyed by the masked addresses, so that adding
 * or removing an element costs the same whatever the number of tunnels.
 * The chain of a kind has one rule per pair of prefix lengths in use,
 * ordered from the longest prefixes to the shortest (the first rule whose
 * map has the packet's key translates it: a tunnel's `N . R` wins over a
 * Mode Config client's `N . 0.0.0.0/0`).
 *
 * A map and its rule are added with the first element that needs them, in
 * the same batch (the chain's rules are written anew in their order, which
 * is the only change per pair); later elements of the pair are only
 * elements. Maps stay until the table is built again (an empty map matches
 * nothing). Whether a batch took effect is told by done(), as the parts of
 * mguard_firewall_part.h are. Needs nothing of charon.
 *
 * @defgroup mguard_firewall_nat_maps mguard_firewall_nat_maps
 * @{ @ingroup mguard_firewall
 */

#ifndef MGUARD_FIREWALL_NAT_MAPS_H_
#define MGUARD_FIREWALL_NAT_MAPS_H_

#include "mguard_firewall_nat.h"

typedef struct mguard_firewall_nat_maps_t mguard_firewall_nat_maps_t;

/**
 * Which NAT maps exist in the table.
 */
struct mguard_firewall_nat_maps_t {

	/**
	 * The batch being built builds the table from nothing: no map exists
	 * in it (until done() tells otherwise, the maps of the old table are
	 * still known to exist).
	 */
	void (*building)(mguard_firewall_nat_maps_t *this);

	/**
	 * Add or delete the map elements of rule descriptions; adding adds
	 * the maps and rules of pairs of prefix lengths not in use before
	 * (NLM_F_EXCL: an element whose key exists fails the batch).
	 *
	 * @param where		table, data path and reqid
	 * @param rules		mguard_firewall_nat_rule_t
	 * @param add		TRUE to add, FALSE to delete
	 * @param batch		batch to add to
	 */
	void (*elems)(mguard_firewall_nat_maps_t *this,
				  mguard_firewall_nat_where_t *where, linked_list_t *rules,
				  bool add, mguard_firewall_batch_t *batch);

	/**
	 * The last batch took effect (ok TRUE) or not.
	 */
	void (*done)(mguard_firewall_nat_maps_t *this, bool ok);

	/**
	 * Destroy the bookkeeping (the table is not touched).
	 */
	void (*destroy)(mguard_firewall_nat_maps_t *this);
};

/**
 * Create the bookkeeping of an empty table.
 */
mguard_firewall_nat_maps_t *mguard_firewall_nat_maps_create(void);

#endif /** MGUARD_FIREWALL_NAT_MAPS_H_ @}*/
