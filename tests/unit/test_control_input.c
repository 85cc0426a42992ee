/*
 * Unit tests of service inputs (CMD 1-3): levels, switch and pushbutton
 * semantics, file and FIFO content.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/control/mguard_control_input.h"

static mguard_control_input_event_t feed(mguard_control_input_t *in,
										 const char *data, bool fifo,
										 size_t *consumed)
{
	return mguard_control_input_feed(in, data, strlen(data), fifo, consumed);
}

static void test_switch_levels(void **unused)
{
	mguard_control_input_t in;

	mguard_control_input_init(&in, false);
	/* the first level read applies */
	assert_int_equal(mguard_control_input_level(&in, false),
					 MGUARD_CONTROL_INPUT_OFF);
	assert_int_equal(mguard_control_input_level(&in, false),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(mguard_control_input_level(&in, true),
					 MGUARD_CONTROL_INPUT_ON);
	assert_int_equal(mguard_control_input_level(&in, true),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(mguard_control_input_level(&in, false),
					 MGUARD_CONTROL_INPUT_OFF);

	mguard_control_input_init(&in, false);
	assert_int_equal(mguard_control_input_level(&in, true),
					 MGUARD_CONTROL_INPUT_ON);
}

static void test_switch_inverted(void **unused)
{
	assert_true(mguard_control_input_switch_starts(MGUARD_CONTROL_INPUT_ON,
												   false));
	assert_false(mguard_control_input_switch_starts(MGUARD_CONTROL_INPUT_OFF,
													false));
	assert_false(mguard_control_input_switch_starts(MGUARD_CONTROL_INPUT_ON,
													true));
	assert_true(mguard_control_input_switch_starts(MGUARD_CONTROL_INPUT_OFF,
												   true));
}

static void test_pushbutton(void **unused)
{
	mguard_control_input_t in;

	mguard_control_input_init(&in, true);
	/* the first level is no press, not even a 1 */
	assert_int_equal(mguard_control_input_level(&in, true),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(mguard_control_input_level(&in, false),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(mguard_control_input_level(&in, true),
					 MGUARD_CONTROL_INPUT_TOGGLE);
	/* held down: no second press */
	assert_int_equal(mguard_control_input_level(&in, true),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(mguard_control_input_level(&in, false),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(mguard_control_input_level(&in, true),
					 MGUARD_CONTROL_INPUT_TOGGLE);
}

static void test_file_content(void **unused)
{
	mguard_control_input_t in;
	size_t consumed;

	mguard_control_input_init(&in, false);
	assert_int_equal(feed(&in, "1\n", false, &consumed),
					 MGUARD_CONTROL_INPUT_ON);
	assert_int_equal(consumed, 2);
	/* the same content read again: nothing new */
	assert_int_equal(feed(&in, "1\n", false, &consumed),
					 MGUARD_CONTROL_INPUT_NONE);
	/* without newline, with blanks */
	assert_int_equal(feed(&in, " 0 ", false, &consumed),
					 MGUARD_CONTROL_INPUT_OFF);
	assert_int_equal(consumed, 3);
	/* garbage is ignored */
	assert_int_equal(feed(&in, "on\n", false, &consumed),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(feed(&in, "10\n", false, &consumed),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(feed(&in, "", false, &consumed),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_false(in.level);
}

static void test_fifo_lines(void **unused)
{
	mguard_control_input_t in;
	size_t consumed;

	mguard_control_input_init(&in, false);
	/* an incomplete line waits */
	assert_int_equal(feed(&in, "1", true, &consumed),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(consumed, 0);
	assert_int_equal(feed(&in, "1\n0", true, &consumed),
					 MGUARD_CONTROL_INPUT_ON);
	assert_int_equal(consumed, 2);
	/* several lines: the last change wins */
	assert_int_equal(feed(&in, "0\n1\n0\n", true, &consumed),
					 MGUARD_CONTROL_INPUT_OFF);
	assert_int_equal(consumed, 6);
	assert_int_equal(feed(&in, "1\r\n", true, &consumed),
					 MGUARD_CONTROL_INPUT_ON);

	/* pushbutton on a FIFO: two presses cancel out, three toggle */
	mguard_control_input_init(&in, true);
	assert_int_equal(feed(&in, "0\n", true, &consumed),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(feed(&in, "1\n0\n", true, &consumed),
					 MGUARD_CONTROL_INPUT_TOGGLE);
	assert_int_equal(feed(&in, "1\n0\n1\n0\n", true, &consumed),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(feed(&in, "1\n0\n1\n0\n1\n", true, &consumed),
					 MGUARD_CONTROL_INPUT_TOGGLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch_levels),
		cmocka_unit_test(test_switch_inverted),
		cmocka_unit_test(test_pushbutton),
		cmocka_unit_test(test_file_content),
		cmocka_unit_test(test_fifo_lines),
	};

	return cmocka_run_group_tests_name("mguard-control service inputs",
									   tests, NULL, NULL);
}
