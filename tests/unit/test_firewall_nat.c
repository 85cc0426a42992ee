/*
 * Unit tests of mguard-firewall's NAT part (mguard_firewall_nat.c), without
 * charon: the model's tunnels to rule descriptions to nftnl rules.
 *
 * The expected texts are what `nft --debug=netlink` (nftables 1.0.6, the
 * same libnftnl printer) prints for the nft rule or map element quoted
 * above each of them in an inet table (`meta nfproto ipv4` first): the
 * builders emit exactly the expressions and elements nft itself would. The
 * maps are hash maps `type ipv4_addr . ipv4_addr : interval ipv4_addr`
 * (nat_pre_reqid-*: `type mark . ipv4_addr . ipv4_addr : ...`), one per
 * kind and pair of prefix lengths, e.g. nat_pre_in-24-24.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <library.h>

#include <linux/netfilter.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <linux/netlink.h>
#include <linux/netfilter/nf_tables.h>
#include <arpa/inet.h>

#include <mguard_model.h>
#include "mguard_firewall_nat_maps.h"

#define AUTH \
	"authentication {\n method = x509\n" \
	" local_certificate = /etc/mguard/c.pem\n" \
	" local_key = /etc/mguard/k.pem\n remote_id = \"CN=peer\"\n}\n"

static int group_setup(void **state)
{
	return library_init(NULL, "test-firewall-nat") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

/**
 * Load a one-connection model with the given tunnels (or mode_config)
 */
static mguard_model_t *load(const char *body)
{
	mguard_report_t *report = mguard_report_create();
	mguard_model_t *model;
	char buf[4096];

	snprintf(buf, sizeof(buf), "connections {\n c1 {\n" AUTH "%s }\n}\n",
			 body);
	model = mguard_model_load_string(buf, "test.conf", report);
	if (!model)
	{
		report->print(report, stderr);
	}
	report->destroy(report);
	assert_non_null(model);
	return model;
}

/**
 * First tunnel of the model's only connection
 */
static mguard_tunnel_t *first_tunnel(mguard_model_t *model)
{
	mguard_connection_t *conn = mguard_model_get_connection(model, "c1");
	mguard_tunnel_t *tunnel = NULL;
	enumerator_t *enumerator;

	assert_non_null(conn);
	enumerator = mguard_connection_create_tunnel_enumerator(conn, TRUE);
	assert_true(enumerator->enumerate(enumerator, &tunnel));
	enumerator->destroy(enumerator);
	return tunnel;
}

/**
 * Build and print the map elements of all rules of a list, as nft
 * --debug=netlink does
 */
static char *print_rules(mguard_firewall_nat_where_t *where,
						 linked_list_t *rules)
{
	mguard_firewall_nat_rule_t *rule;
	enumerator_t *enumerator;
	struct nftnl_set *set;
	static char out[8192];
	size_t len = 0;

	out[0] = '\0';
	enumerator = rules->create_enumerator(rules);
	while (enumerator->enumerate(enumerator, &rule))
	{
		set = mguard_firewall_nat_elem(where, rule, TRUE);
		assert_non_null(set);
		len += nftnl_set_snprintf(out + len, sizeof(out) - len, set,
								  NFTNL_OUTPUT_DEFAULT, 0);
		len += snprintf(out + len, sizeof(out) - len, "\n");
		nftnl_set_free(set);
		assert_true(len < sizeof(out));
	}
	enumerator->destroy(enumerator);
	return out;
}

/**
 * Print a rule (NULL for none) and free it
 */
static char *print_rule(struct nftnl_rule *r)
{
	static char out[2048];

	if (!r)
	{
		return NULL;
	}
	nftnl_rule_snprintf(out, sizeof(out), r, NFTNL_OUTPUT_DEFAULT, 0);
	nftnl_rule_free(r);
	return out;
}

/**
 * Build and print the rule of a base chain that jumps to a kind's chain
 */
