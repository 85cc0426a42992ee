/*
 * Unit tests of mguard-firewall's rule translation (plugins/firewall:
 * mguard_firewall_rules.c, _expr.c) and of its address/port spec handling
 * (mguard_firewall_spec.c). Expected rules are nft(8)'s own translation of
 * the same statements (`nft --debug=netlink`), compared as
 * nftnl_rule_snprintf() text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <library.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <linux/netfilter/nf_tables.h>

#include <mguard_model.h>
#include <mguard_model_parse.h>
#include "mguard_firewall_child.h"
#include "mguard_firewall_filter.h"
#include "mguard_firewall_rules.h"
#include "mguard_firewall_spec.h"

static int group_setup(void **state)
{
	return library_init(NULL, "test-firewall") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

#define CONN(fw) \
	"connections {\n" \
	" gw {\n" \
	"  gateway = 192.0.2.2\n" \
	"  authentication {\n   method = psk\n   psk = abcdefgh\n  }\n" \
	"  tunnels { t1 {\n   local = 10.1.0.0/24\n" \
	"   remote = 10.2.0.0/24\n } }\n" \
	"  firewall {\n" fw "  }\n" \
	" }\n" \
	"}\n"

static mguard_model_t *load(const char *text)
{
	mguard_report_t *report = mguard_report_create();
	mguard_model_t *model;

	model = mguard_model_load_string(text, "test.conf", report);
	if (!model)
	{
		report->print(report, stderr);
	}
	report->destroy(report);
	assert_non_null(model);
	return model;
}

/** resolved host names of the tests */
static bool lookup(void *data, const char *host, array_t *out)
{
	uint32_t a = 0x0a01000bu;	/* 10.1.0.11 */

	if (!streq(host, "plc.example.com"))
	{
		return FALSE;
	}
	array_insert(out, ARRAY_TAIL, &a);
	return TRUE;
}

/**
 * Build a direction of connection gw, return every rule's text; NULL if
 * the build failed (error in *error)
 */
static char *build(mguard_model_t *model, bool in, char *error)
{
	mguard_fw_chain_t chain = {
		.table = "mguard",
		.chain = "in-7",
		.conn = mguard_model_get_connection(model, "gw"),
		.in = in,
		.model = model,
		.log = { .group = 5, .rate = 10, .burst = 5 },
		.lookup = lookup,
	};
	linked_list_t *rules = linked_list_create();
	struct nftnl_rule *r;
	char buf[4096], *all = strdup("");
	bool ok;

	error[0] = '\0';
	ok = mguard_fw_rules_build(&chain, rules, error, 256);
	while (rules->remove_first(rules, (void**)&r) == SUCCESS)
	{
		nftnl_rule_snprintf(buf, sizeof(buf), r, NFTNL_OUTPUT_DEFAULT, 0);
		all = realloc(all, strlen(all) + strlen(buf) + 2);
		strcat(all, buf);
		strcat(all, "\n");
		nftnl_rule_free(r);
	}
	rules->destroy(rules);
	if (!ok)
	{
		free(all);
		return NULL;
	}
	return all;
}

/* nft --debug=netlink of the statements in the comments */
#define HDR "inet mguard in-7\n"
#define IPV4 "  [ meta load nfproto => reg 1 ]\n  [ cmp eq reg 1 0x00000002 ]\n"
#define TCP "  [ meta load l4proto => reg 1 ]\n  [ cmp eq reg 1 0x00000006 ]\n"
#define UDP "  [ meta load l4proto => reg 1 ]\n  [ cmp eq reg 1 0x00000011 ]\n"
#define COUNTER "  [ counter pkts 0 bytes 0 ]\n"
#define RETURN "  [ immediate reg 0 return ]\n"
#define DROP "  [ immediate reg 0 drop ]\n"
/* ip daddr 10.1.0.10 tcp dport 502 */
#define R1_MATCH IPV4 \
	"  [ payload load 4b @ network header + 16 => reg 1 ]\n" \
	"  [ cmp eq reg 1 0x0a00010a ]\n" TCP \
	"  [ payload load 2b @ transport header + 2 => reg 1 ]\n" \
	"  [ cmp eq reg 1 0x0000f601 ]\n"
