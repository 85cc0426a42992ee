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

#include <collections/hashtable.h>
#include <utils/debug.h>

typedef struct private_mguard_firewall_filter_t
			private_mguard_firewall_filter_t;

/**
 * Prefix lengths (bit N: /N) whose kernel-libipsec objects exist: a set
 * per length plus the rules that look packets up in it
 */
typedef struct {
	/** in the kernel (confirmed by done()) */
	uint64_t made;
	/** added to the batch being built */
	uint64_t adding;
} lengths_t;

struct private_mguard_firewall_filter_t {

	/** implements the part */
	mguard_firewall_part_t public;

	/** logging */
	mguard_fw_log_t log;

	/** host names */
	mguard_fw_lookup_t lookup;
	void *lookup_data;

	/** prefix lengths in use by the set of all, lengths_t */
	lengths_t all;

	/** connection key (owned) => lengths_t of its kernel-libipsec sets */
	hashtable_t *conns;

	/** the batch being built builds the table from nothing (setup()) */
	bool building;
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
char *mguard_fw_conn_set(char *buf, size_t len, const char *key)
{
	snprintf(buf, len, "%s", MGUARD_FW_SET_REQID);
	if (key)
	{
		snprintf(buf, len, "reqid-%s", key);
	}
	return buf;
}

/*
 * See header
 */
char *mguard_fw_remote_set(char *buf, size_t len, const char *key,
						   int prefix)
{
	if (key)
	{
		snprintf(buf, len, "remote-%s-%d", key, prefix);
	}
	else
	{
		snprintf(buf, len, "%s-%d", MGUARD_FW_SET_REMOTE, prefix);
	}
	return buf;
}

/**
 * A set of our table: reqids (tun FALSE) or remote network addresses of
 * one prefix length (tun TRUE), both hash sets: an element's change costs
 * the same whatever the size of the set (intervals, rbtree, cost more the
 * more elements the set has)
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
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, tun ? TYPE_IPADDR : TYPE_MARK);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, 0);
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
 * Match a kernel XFRM packet of a direction against a set of reqids
 */
static struct nftnl_rule *match_reqid(mguard_firewall_table_t *table,
									  const char *chain, bool in,
									  const char *set, bool inv)
{
	struct nftnl_rule *r = mguard_nft_rule(table->name, chain);

	mguard_nft_reqid(r, in, NFT_REG_1);
	mguard_nft_lookup(r, set, inv, FALSE);
	return r;
}

/**
 * Jump to a chain with the IPv4 packets of a direction on the TUN device
 */
static void jump_tun(mguard_firewall_table_t *table,
					 mguard_firewall_batch_t *batch, const char *chain,
					 bool in, const char *target)
{
	struct nftnl_rule *r = mguard_nft_rule(table->name, chain);

	mguard_nft_ifname(r, in, table->tun);
	mguard_nft_ipv4(r);
	mguard_nft_verdict(r, NFT_JUMP, target);
	add_rule(batch, r);
}

/**
 * Drop traffic of a direction of no installed CHILD_SA (fail closed):
 * kernel XFRM by reqid; kernel-libipsec in chain known-in|out, which
 * returns for a remote address in the set of any prefix length in use
 * (rules added with the first CHILD_SA of a length) and drops at its end
 */
static void add_fail_closed(mguard_firewall_table_t *table,
							mguard_firewall_batch_t *batch, const char *chain,
							bool in)
{
	struct nftnl_rule *r;

	r = match_reqid(table, chain, in, MGUARD_FW_SET_REQID, TRUE);
	mguard_nft_counter(r);
	mguard_nft_verdict(r, NF_DROP, NULL);
	add_rule(batch, r);
	jump_tun(table, batch, chain, in, in ? MGUARD_FW_CHAIN_KNOWN_IN
										 : MGUARD_FW_CHAIN_KNOWN_OUT);
}

/**
 * Jump to the chain of the connection a packet's CHILD_SA belongs to: one
 * rule per connection for kernel XFRM, each looking the packet up in the
 * connection's set of reqids, and a jump to dispatch-in|out for
 * kernel-libipsec, which has a rule per connection and prefix length in
 * use (a change of a CHILD_SA is a set element, not a jump, so the kernel
 * does not validate the table's chains again: the cost of a change does
 * not grow with the number of tunnels)
 */
static void add_dispatch(mguard_firewall_table_t *table,
						 mguard_firewall_batch_t *batch, const char *chain,
						 bool in)
{
	mguard_connection_t *conn;
	enumerator_t *enumerator;
	struct nftnl_rule *r;
	char set[300], target[300];

	if (!table->model)
	{
		return;
	}
	enumerator = mguard_model_create_connection_enumerator(table->model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		mguard_fw_conn_chain(target, sizeof(target), in, conn->key);
		mguard_fw_conn_set(set, sizeof(set), conn->key);
		r = match_reqid(table, chain, in, set, FALSE);
		mguard_nft_verdict(r, NFT_JUMP, target);
		add_rule(batch, r);
	}
	enumerator->destroy(enumerator);
	jump_tun(table, batch, chain, in, in ? MGUARD_FW_CHAIN_DISPATCH_IN
										 : MGUARD_FW_CHAIN_DISPATCH_OUT);
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

static void lengths_destroy(lengths_t *lengths, const char *key)
{
	free((void*)key);
	free(lengths);
}

/**
 * Forget every object per prefix length
 */
static void reset_lengths(private_mguard_firewall_filter_t *this)
{
	enumerator_t *enumerator;
	lengths_t *lengths;
	char *key;

	this->all = (lengths_t){};
	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, &key, &lengths))
	{
		this->conns->remove_at(this->conns, enumerator);
		lengths_destroy(lengths, key);
	}
	enumerator->destroy(enumerator);
}

