/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_nat.h"

#include <string.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/xfrm.h>

#include <libnftnl/rule.h>
#include <libnftnl/expr.h>
#include <libnftnl/chain.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>

#include "mguard_firewall_expr.h"

#include <linux/netlink.h>

/**
 * Network address of a model network, in network order
 */
static uint32_t net_addr(mguard_net_t *net)
{
	chunk_t addr = net->net->get_address(net->net);
	uint32_t value;

	memcpy(&value, addr.ptr, sizeof(value));
	return value;
}

/**
 * Mask of a prefix length, in network order
 */
static uint32_t prefix_mask(uint8_t prefix)
{
	return prefix ? htonl(0xffffffffu << (32 - prefix)) : 0;
}

/**
 * Add a rule description to a list
 */
static void add_rule(linked_list_t *rules, mguard_firewall_nat_rule_t *tmpl)
{
	mguard_firewall_nat_rule_t *rule;

	rule = malloc(sizeof(*rule));
	*rule = *tmpl;
	rules->insert_last(rules, rule);
}

/**
 * Describe a netmap between a local real and virtual network
 */
static int describe_local_1to1(linked_list_t *rules, mguard_tunnel_t *tunnel,
							   uint32_t real, uint32_t virtual, uint8_t prefix)
{
	mguard_firewall_nat_rule_t in = {
		.hook = MGUARD_FIREWALL_NAT_PRE,
		.dir = MGUARD_FIREWALL_NAT_FROM_TUNNEL,
		.saddr = net_addr(&tunnel->remote),
		.saddr_prefix = tunnel->remote.prefix,
		.daddr = virtual & prefix_mask(prefix),
		.daddr_prefix = prefix,
		.dnat = TRUE,
		.to = real & prefix_mask(prefix),
		.to_prefix = prefix,
	}, out = {
		.hook = MGUARD_FIREWALL_NAT_POST,
		.dir = MGUARD_FIREWALL_NAT_INTO_TUNNEL,
		.saddr = real & prefix_mask(prefix),
		.saddr_prefix = prefix,
		.daddr = net_addr(&tunnel->remote),
		.daddr_prefix = tunnel->remote.prefix,
		.dnat = FALSE,
		.to = virtual & prefix_mask(prefix),
		.to_prefix = prefix,
	};

	add_rule(rules, &in);
	add_rule(rules, &out);
	return 2;
}

/**
 * Describe the local side of a tunnel
 */
static int describe_local(linked_list_t *rules, mguard_tunnel_t *tunnel)
{
	enumerator_t *enumerator;
	mguard_nat_map_t *map;
	int count = 0;

	switch (tunnel->local_nat)
	{
		case MGUARD_NAT_1TO1:
			if (tunnel->local_nat_map->get_count(tunnel->local_nat_map))
			{
				enumerator = tunnel->local_nat_map->create_enumerator(
														tunnel->local_nat_map);
				while (enumerator->enumerate(enumerator, &map))
				{
					uint32_t real, virtual;

					memcpy(&real, map->real->get_address(map->real).ptr, 4);
					memcpy(&virtual,
						   map->virtual->get_address(map->virtual).ptr, 4);
					count += describe_local_1to1(rules, tunnel, real, virtual,
												 map->netmask);
				}
				enumerator->destroy(enumerator);
				return count;
			}
			if (!tunnel->local_nat_network.net)
			{
				return 0;
			}
			return describe_local_1to1(rules, tunnel,
									   net_addr(&tunnel->local_nat_network),
									   net_addr(&tunnel->local),
									   tunnel->local.prefix);
		case MGUARD_NAT_MASQUERADE:
		{
			mguard_firewall_nat_rule_t out = {
				.hook = MGUARD_FIREWALL_NAT_POST,
				.dir = MGUARD_FIREWALL_NAT_INTO_TUNNEL,
				.daddr = net_addr(&tunnel->remote),
				.daddr_prefix = tunnel->remote.prefix,
				.to = net_addr(&tunnel->local),
				.to_prefix = 32,
			};

			if (!tunnel->local_nat_network.net)
			{
				return 0;
			}
			out.saddr = net_addr(&tunnel->local_nat_network);
			out.saddr_prefix = tunnel->local_nat_network.prefix;
			add_rule(rules, &out);
			return 1;
		}
		default:
			return 0;
	}
}

