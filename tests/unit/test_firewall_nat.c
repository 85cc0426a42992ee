/*
 * Unit tests of mguard-firewall's NAT part (mguard_firewall_nat.c), without
 * charon: the model's tunnels to rule descriptions to nftnl rules.
 *
 * The expected texts are what `nft --debug=netlink` (nftables 1.0.6, the
 * same libnftnl printer) prints for the nft rule quoted above each of them
 * in an inet table (`meta nfproto ipv4` first): the builder emits exactly
 * the expressions nft itself would.
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
 * Build and print all rules of a list, as nft --debug=netlink does
 */
static char *print_rules(mguard_firewall_nat_where_t *where,
						 linked_list_t *rules)
{
	mguard_firewall_nat_rule_t *rule;
	enumerator_t *enumerator;
	struct nftnl_rule *r;
	static char out[8192];
	size_t len = 0;

	out[0] = '\0';
	enumerator = rules->create_enumerator(rules);
	while (enumerator->enumerate(enumerator, &rule))
	{
		r = mguard_firewall_nat_build(where, rule);
		assert_non_null(r);
		len += nftnl_rule_snprintf(out + len, sizeof(out) - len, r,
								   NFTNL_OUTPUT_DEFAULT, 0);
		len += snprintf(out + len, sizeof(out) - len, "\n");
		nftnl_rule_free(r);
		assert_true(len < sizeof(out));
	}
	enumerator->destroy(enumerator);
	return out;
}

static mguard_firewall_nat_where_t libipsec = {
	.table = "t",
	.prerouting = "pre",
	.postrouting = "post",
	.tun = "ipsec0",
};

static mguard_firewall_nat_where_t xfrm = {
	.table = "t",
	.prerouting = "pre",
	.postrouting = "post",
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

/*
 * pre: iifname "ipsec0" ip saddr 10.3.9.0/24 ip daddr 10.1.7.0/24
 *      dnat ip prefix to 192.168.1.0/24
 * post: oifname "ipsec0" ip saddr 192.168.1.0/24 ip daddr 10.3.9.0/24
 *      snat ip prefix to 10.1.7.0/24
 */
static const char *local_1to1 =
	"inet t pre\n" NFPROTO_IPV4 IIF_IPSEC0
	"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
	"  [ cmp eq reg 1 0x0009030a ]\n"
	"  [ payload load 3b @ network header + 16 => reg 1 ]\n"
	"  [ cmp eq reg 1 0x0007010a ]\n"
	"  [ immediate reg 1 0x0001a8c0 ]\n"
	"  [ immediate reg 2 0xff01a8c0 ]\n"
	"  [ nat dnat ip addr_min reg 1 addr_max reg 2 flags 0x40 ]\n"
	"\n"
	"inet t post\n" NFPROTO_IPV4 OIF_IPSEC0
	"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
	"  [ cmp eq reg 1 0x0001a8c0 ]\n"
	"  [ payload load 3b @ network header + 16 => reg 1 ]\n"
	"  [ cmp eq reg 1 0x0009030a ]\n"
	"  [ immediate reg 1 0x0007010a ]\n"
	"  [ immediate reg 2 0xff07010a ]\n"
	"  [ nat snat ip addr_min reg 1 addr_max reg 2 flags 0x40 ]\n"
	"\n";

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
 * pre: iifname "ipsec0" ip saddr 10.3.9.0/24 ip daddr 10.1.0.0/20
 *      dnat ip prefix to 172.20.16.0/20
 * post: oifname "ipsec0" ip saddr 172.20.16.0/20 ip daddr 10.3.9.0/24
 *      snat ip prefix to 10.1.0.0/20
 */
static void test_local_1to1_map(void **state)
{
	char expected[4096];

	snprintf(expected, sizeof(expected), "%s%s", local_1to1,
		"inet t pre\n" NFPROTO_IPV4 IIF_IPSEC0
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0009030a ]\n"
		"  [ payload load 4b @ network header + 16 => reg 1 ]\n"
		"  [ bitwise reg 1 = ( reg 1 & 0x00f0ffff ) ^ 0x00000000 ]\n"
		"  [ cmp eq reg 1 0x0000010a ]\n"
		"  [ immediate reg 1 0x001014ac ]\n"
		"  [ immediate reg 2 0xff1f14ac ]\n"
		"  [ nat dnat ip addr_min reg 1 addr_max reg 2 flags 0x40 ]\n"
		"\n"
		"inet t post\n" NFPROTO_IPV4 OIF_IPSEC0
		"  [ payload load 4b @ network header + 12 => reg 1 ]\n"
		"  [ bitwise reg 1 = ( reg 1 & 0x00f0ffff ) ^ 0x00000000 ]\n"
		"  [ cmp eq reg 1 0x001014ac ]\n"
		"  [ payload load 3b @ network header + 16 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0009030a ]\n"
		"  [ immediate reg 1 0x0000010a ]\n"
		"  [ immediate reg 2 0xff0f010a ]\n"
		"  [ nat snat ip addr_min reg 1 addr_max reg 2 flags 0x40 ]\n"
		"\n");
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.0.0/16\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n map {\n"
		"  m1 { real = 192.168.1.0\n virtual = 10.1.7.0\n netmask = 24\n }\n"
		"  m2 { real = 172.20.16.0\n virtual = 10.1.0.0\n netmask = 20\n }\n"
		" } } } }\n",
		4, expected);
}