/* ... limit rate 10/second burst 5 packets log prefix "..." group 5 */
#define LOG(prefix) \
	"  [ limit rate 10/second burst 5 type packets flags 0x0 ]\n" \
	"  [ log prefix " prefix " group 5 snaplen 0 qthreshold 0 ]\n"
/* counter drop */
#define FINAL_DROP HDR COUNTER DROP "\n"

static void test_rules_list(void **state)
{
	mguard_model_t *model;
	char error[256], *text;

	model = load(CONN(
		"incoming {\n policy = rules\n log_unknown = yes\n rules {\n"
		"  r1 {\n   protocol = tcp\n   to = 10.1.0.10\n   to_port = 502\n"
		"   action = accept\n   log = yes\n  }\n"
		"  r2 {\n   protocol = udp\n   from = 10.2.0.0/24\n"
		"   to = 10.1.0.0/20\n   from_port = 1000:2000\n"
		"   action = drop\n  }\n"
		"  r3 {\n   protocol = tcp\n   action = reject\n  }\n"
		"  r4 {\n   action = reject\n  }\n"
		" }\n}\n"));
	text = build(model, TRUE, error);
	assert_non_null(text);
	assert_string_equal(text,
		/* r1: log, then accept (return) */
		HDR R1_MATCH LOG("mguard gw in r1: ") "\n"
		HDR R1_MATCH COUNTER RETURN "\n"
		/* ip saddr 10.2.0.0/24 ip daddr 10.1.0.0/20 udp sport 1000-2000
		 * counter drop */
		HDR IPV4
		"  [ payload load 3b @ network header + 12 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x0000020a ]\n"
		"  [ payload load 4b @ network header + 16 => reg 1 ]\n"
		"  [ bitwise reg 1 = ( reg 1 & 0x00f0ffff ) ^ 0x00000000 ]\n"
		"  [ cmp eq reg 1 0x0000010a ]\n" UDP
		"  [ payload load 2b @ transport header + 0 => reg 1 ]\n"
		"  [ cmp gte reg 1 0x0000e803 ]\n"
		"  [ cmp lte reg 1 0x0000d007 ]\n" COUNTER DROP "\n"
		/* meta l4proto tcp counter reject with tcp reset */
		HDR TCP COUNTER "  [ reject type 1 code 0 ]\n" "\n"
		/* counter reject */
		HDR COUNTER "  [ reject type 2 code 1 ]\n" "\n"
		/* log_unknown */
		HDR LOG("mguard gw in unknown: ") "\n"
		FINAL_DROP);
	free(text);
	mguard_model_destroy(model);
}

static void test_policies(void **state)
{
	mguard_model_t *model;
	char error[256], *text;

	model = load(CONN("incoming {\n policy = accept\n}\n"
					  "outgoing {\n policy = ping\n}\n"));
	text = build(model, TRUE, error);
	assert_string_equal(text, HDR COUNTER "\n");
	free(text);
	/* icmp type echo-request counter return; counter drop */
	text = build(model, FALSE, error);
	assert_string_equal(text,
		HDR IPV4
		"  [ meta load l4proto => reg 1 ]\n  [ cmp eq reg 1 0x00000001 ]\n"
		"  [ payload load 1b @ transport header + 0 => reg 1 ]\n"
		"  [ cmp eq reg 1 0x00000008 ]\n" COUNTER RETURN "\n"
		FINAL_DROP);
	free(text);
	mguard_model_destroy(model);

	/* drop without log_unknown: only the drop; default policies accept */
	model = load(CONN("incoming {\n policy = drop\n}\n"));
	text = build(model, TRUE, error);
	assert_string_equal(text, FINAL_DROP);
	free(text);
	text = build(model, FALSE, error);
	assert_string_equal(text, HDR COUNTER "\n");
	free(text);
	mguard_model_destroy(model);
}

