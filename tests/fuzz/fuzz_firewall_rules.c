/*
 * libFuzzer target for mguard-firewall's rule translation
 * (plugins/firewall/mguard_firewall_rules.c, _expr.c) and its address and
 * port spec handling (mguard_firewall_spec.c).
 *
 * Sources: see build.sh; libraries: libstrongswan -lnftnl -lmnl.
 *
 * Input starting with '@': the rest is "ADDRESS\nPORTS", parsed as a
 * firewall rule's from/to and port values are; the intervals must be sorted,
 * disjoint and not adjacent, each from <= to, ports within 0..65535.
 * Otherwise the input is a model file's text: for every connection both
 * directions are translated (host names "resolve" to an address derived
 * from the name, or not at all); a failed translation must say why, a
 * successful one ends with the policy's final rule and every rule prints.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>
#include <libnftnl/rule.h>

#include "common/mguard_model.h"
#include "common/mguard_model_parse.h"
#include "plugins/firewall/mguard_firewall_rules.h"
#include "fuzz_model_input.h"

/** a broken invariant: say which, then abort */
static void fail(const char *what)
{
	fprintf(stderr, "fuzz_firewall_rules: %s\n", what);
	fuzz_abort();
}

static void dbg_silent(debug_t group, level_t level, char *fmt, ...)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!getenv("FUZZ_DEBUG"))
	{
		dbg = dbg_silent;
	}
	if (!library_init(NULL, "fuzz-firewall"))
	{
		abort();
	}
	fuzz_model_sandbox();
	return 0;
}

/** names whose first letter is before 'n' resolve, to 10.x.y.z from them */
static bool lookup(void *data, const char *host, array_t *out)
{
	uint32_t a;

	if (host[0] >= 'n')
	{
		return FALSE;
	}
	a = 0x0a000000u | (chunk_hash(chunk_from_str((char*)host)) & 0xffffff);
	array_insert(out, ARRAY_TAIL, &a);
	return TRUE;
}

static void check_ranges(array_t *ranges, uint32_t max)
{
	mguard_fw_range_t r, prev;
	int i;

	for (i = 0; i < array_count(ranges); i++)
	{
		array_get(ranges, i, &r);
		if (r.from > r.to || r.to > max)
		{
			fail("bad interval");
		}
		if (i && prev.to != UINT32_MAX && r.from <= prev.to + 1)
		{
			fail("intervals not sorted and merged");
		}
		prev = r;
	}
}

static void fuzz_specs(char *text)
{
	char *ports = strchr(text, '\n');
	mguard_addr_t addr;
	mguard_ports_t port;
	array_t *ranges;

	if (ports)
	{
		*ports++ = '\0';
	}
	if (mguard_model_parse_addr(text, TRUE, FALSE, &addr))
	{
		ranges = array_create(sizeof(mguard_fw_range_t), 0);
		if (!mguard_fw_addr_ranges(NULL, &addr, lookup, NULL, ranges))
		{
			fail("a non-group address failed");
		}
		check_ranges(ranges, UINT32_MAX);
		array_destroy(ranges);
		mguard_model_addr_clear(&addr);
	}
	if (ports && mguard_model_parse_ports(ports, FALSE, &port))
	{
		ranges = array_create(sizeof(mguard_fw_range_t), 0);
		if (!mguard_fw_port_ranges(NULL, &port, ranges))
		{
			fail("a non-group port failed");
		}
		check_ranges(ranges, 65535);
		array_destroy(ranges);
		free(port.str);
	}
}

static void fuzz_rules(mguard_model_t *model, mguard_connection_t *conn,
					   bool in)
{
	mguard_fw_chain_t chain = {
		.table = "mguard",
		.chain = in ? "in-1" : "out-1",
		.conn = conn,
		.in = in,
		.model = model,
		.log = { .group = 5, .rate = 10, .burst = 5 },
		.lookup = lookup,
	};
	linked_list_t *rules = linked_list_create();
	struct nftnl_rule *r;
	char error[256] = "", buf[8192];
	bool ok;

	ok = mguard_fw_rules_build(&chain, rules, error, sizeof(error));
	if (!ok && !error[0])
	{
		fail("translation failed without a reason");
	}
	if (ok && !rules->get_count(rules))
	{
		fail("no rules, not even the policy's");
	}
	while (rules->remove_first(rules, (void**)&r) == SUCCESS)
	{
		if (!nftnl_rule_get_str(r, NFTNL_RULE_CHAIN) ||
			nftnl_rule_snprintf(buf, sizeof(buf), r, NFTNL_OUTPUT_DEFAULT,
								0) < 0)
		{
			fail("a rule does not print");
		}
		nftnl_rule_free(r);
	}
	rules->destroy(rules);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mguard_report_t *report;
	mguard_model_t *model;
	mguard_connection_t *conn;
	enumerator_t *enumerator;
	char *text;

	text = fuzz_model_text(data, size);
	if (!text)
	{
		return 0;
	}
	if (text[0] == '@')
	{
		fuzz_specs(text + 1);
		free(text);
		return 0;
	}
	report = mguard_report_create();
	model = mguard_model_load_string(text, "fuzz.conf", report);
	if (model)
	{
		enumerator = mguard_model_create_connection_enumerator(model);
		while (enumerator->enumerate(enumerator, &conn))
		{
			fuzz_rules(model, conn, TRUE);
			fuzz_rules(model, conn, FALSE);
		}
		enumerator->destroy(enumerator);
		mguard_model_destroy(model);
	}
	report->destroy(report);
	free(text);
	return 0;
}