static char *print_dispatch(mguard_firewall_nat_where_t *where,
							mguard_firewall_nat_map_t map)
{
	return print_rule(mguard_firewall_nat_dispatch(where, map));
}

static mguard_firewall_nat_where_t libipsec = {
	.table = "t",
	.tun = "ipsec0",
};

static mguard_firewall_nat_where_t xfrm = {
	.table = "t",
	.reqid = 7,
};

/**
 * Describe the first tunnel of a model and compare the printed rules
 */
static void assert_tunnel_rules(mguard_firewall_nat_where_t *where,
								const char *body, int count,
								const char *expected)
{
	mguard_model_t *model = load(body);
	linked_list_t *rules = linked_list_create();

	assert_int_equal(mguard_firewall_nat_describe(first_tunnel(model), rules),
					 count);
	assert_int_equal(rules->get_count(rules), count);
	assert_string_equal(print_rules(where, rules), expected);
	rules->destroy_function(rules, free);
	mguard_model_destroy(model);
}

/** meta nfproto ipv4 (the table is inet) */
#define NFPROTO_IPV4 \
	"  [ meta load nfproto => reg 1 ]\n" \
	"  [ cmp eq reg 1 0x00000002 ]\n"
/** iifname "ipsec0" / oifname "ipsec0" */
#define IIF_IPSEC0 \
	"  [ meta load iifname => reg 1 ]\n" \
	"  [ cmp eq reg 1 0x65737069 0x00003063 0x00000000 0x00000000 ]\n"
#define IIF_NOT_IPSEC0 \
	"  [ meta load iifname => reg 1 ]\n" \
	"  [ cmp neq reg 1 0x65737069 0x00003063 0x00000000 0x00000000 ]\n"
#define OIF_IPSEC0 \
	"  [ meta load oifname => reg 1 ]\n" \
	"  [ cmp eq reg 1 0x65737069 0x00003063 0x00000000 0x00000000 ]\n"

/** jump to the chain of a kind */
#define JUMP(chain) \
	"  [ immediate reg 0 jump -> " chain " ]\n"

/*
 * kernel-libipsec:
 * prerouting:
 *   meta nfproto ipv4 iifname "ipsec0" jump nat_pre_in
 *   meta nfproto ipv4 iifname != "ipsec0" jump nat_pre_lan
 * postrouting:
 *   meta nfproto ipv4 oifname "ipsec0" jump nat_post_out
 *   meta nfproto ipv4 iifname "ipsec0" jump nat_post_in
 */
static void test_dispatch_libipsec(void **state)
{
	assert_string_equal(print_dispatch(&libipsec,
									   MGUARD_FIREWALL_NAT_MAP_PRE_IN),
		"inet t prerouting\n" NFPROTO_IPV4 IIF_IPSEC0 JUMP("nat_pre_in"));
	assert_null(print_dispatch(&libipsec, MGUARD_FIREWALL_NAT_MAP_PRE_REQID));
	assert_string_equal(print_dispatch(&libipsec,
									   MGUARD_FIREWALL_NAT_MAP_PRE_LAN),
		"inet t prerouting\n" NFPROTO_IPV4 IIF_NOT_IPSEC0 JUMP("nat_pre_lan"));
	assert_string_equal(print_dispatch(&libipsec,
									   MGUARD_FIREWALL_NAT_MAP_POST_OUT),
		"inet t postrouting\n" NFPROTO_IPV4 OIF_IPSEC0 JUMP("nat_post_out"));
	assert_string_equal(print_dispatch(&libipsec,
									   MGUARD_FIREWALL_NAT_MAP_POST_IN),
		"inet t postrouting\n" NFPROTO_IPV4 IIF_IPSEC0 JUMP("nat_post_in"));
}

/*
 * kernel XFRM: the same without interfaces (meta nfproto ipv4 jump ...)
 */
