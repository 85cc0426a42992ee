/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_rules.h"
#include "mguard_firewall_expr.h"

#include <ctype.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <linux/netfilter.h>

/**
 * What a model rule matches, expanded into intervals.
 */
typedef struct {
	/** IP protocol, 0 = all */
	uint8_t proto;
	/** mguard_fw_range_t of source/destination addresses and ports */
	array_t *from, *to, *sport, *dport;
} match_t;

static void match_free(match_t *m)
{
	array_destroy(m->from);
	array_destroy(m->to);
	array_destroy(m->sport);
	array_destroy(m->dport);
}

/**
 * Expand a model rule
 */
static bool match_build(mguard_fw_chain_t *chain, mguard_fw_rule_t *rule,
						match_t *m, char *error, size_t len)
{
	*m = (match_t){
		.proto = rule->protocol,
		.from = array_create(sizeof(mguard_fw_range_t), 0),
		.to = array_create(sizeof(mguard_fw_range_t), 0),
		.sport = array_create(sizeof(mguard_fw_range_t), 0),
		.dport = array_create(sizeof(mguard_fw_range_t), 0),
	};
	if (!mguard_fw_addr_ranges(chain->model, &rule->from, chain->lookup,
							   chain->lookup_data, m->from) ||
		!mguard_fw_addr_ranges(chain->model, &rule->to, chain->lookup,
							   chain->lookup_data, m->to))
	{
		snprintf(error, len, "rule %s: unknown IP group", rule->key);
		return FALSE;
	}
	if (!mguard_fw_port_ranges(chain->model, &rule->from_port, m->sport) ||
		!mguard_fw_port_ranges(chain->model, &rule->to_port, m->dport))
	{
		snprintf(error, len, "rule %s: unknown port group", rule->key);
		return FALSE;
	}
	return TRUE;
}

/**
 * Number of nftables rules a match expands to (0: matches nothing)
 */
static u_int match_count(match_t *m)
{
	uint64_t n;

	n = (uint64_t)array_count(m->from) * array_count(m->to) *
		array_count(m->sport) * array_count(m->dport);
	return n > MGUARD_FW_MAX_EXPANSION ? MGUARD_FW_MAX_EXPANSION + 1 : n;
}

static bool is_any_addr(mguard_fw_range_t *r)
{
	return r->from == 0 && r->to == UINT32_MAX;
}

static bool is_any_port(mguard_fw_range_t *r)
{
	return r->from == 0 && r->to == 65535;
}

/**
 * Add the expressions of combination i of a match
 */
static void match_emit(struct nftnl_rule *r, match_t *m, u_int i)
{
	mguard_fw_range_t from, to, sport, dport;
	u_int n;

	n = array_count(m->dport);
	array_get(m->dport, i % n, &dport);
	i /= n;
	n = array_count(m->sport);
	array_get(m->sport, i % n, &sport);
	i /= n;
	n = array_count(m->to);
	array_get(m->to, i % n, &to);
	i /= n;
	array_get(m->from, i, &from);

	if (!is_any_addr(&from) || !is_any_addr(&to))
	{
		mguard_nft_ipv4(r);
	}
	/* in the order nft(8) generates for `ip saddr A ip daddr B tcp dport
	 * P`: addresses first, then the transport protocol and its ports */
	if (!is_any_addr(&from))
	{
		mguard_nft_addr(r, TRUE, from.from, from.to);
	}
	if (!is_any_addr(&to))
	{
		mguard_nft_addr(r, FALSE, to.from, to.to);
	}
	if (m->proto)
	{
		mguard_nft_l4proto(r, m->proto);
	}
	if (!is_any_port(&sport))
	{
		mguard_nft_port(r, TRUE, sport.from, sport.to);
	}
	if (!is_any_port(&dport))
	{
		mguard_nft_port(r, FALSE, dport.from, dport.to);
	}
}

/*
 * See header
 */
void mguard_fw_log_prefix(char *buf, const char *name, bool in,
						  const char *what)
{
	char clean[64];
	int i;

	for (i = 0; name && name[i] && i < sizeof(clean) - 1; i++)
	{
		clean[i] = isgraph((unsigned char)name[i]) ? name[i] : '_';
	}
	clean[i] = '\0';
	snprintf(buf, MGUARD_FW_PREFIX_LEN, "mguard %s %s %.40s: ", clean,
			 in ? "in" : "out", what);
}

/**
 * Add the verdict of an action
 */
static void verdict(struct nftnl_rule *r, mguard_fw_action_t action,
					uint8_t proto)
{
	mguard_nft_counter(r);
	switch (action)
	{
		case MGUARD_ACTION_ACCEPT:
			mguard_nft_verdict(r, NFT_RETURN, NULL);
			break;
		case MGUARD_ACTION_REJECT:
			mguard_nft_reject(r, proto == IPPROTO_TCP);
			break;
		case MGUARD_ACTION_DROP:
		case MGUARD_ACTION_RECORD:
			mguard_nft_verdict(r, NF_DROP, NULL);
			break;
	}
}

/**
 * Emit the rules of (outer AND inner) for every combination; inner may be
 * NULL. A log rule precedes each combination's verdict rule if log.
 */
static void emit(mguard_fw_chain_t *chain, linked_list_t *rules,
				 match_t *outer, match_t *inner, mguard_fw_action_t action,
				 const char *log)
{
	struct nftnl_rule *r;
	u_int i, j, n_in;
	uint8_t proto;

	n_in = inner ? match_count(inner) : 1;
	proto = inner && inner->proto ? inner->proto : outer->proto;
	for (i = 0; i < match_count(outer); i++)
	{
		for (j = 0; j < n_in; j++)
		{
			if (log)
			{
				r = mguard_nft_rule(chain->table, chain->chain);
				match_emit(r, outer, i);
				if (inner)
				{
					match_emit(r, inner, j);
				}
				mguard_nft_limit(r, chain->log.rate, chain->log.burst);
				mguard_nft_log(r, log, chain->log.group);
				rules->insert_last(rules, r);
			}
			r = mguard_nft_rule(chain->table, chain->chain);
			match_emit(r, outer, i);
			if (inner)
			{
				match_emit(r, inner, j);
			}
			verdict(r, action, proto);
			rules->insert_last(rules, r);
		}
	}
}