/*
 * post: oifname "ipsec0" ip saddr 192.168.1.0/24 ip daddr 10.3.9.0/24
 *      snat ip to 10.1.7.5
 */
static void test_local_masquerade(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.7.5/32\n remote = 10.3.9.0/24\n"
		" local_nat { mode = masquerade\n network = 192.168.1.0/24\n"
		" } } }\n",
		1,
		"inet t post\n" NFPROTO_IPV4 OIF_IPSEC0
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0001a8c0 ]\n"
		"  [ payload load 3b @ network header + 16 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0009030a ]\n"
		"  [ immediate reg 1 0x0507010a ]\n"
		"  [ nat snat ip addr_min reg 1 ]\n"
		"\n");
}

/*
 * pre: iifname != "ipsec0" ip daddr 172.16.1.0/24
 *      dnat ip prefix to 10.200.1.0/24
 * post: iifname "ipsec0" ip saddr 10.200.1.0/24
 *      snat ip prefix to 172.16.1.0/24
 */
static void test_remote_1to1(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 10.1.0.0/16\n remote = 10.200.1.0/24\n"
		" remote_nat { mode = 1to1\n network = 172.16.1.0/24\n } } }\n",
		2,
		"inet t pre\n" NFPROTO_IPV4 IIF_NOT_IPSEC0
		"  [ payload load 3b @ network header + 16 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x000110ac ]\n"
		"  [ immediate reg 1 0x0001c80a ]\n"
		"  [ immediate reg 2 0xff01c80a ]\n"
		"  [ nat dnat ip addr_min reg 1 addr_max reg 2 flags 0x40 ]\n"
		"\n"
		"inet t post\n" NFPROTO_IPV4 IIF_IPSEC0
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0001c80a ]\n"
		"  [ immediate reg 1 0x000110ac ]\n"
		"  [ immediate reg 2 0xff0110ac ]\n"
		"  [ nat snat ip addr_min reg 1 addr_max reg 2 flags 0x40 ]\n"
		"\n");
}

/*
 * post: iifname "ipsec0" ip saddr 10.3.9.0/24 snat ip to 192.168.1.250
 */
static void test_remote_masquerade(void **state)
{
	assert_tunnel_rules(&libipsec,
		"tunnels { t1 { local = 192.168.1.0/24\n remote = 10.3.9.0/24\n"
		" remote_nat { mode = masquerade\n network = 192.168.1.250/32\n"
		" } } }\n",
		1,
		"inet t post\n" NFPROTO_IPV4 IIF_IPSEC0
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0009030a ]\n"
		"  [ immediate reg 1 0xfa01a8c0 ]\n"
		"  [ nat snat ip addr_min reg 1 ]\n"
		"\n");
}