static void test_dispatch_xfrm(void **state)
{
	assert_string_equal(print_dispatch(&xfrm,
									   MGUARD_FIREWALL_NAT_MAP_PRE_REQID),
		"inet t prerouting\n" NFPROTO_IPV4 JUMP("nat_pre_reqid"));
	assert_string_equal(print_dispatch(&xfrm, MGUARD_FIREWALL_NAT_MAP_PRE_IN),
		"inet t prerouting\n" NFPROTO_IPV4 JUMP("nat_pre_in"));
	assert_string_equal(print_dispatch(&xfrm, MGUARD_FIREWALL_NAT_MAP_PRE_LAN),
		"inet t prerouting\n" NFPROTO_IPV4 JUMP("nat_pre_lan"));
	assert_string_equal(print_dispatch(&xfrm,
									   MGUARD_FIREWALL_NAT_MAP_POST_OUT),
		"inet t postrouting\n" NFPROTO_IPV4 JUMP("nat_post_out"));
	assert_string_equal(print_dispatch(&xfrm,
									   MGUARD_FIREWALL_NAT_MAP_POST_IN),
		"inet t postrouting\n" NFPROTO_IPV4 JUMP("nat_post_in"));
}

/*
 * The rules of a kind's chain, per pair of prefix lengths:
 * nat_pre_lan:
 *   dnat ip prefix to (ip saddr & 0.0.0.0) . (ip daddr & 255.255.255.0)
 *     map @nat_pre_lan-0-24
 * nat_post_out:
 *   snat ip prefix to (ip saddr & 255.255.240.0) . (ip daddr & 255.255.255.0)
 *     map @nat_post_out-20-24
 *   snat ip prefix to ip saddr . (ip daddr & 255.0.0.0) map @nat_post_out-32-8
 */
static void test_lookup(void **state)
{
	assert_string_equal(print_rule(mguard_firewall_nat_lookup(&libipsec,
								MGUARD_FIREWALL_NAT_MAP_PRE_LAN, 0, 24)),
		"inet t nat_pre_lan\n" NFPROTO_IPV4
		"  [ payload load 4b @ network header + 12 => reg 1 ]\n"
		"  [ bitwise reg 1 = ( reg 1 & 0x00000000 ) ^ 0x00000000 ]\n"
		"  [ payload load 4b @ network header + 16 => reg 9 ]\n"
		"  [ bitwise reg 9 = ( reg 9 & 0x00ffffff ) ^ 0x00000000 ]\n"
		"  [ lookup reg 1 set nat_pre_lan-0-24 dreg 1 ]\n"
		"  [ nat dnat ip addr_min reg 1 addr_max reg 9 flags 0x40 ]\n");
	assert_string_equal(print_rule(mguard_firewall_nat_lookup(&libipsec,
								MGUARD_FIREWALL_NAT_MAP_POST_OUT, 20, 24)),
		"inet t nat_post_out\n" NFPROTO_IPV4
		"  [ payload load 4b @ network header + 12 => reg 1 ]\n"
		"  [ bitwise reg 1 = ( reg 1 & 0x00f0ffff ) ^ 0x00000000 ]\n"
		"  [ payload load 4b @ network header + 16 => reg 9 ]\n"
		"  [ bitwise reg 9 = ( reg 9 & 0x00ffffff ) ^ 0x00000000 ]\n"
		"  [ lookup reg 1 set nat_post_out-20-24 dreg 1 ]\n"
		"  [ nat snat ip addr_min reg 1 addr_max reg 9 flags 0x40 ]\n");
	assert_string_equal(print_rule(mguard_firewall_nat_lookup(&xfrm,
								MGUARD_FIREWALL_NAT_MAP_POST_OUT, 32, 8)),
		"inet t nat_post_out\n" NFPROTO_IPV4
		"  [ payload load 4b @ network header + 12 => reg 1 ]\n"
		"  [ payload load 4b @ network header + 16 => reg 9 ]\n"
		"  [ bitwise reg 9 = ( reg 9 & 0x000000ff ) ^ 0x00000000 ]\n"
		"  [ lookup reg 1 set nat_post_out-32-8 dreg 1 ]\n"
		"  [ nat snat ip addr_min reg 1 addr_max reg 9 flags 0x40 ]\n");
}

