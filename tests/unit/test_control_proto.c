/*
 * Unit tests of the mguard-control socket protocol codec.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mguard_control_proto.h"

static void test_format(void **unused)
{
	char buf[64];

	assert_int_equal(mgc_request_format(buf, sizeof(buf), MGC_UP, "Athen", 5),
					 9);
	assert_string_equal(buf, "up Athen\n");
	assert_int_equal(mgc_request_format(buf, sizeof(buf), MGC_LIST, NULL, 0),
					 5);
	assert_string_equal(buf, "list\n");
	mgc_request_format(buf, sizeof(buf), MGC_STATUS, "New York\n;%", 11);
	assert_string_equal(buf, "status New%20York%0A%3B%25\n");
	mgc_request_format(buf, sizeof(buf), MGC_SMS, "vpn/start T", 11);
	assert_string_equal(buf, "sms vpn%2Fstart%20T\n");
	/* too small: refused, never truncated */
	assert_int_equal(mgc_request_format(buf, 9, MGC_UP, "Athen", 5), -1);
	assert_int_equal(mgc_request_format(buf, 10, MGC_UP, "Athen", 5), 9);
	assert_int_equal(mgc_request_format(buf, 11, MGC_UP, "Ath n", 5), -1);
	assert_int_equal(mgc_request_format(buf, 12, MGC_UP, "Ath n", 5), 11);
	assert_int_equal(mgc_request_format(buf, sizeof(buf), MGC_VERB_COUNT,
										NULL, 0), -1);
}

static void test_roundtrip(void **unused)
{
	char arg[256], buf[1024];
	mgc_request_t req;
	const char *reason;
	int i, len;

	for (i = 0; i < 255; i++)
	{
		arg[i] = (char)(i + 1);
	}
	len = mgc_request_format(buf, sizeof(buf), MGC_SYNUP, arg, 255);
	assert_true(len > 0);
	assert_true(mgc_request_parse(buf, len, &req, &reason));
	assert_int_equal(req.verb, MGC_SYNUP);
	assert_int_equal(req.arg_len, 255);
	assert_memory_equal(req.arg, arg, 255);
	mgc_request_free(&req);
}

static void test_parse(void **unused)
{
	struct {
		const char *line;
		bool ok;
		mgc_verb_t verb;
		const char *arg;
	} tests[] = {
		{ "up Athen\n", true, MGC_UP, "Athen" },
		{ "down Athen", true, MGC_DOWN, "Athen" },
		{ "status a%20b", true, MGC_STATUS, "a b" },
		{ "syndown x", true, MGC_SYNDOWN, "x" },
		{ "list", true, MGC_LIST, NULL },
		{ "license\n", true, MGC_LICENSE, NULL },
		{ "reload", true, MGC_RELOAD, NULL },
		{ "sms vpn%2Fstart%20tok", true, MGC_SMS, "vpn/start tok" },
		{ "", false, MGC_UP, NULL },
		{ "\n", false, MGC_UP, NULL },
		{ "up", false, MGC_UP, NULL },
		{ "up ", false, MGC_UP, NULL },
		{ "up a b", false, MGC_UP, NULL },
		{ "up a%2", false, MGC_UP, NULL },
		{ "up a%00", false, MGC_UP, NULL },
		{ "up a%g0", false, MGC_UP, NULL },
		{ "UP a", false, MGC_UP, NULL },
		{ "start a", false, MGC_UP, NULL },
		{ "list x", false, MGC_UP, NULL },
		{ "reload ", false, MGC_UP, NULL },
		{ "up a\nb", false, MGC_UP, NULL },
		{ "averyveryverylongverb x", false, MGC_UP, NULL },
	};
	mgc_request_t req;
	const char *reason;
	unsigned i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		reason = NULL;
		if (mgc_request_parse(tests[i].line, strlen(tests[i].line), &req,
							  &reason) != tests[i].ok)
		{
			fail_msg("'%s' not %s", tests[i].line,
					 tests[i].ok ? "accepted" : "refused");
		}
		if (!tests[i].ok)
		{
			assert_non_null(reason);
			assert_null(req.arg);
			continue;
		}
		assert_int_equal(req.verb, tests[i].verb);
		if (tests[i].arg)
		{
			assert_string_equal(req.arg, tests[i].arg);
		}
		else
		{
			assert_null(req.arg);
		}
		mgc_request_free(&req);
	}
}

static void test_too_long(void **unused)
{
	char line[MGC_LINE_MAX + 8];
	mgc_request_t req;
	const char *reason;

	memset(line, 'a', sizeof(line));
	memcpy(line, "up ", 3);
	assert_true(mgc_request_parse(line, MGC_LINE_MAX - 1, &req, &reason));
	mgc_request_free(&req);
	assert_false(mgc_request_parse(line, MGC_LINE_MAX, &req, &reason));
	assert_string_equal(reason, "request too long");
	assert_int_equal(mgc_request_format(line, sizeof(line), MGC_UP,
										line, MGC_LINE_MAX), -1);
}

