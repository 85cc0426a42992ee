/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_filter.h"
#include "mguard_firewall_expr.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/set.h>

#include <utils/debug.h>

typedef struct private_mguard_firewall_filter_t
			private_mguard_firewall_filter_t;

struct private_mguard_firewall_filter_t {

	/** implements the part */
	mguard_firewall_part_t public;

	/** logging */
	mguard_fw_log_t log;

	/** host names */
	mguard_fw_lookup_t lookup;
	void *lookup_data;
};

/** nft's type ids, for `nft list` (the kernel ignores them) */
#define TYPE_MARK 19
#define TYPE_IPADDR 7
#define TYPE_BITS 6

/*
 * See header
 */
char *mguard_fw_child_chain(char *buf, size_t len, bool in, uint32_t reqid)
{
	snprintf(buf, len, "%s-%u", in ? "in" : "out", reqid);
	return buf;
}

/**
 * A verdict map of our table
 */
static struct nftnl_set *map_new(mguard_firewall_table_t *table,
								 const char *name, bool tun)
{
	struct nftnl_set *s = nftnl_set_alloc();
	static uint32_t id = 1;

	nftnl_set_set_str(s, NFTNL_SET_TABLE, table->name);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, MGUARD_FIREWALL_FAMILY);
	nftnl_set_set_u32(s, NFTNL_SET_ID, id++);
	nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, NFT_DATA_VERDICT);
	if (tun)
	{	/* ip saddr . ip daddr, intervals (pipapo) */
		uint8_t fields[NFT_REG32_COUNT] = { 4, 4 };

		nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE,
						  (TYPE_IPADDR << TYPE_BITS) | TYPE_IPADDR);
		nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, 8);
		nftnl_set_set_u32(s, NFTNL_SET_FLAGS,
						  NFT_SET_MAP | NFT_SET_INTERVAL | NFT_SET_CONCAT);
		nftnl_set_set_data(s, NFTNL_SET_DESC_CONCAT, fields, 2);
	}
	else
	{	/* ipsec in|out reqid */
		nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, TYPE_MARK);
		nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, sizeof(uint32_t));
		nftnl_set_set_u32(s, NFTNL_SET_FLAGS, NFT_SET_MAP);
	}
	return s;
}

/**
 * A chain of our table, a base chain if hook >= 0
 */
static struct nftnl_chain *chain_new(mguard_firewall_table_t *table,
									 const char *name, int hook)
{
	struct nftnl_chain *c = nftnl_chain_alloc();

	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, table->name);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, MGUARD_FIREWALL_FAMILY);
	if (hook >= 0)
	{
		nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hook);
		nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, MGUARD_FW_PRIO_FILTER);
		nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
		nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	}
	return c;
}

static void add_rule(mguard_firewall_batch_t *batch, struct nftnl_rule *r)
{
	batch->add_rule(batch, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND, r);
}

/**
 * Drop traffic of a direction that has no dispatch entry (fail closed)
 */
static void add_fail_closed(mguard_firewall_table_t *table,
							mguard_firewall_batch_t *batch, const char *chain,
							bool in)
{
	struct nftnl_rule *r;

	r = mguard_nft_rule(table->name, chain);
	mguard_nft_reqid(r, in, NFT_REG_1);
	mguard_nft_lookup(r, in ? MGUARD_FW_MAP_IN_REQID : MGUARD_FW_MAP_OUT_REQID,
					  TRUE, FALSE);
	mguard_nft_counter(r);
	mguard_nft_verdict(r, NF_DROP, NULL);
	add_rule(batch, r);

	r = mguard_nft_rule(table->name, chain);
	mguard_nft_ifname(r, in, table->tun);
	mguard_nft_ipv4(r);
	mguard_nft_saddr_daddr(r);
	mguard_nft_lookup(r, in ? MGUARD_FW_MAP_IN_TUN : MGUARD_FW_MAP_OUT_TUN,
					  TRUE, FALSE);
	mguard_nft_counter(r);
	mguard_nft_verdict(r, NF_DROP, NULL);
	add_rule(batch, r);
}

/**
 * Jump to the chain of the CHILD_SA the packet belongs to
 */