/*
 * kernel XFRM, from the tunnel by reqid first. nft 1.0.6 cannot parse
 * `ipsec in reqid` in the key of a nat map; its expressions are those nft
 * emits for the same concatenation in `ipsec in reqid . ip saddr . ip
 * daddr vmap { ... }`, with the masks of the rules above
 */
static void test_lookup_reqid(void **state)
{
	assert_string_equal(print_rule(mguard_firewall_nat_lookup(&xfrm,
								MGUARD_FIREWALL_NAT_MAP_PRE_REQID, 24, 24)),
		"inet t nat_pre_reqid\n" NFPROTO_IPV4
		"  [ xfrm load in 0 reqid => reg 1 ]\n"
		"  [ byteorder reg 1 = hton(reg 1, 4, 4) ]\n"
		"  [ payload load 4b @ network header + 12 => reg 9 ]\n"
		"  [ bitwise reg 9 = ( reg 9 & 0x00ffffff ) ^ 0x00000000 ]\n"
		"  [ payload load 4b @ network header + 16 => reg 10 ]\n"
		"  [ bitwise reg 10 = ( reg 10 & 0x00ffffff ) ^ 0x00000000 ]\n"
		"  [ lookup reg 1 set nat_pre_reqid-24-24 dreg 1 ]\n"
		"  [ nat dnat ip addr_min reg 1 addr_max reg 9 flags 0x40 ]\n");
}

/*
 * nat_pre_in-24-24 { 10.3.9.0 . 10.1.7.0 : 192.168.1.0/24 }
 * nat_post_out-24-24 { 192.168.1.0 . 10.3.9.0 : 10.1.7.0/24 }
 */
static const char *local_1to1 =
	"nat_pre_in-24-24 t 0\n"
	"\telement 0009030a 0007010a  : 0001a8c0 ff01a8c0 0 [end]\n"
	"nat_post_out-24-24 t 0\n"
	"\telement 0001a8c0 0009030a  : 0007010a ff07010a 0 [end]\n";

static void test_local_1to1(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.7.0/24\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n network = 192.168.1.0/24\n } } }\n",
		2, local_1to1);
}

/*
 * The NAT table: 192.168.1.0/24 as 10.1.7.0/24 and 172.20.16.0/20 as
 * 10.1.0.0/20 (a prefix that is not a whole number of bytes):
 * nat_pre_in-24-20 { 10.3.9.0 . 10.1.0.0 : 172.20.16.0/20 }
 * nat_post_out-20-24 { 172.20.16.0 . 10.3.9.0 : 10.1.0.0/20 }
 */
static void test_local_1to1_map(void **state)
{
	char expected[4096];

	snprintf(expected, sizeof(expected), "%s%s", local_1to1,
		"nat_pre_in-24-20 t 0\n"
		"\telement 0009030a 0000010a  : 001014ac ff1f14ac 0 [end]\n"
		"nat_post_out-20-24 t 0\n"
		"\telement 001014ac 0009030a  : 0000010a ff0f010a 0 [end]\n");
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.0.0/16\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n map {\n"
		"  m1 { real = 192.168.1.0\n virtual = 10.1.7.0\n netmask = 24\n }\n"
		"  m2 { real = 172.20.16.0\n virtual = 10.1.0.0\n netmask = 20\n }\n"
		" } } } }\n",
		4, expected);
}

/*
 * nat_post_out-24-24 { 192.168.1.0 . 10.3.9.0 : 10.1.7.5/32 }
 */
static void test_local_masquerade(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.7.5/32\n remote = 10.3.9.0/24\n"
		" local_nat { mode = masquerade\n network = 192.168.1.0/24\n"
		" } } }\n",
		1,
		"nat_post_out-24-24 t 0\n"
		"\telement 0001a8c0 0009030a  : 0507010a 0507010a 0 [end]\n");
}