/**
 * Describe the remote side of a tunnel
 */
static int describe_remote(linked_list_t *rules, mguard_tunnel_t *tunnel)
{
	mguard_firewall_nat_rule_t in = {
		.hook = MGUARD_FIREWALL_NAT_POST,
		.dir = MGUARD_FIREWALL_NAT_FROM_TUNNEL,
		.saddr = net_addr(&tunnel->remote),
		.saddr_prefix = tunnel->remote.prefix,
	};

	if (!tunnel->remote_nat_network.net)
	{
		return 0;
	}
	switch (tunnel->remote_nat)
	{
		case MGUARD_NAT_1TO1:
		{
			mguard_firewall_nat_rule_t out = {
				.hook = MGUARD_FIREWALL_NAT_PRE,
				.dir = MGUARD_FIREWALL_NAT_NOT_FROM_TUNNEL,
				.daddr = net_addr(&tunnel->remote_nat_network),
				.daddr_prefix = tunnel->remote_nat_network.prefix,
				.dnat = TRUE,
				.to = net_addr(&tunnel->remote),
				.to_prefix = tunnel->remote.prefix,
			};

			add_rule(rules, &out);
			in.to = net_addr(&tunnel->remote_nat_network);
			in.to_prefix = tunnel->remote_nat_network.prefix;
			add_rule(rules, &in);
			return 2;
		}
		case MGUARD_NAT_MASQUERADE:
			in.to = net_addr(&tunnel->remote_nat_network);
			in.to_prefix = 32;
			add_rule(rules, &in);
			return 1;
		default:
			return 0;
	}
}

/*
 * Described in header
 */
int mguard_firewall_nat_describe(mguard_tunnel_t *tunnel, linked_list_t *rules)
{
	if (tunnel->type != MGUARD_TUNNEL || !tunnel->local.net ||
		!tunnel->remote.net)
	{
		return 0;
	}
	return describe_local(rules, tunnel) + describe_remote(rules, tunnel);
}

/*
 * Described in header
 */
int mguard_firewall_nat_describe_modecfg(mguard_mode_config_t *mc,
										 host_t *vip, linked_list_t *rules)
{
	mguard_firewall_nat_rule_t out = {
		.hook = MGUARD_FIREWALL_NAT_POST,
		.dir = MGUARD_FIREWALL_NAT_INTO_TUNNEL,
		.to_prefix = 32,
	};

	if (mc->mode != MGUARD_MC_CLIENT || !mc->local_nat ||
		!mc->local_nat_network.net || !vip || vip->get_family(vip) != AF_INET)
	{
		return 0;
	}
	out.saddr = net_addr(&mc->local_nat_network);
	out.saddr_prefix = mc->local_nat_network.prefix;
	if (mc->remote_fixed && mc->remote_network.net)
	{
		out.daddr = net_addr(&mc->remote_network);
		out.daddr_prefix = mc->remote_network.prefix;
	}
	memcpy(&out.to, vip->get_address(vip).ptr, sizeof(out.to));
	add_rule(rules, &out);
	return 1;
}

ENUM(mguard_firewall_nat_map_names, MGUARD_FIREWALL_NAT_MAP_PRE_IN,
	 MGUARD_FIREWALL_NAT_MAP_POST_IN,
	"nat_pre_in",
	"nat_pre_reqid",
	"nat_pre_lan",
	"nat_post_out",
	"nat_post_in",
);

/** nft's data type ids (datatype.h) of ipv4_addr and mark */
#define TYPE_IPADDR 7
#define TYPE_MARK 19
/** nft's bits per type in the id of a concatenation (TYPE_BITS) */
#define TYPE_BITS 6
/** nft's BYTEORDER_BIG_ENDIAN (expression.h) */
#define BYTEORDER_BIG_ENDIAN 2

/**
 * Whether a map's key starts with the reqid
 */
static bool has_reqid(mguard_firewall_nat_map_t map)
{
	return map == MGUARD_FIREWALL_NAT_MAP_PRE_REQID;
}

/*
 * Described in header
 */