static void test_lines(void **unused)
{
	char l1[] = "done active", l2[] = "error 409 disabled",
		 l3[] = "log [IKE] initiating", l4[] = "line Athen started",
		 l5[] = "error 4x9 x", l6[] = "bogus x", l7[] = "done",
		 l8[] = "error 200 x";
	mgc_line_t out;

	assert_true(mgc_line_parse(l1, &out));
	assert_int_equal(out.type, MGC_LINE_DONE);
	assert_string_equal(out.text, "active");
	assert_true(mgc_line_parse(l2, &out));
	assert_int_equal(out.type, MGC_LINE_ERROR);
	assert_int_equal(out.code, 409);
	assert_string_equal(out.text, "disabled");
	assert_true(mgc_line_parse(l3, &out));
	assert_int_equal(out.type, MGC_LINE_LOG);
	assert_string_equal(out.text, "[IKE] initiating");
	assert_true(mgc_line_parse(l4, &out));
	assert_int_equal(out.type, MGC_LINE_LINE);
	assert_false(mgc_line_parse(l5, &out));
	assert_false(mgc_line_parse(l6, &out));
	assert_false(mgc_line_parse(l7, &out));
	assert_false(mgc_line_parse(l8, &out));
}

static void test_clean(void **unused)
{
	char text[] = "a\nb\rc\x7f" "d\x01";

	mgc_text_clean(text, sizeof(text) - 1);
	assert_string_equal(text, "a?b?c?d?");
}

/* response lines: formatted, cleaned, cut to the limit, parsed back */
static void test_line_format(void **unused)
{
	char buf[MGC_LINE_MAX + 1], text[MGC_LINE_MAX + 10];
	mgc_line_t out;

	assert_int_equal(mgc_line_format(buf, sizeof(buf), MGC_LINE_DONE, 0,
									 "active"), 12);
	assert_string_equal(buf, "done active\n");
	assert_int_equal(mgc_line_format(buf, sizeof(buf), MGC_LINE_ERROR, 409,
									 "disabled"), 19);
	assert_string_equal(buf, "error 409 disabled\n");
	mgc_line_format(buf, sizeof(buf), MGC_LINE_LOG, 0, "a\nlog forged\r");
	assert_string_equal(buf, "log a?log forged?\n");
	mgc_line_format(buf, sizeof(buf), MGC_LINE_LINE, 0, "x");
	assert_string_equal(buf, "line x\n");
	assert_int_equal(mgc_line_format(buf, sizeof(buf), MGC_LINE_ERROR, 200,
									 "x"), -1);
	assert_int_equal(mgc_line_format(buf, sizeof(buf), 7, 0, "x"), -1);
	/* cut to MGC_LINE_MAX with the LF, and it parses back */
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(mgc_line_format(buf, sizeof(buf), MGC_LINE_ERROR, 500,
									 text), MGC_LINE_MAX);
	assert_int_equal(buf[MGC_LINE_MAX - 1], '\n');
	buf[MGC_LINE_MAX - 1] = '\0';
	assert_true(mgc_line_parse(buf, &out));
	assert_int_equal(out.type, MGC_LINE_ERROR);
	assert_int_equal(out.code, 500);
	assert_int_equal(strlen(out.text), MGC_LINE_MAX - 11);
	/* a small buffer */
	assert_int_equal(mgc_line_format(buf, 16, MGC_LINE_DONE, 0, "activeactive"),
					 15);
	assert_string_equal(buf, "done activeact\n");
}