/**
 * The prefix lengths of the set of all (key NULL) or of a connection's
 */
static lengths_t *get_lengths(private_mguard_firewall_filter_t *this,
							  const char *key)
{
	lengths_t *lengths;

	if (!key)
	{
		return &this->all;
	}
	lengths = this->conns->get(this->conns, key);
	if (!lengths)
	{
		INIT(lengths);
		this->conns->put(this->conns, strdup(key), lengths);
	}
	return lengths;
}

METHOD(mguard_firewall_part_t, setup, bool,
	private_mguard_firewall_filter_t *this, mguard_firewall_table_t *table,
	mguard_firewall_batch_t *batch)
{
	uint16_t create = NLM_F_CREATE | NLM_F_EXCL;
	mguard_connection_t *conn;
	enumerator_t *enumerator;
	struct nftnl_rule *r;
	char name[300];
	const char *chains[] = {
		MGUARD_FW_CHAIN_KNOWN_IN, MGUARD_FW_CHAIN_KNOWN_OUT,
		MGUARD_FW_CHAIN_DISPATCH_IN, MGUARD_FW_CHAIN_DISPATCH_OUT,
	};
	int i;

	/* a new table: the objects per prefix length come with the CHILD_SAs
	 * that need them (done() forgets the old ones if the table is built) */
	this->building = TRUE;

	/* every installed CHILD_SA (fail closed), and per connection */
	batch->add_set(batch, NFT_MSG_NEWSET, create,
				   set_new(table, MGUARD_FW_SET_REQID, FALSE));
	if (table->model)
	{
		enumerator = mguard_model_create_connection_enumerator(table->model);
		while (enumerator->enumerate(enumerator, &conn))
		{
			batch->add_set(batch, NFT_MSG_NEWSET, create,
				set_new(table, mguard_fw_conn_set(name, sizeof(name),
							conn->key), FALSE));
			add_conn_chains(this, table, batch, conn);
		}
		enumerator->destroy(enumerator);
	}
	for (i = 0; i < countof(chains); i++)
	{
		batch->add_chain(batch, NFT_MSG_NEWCHAIN, create,
						 chain_new(table, chains[i], -1));
	}
	for (i = 0; i < 2; i++)
	{	/* no prefix length matched: a packet of no installed CHILD_SA */
		r = mguard_nft_rule(table->name, chains[i]);
		mguard_nft_counter(r);
		mguard_nft_verdict(r, NF_DROP, NULL);
		add_rule(batch, r);
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

/*
 * See header
 */
int mguard_fw_range_prefix(uint32_t from, uint32_t to)
{
	uint32_t host;
	int len;

	for (len = 0; len < 32; len++)
	{
		host = ~0u >> len;
		if (!(from & host) && (from | host) <= to)
		{
			break;
		}
	}
	return len;
}

/** host byte order netmask of a prefix length */
static uint32_t prefix_mask(int len)
{
	return len ? ~0u << (32 - len) : 0;
}

/*
 * See header
 */
struct nftnl_rule *mguard_fw_prefix_rule(const char *table, const char *chain,
										 bool in, int len, const char *set,
										 const char *target)
{
	struct nftnl_rule *r = mguard_nft_rule(table, chain);

	mguard_nft_ipv4(r);
	mguard_nft_load_prefix(r, in, len);
	mguard_nft_lookup(r, set, FALSE, FALSE);
	mguard_nft_verdict(r, target ? NFT_JUMP : NFT_RETURN, target);
	return r;
}

/**
 * Add the objects of a prefix length to the batch unless they exist: for
 * the set of all (key NULL) the set and a rule in known-in and known-out
 * each that returns for an address in it; for a connection its set and a
 * rule in dispatch-in and dispatch-out each that jumps to its chain. This
 * validates the table (a rule), but only for the first CHILD_SA of a
 * length, not per CHILD_SA.
 */
static void need_length(private_mguard_firewall_filter_t *this,
						mguard_firewall_table_t *table,
						mguard_firewall_batch_t *batch, const char *key,
						int len)
{
	lengths_t *lengths = get_lengths(this, key);
	uint64_t bit = 1ULL << len;
	struct nftnl_rule *r;
	char set[300], target[300];
	int in;

	if ((this->building ? 0 : lengths->made) & bit || lengths->adding & bit)
	{
		return;
	}
	lengths->adding |= bit;
	mguard_fw_remote_set(set, sizeof(set), key, len);
	batch->add_set(batch, NFT_MSG_NEWSET, NLM_F_CREATE,
				   set_new(table, set, TRUE));
	for (in = 0; in < 2; in++)
	{
		if (key)
		{	/* after the rules of other lengths and connections */
			r = mguard_fw_prefix_rule(table->name, in ?
						MGUARD_FW_CHAIN_DISPATCH_IN : MGUARD_FW_CHAIN_DISPATCH_OUT,
						in, len, set, mguard_fw_conn_chain(target,
									sizeof(target), in, key));
			add_rule(batch, r);
		}
		else
		{	/* first, before the drop at the end */
			r = mguard_fw_prefix_rule(table->name, in ?
						MGUARD_FW_CHAIN_KNOWN_IN : MGUARD_FW_CHAIN_KNOWN_OUT,
						in, len, set, NULL);
			batch->add_rule(batch, NFT_MSG_NEWRULE, NLM_F_CREATE, r);
		}
	}
}

/**
 * Add or delete an element: a reqid, or a network address of a length
 */
static void elem_msg(mguard_firewall_table_t *table,
					 mguard_firewall_batch_t *batch, uint16_t type,
					 const char *set, uint32_t key)
{
	struct nftnl_set *s = set_ref(table, set);
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();
	uint16_t flags = type == NFT_MSG_NEWSETELEM ? NLM_F_CREATE | NLM_F_EXCL
												: 0;

	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, &key, sizeof(key));
	nftnl_set_elem_add(s, e);
	batch->add_elems(batch, type, flags, s);
}

/**
 * The elements of a CHILD_SA, in the set of all CHILD_SAs and (key not
 * NULL) in its connection's: its reqid (kernel XFRM), or its remote
 * selectors as networks, each in the sets of its prefix length
 * (kernel-libipsec: libipsec itself checks the whole selector pair, and
 * kernel-libipsec routes a remote network into one CHILD_SA only); on up
 * (this not NULL) with the objects of lengths not in use before
 */
static void add_elems(private_mguard_firewall_filter_t *this,
					  mguard_firewall_table_t *table,
					  mguard_firewall_child_t *child,
					  mguard_firewall_batch_t *batch, uint16_t type,
					  const char *key)
{
	traffic_selector_t *ts;
	enumerator_t *enumerator;
	uint32_t from, to, last;
	char name[300];
	int i, len, count = key ? 2 : 1;

	if (!child->tun)
	{
		for (i = 0; i < count; i++)
		{
			elem_msg(table, batch, type, mguard_fw_conn_set(name,
						sizeof(name), i ? key : NULL), child->reqid);
		}
		return;
	}
	/* no IPv4 selector: nothing to dispatch, stays blocked */
	enumerator = child->remote_ts->create_enumerator(child->remote_ts);
	while (enumerator->enumerate(enumerator, &ts))
	{
		if (!ts_range(ts, &from, &to))
		{
			continue;
		}
		while (TRUE)
		{	/* a range as the networks that cover it */
			len = mguard_fw_range_prefix(from, to);
			for (i = 0; i < count; i++)
			{
				if (this)
				{
					need_length(this, table, batch, i ? key : NULL, len);
				}
				elem_msg(table, batch, type, mguard_fw_remote_set(name,
							sizeof(name), i ? key : NULL, len), htonl(from));
			}
			last = from | ~prefix_mask(len);
			if (last >= to)
			{
				break;
			}
			from = last + 1;
		}
	}
	enumerator->destroy(enumerator);
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
	add_elems(this, table, child, batch, NFT_MSG_NEWSETELEM,
			  child->conn ? child->conn->key : NULL);
	return TRUE;
}

METHOD(mguard_firewall_part_t, down, void,
	private_mguard_firewall_filter_t *this, mguard_firewall_table_t *table,
	mguard_firewall_child_t *child, mguard_firewall_batch_t *batch)
{
	/* the objects of a prefix length stay (empty sets match nothing) */
	add_elems(NULL, table, child, batch, NFT_MSG_DELSETELEM,
			  child->conn ? child->conn->key : NULL);
}

/**
 * What the batch added exists now, or not
 */
static void lengths_done(lengths_t *lengths, bool ok, bool building)
{
	if (ok)
	{
		lengths->made = (building ? 0 : lengths->made) | lengths->adding;
	}
	lengths->adding = 0;
}

METHOD(mguard_firewall_part_t, done, void,
	private_mguard_firewall_filter_t *this, bool ok)
{
	enumerator_t *enumerator;
	lengths_t *lengths;

	lengths_done(&this->all, ok, this->building);
	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, NULL, &lengths))
	{
		lengths_done(lengths, ok, this->building);
	}
	enumerator->destroy(enumerator);
	this->building = FALSE;
}

METHOD(mguard_firewall_part_t, destroy, void,
	private_mguard_firewall_filter_t *this)
{
	reset_lengths(this);
	this->conns->destroy(this->conns);
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
			.done = _done,
			.destroy = _destroy,
		},
		.log = log,
		.lookup = lookup,
		.lookup_data = data,
		.conns = hashtable_create(hashtable_hash_str, hashtable_equals_str,
								  16),
	);
	return &this->public;
}
