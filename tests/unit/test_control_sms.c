/*
 * Unit tests of text message parsing: "vpn/start TOKEN", "vpn/stop TOKEN".
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/control/mguard_control_sms.h"

/* parse a copy of text; the token (or NULL) in tok, the result returned */
static bool parse(const char *text, bool *start, char *tok, const char **error)
{
	char body[256], *token = NULL;
	bool ok;

	strcpy(body, text);
	*error = NULL;
	ok = mguard_control_sms_parse(body, start, &token, error);
	strcpy(tok, ok ? token : "");
	return ok;
}

static void test_start_stop(void **unused)
{
	const char *error;
	char tok[256];
	bool start;

	assert_true(parse("vpn/start ny-token", &start, tok, &error));
	assert_true(start);
	assert_string_equal(tok, "ny-token");
	assert_true(parse("vpn/stop ny-token", &start, tok, &error));
	assert_false(start);
	assert_string_equal(tok, "ny-token");
}

static void test_white_space(void **unused)
{
	const char *error;
	char tok[256];
	bool start;

	/* around the command and the token, tabs, CR LF of a modem */
	assert_true(parse(" \r\n\tvpn/start \t tok \r\n", &start, tok, &error));
	assert_true(start);
	assert_string_equal(tok, "tok");
	assert_true(parse("vpn/stop\ttok", &start, tok, &error));
	assert_false(start);
	assert_string_equal(tok, "tok");
	/* a line break before the token is white space too */
	assert_true(parse("vpn/stop\t\n vpn/stop\ttok \r\n", &start, tok, &error));
	assert_string_equal(tok, "vpn/stop\ttok");
	/* white space inside the token stays */
	assert_true(parse("vpn/start a b", &start, tok, &error));
	assert_string_equal(tok, "a b");
}

static void test_refused(void **unused)
{
	const char *error;
	char tok[256];
	bool start;

	assert_false(parse("", &start, tok, &error));
	assert_string_equal(error, "expected 'vpn/start TOKEN' or 'vpn/stop TOKEN'");
	assert_false(parse("vpn/startx tok", &start, tok, &error));
	assert_string_equal(error, "expected 'vpn/start TOKEN' or 'vpn/stop TOKEN'");
	assert_false(parse("vpn/start", &start, tok, &error));
	assert_string_equal(error, "expected 'vpn/start TOKEN' or 'vpn/stop TOKEN'");
	assert_false(parse("VPN/START tok", &start, tok, &error));
	assert_false(parse("vpn/restart tok", &start, tok, &error));
	assert_false(parse("vpn/start \t\r\n", &start, tok, &error));
	assert_string_equal(error, "missing token");
	assert_false(parse("vpn/stop  ", &start, tok, &error));
	assert_string_equal(error, "missing token");
}

static void test_token_equals(void **unused)
{
	assert_true(mguard_control_sms_token_equals("ny-token", "ny-token"));
	assert_false(mguard_control_sms_token_equals("ny-token", "ny-tokeN"));
	assert_false(mguard_control_sms_token_equals("ny-token", "ny-toke"));
	assert_false(mguard_control_sms_token_equals("ny-token", "ny-tokenny-token"));
	assert_false(mguard_control_sms_token_equals("ny", "nyny"));
	assert_false(mguard_control_sms_token_equals("ny-token", ""));
	assert_false(mguard_control_sms_token_equals("", ""));
	assert_false(mguard_control_sms_token_equals("", "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_stop),
		cmocka_unit_test(test_white_space),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_token_equals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
