/*
 * Unit tests of the control socket's output queue: line formats, cleaning,
 * the per-line cap and the bound that drops a client that stops reading.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/control/mguard_control_outq.h"

/* everything queued, as a string */
static char *queued(mguard_control_outq_t *q)
{
	static char out[4 * MGC_LINE_MAX];
	char *data;
	size_t len;

	len = mguard_control_outq_peek(q, &data);
	assert_true(len < sizeof(out));
	memcpy(out, data, len);
	out[len] = '\0';
	return out;
}

static void test_formats(void **unused)
{
	mguard_control_outq_t q;

	mguard_control_outq_init(&q, 1024);
	assert_true(mguard_control_outq_line(&q, MGC_LINE_LOG, 0, "[IKE] a"));
	assert_true(mguard_control_outq_line(&q, MGC_LINE_LINE, 0, "x: y"));
	assert_true(mguard_control_outq_line(&q, MGC_LINE_ERROR, 503, "busy"));
	assert_true(mguard_control_outq_line(&q, MGC_LINE_DONE, 0, "ok"));
	assert_string_equal(queued(&q),
						"log [IKE] a\nline x: y\nerror 503 busy\ndone ok\n");
	mguard_control_outq_clear(&q);
}

static void test_clean_and_cut(void **unused)
{
	mguard_control_outq_t q;
	char text[2 * MGC_LINE_MAX], *out;

	mguard_control_outq_init(&q, 4 * MGC_LINE_MAX);
	assert_true(mguard_control_outq_line(&q, MGC_LINE_LOG, 0, "a\nb\rc\td"));
	assert_string_equal(queued(&q), "log a?b?c?d\n");
	mguard_control_outq_consume(&q, strlen("log a?b?c?d\n"));
	assert_string_equal(queued(&q), "");

	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_true(mguard_control_outq_line(&q, MGC_LINE_LINE, 0, text));
	out = queued(&q);
	assert_int_equal(strlen(out), MGC_LINE_MAX);
	assert_int_equal(out[MGC_LINE_MAX - 1], '\n');
	assert_memory_equal(out, "line xxx", 8);
	mguard_control_outq_clear(&q);
}

static void test_partial_writes(void **unused)
{
	mguard_control_outq_t q;

	mguard_control_outq_init(&q, 1024);
	assert_true(mguard_control_outq_line(&q, MGC_LINE_LOG, 0, "one"));
	mguard_control_outq_consume(&q, 3);
	assert_string_equal(queued(&q), " one\n");
	assert_true(mguard_control_outq_line(&q, MGC_LINE_DONE, 0, "ok"));
	assert_string_equal(queued(&q), " one\ndone ok\n");
	/* more than there is: all of it */
	mguard_control_outq_consume(&q, 1000);
	assert_string_equal(queued(&q), "");
	mguard_control_outq_clear(&q);
}

static void test_bound(void **unused)
{
	mguard_control_outq_t q;
	int i;

	/* "log 0123456789\n" is 15 bytes: four fit in 64, the fifth not */
	mguard_control_outq_init(&q, 64);
	for (i = 0; i < 4; i++)
	{
		assert_true(mguard_control_outq_line(&q, MGC_LINE_LOG, 0,
											 "0123456789"));
	}
	assert_false(mguard_control_outq_line(&q, MGC_LINE_LOG, 0, "0123456789"));
	/* nothing half-appended */
	assert_int_equal(strlen(queued(&q)), 60);
	/* what was written makes room again */
	mguard_control_outq_consume(&q, 15);
	assert_true(mguard_control_outq_line(&q, MGC_LINE_LOG, 0, "0123456789"));
	assert_int_equal(strlen(queued(&q)), 60);
	mguard_control_outq_clear(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_clean_and_cut),
		cmocka_unit_test(test_partial_writes),
		cmocka_unit_test(test_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
