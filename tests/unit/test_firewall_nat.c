/*
 * Unit tests of mguard-firewall's NAT part (mguard_firewall_nat.c), without
 * charon: the model's tunnels to rule descriptions to nftnl rules.
 *
 * The expected texts are what `nft --debug=netlink` (nftables 1.0.6, the
 * same libnftnl printer) prints for the nft rule or map element quoted
 * above each of them in an inet table (`meta nfproto ipv4` first): the
 * builders emit exactly the expressions and elements nft itself would. The
 * maps are `type ipv4_addr . ipv4_addr : interval ipv4_addr; flags
 * interval` (nat_pre_reqid: `type mark . ipv4_addr . ipv4_addr : ...`).
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

#include <mguard_model.h>
#include "mguard_firewall_nat.h"

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
		set = mguard_firewall_nat_elem(where, rule);
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
 * Build and print the rule of a map
 */
static char *print_dispatch(mguard_firewall_nat_where_t *where,
							mguard_firewall_nat_map_t map)
{
	static char out[2048];
	struct nftnl_rule *r;

	r = mguard_firewall_nat_dispatch(where, map);
	if (!r)
	{
		return NULL;
	}
	nftnl_rule_snprintf(out, sizeof(out), r, NFTNL_OUTPUT_DEFAULT, 0);
	nftnl_rule_free(r);
	return out;
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

/** the map's key from the two addresses, and the translation */
#define LOOKUP(map, nat) \
	"  [ payload load 4b @ network header + 12 => reg 1 ]\n" \
	"  [ payload load 4b @ network header + 16 => reg 9 ]\n" \
	"  [ lookup reg 1 set " map " dreg 1 ]\n" \
	"  [ nat " nat " ip addr_min reg 1 addr_max reg 9 flags 0x40 ]\n"

/*
 * kernel-libipsec:
 * prerouting:
 *   iifname "ipsec0" dnat ip prefix to ip saddr . ip daddr map @nat_pre_in
 *   iifname != "ipsec0" dnat ip prefix to ip saddr . ip daddr map @nat_pre_lan
 * postrouting:
 *   oifname "ipsec0" snat ip prefix to ip saddr . ip daddr map @nat_post_out
 *   iifname "ipsec0" snat ip prefix to ip saddr . ip daddr map @nat_post_in
 */
static void test_dispatch_libipsec(void **state)
{
	assert_string_equal(print_dispatch(&libipsec,
									   MGUARD_FIREWALL_NAT_MAP_PRE_IN),
		"inet t prerouting\n" NFPROTO_IPV4 IIF_IPSEC0
		LOOKUP("nat_pre_in", "dnat"));
	assert_null(print_dispatch(&libipsec, MGUARD_FIREWALL_NAT_MAP_PRE_REQID));
	assert_string_equal(print_dispatch(&libipsec,
									   MGUARD_FIREWALL_NAT_MAP_PRE_LAN),
		"inet t prerouting\n" NFPROTO_IPV4 IIF_NOT_IPSEC0
		LOOKUP("nat_pre_lan", "dnat"));
	assert_string_equal(print_dispatch(&libipsec,
									   MGUARD_FIREWALL_NAT_MAP_POST_OUT),
		"inet t postrouting\n" NFPROTO_IPV4 OIF_IPSEC0
		LOOKUP("nat_post_out", "snat"));
	assert_string_equal(print_dispatch(&libipsec,
									   MGUARD_FIREWALL_NAT_MAP_POST_IN),
		"inet t postrouting\n" NFPROTO_IPV4 IIF_IPSEC0
		LOOKUP("nat_post_in", "snat"));
}

/*
 * kernel XFRM: the same without interfaces, and from the tunnel by reqid
 * first. nft 1.0.6 cannot parse `ipsec in reqid` in the key of a nat map;
 * its expressions are those nft emits for the same concatenation in
 * `ipsec in reqid . ip saddr . ip daddr vmap { ... }`
 */
static void test_dispatch_xfrm(void **state)
{
	assert_string_equal(print_dispatch(&xfrm,
									   MGUARD_FIREWALL_NAT_MAP_PRE_REQID),
		"inet t prerouting\n" NFPROTO_IPV4
		"  [ xfrm load in 0 reqid => reg 1 ]\n"
		"  [ byteorder reg 1 = hton(reg 1, 4, 4) ]\n"
		"  [ payload load 4b @ network header + 12 => reg 9 ]\n"
		"  [ payload load 4b @ network header + 16 => reg 10 ]\n"
		"  [ lookup reg 1 set nat_pre_reqid dreg 1 ]\n"
		"  [ nat dnat ip addr_min reg 1 addr_max reg 9 flags 0x40 ]\n");
	assert_string_equal(print_dispatch(&xfrm, MGUARD_FIREWALL_NAT_MAP_PRE_IN),
		"inet t prerouting\n" NFPROTO_IPV4 LOOKUP("nat_pre_in", "dnat"));
	assert_string_equal(print_dispatch(&xfrm, MGUARD_FIREWALL_NAT_MAP_PRE_LAN),
		"inet t prerouting\n" NFPROTO_IPV4 LOOKUP("nat_pre_lan", "dnat"));
	assert_string_equal(print_dispatch(&xfrm,
									   MGUARD_FIREWALL_NAT_MAP_POST_OUT),
		"inet t postrouting\n" NFPROTO_IPV4 LOOKUP("nat_post_out", "snat"));
	assert_string_equal(print_dispatch(&xfrm,
									   MGUARD_FIREWALL_NAT_MAP_POST_IN),
		"inet t postrouting\n" NFPROTO_IPV4 LOOKUP("nat_post_in", "snat"));
}

/*
 * nat_pre_in { 10.3.9.0/24 . 10.1.7.0/24 : 192.168.1.0/24 }
 * nat_post_out { 192.168.1.0/24 . 10.3.9.0/24 : 10.1.7.0/24 }
 */
static const char *local_1to1 =
	"nat_pre_in t 0\n"
	"\telement 0009030a 0007010a  - ff09030a ff07010a  : "
	"0001a8c0 ff01a8c0 0 [end]\n"
	"nat_post_out t 0\n"
	"\telement 0001a8c0 0009030a  - ff01a8c0 ff09030a  : "
	"0007010a ff07010a 0 [end]\n";

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
 * nat_pre_in { 10.3.9.0/24 . 10.1.0.0/20 : 172.20.16.0/20 }
 * nat_post_out { 172.20.16.0/20 . 10.3.9.0/24 : 10.1.0.0/20 }
 */
static void test_local_1to1_map(void **state)
{
	char expected[4096];

	snprintf(expected, sizeof(expected), "%s%s", local_1to1,
		"nat_pre_in t 0\n"
		"\telement 0009030a 0000010a  - ff09030a ff0f010a  : "
		"001014ac ff1f14ac 0 [end]\n"
		"nat_post_out t 0\n"
		"\telement 001014ac 0009030a  - ff1f14ac ff09030a  : "
		"0000010a ff0f010a 0 [end]\n");
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.0.0/16\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n map {\n"
		"  m1 { real = 192.168.1.0\n virtual = 10.1.7.0\n netmask = 24\n }\n"
		"  m2 { real = 172.20.16.0\n virtual = 10.1.0.0\n netmask = 20\n }\n"
		" } } } }\n",
		4, expected);
}

/*
 * nat_post_out { 192.168.1.0/24 . 10.3.9.0/24 : 10.1.7.5/32 }
 */
static void test_local_masquerade(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.7.5/32\n remote = 10.3.9.0/24\n"
		" local_nat { mode = masquerade\n network = 192.168.1.0/24\n"
		" } } }\n",
		1,
		"nat_post_out t 0\n"
		"\telement 0001a8c0 0009030a  - ff01a8c0 ff09030a  : "
		"0507010a 0507010a 0 [end]\n");
}