mguard_firewall_nat_map_t mguard_firewall_nat_map_of(
								mguard_firewall_nat_where_t *where,
								mguard_firewall_nat_rule_t *rule)
{
	switch (rule->dir)
	{
		case MGUARD_FIREWALL_NAT_FROM_TUNNEL:
			if (rule->hook == MGUARD_FIREWALL_NAT_POST)
			{
				return MGUARD_FIREWALL_NAT_MAP_POST_IN;
			}
			return !where->tun && where->reqid ?
						MGUARD_FIREWALL_NAT_MAP_PRE_REQID :
						MGUARD_FIREWALL_NAT_MAP_PRE_IN;
		case MGUARD_FIREWALL_NAT_NOT_FROM_TUNNEL:
			return MGUARD_FIREWALL_NAT_MAP_PRE_LAN;
		case MGUARD_FIREWALL_NAT_INTO_TUNNEL:
		default:
			return MGUARD_FIREWALL_NAT_MAP_POST_OUT;
	}
}

/*
 * Described in header
 */
char *mguard_firewall_nat_map_name(char *buf, size_t len,
								   mguard_firewall_nat_map_t map,
								   int src, int dst)
{
	snprintf(buf, len, "%s-%d-%d",
			 enum_to_name(mguard_firewall_nat_map_names, map), src, dst);
	return buf;
}

/**
 * Whether a map's chain is in prerouting
 */
static bool is_pre(mguard_firewall_nat_map_t map)
{
	return map <= MGUARD_FIREWALL_NAT_MAP_PRE_LAN;
}

/**
 * A chain of the table, without hook
 */
static struct nftnl_chain *chain_ref(mguard_firewall_nat_where_t *where,
									 const char *name)
{
	struct nftnl_chain *chain = nftnl_chain_alloc();

	nftnl_chain_set_u32(chain, NFTNL_CHAIN_FAMILY, NFPROTO_INET);
	nftnl_chain_set_str(chain, NFTNL_CHAIN_TABLE, where->table);
	nftnl_chain_set_str(chain, NFTNL_CHAIN_NAME, name);
	return chain;
}

/*
 * Described in header
 */