/*
 * nat_pre_lan-0-24 { 0.0.0.0 . 172.16.1.0 : 10.200.1.0/24 }
 * nat_post_in-24-0 { 10.200.1.0 . 0.0.0.0 : 172.16.1.0/24 }
 */
static void test_remote_1to1(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.0.0/16\n remote = 10.200.1.0/24\n"
		" remote_nat { mode = 1to1\n network = 172.16.1.0/24\n } } }\n",
		2,
		"nat_pre_lan-0-24 t 0\n"
		"\telement 00000000 000110ac  : 0001c80a ff01c80a 0 [end]\n"
		"nat_post_in-24-0 t 0\n"
		"\telement 0001c80a 00000000  : 000110ac ff0110ac 0 [end]\n");
}

/*
 * nat_post_in-24-0 { 10.3.9.0 . 0.0.0.0 : 192.168.1.250/32 }
 */
static void test_remote_masquerade(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 192.168.1.0/24\n remote = 10.3.9.0/24\n"
		" remote_nat { mode = masquerade\n network = 192.168.1.250/32\n"
		" } } }\n",
		1,
		"nat_post_in-24-0 t 0\n"
		"\telement 0009030a 00000000  : fa01a8c0 fa01a8c0 0 [end]\n");
}

/*
 * kernel XFRM: from the tunnel in prerouting by reqid, otherwise by address
 * nat_pre_reqid-24-24 { 7 . 10.3.9.0 . 10.1.7.0 : 192.168.1.0/24 }
 * nat_post_out-24-24 { 192.168.1.0 . 10.3.9.0 : 10.1.7.0/24 }
 * (nft writes a mark in host order, 00000007; the rule converts the reqid
 * to network order, hence 07000000)
 */
static void test_xfrm(void **state)
{
	assert_tunnel_rules(&xfrm,
		"tunnels { t1 { local = 10.1.7.0/24\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n network = 192.168.1.0/24\n } } }\n",
		2,
		"nat_pre_reqid-24-24 t 0\n"
		"\telement 07000000 0009030a 0007010a  : 0001a8c0 ff01a8c0 0 [end]\n"
		"nat_post_out-24-24 t 0\n"
		"\telement 0001a8c0 0009030a  : 0007010a ff07010a 0 [end]\n");
}

/*
 * kernel XFRM, reqid not known yet (the rules of a trap policy): the
 * element from the tunnel goes to the map by address alone
 * nat_pre_in-24-24 { 10.3.9.0 . 10.1.7.0 : 192.168.1.0/24 }
 */
static void test_xfrm_no_reqid(void **state)
{
	mguard_firewall_nat_where_t where = xfrm;

	where.reqid = 0;
	assert_tunnel_rules(&where,
		"tunnels { t1 { local = 10.1.7.0/24\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n network = 192.168.1.0/24\n } } }\n",
		2, local_1to1);
}

static void test_no_nat(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.7.0/24\n remote = 10.3.9.0/24\n"
		" } }\n", 0, "");
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { type = transport\n } }\n", 0, "");
}

/*
 * nat_post_out-24-0 { 10.1.0.0 . 0.0.0.0 : 10.200.0.17/32 }
 * and with a fixed remote network 10.0.0.0/8:
 * nat_post_out-24-8 { 10.1.0.0 . 10.0.0.0 : 10.200.0.17/32 }
 */
