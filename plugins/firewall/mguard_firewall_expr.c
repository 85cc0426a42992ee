/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_expr.h"
#include "mguard_firewall_part.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>

/**
 * Add an expression
 */
static struct nftnl_expr *add(struct nftnl_rule *r, const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);

	nftnl_rule_add_expr(r, e);
	return e;
}

static void meta(struct nftnl_rule *r, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = add(r, "meta");

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
}

static void cmp(struct nftnl_rule *r, uint32_t op, uint32_t sreg,
				const void *data, uint32_t len)
{
	struct nftnl_expr *e = add(r, "cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
}

static void payload(struct nftnl_rule *r, uint32_t base, uint32_t offset,
					uint32_t len, uint32_t dreg)
{
	struct nftnl_expr *e = add(r, "payload");

	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
}

/*
 * See header
 */
struct nftnl_rule *mguard_nft_rule(const char *table, const char *chain)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, MGUARD_FIREWALL_FAMILY);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	return r;
}

void mguard_nft_ipv4(struct nftnl_rule *r)
{
	uint8_t proto = NFPROTO_IPV4;

	meta(r, NFT_META_NFPROTO, NFT_REG_1);
	cmp(r, NFT_CMP_EQ, NFT_REG_1, &proto, sizeof(proto));
}

void mguard_nft_l4proto(struct nftnl_rule *r, uint8_t proto)
{
	meta(r, NFT_META_L4PROTO, NFT_REG_1);
	cmp(r, NFT_CMP_EQ, NFT_REG_1, &proto, sizeof(proto));
}

void mguard_nft_ifname(struct nftnl_rule *r, bool in, const char *name)
{
	char buf[IFNAMSIZ] = {};

	strncpy(buf, name, sizeof(buf) - 1);
	meta(r, in ? NFT_META_IIFNAME : NFT_META_OIFNAME, NFT_REG_1);
	cmp(r, NFT_CMP_EQ, NFT_REG_1, buf, sizeof(buf));
}

/**
 * Prefix length of [from, to] if it is a network, -1 otherwise
 */
static int prefix_of(uint32_t from, uint32_t to)
{
	uint32_t mask;
	int len;

	for (len = 32; len >= 0; len--)
	{
		mask = len ? ~0u << (32 - len) : 0;
		if ((from & ~mask) == 0 && (to & mask) == from &&
			(to | mask) == ~0u)
		{
			return len;
		}
	}
	return -1;
}

void mguard_nft_addr(struct nftnl_rule *r, bool src, uint32_t from,
					 uint32_t to)
{
	uint32_t a = htonl(from), b = htonl(to);
	uint32_t off = src ? 12 : 16;
	int len, bytes;

	len = prefix_of(from, to);
	if (from == to)
	{
		payload(r, NFT_PAYLOAD_NETWORK_HEADER, off, 4, NFT_REG_1);
		cmp(r, NFT_CMP_EQ, NFT_REG_1, &a, sizeof(a));
	}
	else if (len == 0)
	{	/* 0.0.0.0/0 matches every IPv4 packet */
	}
	else if (len > 0 && len % 8 == 0)
	{	/* as nft(8): load only the bytes the prefix covers */
		bytes = len / 8;
		payload(r, NFT_PAYLOAD_NETWORK_HEADER, off, bytes, NFT_REG_1);
		cmp(r, NFT_CMP_EQ, NFT_REG_1, &a, bytes);
	}
	else if (len > 0)
	{
		mguard_nft_load_prefix(r, src, len);
		cmp(r, NFT_CMP_EQ, NFT_REG_1, &a, sizeof(a));
	}
	else
	{
		payload(r, NFT_PAYLOAD_NETWORK_HEADER, off, 4, NFT_REG_1);
		cmp(r, NFT_CMP_GTE, NFT_REG_1, &a, sizeof(a));
		cmp(r, NFT_CMP_LTE, NFT_REG_1, &b, sizeof(b));
	}
}

void mguard_nft_port(struct nftnl_rule *r, bool src, uint16_t from,
					 uint16_t to)
{
	uint16_t a = htons(from), b = htons(to);

	payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, src ? 0 : 2, 2, NFT_REG_1);
	if (from == to)
	{
		cmp(r, NFT_CMP_EQ, NFT_REG_1, &a, sizeof(a));
	}
	else
	{
		cmp(r, NFT_CMP_GTE, NFT_REG_1, &a, sizeof(a));
		cmp(r, NFT_CMP_LTE, NFT_REG_1, &b, sizeof(b));
	}
}

void mguard_nft_icmp_type(struct nftnl_rule *r, uint8_t type)
{
	payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_REG_1);
	cmp(r, NFT_CMP_EQ, NFT_REG_1, &type, sizeof(type));
}