static void test_groups_and_ranges(void **state)
{
	mguard_model_t *model;
	char error[256], *text;

	model = load(
		"groups {\n ip {\n  plcs = 10.1.0.12-10.1.0.20, plc.example.com,"
		" nowhere.example.com, 10.1.0.13\n }\n"
		" port {\n  web = 443, 80, 81\n }\n}\n"
		CONN("incoming {\n policy = rules\n rules {\n"
			 "  r1 {\n   protocol = tcp\n   to = plcs\n   to_port = web\n"
			 "   action = accept\n  }\n"
			 " }\n}\n"));
	text = build(model, TRUE, error);
	assert_non_null(text);
	/* plc.example.com (10.1.0.11) merges with 10.1.0.12-20, 10.1.0.13 is
	 * inside, nowhere.example.com did not resolve: one address range;
	 * ports 80, 81 merge: two port specs; first match order kept */
#define R(ports) HDR IPV4 \
		"  [ payload load 4b @ network header + 16 => reg 1 ]\n" \
		"  [ cmp gte reg 1 0x0b00010a ]\n" \
		"  [ cmp lte reg 1 0x1400010a ]\n" TCP \
		"  [ payload load 2b @ transport header + 2 => reg 1 ]\n" \
		ports COUNTER RETURN "\n"
	assert_string_equal(text,
		R("  [ cmp gte reg 1 0x00005000 ]\n  [ cmp lte reg 1 0x00005100 ]\n")
		R("  [ cmp eq reg 1 0x0000bb01 ]\n")
		FINAL_DROP);
	free(text);
	mguard_model_destroy(model);
}

static void test_unresolved_group_matches_nothing(void **state)
{
	mguard_model_t *model;
	char error[256], *text;

	model = load(
		"groups {\n ip {\n  far = nowhere.example.com\n }\n}\n"
		CONN("incoming {\n policy = rules\n rules {\n"
			 "  r1 {\n   to = far\n   action = accept\n  }\n"
			 " }\n}\n"));
	text = build(model, TRUE, error);
	assert_string_equal(text, FINAL_DROP);
	free(text);
	mguard_model_destroy(model);
}

static void test_rule_record(void **state)
{
	mguard_model_t *model;
	char error[256], *text;

	model = load(
		"groups {\n rules {\n  modbus {\n"
		"   m1 {\n    protocol = tcp\n    to_port = 502\n"
		"    action = accept\n    log = yes\n   }\n"
		"  }\n }\n}\n"
		CONN("outgoing {\n policy = rules\n rules {\n"
			 "  r1 {\n   to = 10.2.0.5\n   action = modbus\n  }\n"
			 " }\n}\n"));
	text = build(model, FALSE, error);
	assert_non_null(text);
	/* ip daddr 10.2.0.5 tcp dport 502: log + accept; ip daddr 10.2.0.5
	 * counter drop; counter drop */
#define TO5 IPV4 "  [ payload load 4b @ network header + 16 => reg 1 ]\n" \
		"  [ cmp eq reg 1 0x0500020a ]\n"
#define P502 TCP "  [ payload load 2b @ transport header + 2 => reg 1 ]\n" \
		"  [ cmp eq reg 1 0x0000f601 ]\n"
	assert_string_equal(text,
		HDR TO5 P502 LOG("mguard gw out r1/m1: ") "\n"
		HDR TO5 P502 COUNTER RETURN "\n"
		HDR TO5 COUNTER DROP "\n"
		FINAL_DROP);
	free(text);
	mguard_model_destroy(model);
}

static void test_expansion_cap(void **state)
{
	mguard_model_t *model;
	char error[256], *text, groups[8192];
	int i, len;

	/* 65 x 65 = 4225 rules > MGUARD_FW_MAX_EXPANSION */
	len = snprintf(groups, sizeof(groups), "groups {\n ip {\n  many = ");
	for (i = 0; i < 65; i++)
	{
		len += snprintf(groups + len, sizeof(groups) - len, "%s10.1.%d.1",
						i ? ", " : "", i * 2);
	}
	len += snprintf(groups + len, sizeof(groups) - len, "\n }\n}\n%s",
		CONN("incoming {\n policy = rules\n rules {\n"
			 "  r1 {\n   from = many\n   to = many\n   action = drop\n  }\n"
			 " }\n}\n"));
	model = load(groups);
	text = build(model, TRUE, error);
	assert_null(text);
	assert_non_null(strstr(error, "r1 expands to more than 4096 rules"));
	mguard_model_destroy(model);
}