/**
 * Build the rules of one model rule
 */
static bool build_rule(mguard_fw_chain_t *chain, mguard_fw_rule_t *rule,
					   linked_list_t *rules, char *error, size_t len)
{
	char prefix[MGUARD_FW_PREFIX_LEN], sub[MGUARD_FW_PREFIX_LEN];
	char key[MGUARD_FW_PREFIX_LEN];
	enumerator_t *enumerator;
	mguard_fw_rule_t *inner_rule;
	mguard_group_t *record;
	match_t outer, inner;
	bool ok = TRUE;

	if (!match_build(chain, rule, &outer, error, len))
	{
		match_free(&outer);
		return FALSE;
	}
	if (match_count(&outer) > MGUARD_FW_MAX_EXPANSION)
	{
		snprintf(error, len, "rule %s expands to more than %d rules",
				 rule->key, MGUARD_FW_MAX_EXPANSION);
		match_free(&outer);
		return FALSE;
	}
	mguard_fw_log_prefix(prefix, chain->conn->name, chain->in, rule->key);
	if (rule->action != MGUARD_ACTION_RECORD)
	{
		emit(chain, rules, &outer, NULL, rule->action,
			 rule->log ? prefix : NULL);
		match_free(&outer);
		return TRUE;
	}
	record = mguard_model_find_group(chain->model->rule_records,
								  rule->action_record);
	if (!record)
	{
		snprintf(error, len, "rule %s: unknown rule record %s", rule->key,
				 rule->action_record);
		match_free(&outer);
		return FALSE;
	}
	enumerator = record->entries->create_enumerator(record->entries);
	while (ok && enumerator->enumerate(enumerator, &inner_rule))
	{
		if (inner_rule->action == MGUARD_ACTION_RECORD)
		{
			snprintf(error, len, "rule record %s refers to another one",
					 record->name);
			ok = FALSE;
			break;
		}
		if (!match_build(chain, inner_rule, &inner, error, len))
		{
			ok = FALSE;
		}
		else if ((uint64_t)match_count(&outer) * match_count(&inner) >
				 MGUARD_FW_MAX_EXPANSION)
		{
			snprintf(error, len, "rule %s with record %s expands to more "
					 "than %d rules", rule->key, record->name,
					 MGUARD_FW_MAX_EXPANSION);
			ok = FALSE;
		}
		else
		{
			snprintf(key, sizeof(key), "%s/%s", rule->key, inner_rule->key);
			mguard_fw_log_prefix(sub, chain->conn->name, chain->in, key);
			/* the outer rule's log logs every packet it matches, once */
			emit(chain, rules, &outer, &inner, inner_rule->action,
				 inner_rule->log ? sub : NULL);
		}
		match_free(&inner);
	}
	enumerator->destroy(enumerator);
	if (ok)
	{	/* matched the rule but none of the record's rules */
		emit(chain, rules, &outer, NULL, MGUARD_ACTION_DROP,
			 rule->log ? prefix : NULL);
	}
	match_free(&outer);
	return ok;
}

/*
 * See header
 */
bool mguard_fw_rules_build(mguard_fw_chain_t *chain, linked_list_t *rules,
						   char *error, size_t len)
{
	char prefix[MGUARD_FW_PREFIX_LEN];
	mguard_fw_dir_t *dir;
	mguard_fw_rule_t *rule;
	enumerator_t *enumerator;
	struct nftnl_rule *r;
	bool ok = TRUE;

	dir = chain->in ? &chain->conn->fw_in : &chain->conn->fw_out;
	switch (dir->policy)
	{
		case MGUARD_POLICY_ACCEPT:
			r = mguard_nft_rule(chain->table, chain->chain);
			mguard_nft_counter(r);
			rules->insert_last(rules, r);
			return TRUE;
		case MGUARD_POLICY_DROP:
			break;
		case MGUARD_POLICY_PING:
			r = mguard_nft_rule(chain->table, chain->chain);
			mguard_nft_ipv4(r);
			mguard_nft_l4proto(r, IPPROTO_ICMP);
			mguard_nft_icmp_type(r, ICMP_ECHO);
			mguard_nft_counter(r);
			mguard_nft_verdict(r, NFT_RETURN, NULL);
			rules->insert_last(rules, r);
			break;
		case MGUARD_POLICY_RULES:
			enumerator = dir->rules->create_enumerator(dir->rules);
			while (ok && enumerator->enumerate(enumerator, &rule))
			{
				ok = build_rule(chain, rule, rules, error, len);
			}
			enumerator->destroy(enumerator);
			if (!ok)
			{
				return FALSE;
			}
			break;
	}
	if (dir->log_unknown)
	{
		mguard_fw_log_prefix(prefix, chain->conn->name, chain->in,
							 "unknown");
		r = mguard_nft_rule(chain->table, chain->chain);
		mguard_nft_limit(r, chain->log.rate, chain->log.burst);
		mguard_nft_log(r, prefix, chain->log.group);
		rules->insert_last(rules, r);
	}
	r = mguard_nft_rule(chain->table, chain->chain);
	mguard_nft_counter(r);
	mguard_nft_verdict(r, NF_DROP, NULL);
	rules->insert_last(rules, r);
	return TRUE;
}
