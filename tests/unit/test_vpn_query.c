/*
 * Unit tests of nph-vpn.cgi's query parser.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cgi/vpn_query.h"

static int parse(const char *raw, vpn_query_t *q, const char **reason)
{
	return vpn_query_parse(raw, strlen(raw), q, reason);
}

static void test_valid(void **unused)
{
	struct {
		const char *raw;
		mgc_verb_t cmd;
		const char *name;
	} tests[] = {
		{ "name=Athen&cmd=up", MGC_UP, "Athen" },
		{ "cmd=down&name=Athen", MGC_DOWN, "Athen" },
		{ "name=Athen&cmd=status", MGC_STATUS, "Athen" },
		{ "name=Athen&cmd=synup", MGC_SYNUP, "Athen" },
		{ "name=Athen&cmd=syndown", MGC_SYNDOWN, "Athen" },
		{ "name=A-Z.a_z~09&cmd=up", MGC_UP, "A-Z.a_z~09" },
		{ "name=New%20York&cmd=status", MGC_STATUS, "New York" },
		{ "name=a%3Bb%3f%26%3D&cmd=up", MGC_UP, "a;b?&=" },
		{ "name=%C3%A4%25&cmd=up", MGC_UP, "\xc3\xa4%" },
		/* a "+" is not a space here: it must be sent as %2B */
		{ "name=a%2Bb&cmd=up", MGC_UP, "a+b" },
		{ "name=x&cmd=%75p", MGC_UP, "x" },
	};
	vpn_query_t q;
	const char *reason;
	unsigned i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		assert_int_equal(parse(tests[i].raw, &q, &reason), 0);
		assert_null(reason);
		assert_int_equal(q.cmd, tests[i].cmd);
		assert_string_equal(q.name, tests[i].name);
		assert_int_equal(q.name_len, strlen(tests[i].name));
		vpn_query_free(&q);
		assert_null(q.name);
	}
}

static void test_invalid(void **unused)
{
	struct {
		const char *raw;
		int status;
		const char *reason;
	} tests[] = {
		{ "", 400, "missing" },
		{ "name=a;b&cmd=up", 400, "invalid character" },
		{ "name=a b&cmd=up", 400, "invalid character" },
		{ "name=a+b&cmd=up", 400, "invalid character" },
		{ "name=a/b&cmd=up", 400, "invalid character" },
		{ "name=a?b&cmd=up", 400, "invalid character" },
		{ "name=\xc3\xa4&cmd=up", 400, "invalid character" },
		{ "name=a%2&cmd=up", 400, "escape" },
		{ "name=a%zz&cmd=up", 400, "escape" },
		{ "name=a&cmd=up%", 400, "escape" },
		{ "name=a&cmd=up%4", 400, "escape" },
		{ "name=a%00b&cmd=up", 400, "NUL" },
		{ "name=Athen", 400, "missing parameter cmd" },
		{ "cmd=up", 400, "missing parameter name" },
		{ "name=Athen&cmd=up&name=Athen", 400, "repeated parameter name" },
		{ "name=Athen&cmd=up&cmd=down", 400, "repeated parameter cmd" },
		{ "name=Athen&cmd=start", 400, "unknown cmd" },
		{ "name=Athen&cmd=UP", 400, "unknown cmd" },
		{ "name=Athen&cmd=", 400, "unknown cmd" },
		{ "name=Athen&cmd=up%00", 400, "NUL" },
		{ "name=Athen&cmd=up&x=1", 400, "unknown parameter" },
		{ "Name=Athen&cmd=up", 400, "unknown parameter" },
		{ "na%6De=Athen&cmd=up", 400, "unknown parameter" },
		{ "name=&cmd=up", 400, "empty parameter name" },
		{ "name=Athen&&cmd=up", 400, "empty parameter" },
		{ "&name=Athen&cmd=up", 400, "empty parameter" },
		{ "name=Athen&cmd=up&", 400, "empty parameter" },
		{ "name&cmd=up", 400, "malformed" },
		{ "name=a=b&cmd=up", 400, "malformed" },
	};
	vpn_query_t q;
	const char *reason;
	unsigned i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		reason = NULL;
		if (parse(tests[i].raw, &q, &reason) != tests[i].status)
		{
			fail_msg("'%s': not refused with %d", tests[i].raw,
					 tests[i].status);
		}
		assert_non_null(reason);
		if (!strstr(reason, tests[i].reason))
		{
			fail_msg("'%s': reason '%s' lacks '%s'", tests[i].raw, reason,
					 tests[i].reason);
		}
		/* one line */
		assert_null(strchr(reason, '\n'));
		assert_null(q.name);
	}
}