/*
 * kernel XFRM: from the tunnel in prerouting by reqid, otherwise by address
 * pre: ipsec in reqid 7 ip saddr 10.3.9.0/24 ip daddr 10.1.7.0/24
 *      dnat ip prefix to 192.168.1.0/24
 * post: ip saddr 192.168.1.0/24 ip daddr 10.3.9.0/24
 *      snat ip prefix to 10.1.7.0/24
 */
static void test_xfrm(void **state)
{
	assert_tunnel_rules(&xfrm,
		"tunnels { t1 { local = 10.1.7.0/24\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n network = 192.168.1.0/24\n } } }\n",
		2,
		"inet t pre\n" NFPROTO_IPV4
		"  [ xfrm load in 0 reqid => reg 1 ]\n"
		"  [ cmp eq reg 1 0x00000007 ]\n"
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0009030a ]\n"
		"  [ payload load 3b @ network header + 16 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0007010a ]\n"
		"  [ immediate reg 1 0x0001a8c0 ]\n"
		"  [ immediate reg 2 0xff01a8c0 ]\n"
		"  [ nat dnat ip addr_min reg 1 addr_max reg 2 flags 0x40 ]\n"
		"\n"
		"inet t post\n" NFPROTO_IPV4
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0001a8c0 ]\n"
		"  [ payload load 3b @ network header + 16 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0009030a ]\n"
		"  [ immediate reg 1 0x0007010a ]\n"
		"  [ immediate reg 2 0xff07010a ]\n"
		"  [ nat snat ip addr_min reg 1 addr_max reg 2 flags 0x40 ]\n"
		"\n");
}

/*
 * kernel XFRM, reqid not known yet (the rules of a trap policy): the rule
 * from the tunnel matches by address alone
 * pre: ip saddr 10.3.9.0/24 ip daddr 10.1.7.0/24
 *      dnat ip prefix to 192.168.1.0/24
 */
static void test_xfrm_no_reqid(void **state)
{
	mguard_firewall_nat_where_t where = xfrm;
	mguard_model_t *model;
	linked_list_t *rules;
	mguard_firewall_nat_rule_t *rule;

	where.reqid = 0;
	model = load("tunnels { t1 { local = 10.1.7.0/24\n remote = 10.3.9.0/24\n"
		" local_nat { mode = 1to1\n network = 192.168.1.0/24\n } } }\n");
	rules = linked_list_create();
	assert_int_equal(mguard_firewall_nat_describe(first_tunnel(model), rules),
					 2);
	/* the first rule only */
	assert_true(rules->remove_last(rules, (void**)&rule) == SUCCESS);
	free(rule);
	assert_string_equal(print_rules(&where, rules),
		"inet t pre\n" NFPROTO_IPV4
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0009030a ]\n"
		"  [ payload load 3b @ network header + 16 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0007010a ]\n"
		"  [ immediate reg 1 0x0001a8c0 ]\n"
		"  [ immediate reg 2 0xff01a8c0 ]\n"
		"  [ nat dnat ip addr_min reg 1 addr_max reg 2 flags 0x40 ]\n"
		"\n");
	rules->destroy_function(rules, free);
	mguard_model_destroy(model);
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
 * post: oifname "ipsec0" ip saddr 10.1.0.0/24 snat ip to 10.200.0.17
 * and with a fixed remote network 10.0.0.0/8:
 * post: oifname "ipsec0" ip saddr 10.1.0.0/24 ip daddr 10.0.0.0/8
 *      snat ip to 10.200.0.17
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
		"inet t post\n" NFPROTO_IPV4 OIF_IPSEC0
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0000010a ]\n"
		"  [ immediate reg 1 0x1100c80a ]\n"
		"  [ nat snat ip addr_min reg 1 ]\n"
		"\n");
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
		"inet t post\n" NFPROTO_IPV4 OIF_IPSEC0
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0000010a ]\n"
		"  [ payload load 1b @ network header + 16 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0000000a ]\n"
		"  [ immediate reg 1 0x1100c80a ]\n"
		"  [ nat snat ip addr_min reg 1 ]\n"
		"\n");
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