static void add_dispatch(mguard_firewall_table_t *table,
						 mguard_firewall_batch_t *batch, const char *chain,
						 bool in)
{
	struct nftnl_rule *r;

	r = mguard_nft_rule(table->name, chain);
	mguard_nft_reqid(r, in, NFT_REG_1);
	mguard_nft_lookup(r, in ? MGUARD_FW_MAP_IN_REQID : MGUARD_FW_MAP_OUT_REQID,
					  FALSE, TRUE);
	add_rule(batch, r);

	r = mguard_nft_rule(table->name, chain);
	mguard_nft_ifname(r, in, table->tun);
	mguard_nft_ipv4(r);
	mguard_nft_saddr_daddr(r);
	mguard_nft_lookup(r, in ? MGUARD_FW_MAP_IN_TUN : MGUARD_FW_MAP_OUT_TUN,
					  FALSE, TRUE);
	add_rule(batch, r);
}

static void add_established(mguard_firewall_table_t *table,
							mguard_firewall_batch_t *batch, const char *chain)
{
	struct nftnl_rule *r;

	r = mguard_nft_rule(table->name, chain);
	mguard_nft_ct_state(r, NF_CT_STATE_BIT(IP_CT_ESTABLISHED) |
						NF_CT_STATE_BIT(IP_CT_RELATED));
	mguard_nft_counter(r);
	mguard_nft_verdict(r, NF_ACCEPT, NULL);
	add_rule(batch, r);
}

/**
 * Drop forwarding from a tunnel into a tunnel (both data paths)
 */
static void add_no_hub(mguard_firewall_table_t *table,
					   mguard_firewall_batch_t *batch)
{
	struct nftnl_rule *r;
	int from, to;

	for (from = 0; from < 2; from++)
	{
		for (to = 0; to < 2; to++)
		{
			r = mguard_nft_rule(table->name, MGUARD_FW_CHAIN_FORWARD);
			if (from)
			{
				mguard_nft_ifname(r, TRUE, table->tun);
			}
			else
			{
				mguard_nft_secpath(r);
			}
			if (to)
			{
				mguard_nft_ifname(r, FALSE, table->tun);
			}
			else
			{
				mguard_nft_reqid(r, FALSE, NFT_REG_1);
				mguard_nft_nonzero(r, NFT_REG_1);
			}
			mguard_nft_counter(r);
			mguard_nft_verdict(r, NF_DROP, NULL);
			add_rule(batch, r);
		}
	}
}

METHOD(mguard_firewall_part_t, setup, bool,
	private_mguard_firewall_filter_t *this, mguard_firewall_table_t *table,
	mguard_firewall_batch_t *batch)
{
	uint16_t create = NLM_F_CREATE | NLM_F_EXCL;

	batch->add_set(batch, NFT_MSG_NEWSET, create,
				   map_new(table, MGUARD_FW_MAP_IN_REQID, FALSE));
	batch->add_set(batch, NFT_MSG_NEWSET, create,
				   map_new(table, MGUARD_FW_MAP_OUT_REQID, FALSE));
	batch->add_set(batch, NFT_MSG_NEWSET, create,
				   map_new(table, MGUARD_FW_MAP_IN_TUN, TRUE));
	batch->add_set(batch, NFT_MSG_NEWSET, create,
				   map_new(table, MGUARD_FW_MAP_OUT_TUN, TRUE));
	batch->add_chain(batch, NFT_MSG_NEWCHAIN, create,
				chain_new(table, MGUARD_FW_CHAIN_UNMODELLED, -1));
	batch->add_chain(batch, NFT_MSG_NEWCHAIN, create,
				chain_new(table, MGUARD_FW_CHAIN_INPUT, NF_INET_LOCAL_IN));
	batch->add_chain(batch, NFT_MSG_NEWCHAIN, create,
				chain_new(table, MGUARD_FW_CHAIN_FORWARD, NF_INET_FORWARD));

	/* the gateway itself: incoming only */
	add_fail_closed(table, batch, MGUARD_FW_CHAIN_INPUT, TRUE);
	add_established(table, batch, MGUARD_FW_CHAIN_INPUT);
	add_dispatch(table, batch, MGUARD_FW_CHAIN_INPUT, TRUE);

	/* forwarding: a packet between two tunnels passes the incoming rules
	 * of one and the outgoing rules of the other (accept is return) */
	add_fail_closed(table, batch, MGUARD_FW_CHAIN_FORWARD, TRUE);
	add_fail_closed(table, batch, MGUARD_FW_CHAIN_FORWARD, FALSE);
	add_established(table, batch, MGUARD_FW_CHAIN_FORWARD);
	if (!table->model || !table->model->global.hub_and_spoke)
	{
		add_no_hub(table, batch);
	}
	add_dispatch(table, batch, MGUARD_FW_CHAIN_FORWARD, TRUE);
	add_dispatch(table, batch, MGUARD_FW_CHAIN_FORWARD, FALSE);
	return TRUE;
}