static void test_nul_in_raw(void **unused)
{
	const char raw[] = "name=a\0b&cmd=up";
	vpn_query_t q;
	const char *reason;

	assert_int_equal(vpn_query_parse(raw, sizeof(raw) - 1, &q, &reason), 400);
	assert_null(q.name);
}

static void test_oversize(void **unused)
{
	char raw[MGC_LINE_MAX + 2];
	vpn_query_t q;
	const char *reason;
	size_t len;

	memset(raw, 'a', sizeof(raw));
	memcpy(raw, "cmd=up&name=", 12);
	/* exactly the limit is fine */
	assert_int_equal(vpn_query_parse(raw, MGC_LINE_MAX, &q, &reason), 0);
	assert_int_equal(q.name_len, MGC_LINE_MAX - 12);
	vpn_query_free(&q);
	/* one more is not */
	assert_int_equal(vpn_query_parse(raw, MGC_LINE_MAX + 1, &q, &reason),
					 414);
	assert_non_null(strstr(reason, "too long"));
	len = sizeof(raw);
	assert_int_equal(vpn_query_parse(raw, len, &q, &reason), 414);
}

/* a query within the limit always makes a request line within it: the
 * longest name with the longest command */
static void test_limit_fits_request(void **unused)
{
	char raw[MGC_LINE_MAX], line[MGC_LINE_MAX + 1];
	vpn_query_t q;
	const char *reason;

	memset(raw, 'a', sizeof(raw));
	memcpy(raw, "cmd=syndown&name=", 17);
	assert_int_equal(vpn_query_parse(raw, sizeof(raw), &q, &reason), 0);
	assert_true(mgc_request_format(line, sizeof(line), MGC_SYNDOWN, q.name,
								   q.name_len) > 0);
	vpn_query_free(&q);
	/* escaped bytes stay escaped: no longer on the line than in the query */
	memset(raw, 'a', sizeof(raw));
	memcpy(raw, "cmd=syndown&name=", 17);
	memcpy(raw + 17, "%0A%20%7E", 9);
	assert_int_equal(vpn_query_parse(raw, sizeof(raw), &q, &reason), 0);
	assert_true(mgc_request_format(line, sizeof(line), MGC_SYNDOWN, q.name,
								   q.name_len) > 0);
	vpn_query_free(&q);
}

static void test_not_terminated(void **unused)
{
	/* the parser honours len and never reads past it */
	const char raw[] = "name=Athen&cmd=upXYZ";
	vpn_query_t q;
	const char *reason;

	assert_int_equal(vpn_query_parse(raw, strlen(raw) - 3, &q, &reason), 0);
	assert_int_equal(q.cmd, MGC_UP);
	vpn_query_free(&q);
}

/* the CGI's commands are the protocol's web verbs, nothing else */
static void test_web_verbs(void **unused)
{
	const char *refused[] = { "list", "license", "reload", "sms", "apply" };
	char raw[64];
	vpn_query_t q;
	const char *reason;
	unsigned i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
	{
		snprintf(raw, sizeof(raw), "name=x&cmd=%s", refused[i]);
		assert_int_equal(parse(raw, &q, &reason), 400);
		assert_string_equal(reason, "unknown cmd (allowed: up, down, status, "
							"synup, syndown)");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_nul_in_raw),
		cmocka_unit_test(test_oversize),
		cmocka_unit_test(test_limit_fits_request),
		cmocka_unit_test(test_not_terminated),
		cmocka_unit_test(test_web_verbs),
	};

	return cmocka_run_group_tests_name("nph-vpn.cgi query", tests, NULL,
									   NULL);
}
