/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_expr mguard_firewall_expr
 * @{ @ingroup mguard_firewall
 *
 * nftables expressions by what they match: each helper appends the
 * expressions nft(8) would generate for the same statement to a rule, so
 * that `nft list` shows the rules the way an administrator writes them.
 * Needs nothing of charon.
 */

#ifndef MGUARD_FIREWALL_EXPR_H_
#define MGUARD_FIREWALL_EXPR_H_

#include <stdint.h>
#include <stdbool.h>

#include <libnftnl/rule.h>
#include <libnftnl/expr.h>
#include <linux/netfilter/nf_tables.h>

/**
 * A new rule for a chain of a table (family MGUARD_FIREWALL_FAMILY).
 */
struct nftnl_rule *mguard_nft_rule(const char *table, const char *chain);

/** meta nfproto ipv4 */
void mguard_nft_ipv4(struct nftnl_rule *r);

/** meta l4proto PROTO */
void mguard_nft_l4proto(struct nftnl_rule *r, uint8_t proto);

/** iifname NAME (in == TRUE) or oifname NAME */
void mguard_nft_ifname(struct nftnl_rule *r, bool in, const char *name);

/**
 * ip saddr (src == TRUE) or ip daddr in [from, to] (host byte order), as
 * `ip saddr A` (from == to), `ip saddr A/N` or `ip saddr A-B`.
 */
void mguard_nft_addr(struct nftnl_rule *r, bool src, uint32_t from,
					 uint32_t to);

/**
 * th sport (src == TRUE) or th dport in [from, to]; the rule must match
 * the transport protocol before.
 */
void mguard_nft_port(struct nftnl_rule *r, bool src, uint16_t from,
					 uint16_t to);

/** icmp type TYPE (after mguard_nft_l4proto(r, IPPROTO_ICMP)) */
void mguard_nft_icmp_type(struct nftnl_rule *r, uint8_t type);

/** ct state & MASK != 0, MASK of NF_CT_STATE_BIT() values */
void mguard_nft_ct_state(struct nftnl_rule *r, uint32_t mask);

/** meta secpath exists */
void mguard_nft_secpath(struct nftnl_rule *r);

/**
 * Load `ipsec in|out reqid` into register reg (the rule does not match
 * packets without an IPsec state in that direction).
 */
void mguard_nft_reqid(struct nftnl_rule *r, bool in, uint32_t reg);

/** Load ip saddr (src TRUE) or ip daddr into register 1 */
void mguard_nft_load_addr(struct nftnl_rule *r, bool src);

/**
 * Load ip saddr (src TRUE) or ip daddr masked to prefix length len
 * (0..32) into register 1, as nft(8) writes `ip saddr & 255.255.255.0`
 * (no mask for 32).
 */
void mguard_nft_load_prefix(struct nftnl_rule *r, bool src, int len);

/**
 * The same into register reg (NFT_REG_1, or NFT_REG32_01 ... for the
 * fields of a concatenated key after the first).
 */
void mguard_nft_load_prefix_reg(struct nftnl_rule *r, bool src, int len,
								uint32_t reg);

/** cmp reg != 0 (4 bytes) */
void mguard_nft_nonzero(struct nftnl_rule *r, uint32_t reg);

/**
 * Look register 1 up in a set: `KEY @set` (inv FALSE), `KEY != @set`
 * (inv TRUE), or with vmap TRUE `KEY vmap @set`.
 */
void mguard_nft_lookup(struct nftnl_rule *r, const char *set, bool inv,
					   bool vmap);

/**
 * Look register sreg up in a map, the value into register dreg
 * (NFT_REG_VERDICT for a verdict map): `KEY map @set` without a statement
 * nft(8) could write when dreg is a data register.
 */
void mguard_nft_map(struct nftnl_rule *r, uint32_t sreg, const char *set,
					uint32_t dreg);

/** counter */
void mguard_nft_counter(struct nftnl_rule *r);

/** limit rate RATE/second burst BURST packets */
void mguard_nft_limit(struct nftnl_rule *r, uint32_t rate, uint32_t burst);

/**
 * log prefix PREFIX, to the kernel log (group < 0) or to nflog group
 */
void mguard_nft_log(struct nftnl_rule *r, const char *prefix, int group);

/**
 * reject: with tcp reset (tcp TRUE) or icmpx port-unreachable
 */
void mguard_nft_reject(struct nftnl_rule *r, bool tcp);

/** verdict NF_ACCEPT, NF_DROP, NFT_RETURN, NFT_JUMP CHAIN, ... */
void mguard_nft_verdict(struct nftnl_rule *r, int verdict, const char *chain);

#endif /** MGUARD_FIREWALL_EXPR_H_ @}*/