/**
 * Host byte order IPv4 interval of a selector, FALSE if not IPv4
 */
static bool ts_range(traffic_selector_t *ts, uint32_t *from, uint32_t *to)
{
	chunk_t a, b;

	if (ts->get_type(ts) != TS_IPV4_ADDR_RANGE)
	{
		return FALSE;
	}
	a = ts->get_from_address(ts);
	b = ts->get_to_address(ts);
	*from = untoh32(a.ptr);
	*to = untoh32(b.ptr);
	return TRUE;
}

/**
 * Add a map element (to the set s)
 */
static void elem_add(struct nftnl_set *s, const void *key, const void *end,
					 size_t len, const char *chain)
{
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();

	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, len);
	if (end)
	{
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY_END, end, len);
	}
	if (chain)
	{
		nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_VERDICT, NFT_JUMP);
		nftnl_set_elem_set_str(e, NFTNL_SET_ELEM_CHAIN, chain);
	}
	nftnl_set_elem_add(s, e);
}

/**
 * The elements of a CHILD_SA in the dispatch maps (chain names are NULL
 * when deleting)
 */
static void add_elems(mguard_firewall_table_t *table,
					  mguard_firewall_child_t *child,
					  mguard_firewall_batch_t *batch, uint16_t type,
					  const char *in_chain, const char *out_chain)
{
	traffic_selector_t *l, *r;
	enumerator_t *le, *re;
	struct nftnl_set *in, *out;
	uint32_t lf, lt, rf, rt, key[2], end[2];
	u_int n = 0;
	uint16_t flags = type == NFT_MSG_NEWSETELEM ? NLM_F_CREATE | NLM_F_EXCL
												: 0;

	in = nftnl_set_alloc();
	out = nftnl_set_alloc();
	nftnl_set_set_str(in, NFTNL_SET_TABLE, table->name);
	nftnl_set_set_str(out, NFTNL_SET_TABLE, table->name);
	nftnl_set_set_u32(in, NFTNL_SET_FAMILY, MGUARD_FIREWALL_FAMILY);
	nftnl_set_set_u32(out, NFTNL_SET_FAMILY, MGUARD_FIREWALL_FAMILY);
	if (!child->tun)
	{
		nftnl_set_set_str(in, NFTNL_SET_NAME, MGUARD_FW_MAP_IN_REQID);
		nftnl_set_set_str(out, NFTNL_SET_NAME, MGUARD_FW_MAP_OUT_REQID);
		elem_add(in, &child->reqid, NULL, sizeof(child->reqid), in_chain);
		elem_add(out, &child->reqid, NULL, sizeof(child->reqid), out_chain);
		n++;
	}
	else
	{
		nftnl_set_set_str(in, NFTNL_SET_NAME, MGUARD_FW_MAP_IN_TUN);
		nftnl_set_set_str(out, NFTNL_SET_NAME, MGUARD_FW_MAP_OUT_TUN);
		le = child->filter_local->create_enumerator(child->filter_local);
		while (le->enumerate(le, &l))
		{
			if (!ts_range(l, &lf, &lt))
			{
				continue;
			}
			re = child->remote_ts->create_enumerator(child->remote_ts);
			while (re->enumerate(re, &r))
			{
				if (!ts_range(r, &rf, &rt))
				{
					continue;
				}
				key[0] = htonl(rf); key[1] = htonl(lf);
				end[0] = htonl(rt); end[1] = htonl(lt);
				elem_add(in, key, end, sizeof(key), in_chain);
				key[0] = htonl(lf); key[1] = htonl(rf);
				end[0] = htonl(lt); end[1] = htonl(rt);
				elem_add(out, key, end, sizeof(key), out_chain);
				n++;
			}
			re->destroy(re);
		}
		le->destroy(le);
	}
	if (!n)
	{	/* no IPv4 selector pair: nothing to dispatch, stays blocked */
		nftnl_set_free(in);
		nftnl_set_free(out);
		return;
	}
	batch->add_elems(batch, type, flags, in);
	batch->add_elems(batch, type, flags, out);
}