/* the one percent-decoder (request arguments, nph-vpn.cgi's query) */
static void test_unescape(void **unused)
{
	struct {
		const char *in;
		mgc_unescape_t ret;
		const char *out;
	} tests[] = {
		{ "", MGC_UNESCAPE_OK, "" },
		{ "Athen", MGC_UNESCAPE_OK, "Athen" },
		{ "A-Z.a_z~09", MGC_UNESCAPE_OK, "A-Z.a_z~09" },
		{ "New%20York", MGC_UNESCAPE_OK, "New York" },
		{ "%3b%3B%3f%3F", MGC_UNESCAPE_OK, ";;??" },
		{ "%aA%Aa", MGC_UNESCAPE_OK, "\xaa\xaa" },
		{ "%C3%A4%25", MGC_UNESCAPE_OK, "\xc3\xa4%" },
		{ "%41%7e", MGC_UNESCAPE_OK, "A~" },
		{ "%0A%0d", MGC_UNESCAPE_OK, "\n\r" },
		{ "%ff", MGC_UNESCAPE_OK, "\xff" },
		{ "%2525", MGC_UNESCAPE_OK, "%25" },
		{ "%zz", MGC_UNESCAPE_ESCAPE, NULL },
		{ "a%g0", MGC_UNESCAPE_ESCAPE, NULL },
		{ "a%0g", MGC_UNESCAPE_ESCAPE, NULL },
		{ "%4", MGC_UNESCAPE_ESCAPE, NULL },
		{ "a%", MGC_UNESCAPE_ESCAPE, NULL },
		{ "%%41", MGC_UNESCAPE_ESCAPE, NULL },
		{ "%00", MGC_UNESCAPE_NUL, NULL },
		{ "a%00b", MGC_UNESCAPE_NUL, NULL },
		{ "a b", MGC_UNESCAPE_CHAR, NULL },
		{ "a+b", MGC_UNESCAPE_CHAR, NULL },
		{ "a&b", MGC_UNESCAPE_CHAR, NULL },
		{ "\xc3\xa4", MGC_UNESCAPE_CHAR, NULL },
	};
	char out[32];
	size_t len;
	unsigned i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		len = 99;
		if (mgc_unescape(tests[i].in, strlen(tests[i].in), out, &len) !=
			tests[i].ret)
		{
			fail_msg("'%s': not %d", tests[i].in, tests[i].ret);
		}
		if (tests[i].out)
		{
			assert_int_equal(len, strlen(tests[i].out));
			assert_memory_equal(out, tests[i].out, len + 1);
		}
	}
	/* a truncated escape at the end of the given length, not of the
	 * string: the decoder never reads past len */
	assert_int_equal(mgc_unescape("a%41", 3, out, &len), MGC_UNESCAPE_ESCAPE);
	assert_int_equal(mgc_unescape("a%41", 4, out, &len), MGC_UNESCAPE_OK);
	assert_string_equal(out, "aA");
}

/* escape and unescape are inverse for every byte but NUL */
static void test_escape_roundtrip(void **unused)
{
	char in[255], enc[3 * 255 + 1], dec[3 * 255 + 1];
	size_t len;
	int i, n;

	for (i = 0; i < 255; i++)
	{
		in[i] = (char)(i + 1);
	}
	n = mgc_escape(enc, sizeof(enc), in, sizeof(in));
	assert_true(n > 0);
	assert_int_equal(mgc_unescape(enc, n, dec, &len), MGC_UNESCAPE_OK);
	assert_int_equal(len, sizeof(in));
	assert_memory_equal(dec, in, len);
	/* too small a buffer, by one byte */
	assert_int_equal(mgc_escape(enc, 4, "a b", 3), -1);
	assert_int_equal(mgc_escape(enc, 6, "a b", 3), 5);
	assert_string_equal(enc, "a%20b");
}

/* the one verb table */
static void test_verbs(void **unused)
{
	struct {
		mgc_verb_t verb;
		const char *name;
		bool arg, waits, web;
	} tests[] = {
		{ MGC_UP, "up", TRUE, FALSE, TRUE },
		{ MGC_DOWN, "down", TRUE, FALSE, TRUE },
		{ MGC_STATUS, "status", TRUE, FALSE, TRUE },
		{ MGC_SYNUP, "synup", TRUE, TRUE, TRUE },
		{ MGC_SYNDOWN, "syndown", TRUE, TRUE, TRUE },
		{ MGC_LIST, "list", FALSE, FALSE, FALSE },
		{ MGC_LICENSE, "license", FALSE, FALSE, FALSE },
		{ MGC_RELOAD, "reload", FALSE, FALSE, FALSE },
		{ MGC_SMS, "sms", TRUE, FALSE, FALSE },
		{ MGC_TABLE, "table", FALSE, FALSE, FALSE },
	};
	mgc_verb_t verb;
	unsigned i;

	assert_int_equal(sizeof(tests) / sizeof(tests[0]), MGC_VERB_COUNT);
	for (i = 0; i < MGC_VERB_COUNT; i++)
	{
		assert_string_equal(mgc_verb_name(tests[i].verb), tests[i].name);
		assert_true(mgc_verb_from_name(tests[i].name, &verb));
		assert_int_equal(verb, tests[i].verb);
		assert_int_equal(mgc_verb_has_arg(verb), tests[i].arg);
		assert_int_equal(mgc_verb_waits(verb), tests[i].waits);
		assert_int_equal(mgc_verb_web(verb), tests[i].web);
	}
	assert_string_equal(mgc_verb_name(MGC_VERB_COUNT), "?");
	assert_false(mgc_verb_from_name("UP", &verb));
	assert_false(mgc_verb_from_name("", &verb));
	assert_false(mgc_verb_has_arg(MGC_VERB_COUNT));
	assert_false(mgc_verb_web((mgc_verb_t)-1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_line_format),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_escape_roundtrip),
		cmocka_unit_test(test_verbs),
	};

	return cmocka_run_group_tests_name("mguard-control protocol", tests,
									   NULL, NULL);
}
