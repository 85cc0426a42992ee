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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_clean),
	};

	return cmocka_run_group_tests_name("mguard-control protocol", tests,
									   NULL, NULL);
}
