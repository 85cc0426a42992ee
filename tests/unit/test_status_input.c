/*
 * Unit tests of vpn-status.cgi's inputs: query, form, control table lines,
 * and its CSRF tokens.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgi/vpn_status_input.h"
#include "cgi/vpn_csrf.h"

static void test_query(void **unused)
{
	struct {
		const char *raw;
		int status;
		vs_format_t format;
	} tests[] = {
		{ "", 0, VS_FORMAT_HTML },
		{ "format=html", 0, VS_FORMAT_HTML },
		{ "format=json", 0, VS_FORMAT_JSON },
		{ "format=prometheus", 0, VS_FORMAT_PROMETHEUS },
		{ "format=%6Aso%6E", 0, VS_FORMAT_JSON },
		{ "format=xml", 400, 0 },
		{ "format=JSON", 400, 0 },
		{ "format=json&format=json", 400, 0 },
		{ "format=json&", 400, 0 },
		{ "&format=json", 400, 0 },
		{ "format", 400, 0 },
		{ "=json", 400, 0 },
		{ "format=js=on", 400, 0 },
		{ "name=x", 400, 0 },
		{ "format=<script>", 400, 0 },
		{ "format=json%00", 400, 0 },
		{ "format=json%zz", 400, 0 },
	};
	const char *reason;
	vs_format_t format;
	unsigned i;
	int status;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		status = vs_query_parse(tests[i].raw, strlen(tests[i].raw), &format,
								&reason);
		assert_int_equal(status, tests[i].status);
		if (status)
		{
			assert_non_null(reason);
			assert_null(strchr(reason, '\n'));
		}
		else
		{
			assert_int_equal(format, tests[i].format);
		}
	}
	assert_int_equal(vs_query_parse(NULL, 0, &format, &reason), 0);
	assert_int_equal(vs_query_parse("format=json", MGC_LINE_MAX + 1, &format,
									&reason), 414);
}

static void test_form(void **unused)
{
	const char *reason;
	vs_form_t form;

	assert_int_equal(vs_form_parse("action=restart&conn=tok&token=1-ab", 34,
								   &form, &reason), 0);
	assert_int_equal(form.action, VS_ACTION_RESTART);
	assert_string_equal(form.conn, "tok");
	assert_string_equal(form.token, "1-ab");
	vs_form_free(&form);

	/* as browsers encode: + is a space, * itself */
	assert_int_equal(vs_form_parse("token=x&conn=a+b*%3C%2F&action=restart",
								   38, &form, &reason), 0);
	assert_string_equal(form.conn, "a b*</");
	vs_form_free(&form);

	assert_int_equal(vs_form_parse("action=reload&token=t", 21, &form,
								   &reason), 0);
	assert_int_equal(form.action, VS_ACTION_RELOAD);
	assert_null(form.conn);
	vs_form_free(&form);

	assert_int_equal(vs_form_parse("action=restart&conn=tok", 23, &form,
								   &reason), 400);
	assert_string_equal(reason, "missing parameter token");
	assert_int_equal(vs_form_parse("action=restart&token=t", 22, &form,
								   &reason), 400);
	assert_string_equal(reason, "missing parameter conn");
	assert_int_equal(vs_form_parse("action=restart&conn=&token=t", 28, &form,
								   &reason), 400);
	assert_int_equal(vs_form_parse("action=reload&conn=a&token=t", 28, &form,
								   &reason), 400);
	assert_int_equal(vs_form_parse("action=delete&token=t", 21, &form,
								   &reason), 400);
	assert_int_equal(vs_form_parse("action=reload&action=reload&token=t", 35,
								   &form, &reason), 400);
	assert_int_equal(vs_form_parse("action=reload&token=t&x=1", 25, &form,
								   &reason), 400);
	assert_int_equal(vs_form_parse("action=reload&token=a%00", 24, &form,
								   &reason), 400);
	assert_int_equal(vs_form_parse("action=reload&token=a;b", 23, &form,
								   &reason), 400);
	assert_int_equal(vs_form_parse("", 0, &form, &reason), 400);
	assert_int_equal(vs_form_parse("action=reload&token=t", MGC_LINE_MAX + 1,
								   &form, &reason), 413);
	assert_null(form.conn);
	assert_null(form.token);
}

static void test_form_value_limit(void **unused)
{
	char raw[600];
	const char *reason;
	vs_form_t form;
	int len;

	len = snprintf(raw, sizeof(raw), "action=reload&token=");
	memset(raw + len, 'a', VS_VALUE_MAX);
	assert_int_equal(vs_form_parse(raw, len + VS_VALUE_MAX, &form, &reason),
					 0);
	vs_form_free(&form);
	memset(raw + len, 'a', VS_VALUE_MAX + 1);
	assert_int_equal(vs_form_parse(raw, len + VS_VALUE_MAX + 1, &form,
								   &reason), 400);
}

