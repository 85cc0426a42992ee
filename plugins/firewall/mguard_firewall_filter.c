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

/*
 * See header
 */
char *mguard_fw_conn_chain(char *buf, size_t len, bool in, const char *key)
{
	snprintf(buf, len, "%s-%s", in ? "in" : "out", key);
	return buf;
}

/*
 * See header
 */
char *mguard_fw_conn_set(char *buf, size_t len, bool tun, const char *key)
{
	if (key)
	{
		snprintf(buf, len, "%s-%s", tun ? "remote" : "reqid", key);
	}
	else
	{
		snprintf(buf, len, "%s", tun ? MGUARD_FW_SET_REMOTE
									 : MGUARD_FW_SET_REQID);
	}
	return buf;
}

/**
 * A set of our table: reqids (tun FALSE) or remote intervals (tun TRUE)
 */
static struct nftnl_set *set_new(mguard_firewall_table_t *table,
								 const char *name, bool tun)
{
	struct nftnl_set *s = nftnl_set_alloc();
	static uint32_t id = 1;

	nftnl_set_set_str(s, NFTNL_SET_TABLE, table->name);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, MGUARD_FIREWALL_FAMILY);
	nftnl_set_set_u32(s, NFTNL_SET_ID, id++);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, sizeof(uint32_t));
	if (tun)
	{	/* intervals: rbtree, O(log n) changes */
		nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, TYPE_IPADDR);
		nftnl_set_set_u32(s, NFTNL_SET_FLAGS, NFT_SET_INTERVAL);
	}
	else
	{	/* hash */
		nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, TYPE_MARK);
		nftnl_set_set_u32(s, NFTNL_SET_FLAGS, 0);
	}
	return s;
}

static struct nftnl_set *set_ref(mguard_firewall_table_t *table,
								 const char *name)
{
	struct nftnl_set *s = nftnl_set_alloc();

	nftnl_set_set_str(s, NFTNL_SET_TABLE, table->name);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, MGUARD_FIREWALL_FAMILY);
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
 * Match a packet of a direction against a set of CHILD_SAs (by reqid for
 * kernel XFRM, by remote address on the TUN device for kernel-libipsec)
 */
static struct nftnl_rule *match_set(mguard_firewall_table_t *table,
									const char *chain, bool in, bool tun,
									const char *set, bool inv)
{
	struct nftnl_rule *r = mguard_nft_rule(table->name, chain);

	if (tun)
	{
		mguard_nft_ifname(r, in, table->tun);
		mguard_nft_ipv4(r);
		mguard_nft_load_addr(r, in);
	}
	else
	{
		mguard_nft_reqid(r, in, NFT_REG_1);
	}
	mguard_nft_lookup(r, set, inv, FALSE);
	return r;
}

/**
 * Drop traffic of a direction of no installed CHILD_SA (fail closed)
 */
static void add_fail_closed(mguard_firewall_table_t *table,
							mguard_firewall_batch_t *batch, const char *chain,
							bool in)
{
	struct nftnl_rule *r;
	int tun;

	for (tun = 0; tun < 2; tun++)
	{
		r = match_set(table, chain, in, tun, tun ? MGUARD_FW_SET_REMOTE
												 : MGUARD_FW_SET_REQID, TRUE);
		mguard_nft_counter(r);
		mguard_nft_verdict(r, NF_DROP, NULL);
		add_rule(batch, r);
	}
}

/**
 * Jump to the chain of the connection a packet's CHILD_SA belongs to: one
 * rule per connection and data path, each looking the packet up in the
 * connection's set of CHILD_SAs (a change of a CHILD_SA is a set element,
 * not a jump, so the kernel does not validate the table's chains again:
 * the cost of a change does not grow with the number of tunnels)
 */
