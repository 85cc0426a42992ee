/*
 * Unit tests of the mguard-control state machine: modes, transitions,
 * deactivation timeout (with the on_traffic exception) and status words.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "plugins/control/mguard_control_state.h"

#define T0 1000

static void test_initial_modes(void **unused)
{
	mguard_control_state_t s;

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_DISABLED,
							  MGUARD_CONTROL_STARTUP_INITIATE, 0);
	assert_int_equal(mguard_control_state_apply_initial(&s),
					 MGUARD_CONTROL_ACT_NONE);
	assert_int_equal(mguard_control_state_status(&s),
					 MGUARD_CONTROL_STATUS_VOID);

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_INITIATE, 0);
	assert_int_equal(mguard_control_state_apply_initial(&s),
					 MGUARD_CONTROL_ACT_NONE);
	assert_int_equal(mguard_control_state_status(&s),
					 MGUARD_CONTROL_STATUS_VOID);

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_INITIATE, 30);
	assert_int_equal(mguard_control_state_apply_initial(&s),
					 MGUARD_CONTROL_ACT_INITIATE);
	assert_int_equal(mguard_control_state_status(&s),
					 MGUARD_CONTROL_STATUS_READY);
	/* the initial mode does not arm the deactivation timeout */
	assert_int_equal(mguard_control_state_next_check(&s), 0);

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_ON_TRAFFIC, 0);
	assert_int_equal(mguard_control_state_apply_initial(&s),
					 MGUARD_CONTROL_ACT_TRAP);

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_WAIT, 0);
	assert_int_equal(mguard_control_state_apply_initial(&s),
					 MGUARD_CONTROL_ACT_NONE);
	assert_int_equal(mguard_control_state_status(&s),
					 MGUARD_CONTROL_STATUS_READY);
}

static void test_disabled_cannot_start_or_stop(void **unused)
{
	mguard_control_state_t s;
	unsigned act = 0xff;

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_DISABLED,
							  MGUARD_CONTROL_STARTUP_INITIATE, 10);
	assert_int_equal(mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI,
												T0, &act),
					 MGUARD_CONTROL_RESULT_DISABLED);
	assert_int_equal(act, MGUARD_CONTROL_ACT_NONE);
	assert_int_equal(s.mode, MGUARD_CONTROL_MODE_DISABLED);
	act = 0xff;
	assert_int_equal(mguard_control_state_stop(&s, MGUARD_CONTROL_CAUSE_CGI,
											   &act),
					 MGUARD_CONTROL_RESULT_DISABLED);
	assert_int_equal(act, MGUARD_CONTROL_ACT_NONE);
	assert_int_equal(mguard_control_state_status(&s),
					 MGUARD_CONTROL_STATUS_VOID);
}

static void test_start_stop_actions(void **unused)
{
	struct {
		mguard_control_startup_t startup;
		unsigned start, stop;
	} tests[] = {
		{ MGUARD_CONTROL_STARTUP_INITIATE, MGUARD_CONTROL_ACT_INITIATE,
			MGUARD_CONTROL_ACT_TERMINATE },
		{ MGUARD_CONTROL_STARTUP_ON_TRAFFIC, MGUARD_CONTROL_ACT_TRAP,
		  MGUARD_CONTROL_ACT_TERMINATE | MGUARD_CONTROL_ACT_UNTRAP },
		{ MGUARD_CONTROL_STARTUP_WAIT, MGUARD_CONTROL_ACT_NONE,
			MGUARD_CONTROL_ACT_TERMINATE },
	};
	mguard_control_state_t s;
	unsigned act, i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
								  tests[i].startup, 0);
		assert_int_equal(mguard_control_state_start(&s,
													MGUARD_CONTROL_CAUSE_CLI,
													T0, &act),
						 MGUARD_CONTROL_RESULT_CHANGED);
		assert_int_equal(act, tests[i].start);
		assert_int_equal(s.mode, MGUARD_CONTROL_MODE_STARTED);
		assert_int_equal(mguard_control_state_status(&s),
						 MGUARD_CONTROL_STATUS_READY);

		assert_int_equal(mguard_control_state_stop(&s, MGUARD_CONTROL_CAUSE_CLI,
												   &act),
						 MGUARD_CONTROL_RESULT_CHANGED);
		assert_int_equal(act, tests[i].stop);
		assert_int_equal(s.mode, MGUARD_CONTROL_MODE_STOPPED);
		assert_int_equal(mguard_control_state_status(&s),
						 MGUARD_CONTROL_STATUS_VOID);
	}
}