static void test_row(void **unused)
{
	const char *reason;
	vs_row_t row;

	assert_true(vs_row_parse("key=athen name=New%20York%3Cb%3E "
		"initial=stopped mode=started startup=on_traffic status=active "
		"up=1 tunnels=2 rekeys=18446744073709551615 failed=3 later=x%20y",
		&row, &reason));
	assert_string_equal(row.key, "athen");
	assert_string_equal(row.name, "New York<b>");
	assert_string_equal(row.initial, "stopped");
	assert_string_equal(row.mode, "started");
	assert_string_equal(row.startup, "on_traffic");
	assert_string_equal(row.status, "active");
	assert_int_equal(row.up, 1);
	assert_int_equal(row.tunnels, 2);
	assert_true(row.rekeys == UINT64_MAX);
	assert_int_equal(row.failed, 3);
	vs_row_free(&row);

	/* the fields a client needs; older plugins' counters are optional */
	assert_true(vs_row_parse("key=a name=a mode=stopped status=void up=0 "
							 "tunnels=1", &row, &reason));
	assert_int_equal(row.rekeys, 0);
	assert_string_equal(row.startup, "");
	vs_row_free(&row);

	assert_false(vs_row_parse("name=a mode=stopped status=void up=0 "
							  "tunnels=1", &row, &reason));
	assert_false(vs_row_parse("key=a name=a mode=Stopped status=void up=0 "
							  "tunnels=1", &row, &reason));
	assert_false(vs_row_parse("key=a name=a mode=stopped status=void up=-1 "
							  "tunnels=1", &row, &reason));
	assert_false(vs_row_parse("key=a name=a mode=stopped status=void "
							  "up=4294967296 tunnels=1", &row, &reason));
	assert_false(vs_row_parse("key=a name=a mode=stopped status=void up=0 "
							  "tunnels=1 rekeys=18446744073709551616", &row,
							  &reason));
	assert_false(vs_row_parse("key=a name=a mode=stopped status=void up=0 "
							  "tunnels=1 failed=", &row, &reason));
	assert_false(vs_row_parse("key= name=a mode=stopped status=void up=0 "
							  "tunnels=1", &row, &reason));
	assert_false(vs_row_parse("key=a  name=a mode=stopped status=void up=0 "
							  "tunnels=1", &row, &reason));
	assert_false(vs_row_parse("key=a name=a<b mode=stopped status=void up=0 "
							  "tunnels=1", &row, &reason));
	assert_false(vs_row_parse("key=a key=b name=a mode=stopped status=void "
							  "up=0 tunnels=1", &row, &reason));
	assert_null(row.key);
	assert_null(row.name);
}

static void test_csrf(void **unused)
{
	uint8_t key[VS_CSRF_KEY_LEN], other[VS_CSRF_KEY_LEN];
	char token[VS_CSRF_TOKEN_MAX + 1], bad[VS_CSRF_TOKEN_MAX + 2];
	time_t now = 1700000000;

	memset(key, 1, sizeof(key));
	memset(other, 2, sizeof(other));
	vs_csrf_token(key, "admin", now, token);
	assert_true(vs_csrf_check(key, "admin", token, now));
	assert_true(vs_csrf_check(key, "admin", token, now + VS_CSRF_MAX_AGE));
	assert_false(vs_csrf_check(key, "admin", token,
							   now + VS_CSRF_MAX_AGE + 1));
	assert_true(vs_csrf_check(key, "admin", token, now - VS_CSRF_SKEW));
	assert_false(vs_csrf_check(key, "admin", token, now - VS_CSRF_SKEW - 1));
	assert_false(vs_csrf_check(key, "admin2", token, now));
	assert_false(vs_csrf_check(key, "admi", token, now));
	assert_false(vs_csrf_check(other, "admin", token, now));
	/* a changed MAC digit, time, or form */
	snprintf(bad, sizeof(bad), "%s", token);
	bad[strlen(bad) - 1] ^= 1;
	assert_false(vs_csrf_check(key, "admin", bad, now));
	snprintf(bad, sizeof(bad), "%s", token);
	bad[0] = '2';
	assert_false(vs_csrf_check(key, "admin", bad, now));
	snprintf(bad, sizeof(bad), "0%s", token);
	assert_false(vs_csrf_check(key, "admin", bad, now));
	snprintf(bad, sizeof(bad), "%sa", token);
	assert_false(vs_csrf_check(key, "admin", bad, now));
	assert_false(vs_csrf_check(key, "admin", "", now));
	assert_false(vs_csrf_check(key, "admin", "-", now));
	assert_false(vs_csrf_check(key, "admin",
		"99999999999999999999999-0000000000000000000000000000000000000000"
		"000000000000000000000000", now));
}

static void test_csrf_secret(void **unused)
{
	uint8_t key[VS_CSRF_KEY_LEN], again[VS_CSRF_KEY_LEN];
	char dir[] = "/tmp/test_status_input.XXXXXX", path[128], err[256];
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/csrf.key", dir);
	/* created on first use, mode 0600, the same afterwards */
	assert_true(vs_csrf_secret(path, key, err, sizeof(err)));
	assert_true(vs_csrf_secret(path, again, err, sizeof(err)));
	assert_memory_equal(key, again, sizeof(key));
	/* readable by the group: refused, naming the file */
	assert_int_equal(chmod(path, 0640), 0);
	assert_false(vs_csrf_secret(path, key, err, sizeof(err)));
	assert_non_null(strstr(err, path));
	assert_int_equal(chmod(path, 0600), 0);
	/* not 32 bytes */
	f = fopen(path, "a");
	fputc('x', f);
	fclose(f);
	assert_false(vs_csrf_secret(path, key, err, sizeof(err)));
	unlink(path);
	/* a symlink is not followed */
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_false(vs_csrf_secret(path, key, err, sizeof(err)));
	unlink(path);
	/* a directory nobody may write to */
	snprintf(path, sizeof(path), "%s/none/csrf.key", dir);
	assert_false(vs_csrf_secret(path, key, err, sizeof(err)));
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_form_value_limit),
		cmocka_unit_test(test_row),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_csrf_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