static void test_log_prefix(void **state)
{
	char buf[MGUARD_FW_PREFIX_LEN], name[200];

	mguard_fw_log_prefix(buf, "Athen Süd\n\"x\"", TRUE, "r1");
	assert_string_equal(buf, "mguard Athen_S__d_\"x\" in r1: ");
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	mguard_fw_log_prefix(buf, name, FALSE, name);
	assert_true(strlen(buf) < MGUARD_FW_PREFIX_LEN);
	assert_true(strncmp(buf, "mguard aaaa", 11) == 0);
}

static void range_add(array_t *a, uint32_t from, uint32_t to)
{
	mguard_fw_range_t r = { from, to };

	array_insert(a, ARRAY_TAIL, &r);
}

static void assert_range(array_t *a, int i, uint32_t from, uint32_t to)
{
	mguard_fw_range_t r;

	assert_true(array_get(a, i, &r));
	assert_int_equal(r.from, from);
	assert_int_equal(r.to, to);
}

static void test_ranges_merge(void **state)
{
	array_t *a = array_create(sizeof(mguard_fw_range_t), 0);

	range_add(a, 50, 60);
	range_add(a, 10, 20);
	range_add(a, 21, 30);		/* adjacent to 10-20 */
	range_add(a, 15, 18);		/* inside */
	range_add(a, 59, 70);		/* overlaps 50-60 */
	range_add(a, 0xfffffff0u, 0xffffffffu);
	range_add(a, 0xffffffffu, 0xffffffffu);
	mguard_fw_ranges_merge(a);
	assert_int_equal(array_count(a), 3);
	assert_range(a, 0, 10, 30);
	assert_range(a, 1, 50, 70);
	assert_range(a, 2, 0xfffffff0u, 0xffffffffu);
	array_destroy(a);
}

static void test_addr_specs(void **state)
{
	array_t *a = array_create(sizeof(mguard_fw_range_t), 0);
	mguard_addr_t addr;
	mguard_model_t *model;

	model = load("groups {\n ip {\n  g = 10.0.0.0/8, 10.1.0.0/16\n }\n}\n");
	assert_true(mguard_model_parse_addr("0.0.0.0/0", FALSE, TRUE, &addr));
	assert_true(mguard_fw_addr_ranges(model, &addr, NULL, NULL, a));
	assert_range(a, 0, 0, 0xffffffffu);
	mguard_model_addr_clear(&addr);
	array_destroy(a);

	a = array_create(sizeof(mguard_fw_range_t), 0);
	assert_true(mguard_model_parse_addr("10.1.0.5", FALSE, TRUE, &addr));
	assert_true(mguard_fw_addr_ranges(model, &addr, NULL, NULL, a));
	assert_range(a, 0, 0x0a010005u, 0x0a010005u);
	mguard_model_addr_clear(&addr);
	array_destroy(a);

	a = array_create(sizeof(mguard_fw_range_t), 0);
	assert_true(mguard_model_parse_addr("10.1.0.9-10.1.1.3", FALSE, TRUE,
										&addr));
	assert_true(mguard_fw_addr_ranges(model, &addr, NULL, NULL, a));
	assert_range(a, 0, 0x0a010009u, 0x0a010103u);
	mguard_model_addr_clear(&addr);
	array_destroy(a);

	/* a group: 10.1.0.0/16 lies inside 10.0.0.0/8 */
	a = array_create(sizeof(mguard_fw_range_t), 0);
	assert_true(mguard_model_parse_addr("g", FALSE, TRUE, &addr));
	assert_true(mguard_fw_addr_ranges(model, &addr, NULL, NULL, a));
	assert_int_equal(array_count(a), 1);
	assert_range(a, 0, 0x0a000000u, 0x0affffffu);
	mguard_model_addr_clear(&addr);
	array_destroy(a);

	/* a group the model lacks */
	a = array_create(sizeof(mguard_fw_range_t), 0);
	assert_true(mguard_model_parse_addr("nogroup", FALSE, TRUE, &addr));
	assert_false(mguard_fw_addr_ranges(model, &addr, NULL, NULL, a));
	mguard_model_addr_clear(&addr);
	array_destroy(a);
	mguard_model_destroy(model);
}