static void test_repeated_requests(void **unused)
{
	mguard_control_state_t s;
	unsigned act;

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_INITIATE, 0);
	assert_int_equal(mguard_control_state_stop(&s, MGUARD_CONTROL_CAUSE_CGI,
											   &act),
					 MGUARD_CONTROL_RESULT_UNCHANGED);
	assert_int_equal(act, MGUARD_CONTROL_ACT_NONE);

	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI, T0, &act);
	/* up again without tunnel: try again */
	assert_int_equal(mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI,
												T0, &act),
					 MGUARD_CONTROL_RESULT_UNCHANGED);
	assert_int_equal(act, MGUARD_CONTROL_ACT_INITIATE);
	/* up again with tunnel: nothing to do */
	mguard_control_state_established(&s, true, T0);
	assert_int_equal(mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI,
												T0, &act),
					 MGUARD_CONTROL_RESULT_UNCHANGED);
	assert_int_equal(act, MGUARD_CONTROL_ACT_NONE);

	/* wait connections: up again is a no-op */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_WAIT, 0);
	assert_int_equal(mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI,
												T0, &act),
					 MGUARD_CONTROL_RESULT_UNCHANGED);
	assert_int_equal(act, MGUARD_CONTROL_ACT_NONE);
}

static void test_status_words(void **unused)
{
	mguard_control_state_t s;
	unsigned act;

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_INITIATE, 0);
	assert_string_equal(mguard_control_status_name(mguard_control_state_status(
			&s)), "void");
	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI, T0, &act);
	assert_string_equal(mguard_control_status_name(mguard_control_state_status(
			&s)), "ready");
	mguard_control_state_established(&s, true, T0);
	assert_string_equal(mguard_control_status_name(mguard_control_state_status(
			&s)), "active");
	mguard_control_state_established(&s, false, T0);
	assert_string_equal(mguard_control_status_name(mguard_control_state_status(
			&s)), "ready");
	/* a peer host name that does not resolve: void although Started */
	mguard_control_state_set_error(&s, true);
	assert_string_equal(mguard_control_status_name(mguard_control_state_status(
			&s)), "void");
	/* coming up clears the error */
	mguard_control_state_established(&s, true, T0);
	assert_false(s.error);
	assert_string_equal(mguard_control_status_name(mguard_control_state_status(
			&s)), "active");

	assert_string_equal(mguard_control_status_name(
			MGUARD_CONTROL_STATUS_UNKNOWN), "unknown");
	assert_string_equal(mguard_control_status_name((mguard_control_status_t)42),
						"unknown");
	assert_string_equal(enum_to_name(mguard_control_mode_names,
									 MGUARD_CONTROL_MODE_DISABLED), "disabled");
	assert_string_equal(enum_to_name(mguard_control_mode_names,
									 MGUARD_CONTROL_MODE_STOPPED), "stopped");
	assert_string_equal(enum_to_name(mguard_control_mode_names,
									 MGUARD_CONTROL_MODE_STARTED), "started");
	assert_string_equal(enum_to_name(mguard_control_startup_names,
									 MGUARD_CONTROL_STARTUP_ON_TRAFFIC),
						"on_traffic");
	assert_string_equal(enum_to_name(mguard_control_cause_names,
									 MGUARD_CONTROL_CAUSE_TIMEOUT), "timeout");
	assert_null(enum_to_name(mguard_control_mode_names, 42));
	assert_string_equal(enum_to_name(mguard_control_cause_names,
									 MGUARD_CONTROL_CAUSE_SMS), "sms");
}

static void test_keep_initiate_up(void **unused)
{
	mguard_control_state_t s;
	unsigned act;

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_INITIATE, 0);
	mguard_control_state_established(&s, true, T0);
	/* lost its tunnel while Started: initiate again */
	assert_int_equal(mguard_control_state_established(&s, false, T0 + 1),
					 MGUARD_CONTROL_ACT_INITIATE);
	/* but not after a stop */
	mguard_control_state_established(&s, true, T0 + 2);
	mguard_control_state_stop(&s, MGUARD_CONTROL_CAUSE_CGI, &act);
	assert_int_equal(mguard_control_state_established(&s, false, T0 + 3),
					 MGUARD_CONTROL_ACT_NONE);

	/* wait and on_traffic connections are not re-initiated */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_WAIT, 0);
	mguard_control_state_established(&s, true, T0);
	assert_int_equal(mguard_control_state_established(&s, false, T0),
					 MGUARD_CONTROL_ACT_NONE);
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_ON_TRAFFIC, 0);
	mguard_control_state_established(&s, true, T0);
	assert_int_equal(mguard_control_state_established(&s, false, T0),
					 MGUARD_CONTROL_ACT_NONE);
}