struct nftnl_chain *mguard_firewall_nat_chain(mguard_firewall_nat_where_t *where,
											 bool pre)
{
	struct nftnl_chain *chain;

	chain = chain_ref(where, pre ? MGUARD_FIREWALL_NAT_PREROUTING
								 : MGUARD_FIREWALL_NAT_POSTROUTING);
	nftnl_chain_set_str(chain, NFTNL_CHAIN_TYPE, "nat");
	nftnl_chain_set_u32(chain, NFTNL_CHAIN_HOOKNUM,
						pre ? NF_INET_PRE_ROUTING : NF_INET_POST_ROUTING);
	nftnl_chain_set_s32(chain, NFTNL_CHAIN_PRIO,
						pre ? NF_IP_PRI_NAT_DST : NF_IP_PRI_NAT_SRC);
	nftnl_chain_set_u32(chain, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	return chain;
}

/*
 * Described in header
 */
struct nftnl_chain *mguard_firewall_nat_map_chain(
								mguard_firewall_nat_where_t *where,
								mguard_firewall_nat_map_t map)
{
	return chain_ref(where, enum_to_name(mguard_firewall_nat_map_names, map));
}

/**
 * A set naming table and map
 */
static struct nftnl_set *set_ref(mguard_firewall_nat_where_t *where,
								 mguard_firewall_nat_map_t map, int src,
								 int dst)
{
	struct nftnl_set *set = nftnl_set_alloc();
	char name[64];

	nftnl_set_set_u32(set, NFTNL_SET_FAMILY, NFPROTO_INET);
	nftnl_set_set_str(set, NFTNL_SET_TABLE, where->table);
	nftnl_set_set_str(set, NFTNL_SET_NAME,
					  mguard_firewall_nat_map_name(name, sizeof(name), map,
												   src, dst));
	return set;
}

/*
 * Described in header
 */
struct nftnl_set *mguard_firewall_nat_map(mguard_firewall_nat_where_t *where,
										 mguard_firewall_nat_map_t map,
										 int src, int dst)
{
	static uint32_t id = 1;
	uint32_t type = (TYPE_IPADDR << TYPE_BITS) | TYPE_IPADDR;
	int count = 2;
	struct nftnl_udata_buf *udata;
	struct nftnl_set *set;

	if (has_reqid(map))
	{
		type |= TYPE_MARK << (2 * TYPE_BITS);
		count = 3;
	}
	set = set_ref(where, map, src, dst);
	nftnl_set_set_u32(set, NFTNL_SET_ID, id++);
	/* a hash: the keys are masked addresses, matched exactly, so a change
	 * costs the same whatever the number of elements (a concatenated
	 * interval set, pipapo, is copied by every transaction) */
	nftnl_set_set_u32(set, NFTNL_SET_FLAGS, NFT_SET_MAP);
	nftnl_set_set_u32(set, NFTNL_SET_KEY_TYPE, type);
	nftnl_set_set_u32(set, NFTNL_SET_KEY_LEN, 4 * count);
	nftnl_set_set_u32(set, NFTNL_SET_DATA_TYPE, TYPE_IPADDR);
	nftnl_set_set_u32(set, NFTNL_SET_DATA_LEN, 2 * sizeof(uint32_t));
	/* what nft(8) needs to print the map as it would have written it */
	udata = nftnl_udata_buf_alloc(64);
	nftnl_udata_put_u32(udata, NFTNL_UDATA_SET_KEYBYTEORDER,
						BYTEORDER_BIG_ENDIAN);
	nftnl_udata_put_u32(udata, NFTNL_UDATA_SET_DATABYTEORDER,
						BYTEORDER_BIG_ENDIAN);
	nftnl_udata_put_u32(udata, NFTNL_UDATA_SET_DATA_INTERVAL, 1);
	nftnl_set_set_data(set, NFTNL_SET_USERDATA, nftnl_udata_buf_data(udata),
					   nftnl_udata_buf_len(udata));
	nftnl_udata_buf_free(udata);
	return set;
}

/**
 * Compare register 1 with data
 */
static void add_cmp(struct nftnl_rule *r, uint32_t op, const void *data,
					uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	nftnl_rule_add_expr(r, e);
}

/**
 * iifname != NAME (mguard_nft_ifname() has only the positive match)
 */
static void add_not_iifname(struct nftnl_rule *r, const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");
	char buf[IFNAMSIZ] = {};

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_IIFNAME);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
	strncpy(buf, name, sizeof(buf) - 1);
	add_cmp(r, NFT_CMP_NEQ, buf, sizeof(buf));
}

/**
 * `ipsec in reqid` into register 1, in network order as map keys are
 */
static void add_reqid(struct nftnl_rule *r)
{
	struct nftnl_expr *e;

	mguard_nft_reqid(r, TRUE, NFT_REG_1);
	e = nftnl_expr_alloc("byteorder");
	nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_OP, NFT_BYTEORDER_HTON);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_LEN, sizeof(uint32_t));
	nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_SIZE, sizeof(uint32_t));
	nftnl_rule_add_expr(r, e);
}

/*
 * Described in header
 */
struct nftnl_rule *mguard_firewall_nat_dispatch(
								mguard_firewall_nat_where_t *where,
								mguard_firewall_nat_map_t map)
{
	struct nftnl_rule *r;

	if (has_reqid(map) && where->tun)
	{
		return NULL;
	}
	r = mguard_nft_rule(where->table, is_pre(map) ?
						MGUARD_FIREWALL_NAT_PREROUTING :
						MGUARD_FIREWALL_NAT_POSTROUTING);
	mguard_nft_ipv4(r);
	if (where->tun)
	{
		switch (map)
		{
			case MGUARD_FIREWALL_NAT_MAP_PRE_IN:
			case MGUARD_FIREWALL_NAT_MAP_POST_IN:
				mguard_nft_ifname(r, TRUE, where->tun);
				break;
			case MGUARD_FIREWALL_NAT_MAP_PRE_LAN:
				add_not_iifname(r, where->tun);
				break;
			default:
				mguard_nft_ifname(r, FALSE, where->tun);
				break;
		}
	}
	mguard_nft_verdict(r, NFT_JUMP,
					   enum_to_name(mguard_firewall_nat_map_names, map));
	return r;
}

/*
 * Described in header
 */