static void test_port_specs(void **state)
{
	array_t *a = array_create(sizeof(mguard_fw_range_t), 0);
	mguard_ports_t ports;
	mguard_model_t *model;

	model = load("groups {\n port {\n"
				 "  g = 8000:8080, 80, 8081, https\n }\n}\n");
	assert_true(mguard_model_parse_ports("any", TRUE, &ports));
	assert_true(mguard_fw_port_ranges(model, &ports, a));
	assert_range(a, 0, 0, 65535);
	free(ports.str);
	array_destroy(a);

	a = array_create(sizeof(mguard_fw_range_t), 0);
	assert_true(mguard_model_parse_ports("2000:1000", TRUE, &ports) ||
				mguard_model_parse_ports("1000:2000", TRUE, &ports));
	assert_true(mguard_fw_port_ranges(model, &ports, a));
	assert_range(a, 0, 1000, 2000);
	free(ports.str);
	array_destroy(a);

	/* a group with a service: sorted, 8081 merged into 8000-8080 */
	a = array_create(sizeof(mguard_fw_range_t), 0);
	assert_true(mguard_model_parse_ports("g", TRUE, &ports));
	assert_true(mguard_fw_port_ranges(model, &ports, a));
	assert_int_equal(array_count(a), 3);
	assert_range(a, 0, 80, 80);
	assert_range(a, 1, 443, 443);
	assert_range(a, 2, 8000, 8081);
	free(ports.str);
	array_destroy(a);

	a = array_create(sizeof(mguard_fw_range_t), 0);
	assert_true(mguard_model_parse_ports("nogroup", TRUE, &ports));
	assert_false(mguard_fw_port_ranges(model, &ports, a));
	free(ports.str);
	array_destroy(a);
	mguard_model_destroy(model);
}

/** nftnl_rule_snprintf() text of a rule, freed */
static char *rule_text(struct nftnl_rule *r)
{
	char buf[4096];

	nftnl_rule_snprintf(buf, sizeof(buf), r, NFTNL_OUTPUT_DEFAULT, 0);
	nftnl_rule_free(r);
	return strdup(buf);
}

#define assert_rule(r, expected) ({ \
	char *_t = rule_text(r); \
	assert_string_equal(_t, expected); \
	free(_t); })

/**
 * The filter's kernel-libipsec lookups per prefix length, as nft
 * --debug=netlink translates them in table inet mguard
 */