static void test_modecfg_client(void **state)
{
	const char *fmt = "gateway = 192.0.2.1\n"
		"mode_config { mode = client\n local_nat = masquerade\n"
		" local_nat_network = 10.1.0.0/24\n %s }\n";
	mguard_connection_t *conn;
	mguard_model_t *model;
	linked_list_t *rules;
	host_t *vip;
	char body[512];

	vip = host_create_from_string("10.200.0.17", 0);
	snprintf(body, sizeof(body), fmt, "");
	model = load(body);
	conn = mguard_model_get_connection(model, "c1");
	rules = linked_list_create();
	assert_int_equal(mguard_firewall_nat_describe_modecfg(&conn->mode_config,
														  NULL, rules), 0);
	assert_int_equal(mguard_firewall_nat_describe_modecfg(&conn->mode_config,
														  vip, rules), 1);
	assert_string_equal(print_rules(&libipsec, rules),
		"nat_post_out-24-0 t 0\n"
		"\telement 0000010a 00000000  : 1100c80a 1100c80a 0 [end]\n");
	rules->destroy_function(rules, free);
	mguard_model_destroy(model);

	snprintf(body, sizeof(body), fmt,
			 "remote_mode = fixed\n remote_network = 10.0.0.0/8\n");
	model = load(body);
	conn = mguard_model_get_connection(model, "c1");
	rules = linked_list_create();
	assert_int_equal(mguard_firewall_nat_describe_modecfg(&conn->mode_config,
														  vip, rules), 1);
	assert_string_equal(print_rules(&libipsec, rules),
		"nat_post_out-24-8 t 0\n"
		"\telement 0000010a 0000000a  : 1100c80a 1100c80a 0 [end]\n");
	rules->destroy_function(rules, free);
	mguard_model_destroy(model);
	vip->destroy(vip);
}

/**
 * A batch that records its messages, one line each: "set NAME", "flush
 * CHAIN", "rule CHAIN SET" (the map a rule looks up), "elem SET" and
 * "del SET"
 */
typedef struct {
	mguard_firewall_batch_t public;
	char log[4096];
} record_batch_t;

static void record(record_batch_t *this, const char *fmt, const char *a,
				   const char *b)
{
	size_t len = strlen(this->log);

	snprintf(this->log + len, sizeof(this->log) - len, fmt, a, b);
	assert_true(strlen(this->log) < sizeof(this->log) - 1);
}

static void record_rule(mguard_firewall_batch_t *public, uint16_t type,
						uint16_t flags, struct nftnl_rule *r)
{
	record_batch_t *this = (record_batch_t*)public;
	char text[2048], set[64] = "", *pos;

	if (type == NFT_MSG_DELRULE)
	{
		record(this, "flush %s%s\n",
			   nftnl_rule_get_str(r, NFTNL_RULE_CHAIN), "");
	}
	else
	{
		nftnl_rule_snprintf(text, sizeof(text), r, NFTNL_OUTPUT_DEFAULT, 0);
		pos = strstr(text, " set ");
		assert_non_null(pos);
		sscanf(pos + 5, "%63s", set);
		assert_int_equal(flags, NLM_F_CREATE | NLM_F_APPEND);
		record(this, "rule %s %s\n",
			   nftnl_rule_get_str(r, NFTNL_RULE_CHAIN), set);
	}
	nftnl_rule_free(r);
}

static void record_set(mguard_firewall_batch_t *public, uint16_t type,
					   uint16_t flags, struct nftnl_set *set)
{
	record((record_batch_t*)public, "set %s%s\n",
		   nftnl_set_get_str(set, NFTNL_SET_NAME), "");
	assert_int_equal(nftnl_set_get_u32(set, NFTNL_SET_FLAGS), NFT_SET_MAP);
	nftnl_set_free(set);
}

static void record_elems(mguard_firewall_batch_t *public, uint16_t type,
						 uint16_t flags, struct nftnl_set *set)
{
	record((record_batch_t*)public,
		   type == NFT_MSG_NEWSETELEM ? "elem %s%s\n" : "del %s%s\n",
		   nftnl_set_get_str(set, NFTNL_SET_NAME), "");
	assert_int_equal(flags, type == NFT_MSG_NEWSETELEM ?
					 NLM_F_CREATE | NLM_F_EXCL : 0);
	nftnl_set_free(set);
}

/**
 * Add or delete the NAT of a description list through the bookkeeping,
 * return what the batch got
 */
