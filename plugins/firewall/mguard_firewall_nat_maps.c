/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_nat_maps.h"

#include <linux/netlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>

/** pairs of prefix lengths 0..32 */
#define PAIRS (33 * 33)
#define WORDS ((PAIRS + 63) / 64)

typedef struct private_mguard_firewall_nat_maps_t
			private_mguard_firewall_nat_maps_t;

/**
 * Pairs of prefix lengths of one kind of map (bit src * 33 + dst)
 */
typedef struct {
	/** in the kernel (confirmed by done()) */
	uint64_t made[WORDS];
	/** added to the batch being built */
	uint64_t adding[WORDS];
} pairs_t;

/**
 * Private data.
 */
struct private_mguard_firewall_nat_maps_t {

	/**
	 * Public interface.
	 */
	mguard_firewall_nat_maps_t public;

	/**
	 * Pairs per kind of map
	 */
	pairs_t pairs[MGUARD_FIREWALL_NAT_MAPS];

	/**
	 * The batch being built builds the table
	 */
	bool building;
};

static bool has_bit(uint64_t *bits, int pair)
{
	return bits[pair / 64] & (1ULL << (pair % 64));
}

/**
 * Whether the batch being built finds the map of a pair in the table
 */
static bool in_use(private_mguard_firewall_nat_maps_t *this, pairs_t *pairs,
				   int pair)
{
	return (!this->building && has_bit(pairs->made, pair)) ||
			has_bit(pairs->adding, pair);
}

/**
 * Write the rules of a kind's chain anew: flush it, then a rule per pair
 * in use, longest prefixes (sum of both) first
 */
static void write_rules(private_mguard_firewall_nat_maps_t *this,
						mguard_firewall_nat_where_t *where,
						mguard_firewall_nat_map_t map,
						mguard_firewall_batch_t *batch, bool flush)
{
	pairs_t *pairs = &this->pairs[map];
	struct nftnl_rule *rule;
	struct nftnl_chain *chain;
	int sum, src;

	if (flush)
	{	/* NFT_MSG_DELRULE without handle deletes every rule of the chain */
		chain = mguard_firewall_nat_map_chain(where, map);
		rule = nftnl_rule_alloc();
		nftnl_rule_set_u32(rule, NFTNL_RULE_FAMILY, NFPROTO_INET);
		nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, where->table);
		nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN,
						   nftnl_chain_get_str(chain, NFTNL_CHAIN_NAME));
		nftnl_chain_free(chain);
		batch->add_rule(batch, NFT_MSG_DELRULE, 0, rule);
	}
	for (sum = 64; sum >= 0; sum--)
	{
		for (src = min(sum, 32); src >= 0 && sum - src <= 32; src--)
		{
			if (in_use(this, pairs, src * 33 + sum - src))
			{
				batch->add_rule(batch, NFT_MSG_NEWRULE,
								NLM_F_CREATE | NLM_F_APPEND,
								mguard_firewall_nat_lookup(where, map, src,
														   sum - src));
			}
		}
	}
}

/**
 * Whether any pair of a kind is in use
 */
static bool any_in_use(private_mguard_firewall_nat_maps_t *this,
					   pairs_t *pairs)
{
	int i;

	for (i = 0; i < WORDS; i++)
	{
		if ((this->building ? 0 : pairs->made[i]) | pairs->adding[i])
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * Add the map and rule of a pair to the batch unless they exist
 */
static void need_pair(private_mguard_firewall_nat_maps_t *this,
					  mguard_firewall_nat_where_t *where,
					  mguard_firewall_nat_map_t map, int src, int dst,
					  mguard_firewall_batch_t *batch)
{
	pairs_t *pairs = &this->pairs[map];
	int pair = src * 33 + dst;
	bool flush;

	if (in_use(this, pairs, pair))
	{
		return;
	}
	flush = any_in_use(this, pairs);
	pairs->adding[pair / 64] |= 1ULL << (pair % 64);
	batch->add_set(batch, NFT_MSG_NEWSET, NLM_F_CREATE,
				   mguard_firewall_nat_map(where, map, src, dst));
	write_rules(this, where, map, batch, flush);
}

METHOD(mguard_firewall_nat_maps_t, building, void,
	private_mguard_firewall_nat_maps_t *this)
{
	this->building = TRUE;
}

METHOD(mguard_firewall_nat_maps_t, elems, void,
	private_mguard_firewall_nat_maps_t *this,
	mguard_firewall_nat_where_t *where, linked_list_t *rules, bool add,
	mguard_firewall_batch_t *batch)
{
	mguard_firewall_nat_rule_t *rule;
	enumerator_t *enumerator;

	enumerator = rules->create_enumerator(rules);
	while (enumerator->enumerate(enumerator, &rule))
	{
		if (add)
		{
			need_pair(this, where, mguard_firewall_nat_map_of(where, rule),
					  rule->saddr_prefix, rule->daddr_prefix, batch);
		}
		batch->add_elems(batch, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
						 add ? NLM_F_CREATE | NLM_F_EXCL : 0,
						 mguard_firewall_nat_elem(where, rule, add));
	}
	enumerator->destroy(enumerator);
}

METHOD(mguard_firewall_nat_maps_t, done, void,
	private_mguard_firewall_nat_maps_t *this, bool ok)
{
	pairs_t *pairs;
	int map, i;

	for (map = 0; map < MGUARD_FIREWALL_NAT_MAPS; map++)
	{
		pairs = &this->pairs[map];
		for (i = 0; i < WORDS; i++)
		{
			if (ok)
			{
				pairs->made[i] = (this->building ? 0 : pairs->made[i]) |
								 pairs->adding[i];
			}
			pairs->adding[i] = 0;
		}
	}
	this->building = FALSE;
}

METHOD(mguard_firewall_nat_maps_t, destroy, void,
	private_mguard_firewall_nat_maps_t *this)
{
	free(this);
}

/*
 * Described in header
 */
mguard_firewall_nat_maps_t *mguard_firewall_nat_maps_create(void)
{
	private_mguard_firewall_nat_maps_t *this;

	INIT(this,
		.public = {
			.building = _building,
			.elems = _elems,
			.done = _done,
			.destroy = _destroy,
		},
	);
	return &this->public;
}