static void test_prefix_rules(void **state)
{
	/* chain known-in: ip saddr & 255.255.255.0 @remotes-24 return */
	assert_rule(mguard_fw_prefix_rule("mguard", "known-in", TRUE, 24,
									  "remotes-24", NULL),
		"inet mguard known-in\n" IPV4
		"  [ payload load 4b @ network header + 12 => reg 1 ]\n"
		"  [ bitwise reg 1 = ( reg 1 & 0x00ffffff ) ^ 0x00000000 ]\n"
		"  [ lookup reg 1 set remotes-24 ]\n" RETURN);
	/* chain known-out: ip daddr @remotes-32 return */
	assert_rule(mguard_fw_prefix_rule("mguard", "known-out", FALSE, 32,
									  "remotes-32", NULL),
		"inet mguard known-out\n" IPV4
		"  [ payload load 4b @ network header + 16 => reg 1 ]\n"
		"  [ lookup reg 1 set remotes-32 ]\n" RETURN);
	/* chain dispatch-out: ip daddr & 255.255.128.0 @remote-gw-17
	 * jump out-gw */
	assert_rule(mguard_fw_prefix_rule("mguard", "dispatch-out", FALSE, 17,
									  "remote-gw-17", "out-gw"),
		"inet mguard dispatch-out\n" IPV4
		"  [ payload load 4b @ network header + 16 => reg 1 ]\n"
		"  [ bitwise reg 1 = ( reg 1 & 0x0080ffff ) ^ 0x00000000 ]\n"
		"  [ lookup reg 1 set remote-gw-17 ]\n"
		"  [ immediate reg 0 jump -> out-gw ]\n");
	/* chain dispatch-in: ip saddr & 0.0.0.0 @remote-gw-0 jump in-gw */
	assert_rule(mguard_fw_prefix_rule("mguard", "dispatch-in", TRUE, 0,
									  "remote-gw-0", "in-gw"),
		"inet mguard dispatch-in\n" IPV4
		"  [ payload load 4b @ network header + 12 => reg 1 ]\n"
		"  [ bitwise reg 1 = ( reg 1 & 0x00000000 ) ^ 0x00000000 ]\n"
		"  [ lookup reg 1 set remote-gw-0 ]\n"
		"  [ immediate reg 0 jump -> in-gw ]\n");
}

/** the networks that cover [from, to], "a/n a/n ..." */
static void assert_networks(const char *from, const char *to,
							const char *expected)
{
	char out[512] = "", buf[64];
	struct in_addr a;
	uint32_t f, t, last;
	int len;

	assert_int_equal(inet_pton(AF_INET, from, &a), 1);
	f = ntohl(a.s_addr);
	assert_int_equal(inet_pton(AF_INET, to, &a), 1);
	t = ntohl(a.s_addr);
	while (TRUE)
	{
		len = mguard_fw_range_prefix(f, t);
		a.s_addr = htonl(f);
		snprintf(buf, sizeof(buf), "%s%s/%d", out[0] ? " " : "",
				 inet_ntoa(a), len);
		strcat(out, buf);
		last = f | (len ? ~(~0u << (32 - len)) : ~0u);
		if (last >= t)
		{
			break;
		}
		f = last + 1;
	}
	assert_string_equal(out, expected);
}

static void test_range_prefixes(void **state)
{
	assert_networks("10.2.0.0", "10.2.0.255", "10.2.0.0/24");
	assert_networks("10.2.0.7", "10.2.0.7", "10.2.0.7/32");
	assert_networks("10.0.0.5", "10.0.0.20",
					"10.0.0.5/32 10.0.0.6/31 10.0.0.8/29 10.0.0.16/30 "
					"10.0.0.20/32");
	assert_networks("0.0.0.0", "255.255.255.255", "0.0.0.0/0");
	assert_networks("255.255.255.254", "255.255.255.255",
					"255.255.255.254/31");
	assert_networks("128.0.0.0", "255.255.255.255", "128.0.0.0/1");
}

/**
 * A batch that records what a part adds: "set NAME", "rule CHAIN",
 * "elem SET", one a line
 */
typedef struct {
	mguard_firewall_batch_t public;
	char log[4096];
} record_t;

static void record(record_t *this, const char *what, const char *name)
{
	size_t len = strlen(this->log);

	snprintf(this->log + len, sizeof(this->log) - len, "%s %s\n", what,
			 name);
}

static void rec_table(mguard_firewall_batch_t *b, uint16_t type,
					  uint16_t flags, struct nftnl_table *t)
{
	nftnl_table_free(t);
}

static void rec_chain(mguard_firewall_batch_t *b, uint16_t type,
					  uint16_t flags, struct nftnl_chain *c)
{
	nftnl_chain_free(c);
}

static void rec_rule(mguard_firewall_batch_t *b, uint16_t type,
					 uint16_t flags, struct nftnl_rule *r)
{
	record((record_t*)b, "rule",
		   nftnl_rule_get_str(r, NFTNL_RULE_CHAIN));
	nftnl_rule_free(r);
}