static void test_stopped_refuses_sa(void **unused)
{
	mguard_control_state_t s;

	/* an SA that shows up for a Stopped connection is torn down */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_WAIT, 0);
	assert_int_equal(mguard_control_state_established(&s, true, T0),
					 MGUARD_CONTROL_ACT_TERMINATE);
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_DISABLED,
							  MGUARD_CONTROL_STARTUP_WAIT, 0);
	assert_int_equal(mguard_control_state_established(&s, true, T0),
					 MGUARD_CONTROL_ACT_TERMINATE);
}

static void test_deactivation_timeout(void **unused)
{
	mguard_control_cause_t causes[] = { MGUARD_CONTROL_CAUSE_CMD,
		MGUARD_CONTROL_CAUSE_SMS, MGUARD_CONTROL_CAUSE_CGI,
							MGUARD_CONTROL_CAUSE_CLI };
	mguard_control_state_t s;
	unsigned act, i;

	for (i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
	{
		mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
								  MGUARD_CONTROL_STARTUP_INITIATE, 5);
		assert_int_equal(mguard_control_state_start(&s, causes[i], T0, &act),
						 MGUARD_CONTROL_RESULT_CHANGED);
		assert_int_equal(act, MGUARD_CONTROL_ACT_INITIATE |
						 MGUARD_CONTROL_ACT_TIMER);
		assert_int_equal(mguard_control_state_next_check(&s), T0 + 5);
		mguard_control_state_established(&s, true, T0 + 1);
		/* traffic does not extend it for initiate connections */
		mguard_control_state_traffic(&s, T0 + 4);
		assert_int_equal(mguard_control_state_tick(&s, T0 + 4),
						 MGUARD_CONTROL_ACT_NONE);
		assert_int_equal(s.mode, MGUARD_CONTROL_MODE_STARTED);
		assert_int_equal(mguard_control_state_tick(&s, T0 + 5),
						 MGUARD_CONTROL_ACT_TERMINATE);
		assert_int_equal(s.mode, MGUARD_CONTROL_MODE_STOPPED);
		assert_int_equal(mguard_control_state_next_check(&s), 0);
		/* stays Stopped: losing the tunnel does not re-initiate */
		assert_int_equal(mguard_control_state_established(&s, false, T0 + 6),
						 MGUARD_CONTROL_ACT_NONE);
		assert_int_equal(mguard_control_state_status(&s),
						 MGUARD_CONTROL_STATUS_VOID);
		assert_int_equal(mguard_control_state_tick(&s, T0 + 100),
						 MGUARD_CONTROL_ACT_NONE);
	}
}

static void test_timeout_only_on_transition(void **unused)
{
	mguard_control_state_t s;
	unsigned act;

	/* initially Started: no timeout */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_WAIT, 5);
	mguard_control_state_apply_initial(&s);
	assert_int_equal(mguard_control_state_next_check(&s), 0);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 1000),
					 MGUARD_CONTROL_ACT_NONE);
	/* up on a Started connection is no transition: still no timeout */
	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI, T0, &act);
	assert_int_equal(mguard_control_state_next_check(&s), 0);

	/* a second up does not extend a running timeout */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_WAIT, 5);
	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI, T0, &act);
	assert_int_equal(act, MGUARD_CONTROL_ACT_TIMER);
	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI, T0 + 3, &act);
	assert_int_equal(mguard_control_state_next_check(&s), T0 + 5);

	/* a stop clears it; the next start counts anew */
	mguard_control_state_stop(&s, MGUARD_CONTROL_CAUSE_CGI, &act);
	assert_int_equal(mguard_control_state_next_check(&s), 0);
	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CMD, T0 + 10, &act);
	assert_int_equal(mguard_control_state_next_check(&s), T0 + 15);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 14),
					 MGUARD_CONTROL_ACT_NONE);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 15),
					 MGUARD_CONTROL_ACT_TERMINATE);

	/* timeout 0 = off */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_INITIATE, 0);
	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI, T0, &act);
	assert_int_equal(act, MGUARD_CONTROL_ACT_INITIATE);
	assert_int_equal(mguard_control_state_next_check(&s), 0);
}

static void test_timeout_bounds(void **unused)
{
	mguard_control_state_t s;
	unsigned act;

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_WAIT,
							  MGUARD_CONTROL_TIMEOUT_MAX);
	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI, T0, &act);
	assert_int_equal(mguard_control_state_next_check(&s), T0 + 720 * 3600);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 720 * 3600 - 1),
					 MGUARD_CONTROL_ACT_NONE);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 720 * 3600),
					 MGUARD_CONTROL_ACT_TERMINATE);

	/* clamped to 720:00:00 */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_WAIT, UINT32_MAX);
	assert_int_equal(s.timeout, MGUARD_CONTROL_TIMEOUT_MAX);
	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI, T0, &act);
	assert_int_equal(mguard_control_state_next_check(&s),
					 T0 + MGUARD_CONTROL_TIMEOUT_MAX);

	/* a tick long after the deadline stops once */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_WAIT, 1);
	mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI, T0, &act);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 86400),
					 MGUARD_CONTROL_ACT_TERMINATE);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 86401),
					 MGUARD_CONTROL_ACT_NONE);
}