void mguard_nft_ct_state(struct nftnl_rule *r, uint32_t mask)
{
	struct nftnl_expr *e = add(r, "ct");
	uint32_t zero = 0;

	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, NFT_CT_STATE);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, NFT_REG_1);
	e = add(r, "bitwise");
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, sizeof(mask));
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &mask, sizeof(mask));
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, sizeof(zero));
	cmp(r, NFT_CMP_NEQ, NFT_REG_1, &zero, sizeof(zero));
}

void mguard_nft_secpath(struct nftnl_rule *r)
{
	uint8_t one = 1;

	meta(r, NFT_META_SECPATH, NFT_REG_1);
	cmp(r, NFT_CMP_EQ, NFT_REG_1, &one, sizeof(one));
}

void mguard_nft_reqid(struct nftnl_rule *r, bool in, uint32_t reg)
{
	struct nftnl_expr *e = add(r, "xfrm");

	nftnl_expr_set_u32(e, NFTNL_EXPR_XFRM_DREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_XFRM_KEY, NFT_XFRM_KEY_REQID);
	nftnl_expr_set_u8(e, NFTNL_EXPR_XFRM_DIR, in ? 0 : 1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_XFRM_SPNUM, 0);
}

void mguard_nft_load_addr(struct nftnl_rule *r, bool src)
{
	payload(r, NFT_PAYLOAD_NETWORK_HEADER, src ? 12 : 16, 4, NFT_REG_1);
}

void mguard_nft_load_prefix(struct nftnl_rule *r, bool src, int len)
{
	mguard_nft_load_prefix_reg(r, src, len, NFT_REG_1);
}

void mguard_nft_load_prefix_reg(struct nftnl_rule *r, bool src, int len,
								uint32_t reg)
{
	struct nftnl_expr *e;
	uint32_t mask, zero = 0;

	payload(r, NFT_PAYLOAD_NETWORK_HEADER, src ? 12 : 16, 4, reg);
	if (len < 32)
	{
		e = add(r, "bitwise");
		mask = len ? htonl(~0u << (32 - len)) : 0;
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, sizeof(mask));
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &mask, sizeof(mask));
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, sizeof(zero));
	}
}

void mguard_nft_nonzero(struct nftnl_rule *r, uint32_t reg)
{
	uint32_t zero = 0;

	cmp(r, NFT_CMP_NEQ, reg, &zero, sizeof(zero));
}

void mguard_nft_lookup(struct nftnl_rule *r, const char *set, bool inv,
					   bool vmap)
{
	struct nftnl_expr *e = add(r, "lookup");

	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
	if (vmap)
	{
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, NFT_REG_VERDICT);
	}
	if (inv)
	{
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS, NFT_LOOKUP_F_INV);
	}
}

void mguard_nft_map(struct nftnl_rule *r, uint32_t sreg, const char *set,
					uint32_t dreg)
{
	struct nftnl_expr *e = add(r, "lookup");

	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, dreg);
}

void mguard_nft_counter(struct nftnl_rule *r)
{
	add(r, "counter");
}

void mguard_nft_limit(struct nftnl_rule *r, uint32_t rate, uint32_t burst)
{
	struct nftnl_expr *e = add(r, "limit");

	nftnl_expr_set_u64(e, NFTNL_EXPR_LIMIT_RATE, rate);
	nftnl_expr_set_u64(e, NFTNL_EXPR_LIMIT_UNIT, 1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_BURST, burst);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_TYPE, NFT_LIMIT_PKTS);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_FLAGS, 0);
}

void mguard_nft_log(struct nftnl_rule *r, const char *prefix, int group)
{
	struct nftnl_expr *e = add(r, "log");

	nftnl_expr_set_str(e, NFTNL_EXPR_LOG_PREFIX, prefix);
	if (group >= 0)
	{
		nftnl_expr_set_u16(e, NFTNL_EXPR_LOG_GROUP, group);
	}
}

void mguard_nft_reject(struct nftnl_rule *r, bool tcp)
{
	struct nftnl_expr *e = add(r, "reject");

	if (tcp)
	{
		nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, NFT_REJECT_TCP_RST);
		nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE, 0);
	}
	else
	{
		nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, NFT_REJECT_ICMPX_UNREACH);
		nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE,
						  NFT_REJECT_ICMPX_PORT_UNREACH);
	}
}

void mguard_nft_verdict(struct nftnl_rule *r, int verdict, const char *chain)
{
	struct nftnl_expr *e = add(r, "immediate");

	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, verdict);
	if (chain)
	{
		nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, chain);
	}
}