static void add_dispatch(mguard_firewall_table_t *table,
						 mguard_firewall_batch_t *batch, const char *chain,
						 bool in)
{
	mguard_connection_t *conn;
	enumerator_t *enumerator;
	struct nftnl_rule *r;
	char set[300], target[300];
	int tun;

	if (!table->model)
	{
		return;
	}
	enumerator = mguard_model_create_connection_enumerator(table->model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		mguard_fw_conn_chain(target, sizeof(target), in, conn->key);
		for (tun = 0; tun < 2; tun++)
		{
			mguard_fw_conn_set(set, sizeof(set), tun, conn->key);
			r = match_set(table, chain, in, tun, set, FALSE);
			mguard_nft_verdict(r, NFT_JUMP, target);
			add_rule(batch, r);
		}
	}
	enumerator->destroy(enumerator);
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

/**
 * A connection's chains: its rules, or a drop if they cannot be built
 */
static void add_conn_chains(private_mguard_firewall_filter_t *this,
							mguard_firewall_table_t *table,
							mguard_firewall_batch_t *batch,
							mguard_connection_t *conn)
{
	char name[2][300], error[256];
	mguard_fw_chain_t spec = {
		.table = table->name,
		.conn = conn,
		.model = table->model,
		.log = this->log,
		.lookup = this->lookup,
		.lookup_data = this->lookup_data,
	};
	linked_list_t *rules;
	struct nftnl_rule *r;
	int i;

	for (i = 0; i < 2; i++)
	{
		mguard_fw_conn_chain(name[i], sizeof(name[i]), i == 0, conn->key);
		batch->add_chain(batch, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL,
						 chain_new(table, name[i], -1));
		rules = linked_list_create();
		spec.chain = name[i];
		spec.in = i == 0;
		if (!mguard_fw_rules_build(&spec, rules, error, sizeof(error)))
		{
			DBG1(DBG_CFG, "mguard-firewall: connection %s, %s: %s; its "
				 "traffic is dropped", conn->key, i ? "outgoing" : "incoming",
				 error);
			rules->destroy_function(rules, (void*)nftnl_rule_free);
			rules = linked_list_create();
			r = mguard_nft_rule(table->name, name[i]);
			mguard_nft_counter(r);
			mguard_nft_verdict(r, NF_DROP, NULL);
			rules->insert_last(rules, r);
		}
		while (rules->remove_first(rules, (void**)&r) == SUCCESS)
		{
			add_rule(batch, r);
		}
		rules->destroy(rules);
	}
}

METHOD(mguard_firewall_part_t, setup, bool,
	private_mguard_firewall_filter_t *this, mguard_firewall_table_t *table,
	mguard_firewall_batch_t *batch)
{
	uint16_t create = NLM_F_CREATE | NLM_F_EXCL;
	mguard_connection_t *conn;
	enumerator_t *enumerator;
	char name[300];
	int tun;

	/* every installed CHILD_SA (fail closed), and per connection */
	batch->add_set(batch, NFT_MSG_NEWSET, create,
				   set_new(table, MGUARD_FW_SET_REQID, FALSE));
	batch->add_set(batch, NFT_MSG_NEWSET, create,
				   set_new(table, MGUARD_FW_SET_REMOTE, TRUE));
	if (table->model)
	{
		enumerator = mguard_model_create_connection_enumerator(table->model);
		while (enumerator->enumerate(enumerator, &conn))
		{
			for (tun = 0; tun < 2; tun++)
			{
				batch->add_set(batch, NFT_MSG_NEWSET, create,
					set_new(table, mguard_fw_conn_set(name, sizeof(name), tun,
								conn->key), tun));
			}
			add_conn_chains(this, table, batch, conn);
		}
		enumerator->destroy(enumerator);
	}

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
 * Add an element to a set, an interval's end if end
 */
static void elem_add(struct nftnl_set *s, uint32_t key, bool end)
{
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();

	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, &key, sizeof(key));
	if (end)
	{
		nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_FLAGS,
							   NFT_SET_ELEM_INTERVAL_END);
	}
	nftnl_set_elem_add(s, e);
}

/**
 * The elements of a CHILD_SA, in the set of all CHILD_SAs and (key not
 * NULL) in its connection's: its reqid (kernel XFRM), or its remote
 * selectors as intervals (kernel-libipsec: libipsec itself checks the
 * whole selector pair, and kernel-libipsec routes a remote network into
 * one CHILD_SA only)
 */
static void add_elems(mguard_firewall_table_t *table,
					  mguard_firewall_child_t *child,
					  mguard_firewall_batch_t *batch, uint16_t type,
					  const char *key)
{
	traffic_selector_t *ts;
	enumerator_t *enumerator;
	struct nftnl_set *sets[2];
	uint32_t from, to;
	uint16_t flags = type == NFT_MSG_NEWSETELEM ? NLM_F_CREATE | NLM_F_EXCL
												: 0;
	char name[300];
	bool tun = child->tun != NULL;
	u_int n = 0;
	int i, count = key ? 2 : 1;

	for (i = 0; i < count; i++)
	{
		sets[i] = set_ref(table, mguard_fw_conn_set(name, sizeof(name), tun,
													i ? key : NULL));
	}
	if (!tun)
	{
		for (i = 0; i < count; i++)
		{
			elem_add(sets[i], child->reqid, FALSE);
		}
		n++;
	}
	else
	{
		enumerator = child->remote_ts->create_enumerator(child->remote_ts);
		while (enumerator->enumerate(enumerator, &ts))
		{
			if (!ts_range(ts, &from, &to))
			{
				continue;
			}
			for (i = 0; i < count; i++)
			{	/* the start, and the end after the last address */
				elem_add(sets[i], htonl(from), FALSE);
				if (to != UINT32_MAX)
				{
					elem_add(sets[i], htonl(to + 1), TRUE);
				}
			}
			n++;
		}
		enumerator->destroy(enumerator);
	}
	for (i = 0; i < count; i++)
	{
		if (n)
		{
			batch->add_elems(batch, type, flags, sets[i]);
		}
		else
		{	/* no IPv4 selector: nothing to dispatch, stays blocked */
			nftnl_set_free(sets[i]);
		}
	}
}

METHOD(mguard_firewall_part_t, up, bool,
	private_mguard_firewall_filter_t *this, mguard_firewall_table_t *table,
	mguard_firewall_child_t *child, mguard_firewall_batch_t *batch)
{
	if (!table->model)
	{
		DBG1(DBG_CFG, "mguard-firewall: no valid model, traffic of CHILD_SA "
			 "%s is blocked", child->name);
		return FALSE;
	}
	/* not in the model: only in the set of all, i.e. not filtered */
	add_elems(table, child, batch, NFT_MSG_NEWSETELEM,
			  child->conn ? child->conn->key : NULL);
	return TRUE;
}

METHOD(mguard_firewall_part_t, down, void,
	private_mguard_firewall_filter_t *this, mguard_firewall_table_t *table,
	mguard_firewall_child_t *child, mguard_firewall_batch_t *batch)
{
	add_elems(table, child, batch, NFT_MSG_DELSETELEM,
			  child->conn ? child->conn->key : NULL);
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
