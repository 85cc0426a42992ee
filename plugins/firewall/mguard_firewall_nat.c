/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_nat.h"

#include <string.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/xfrm.h>

#include <libnftnl/rule.h>
#include <libnftnl/expr.h>

#include "mguard_firewall_expr.h"

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
 * ip saddr/daddr in a network given in network order (nothing for /0)
 */
static void add_addr(struct nftnl_rule *r, bool src, uint32_t addr,
					 uint8_t prefix)
{
	uint32_t from = ntohl(addr & prefix_mask(prefix));

	if (prefix)
	{
		mguard_nft_addr(r, src, from, from | ntohl(~prefix_mask(prefix)));
	}
}

/**
 * Load a value into a register
 */
static void add_immediate(struct nftnl_rule *r, uint32_t reg, uint32_t value)
{
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");

	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, reg);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, &value, sizeof(value));
	nftnl_rule_add_expr(r, e);
}

/**
 * Translate to one address or, as netmap, to a network of the same size
 * (`snat|dnat ip prefix to A/N`: NF_NAT_RANGE_NETMAP, Linux 5.8+)
 */
static void add_nat(struct nftnl_rule *r, mguard_firewall_nat_rule_t *rule)
{
	bool netmap = rule->to_prefix < 32;
	uint32_t min = rule->to & prefix_mask(rule->to_prefix);
	struct nftnl_expr *e;

	add_immediate(r, NFT_REG_1, min);
	if (netmap)
	{
		add_immediate(r, NFT_REG_2, min | ~prefix_mask(rule->to_prefix));
	}
	e = nftnl_expr_alloc("nat");
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE,
					   rule->dnat ? NFT_NAT_DNAT : NFT_NAT_SNAT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
	if (netmap)
	{
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MAX, NFT_REG_2);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FLAGS, NF_NAT_RANGE_NETMAP);
	}
	nftnl_rule_add_expr(r, e);
}

/**
 * Match the tunnel: by interface for kernel-libipsec; by reqid for packets
 * from the tunnel in prerouting with XFRM, where `ipsec in` sees them (if
 * the reqid is known); by address alone otherwise (the kernel's inbound policy check drops packets
 * from the remote network that did not arrive through the tunnel)
 */
static void add_tunnel_match(struct nftnl_rule *r,
							 mguard_firewall_nat_where_t *where,
							 mguard_firewall_nat_rule_t *rule)
{
	switch (rule->dir)
	{
		case MGUARD_FIREWALL_NAT_FROM_TUNNEL:
			if (where->tun)
			{
				mguard_nft_ifname(r, TRUE, where->tun);
			}
			else if (rule->hook == MGUARD_FIREWALL_NAT_PRE && where->reqid)
			{
				mguard_nft_reqid(r, TRUE, NFT_REG_1);
				add_cmp(r, NFT_CMP_EQ, &where->reqid, sizeof(where->reqid));
			}
			break;
		case MGUARD_FIREWALL_NAT_NOT_FROM_TUNNEL:
			if (where->tun)
			{
				add_not_iifname(r, where->tun);
			}
			break;
		case MGUARD_FIREWALL_NAT_INTO_TUNNEL:
			if (where->tun)
			{
				mguard_nft_ifname(r, FALSE, where->tun);
			}
			break;
		default:
			break;
	}
}

/*
 * Described in header
 */
struct nftnl_rule *mguard_firewall_nat_build(mguard_firewall_nat_where_t *where,
											mguard_firewall_nat_rule_t *rule)
{
	struct nftnl_rule *r;

	r = mguard_nft_rule(where->table, rule->hook == MGUARD_FIREWALL_NAT_PRE ?
						where->prerouting : where->postrouting);
	mguard_nft_ipv4(r);
	add_tunnel_match(r, where, rule);
	add_addr(r, TRUE, rule->saddr, rule->saddr_prefix);
	add_addr(r, FALSE, rule->daddr, rule->daddr_prefix);
	add_nat(r, rule);
	return r;
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