struct nftnl_rule *mguard_firewall_nat_lookup(
								mguard_firewall_nat_where_t *where,
								mguard_firewall_nat_map_t map,
								int src, int dst)
{
	struct nftnl_rule *r;
	struct nftnl_expr *e;
	char name[64];
	uint32_t reg = NFT_REG_1;

	r = mguard_nft_rule(where->table,
						enum_to_name(mguard_firewall_nat_map_names, map));
	mguard_nft_ipv4(r);
	/* the key's fields in consecutive 32-bit registers from register 1 */
	if (has_reqid(map))
	{
		add_reqid(r);
		reg = NFT_REG32_01;
	}
	mguard_nft_load_prefix_reg(r, TRUE, src, reg);
	mguard_nft_load_prefix_reg(r, FALSE, dst,
							   reg == NFT_REG_1 ? NFT_REG32_01 : reg + 1);
	e = nftnl_expr_alloc("lookup");
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET,
			mguard_firewall_nat_map_name(name, sizeof(name), map, src, dst));
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
	/* the data is the translated network: addr_min . addr_max */
	e = nftnl_expr_alloc("nat");
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE,
					   is_pre(map) ? NFT_NAT_DNAT : NFT_NAT_SNAT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MAX, NFT_REG32_01);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FLAGS, NF_NAT_RANGE_NETMAP);
	nftnl_rule_add_expr(r, e);
	return r;
}

/*
 * Described in header
 */
struct nftnl_set *mguard_firewall_nat_elem(mguard_firewall_nat_where_t *where,
										  mguard_firewall_nat_rule_t *rule,
										  bool data)
{
	mguard_firewall_nat_map_t map = mguard_firewall_nat_map_of(where, rule);
	uint32_t key[3], range[2];
	struct nftnl_set_elem *elem;
	struct nftnl_set *set;
	int i = 0;

	if (has_reqid(map))
	{
		key[i++] = htonl(where->reqid);
	}
	key[i++] = rule->saddr & prefix_mask(rule->saddr_prefix);
	key[i++] = rule->daddr & prefix_mask(rule->daddr_prefix);
	elem = nftnl_set_elem_alloc();
	nftnl_set_elem_set(elem, NFTNL_SET_ELEM_KEY, key, i * sizeof(key[0]));
	if (data)
	{	/* first and last address of the translated network */
		range[0] = rule->to & prefix_mask(rule->to_prefix);
		range[1] = range[0] | ~prefix_mask(rule->to_prefix);
		nftnl_set_elem_set(elem, NFTNL_SET_ELEM_DATA, range, sizeof(range));
	}
	set = set_ref(where, map, rule->saddr_prefix, rule->daddr_prefix);
	nftnl_set_elem_add(set, elem);
	return set;
}

/*
 * Described in header
 */
void mguard_firewall_nat_setup(mguard_firewall_nat_where_t *where,
							   mguard_firewall_batch_t *batch)
{
	mguard_firewall_nat_map_t map;
	struct nftnl_rule *rule;

	batch->add_chain(batch, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL,
					 mguard_firewall_nat_chain(where, TRUE));
	batch->add_chain(batch, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL,
					 mguard_firewall_nat_chain(where, FALSE));
	for (map = 0; map < MGUARD_FIREWALL_NAT_MAPS; map++)
	{
		rule = mguard_firewall_nat_dispatch(where, map);
		if (!rule)
		{	/* not used on this data path */
			continue;
		}
		batch->add_chain(batch, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL,
						 mguard_firewall_nat_map_chain(where, map));
		batch->add_rule(batch, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND,
						rule);
	}
}

/*
 * Described in header
 */
host_t *mguard_firewall_nat_gateway_address(mguard_tunnel_t *tunnel)
{
	uint32_t addr;
	chunk_t chunk = chunk_from_thing(addr);

	if (tunnel->type != MGUARD_TUNNEL || !tunnel->local.net)
	{
		return NULL;
	}
	switch (tunnel->local_nat)
	{
		case MGUARD_NAT_1TO1:
		case MGUARD_NAT_MASQUERADE:
			break;
		default:
			return NULL;
	}
	addr = net_addr(&tunnel->local);
	if (tunnel->local.prefix < 31)
	{	/* the first host address, not the network address */
		addr = htonl(ntohl(addr) + 1);
	}
	return host_create_from_chunk(AF_INET, chunk, 0);
}