/*
 * nat_pre_lan { 0.0.0.0/0 . 172.16.1.0/24 : 10.200.1.0/24 }
 * nat_post_in { 10.200.1.0/24 . 0.0.0.0/0 : 172.16.1.0/24 }
 */
static void test_remote_1to1(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.0.0/16\n remote = 10.200.1.0/24\n"
		" remote_nat { mode = 1to1\n network = 172.16.1.0/24\n } } }\n",
		2,
		"nat_pre_lan t 0\n"
		"\telement 00000000 000110ac  - ffffffff ff0110ac  : "
		"0001c80a ff01c80a 0 [end]\n"
		"nat_post_in t 0\n"
		"\telement 0001c80a 00000000  - ff01c80a ffffffff  : "
		"000110ac ff0110ac 0 [end]\n");
}

/*
 * nat_post_in { 10.3.9.0/24 . 0.0.0.0/0 : 192.168.1.250/32 }
 */
static void test_remote_masquerade(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 192.168.1.0/24\n remote = 10.3.9.0/24\n"
		" remote_nat { mode = masquerade\n network = 192.168.1.250/32\n"
		" } } }\n",
		1,
		"nat_post_in t 0\n"
		"\telement 0009030a 00000000  - ff09030a ffffffff  : "
		"fa01a8c0 fa01a8c0 0 [end]\n");
}