static void test_on_traffic_exception(void **unused)
{
	mguard_control_state_t s;
	unsigned act;

	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STOPPED,
							  MGUARD_CONTROL_STARTUP_ON_TRAFFIC, 10);
	assert_int_equal(mguard_control_state_start(&s, MGUARD_CONTROL_CAUSE_CGI,
												T0, &act),
					 MGUARD_CONTROL_RESULT_CHANGED);
	/* no deadline: the connection stays Started */
	assert_int_equal(act, MGUARD_CONTROL_ACT_TRAP);
	assert_int_equal(mguard_control_state_next_check(&s), 0);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 1000),
					 MGUARD_CONTROL_ACT_NONE);

	/* traffic establishes it; the timeout counts from the last traffic */
	assert_int_equal(mguard_control_state_established(&s, true, T0 + 1000),
					 MGUARD_CONTROL_ACT_TIMER);
	assert_int_equal(mguard_control_state_next_check(&s), T0 + 1010);
	mguard_control_state_traffic(&s, T0 + 1005);
	assert_int_equal(mguard_control_state_next_check(&s), T0 + 1015);
	/* older traffic information does not move it back */
	mguard_control_state_traffic(&s, T0 + 1001);
	assert_int_equal(mguard_control_state_next_check(&s), T0 + 1015);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 1014),
					 MGUARD_CONTROL_ACT_NONE);
	/* idle for the timeout: released, still Started, traps stay */
	act = mguard_control_state_tick(&s, T0 + 1015);
	assert_true(act & MGUARD_CONTROL_ACT_TERMINATE);
	assert_false(act & MGUARD_CONTROL_ACT_UNTRAP);
	assert_int_equal(s.mode, MGUARD_CONTROL_MODE_STARTED);
	assert_int_equal(mguard_control_state_established(&s, false, T0 + 1016),
					 MGUARD_CONTROL_ACT_NONE);
	assert_int_equal(mguard_control_state_status(&s),
					 MGUARD_CONTROL_STATUS_READY);
	assert_int_equal(mguard_control_state_next_check(&s), 0);

	/* traffic resumes: established again, timeout counts anew */
	assert_int_equal(mguard_control_state_established(&s, true, T0 + 2000),
					 MGUARD_CONTROL_ACT_TIMER);
	assert_int_equal(mguard_control_state_next_check(&s), T0 + 2010);
	assert_int_equal(mguard_control_state_status(&s),
					 MGUARD_CONTROL_STATUS_ACTIVE);

	/* also when initially Started */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_ON_TRAFFIC, 3);
	assert_int_equal(mguard_control_state_apply_initial(&s),
					 MGUARD_CONTROL_ACT_TRAP);
	mguard_control_state_established(&s, true, T0);
	assert_true(mguard_control_state_tick(&s, T0 + 3) &
				MGUARD_CONTROL_ACT_TERMINATE);
	assert_int_equal(s.mode, MGUARD_CONTROL_MODE_STARTED);

	/* without timeout it is never released */
	mguard_control_state_init(&s, MGUARD_CONTROL_MODE_STARTED,
							  MGUARD_CONTROL_STARTUP_ON_TRAFFIC, 0);
	assert_int_equal(mguard_control_state_established(&s, true, T0),
					 MGUARD_CONTROL_ACT_NONE);
	assert_int_equal(mguard_control_state_next_check(&s), 0);
	assert_int_equal(mguard_control_state_tick(&s, T0 + 100000),
					 MGUARD_CONTROL_ACT_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initial_modes),
		cmocka_unit_test(test_disabled_cannot_start_or_stop),
		cmocka_unit_test(test_start_stop_actions),
		cmocka_unit_test(test_repeated_requests),
		cmocka_unit_test(test_status_words),
		cmocka_unit_test(test_keep_initiate_up),
		cmocka_unit_test(test_stopped_refuses_sa),
		cmocka_unit_test(test_deactivation_timeout),
		cmocka_unit_test(test_timeout_only_on_transition),
		cmocka_unit_test(test_timeout_bounds),
		cmocka_unit_test(test_on_traffic_exception),
	};

	return cmocka_run_group_tests_name("mguard-control state", tests, NULL,
									   NULL);
}