METHOD(mguard_firewall_part_t, up, bool,
	private_mguard_firewall_filter_t *this, mguard_firewall_table_t *table,
	mguard_firewall_child_t *child, mguard_firewall_batch_t *batch)
{
	char in[32], out[32], error[256];
	mguard_fw_chain_t spec = {
		.table = table->name,
		.conn = child->conn,
		.model = table->model,
		.log = this->log,
		.lookup = this->lookup,
		.lookup_data = this->lookup_data,
	};
	linked_list_t *rules;
	struct nftnl_rule *r;
	bool ok = TRUE;

	if (!table->model)
	{
		DBG1(DBG_CFG, "mguard-firewall: no valid model, traffic of CHILD_SA "
			 "%s is blocked", child->name);
		return FALSE;
	}
	if (!child->conn)
	{
		add_elems(table, child, batch, NFT_MSG_NEWSETELEM,
				  MGUARD_FW_CHAIN_UNMODELLED, MGUARD_FW_CHAIN_UNMODELLED);
		return TRUE;
	}
	mguard_fw_child_chain(in, sizeof(in), TRUE, child->reqid);
	mguard_fw_child_chain(out, sizeof(out), FALSE, child->reqid);
	batch->add_chain(batch, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL,
					 chain_new(table, in, -1));
	batch->add_chain(batch, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL,
					 chain_new(table, out, -1));

	rules = linked_list_create();
	spec.chain = in;
	spec.in = TRUE;
	ok = mguard_fw_rules_build(&spec, rules, error, sizeof(error));
	if (ok)
	{
		spec.chain = out;
		spec.in = FALSE;
		ok = mguard_fw_rules_build(&spec, rules, error, sizeof(error));
	}
	while (rules->remove_first(rules, (void**)&r) == SUCCESS)
	{
		if (ok)
		{
			add_rule(batch, r);
		}
		else
		{
			nftnl_rule_free(r);
		}
	}
	rules->destroy(rules);
	if (!ok)
	{
		DBG1(DBG_CFG, "mguard-firewall: connection %s: %s", child->conn->key,
			 error);
		return FALSE;
	}
	add_elems(table, child, batch, NFT_MSG_NEWSETELEM, in, out);
	return TRUE;
}

METHOD(mguard_firewall_part_t, down, void,
	private_mguard_firewall_filter_t *this, mguard_firewall_table_t *table,
	mguard_firewall_child_t *child, mguard_firewall_batch_t *batch)
{
	struct nftnl_chain *c;
	char name[32];

	add_elems(table, child, batch, NFT_MSG_DELSETELEM, NULL, NULL);
	if (child->conn)
	{	/* deleting a chain deletes its rules */
		c = chain_new(table, mguard_fw_child_chain(name, sizeof(name), TRUE,
							child->reqid), -1);
		batch->add_chain(batch, NFT_MSG_DELCHAIN, 0, c);
		c = chain_new(table, mguard_fw_child_chain(name, sizeof(name), FALSE,
							child->reqid), -1);
		batch->add_chain(batch, NFT_MSG_DELCHAIN, 0, c);
	}
}

METHOD(mguard_firewall_part_t, destroy, void,
	private_mguard_firewall_filter_t *this)
{
	free(this);
}

/*
 * See header
 */
mguard_firewall_part_t *mguard_firewall_filter_create(mguard_fw_log_t log,
									mguard_fw_lookup_t lookup, void *data)
{
	private_mguard_firewall_filter_t *this;

	INIT(this,
		.public = {
			.setup = _setup,
			.up = _up,
			.down = _down,
			.destroy = _destroy,
		},
		.log = log,
		.lookup = lookup,
		.lookup_data = data,
	);
	return &this->public;
}