static void rec_set(mguard_firewall_batch_t *b, uint16_t type,
					uint16_t flags, struct nftnl_set *s)
{
	record((record_t*)b, "set", nftnl_set_get_str(s, NFTNL_SET_NAME));
	nftnl_set_free(s);
}

static void rec_elems(mguard_firewall_batch_t *b, uint16_t type,
					  uint16_t flags, struct nftnl_set *s)
{
	record((record_t*)b, type == NFT_MSG_NEWSETELEM ? "elem" : "del",
		   nftnl_set_get_str(s, NFTNL_SET_NAME));
	nftnl_set_free(s);
}

/** what a part added since the last call */
static char *recorded(record_t *this)
{
	static char out[4096];

	strcpy(out, this->log);
	this->log[0] = '\0';
	return out;
}

/** a kernel-libipsec CHILD_SA of connection gw with remote network */
static mguard_firewall_child_t *libipsec_child(mguard_model_t *model,
											   uint32_t reqid,
											   const char *remote)
{
	mguard_firewall_child_t *child;
	traffic_selector_t *ts;

	child = mguard_firewall_child_create(reqid, "gw-t1", "ipsec0");
	ts = traffic_selector_create_from_cidr((char*)remote, 0, 0, 65535);
	mguard_firewall_child_add_ts(child, ts, FALSE);
	ts->destroy(ts);
	child->conn = mguard_model_get_connection(model, "gw");
	return child;
}

#define LENGTH_OBJECTS(n) \
	"set remotes-" #n "\nrule known-out\nrule known-in\n"
#define CONN_LENGTH_OBJECTS(n) \
	"set remote-gw-" #n "\nrule dispatch-out\nrule dispatch-in\n"
#define ELEMS(n) "elem remotes-" #n "\nelem remote-gw-" #n "\n"

/**
 * The filter adds a prefix length's sets and rules with the first
 * CHILD_SA of that length only, again after a batch that failed, and
 * keeps what exists when a rebuild fails
 */