static char *change(mguard_firewall_nat_maps_t *maps, linked_list_t *rules,
					bool add)
{
	static record_batch_t batch;

	batch = (record_batch_t){
		.public = {
			.add_rule = record_rule,
			.add_set = record_set,
			.add_elems = record_elems,
		},
	};
	maps->elems(maps, &libipsec, rules, add, &batch.public);
	return batch.log;
}

/**
 * A description of postrouting into the tunnel
 */
static linked_list_t *out_rule(uint8_t src, uint8_t dst)
{
	mguard_firewall_nat_rule_t rule = {
		.hook = MGUARD_FIREWALL_NAT_POST,
		.dir = MGUARD_FIREWALL_NAT_INTO_TUNNEL,
		.saddr = htonl(0x0a010000),
		.saddr_prefix = src,
		.daddr = htonl(0x0a000000),
		.daddr_prefix = dst,
		.to = htonl(0x0ac80011),
		.to_prefix = 32,
	};
	linked_list_t *rules = linked_list_create();

	rules->insert_last(rules, memcpy(malloc(sizeof(rule)), &rule,
									 sizeof(rule)));
	return rules;
}

/*
 * A pair's map and rule come with its first element; the chain's rules
 * are written anew, longest prefixes first, only when a pair is new; a
 * failed batch adds nothing; building the table forgets every map.
 */
static void test_maps(void **state)
{
	mguard_firewall_nat_maps_t *maps = mguard_firewall_nat_maps_create();
	mguard_model_t *model;
	linked_list_t *rules, *mc, *wide, *more;

	model = load("tunnels { t1 { local = 10.1.7.0/24\n"
				 " remote = 10.3.9.0/24\n local_nat { mode = 1to1\n"
				 " network = 192.168.1.0/24\n } } }\n");
	rules = linked_list_create();
	assert_int_equal(mguard_firewall_nat_describe(first_tunnel(model), rules),
					 2);
	assert_string_equal(change(maps, rules, TRUE),
		"set nat_pre_in-24-24\n"
		"rule nat_pre_in nat_pre_in-24-24\n"
		"elem nat_pre_in-24-24\n"
		"set nat_post_out-24-24\n"
		"rule nat_post_out nat_post_out-24-24\n"
		"elem nat_post_out-24-24\n");
	maps->done(maps, TRUE);
	/* the same pairs again: elements only */
	assert_string_equal(change(maps, rules, TRUE),
		"elem nat_pre_in-24-24\n"
		"elem nat_post_out-24-24\n");
	maps->done(maps, TRUE);

	/* a Mode Config client's N . 0.0.0.0/0 goes after the tunnel's N . R */
	mc = out_rule(24, 0);
	assert_string_equal(change(maps, mc, TRUE),
		"set nat_post_out-24-0\n"
		"flush nat_post_out\n"
		"rule nat_post_out nat_post_out-24-24\n"
		"rule nat_post_out nat_post_out-24-0\n"
		"elem nat_post_out-24-0\n");
	/* the batch failed: nothing of it exists */
	maps->done(maps, FALSE);
	assert_string_equal(change(maps, mc, TRUE),
		"set nat_post_out-24-0\n"
		"flush nat_post_out\n"
		"rule nat_post_out nat_post_out-24-24\n"
		"rule nat_post_out nat_post_out-24-0\n"
		"elem nat_post_out-24-0\n");
	maps->done(maps, TRUE);

	/* longer prefixes in sum first, then the longer source */
	wide = out_rule(16, 8);
	more = out_rule(32, 0);
	assert_string_equal(change(maps, wide, TRUE),
		"set nat_post_out-16-8\n"
		"flush nat_post_out\n"
		"rule nat_post_out nat_post_out-24-24\n"
		"rule nat_post_out nat_post_out-24-0\n"
		"rule nat_post_out nat_post_out-16-8\n"
		"elem nat_post_out-16-8\n");
	assert_string_equal(change(maps, more, TRUE),
		"set nat_post_out-32-0\n"
		"flush nat_post_out\n"
		"rule nat_post_out nat_post_out-24-24\n"
		"rule nat_post_out nat_post_out-32-0\n"
		"rule nat_post_out nat_post_out-24-0\n"
		"rule nat_post_out nat_post_out-16-8\n"
		"elem nat_post_out-32-0\n");
	maps->done(maps, TRUE);

	/* deleting leaves maps and rules */
	assert_string_equal(change(maps, mc, FALSE), "del nat_post_out-24-0\n");
	maps->done(maps, TRUE);

	/* a new table has none: the first element brings map and rule again
	 * (the chain is new, nothing to flush) */
	maps->building(maps);
	assert_string_equal(change(maps, mc, TRUE),
		"set nat_post_out-24-0\n"
		"rule nat_post_out nat_post_out-24-0\n"
		"elem nat_post_out-24-0\n");
	maps->done(maps, TRUE);
	assert_string_equal(change(maps, rules, TRUE),
		"set nat_pre_in-24-24\n"
		"rule nat_pre_in nat_pre_in-24-24\n"
		"elem nat_pre_in-24-24\n"
		"set nat_post_out-24-24\n"
		"flush nat_post_out\n"
		"rule nat_post_out nat_post_out-24-24\n"
		"rule nat_post_out nat_post_out-24-0\n"
		"elem nat_post_out-24-24\n");
	maps->done(maps, TRUE);

	rules->destroy_function(rules, free);
	mc->destroy_function(mc, free);
	wide->destroy_function(wide, free);
	more->destroy_function(more, free);
	maps->destroy(maps);
	mguard_model_destroy(model);
}