/*
 * kernel XFRM: from the tunnel in prerouting by reqid, otherwise by address
 * nat_pre_reqid { 7 . 10.3.9.0/24 . 10.1.7.0/24 : 192.168.1.0/24 }
 * nat_post_out { 192.168.1.0/24 . 10.3.9.0/24 : 10.1.7.0/24 }
 */
static void test_xfrm(void **state)
{
	assert_tunnel_rules(&xfrm,
		"tunnels { t1 { local = 10.1.7.0/24\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n network = 192.168.1.0/24\n } } }\n",
		2,
		"nat_pre_reqid t 0\n"
		"\telement 07000000 0009030a 0007010a  - 07000000 ff09030a ff07010a  : "
		"0001a8c0 ff01a8c0 0 [end]\n"
		"nat_post_out t 0\n"
		"\telement 0001a8c0 0009030a  - ff01a8c0 ff09030a  : "
		"0007010a ff07010a 0 [end]\n");
}

/*
 * kernel XFRM, reqid not known yet (the rules of a trap policy): the
 * element from the tunnel goes to the map by address alone
 * nat_pre_in { 10.3.9.0/24 . 10.1.7.0/24 : 192.168.1.0/24 }
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
 * nat_post_out { 10.1.0.0/24 . 0.0.0.0/0 : 10.200.0.17/32 }
 * and with a fixed remote network 10.0.0.0/8:
 * nat_post_out { 10.1.0.0/24 . 10.0.0.0/8 : 10.200.0.17/32 }
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
		"nat_post_out t 0\n"
		"\telement 0000010a 00000000  - ff00010a ffffffff  : "
		"1100c80a 1100c80a 0 [end]\n");
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
		"nat_post_out t 0\n"
		"\telement 0000010a 0000000a  - ff00010a ffffff0a  : "
		"1100c80a 1100c80a 0 [end]\n");
	rules->destroy_function(rules, free);
	mguard_model_destroy(model);
	vip->destroy(vip);
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
		cmocka_unit_test(test_local_1to1),
		cmocka_unit_test(test_local_1to1_map),
		cmocka_unit_test(test_local_masquerade),
		cmocka_unit_test(test_remote_1to1),
		cmocka_unit_test(test_remote_masquerade),
		cmocka_unit_test(test_xfrm),
		cmocka_unit_test(test_xfrm_no_reqid),
		cmocka_unit_test(test_no_nat),
		cmocka_unit_test(test_modecfg_client),
		cmocka_unit_test(test_gateway_address),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