static void test_filter_lengths(void **state)
{
	mguard_model_t *model = load(CONN("  incoming {\n   policy = accept\n"
								 "  }\n"));
	mguard_fw_log_t log = { .group = -1, .rate = 10, .burst = 5 };
	mguard_firewall_table_t table = {
		.name = "mguard",
		.tun = "ipsec0",
		.model = model,
	};
	mguard_firewall_part_t *part;
	mguard_firewall_child_t *c[7];
	record_t rec = {
		.public = {
			.add_table = rec_table,
			.add_chain = rec_chain,
			.add_rule = rec_rule,
			.add_set = rec_set,
			.add_elems = rec_elems,
		},
	};
	mguard_firewall_batch_t *b = &rec.public;
	mguard_firewall_child_t *r;
	traffic_selector_t *ts;
	u_int i;

	part = mguard_firewall_filter_create(log, NULL, NULL);
	assert_non_null(part->done);
	assert_true(part->setup(part, &table, b));
	assert_null(strstr(recorded(&rec), "remotes-"));
	part->done(part, TRUE);

	c[0] = libipsec_child(model, 1, "10.2.0.0/24");
	assert_true(part->up(part, &table, c[0], b));
	assert_string_equal(recorded(&rec), LENGTH_OBJECTS(24)
						"elem remotes-24\n" CONN_LENGTH_OBJECTS(24)
						"elem remote-gw-24\n");
	part->done(part, TRUE);
	/* the common case: only the elements */
	c[1] = libipsec_child(model, 2, "10.3.0.0/24");
	assert_true(part->up(part, &table, c[1], b));
	assert_string_equal(recorded(&rec), ELEMS(24));
	part->done(part, TRUE);

	/* a new length whose batch fails: the next CHILD_SA adds it again */
	c[2] = libipsec_child(model, 3, "10.4.0.7/32");
	assert_true(part->up(part, &table, c[2], b));
	assert_string_equal(recorded(&rec), LENGTH_OBJECTS(32)
						"elem remotes-32\n" CONN_LENGTH_OBJECTS(32)
						"elem remote-gw-32\n");
	part->done(part, FALSE);
	c[3] = libipsec_child(model, 4, "10.4.0.8/32");
	assert_true(part->up(part, &table, c[3], b));
	assert_string_equal(recorded(&rec), LENGTH_OBJECTS(32)
						"elem remotes-32\n" CONN_LENGTH_OBJECTS(32)
						"elem remote-gw-32\n");
	part->done(part, TRUE);
	c[4] = libipsec_child(model, 5, "10.4.0.9/32");
	assert_true(part->up(part, &table, c[4], b));
	assert_string_equal(recorded(&rec), ELEMS(32));
	part->done(part, TRUE);

	/* down removes the elements only */
	part->down(part, &table, c[4], b);
	assert_string_equal(recorded(&rec), "del remotes-32\ndel remote-gw-32\n");
	part->done(part, TRUE);

	/* a rebuild adds the lengths its CHILD_SAs use, once; if it fails,
	 * what the kernel has stays known */
	assert_true(part->setup(part, &table, b));
	assert_null(strstr(recorded(&rec), "remote"));
	assert_true(part->up(part, &table, c[0], b));
	assert_true(part->up(part, &table, c[1], b));
	assert_string_equal(recorded(&rec), LENGTH_OBJECTS(24)
						"elem remotes-24\n" CONN_LENGTH_OBJECTS(24)
						"elem remote-gw-24\n" ELEMS(24));
	part->done(part, FALSE);
	c[5] = libipsec_child(model, 6, "10.4.0.10/32");
	assert_true(part->up(part, &table, c[5], b));
	assert_string_equal(recorded(&rec), ELEMS(32));
	part->done(part, TRUE);
	/* a rebuild that takes effect forgets lengths no CHILD_SA uses */
	assert_true(part->setup(part, &table, b));
	assert_true(part->up(part, &table, c[0], b));
	part->done(part, TRUE);
	recorded(&rec);
	c[6] = libipsec_child(model, 7, "10.4.0.11/32");
	assert_true(part->up(part, &table, c[6], b));
	assert_string_equal(recorded(&rec), LENGTH_OBJECTS(32)
						"elem remotes-32\n" CONN_LENGTH_OBJECTS(32)
						"elem remote-gw-32\n");
	part->done(part, TRUE);

	/* a range: the networks that cover it (10.5.0.4/30, 10.5.0.8/30) */
	r = mguard_firewall_child_create(8, "gw-t1", "ipsec0");
	ts = traffic_selector_create_from_string(0, TS_IPV4_ADDR_RANGE,
								"10.5.0.4", 0, "10.5.0.11", 65535);
	mguard_firewall_child_add_ts(r, ts, FALSE);
	ts->destroy(ts);
	r->conn = mguard_model_get_connection(model, "gw");
	assert_true(part->up(part, &table, r, b));
	assert_string_equal(recorded(&rec), LENGTH_OBJECTS(30)
						"elem remotes-30\n" CONN_LENGTH_OBJECTS(30)
						"elem remote-gw-30\n" ELEMS(30));
	part->done(part, TRUE);
	mguard_firewall_child_destroy(r);
	for (i = 0; i < countof(c); i++)
	{
		mguard_firewall_child_destroy(c[i]);
	}
	part->destroy(part);
	mguard_model_destroy(model);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_list),
		cmocka_unit_test(test_policies),
		cmocka_unit_test(test_groups_and_ranges),
		cmocka_unit_test(test_unresolved_group_matches_nothing),
		cmocka_unit_test(test_rule_record),
		cmocka_unit_test(test_expansion_cap),
		cmocka_unit_test(test_log_prefix),
		cmocka_unit_test(test_ranges_merge),
		cmocka_unit_test(test_addr_specs),
		cmocka_unit_test(test_port_specs),
		cmocka_unit_test(test_prefix_rules),
		cmocka_unit_test(test_range_prefixes),
		cmocka_unit_test(test_filter_lengths),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