/**
 * Compare the gateway address of a tunnel
 */
static void assert_gateway_address(const char *tunnel, const char *expected)
{
	mguard_model_t *model;
	host_t *addr;
	char body[512], buf[64];

	snprintf(body, sizeof(body), "tunnels { t1 { %s } }\n", tunnel);
	model = load(body);
	addr = mguard_firewall_nat_gateway_address(first_tunnel(model));
	if (!expected)
	{
		assert_null(addr);
	}
	else
	{
		assert_non_null(addr);
		snprintf(buf, sizeof(buf), "%H", addr);
		assert_string_equal(buf, expected);
		addr->destroy(addr);
	}
	mguard_model_destroy(model);
}

static void test_gateway_address(void **state)
{
	assert_gateway_address("local = 10.1.7.0/24\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n network = 192.168.1.0/24\n }\n",
		"10.1.7.1");
	assert_gateway_address("local = 10.1.7.5/32\n remote = 10.3.9.0/24\n"
		" local_nat { mode = masquerade\n network = 192.168.1.0/24\n }\n",
		"10.1.7.5");
	assert_gateway_address("local = 10.1.7.4/31\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n network = 192.168.1.4/31\n }\n",
		"10.1.7.4");
	/* without local NAT the address would belong to a real host */
	assert_gateway_address("local = 10.1.7.0/24\n remote = 10.3.9.0/24\n",
						   NULL);
	assert_gateway_address("local = 10.1.7.0/24\n remote = 10.200.1.0/24\n"
		" remote_nat { mode = 1to1\n network = 172.16.1.0/24\n }\n", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dispatch_libipsec),
		cmocka_unit_test(test_dispatch_xfrm),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_lookup_reqid),
		cmocka_unit_test(test_local_1to1),
		cmocka_unit_test(test_local_1to1_map),
		cmocka_unit_test(test_local_masquerade),
		cmocka_unit_test(test_remote_1to1),
		cmocka_unit_test(test_remote_masquerade),
		cmocka_unit_test(test_xfrm),
		cmocka_unit_test(test_xfrm_no_reqid),
		cmocka_unit_test(test_no_nat),
		cmocka_unit_test(test_modecfg_client),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_gateway_address),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
