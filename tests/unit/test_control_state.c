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
	mg_state_t s;

	mg_state_init(&s, MG_MODE_DISABLED, MG_STARTUP_INITIATE, 0);
	assert_int_equal(mg_state_apply_initial(&s), MG_ACT_NONE);
	assert_int_equal(mg_state_status(&s), MG_STATUS_VOID);

	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_INITIATE, 0);
	assert_int_equal(mg_state_apply_initial(&s), MG_ACT_NONE);
	assert_int_equal(mg_state_status(&s), MG_STATUS_VOID);

	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_INITIATE, 30);
	assert_int_equal(mg_state_apply_initial(&s), MG_ACT_INITIATE);
	assert_int_equal(mg_state_status(&s), MG_STATUS_READY);
	/* the initial mode does not arm the deactivation timeout */
	assert_int_equal(mg_state_next_check(&s), 0);

	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_ON_TRAFFIC, 0);
	assert_int_equal(mg_state_apply_initial(&s), MG_ACT_TRAP);

	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_WAIT, 0);
	assert_int_equal(mg_state_apply_initial(&s), MG_ACT_NONE);
	assert_int_equal(mg_state_status(&s), MG_STATUS_READY);
}

static void test_disabled_cannot_start_or_stop(void **unused)
{
	mg_state_t s;
	unsigned act = 0xff;

	mg_state_init(&s, MG_MODE_DISABLED, MG_STARTUP_INITIATE, 10);
	assert_int_equal(mg_state_start(&s, MG_CAUSE_CGI, T0, &act),
					 MG_RESULT_DISABLED);
	assert_int_equal(act, MG_ACT_NONE);
	assert_int_equal(s.mode, MG_MODE_DISABLED);
	act = 0xff;
	assert_int_equal(mg_state_stop(&s, MG_CAUSE_CGI, &act),
					 MG_RESULT_DISABLED);
	assert_int_equal(act, MG_ACT_NONE);
	assert_int_equal(mg_state_status(&s), MG_STATUS_VOID);
}

static void test_start_stop_actions(void **unused)
{
	struct {
		mg_startup_t startup;
		unsigned start, stop;
	} tests[] = {
		{ MG_STARTUP_INITIATE, MG_ACT_INITIATE, MG_ACT_TERMINATE },
		{ MG_STARTUP_ON_TRAFFIC, MG_ACT_TRAP,
		  MG_ACT_TERMINATE | MG_ACT_UNTRAP },
		{ MG_STARTUP_WAIT, MG_ACT_NONE, MG_ACT_TERMINATE },
	};
	mg_state_t s;
	unsigned act, i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		mg_state_init(&s, MG_MODE_STOPPED, tests[i].startup, 0);
		assert_int_equal(mg_state_start(&s, MG_CAUSE_CLI, T0, &act),
						 MG_RESULT_CHANGED);
		assert_int_equal(act, tests[i].start);
		assert_int_equal(s.mode, MG_MODE_STARTED);
		assert_int_equal(mg_state_status(&s), MG_STATUS_READY);

		assert_int_equal(mg_state_stop(&s, MG_CAUSE_CLI, &act),
						 MG_RESULT_CHANGED);
		assert_int_equal(act, tests[i].stop);
		assert_int_equal(s.mode, MG_MODE_STOPPED);
		assert_int_equal(mg_state_status(&s), MG_STATUS_VOID);
	}
}

static void test_repeated_requests(void **unused)
{
	mg_state_t s;
	unsigned act;

	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_INITIATE, 0);
	assert_int_equal(mg_state_stop(&s, MG_CAUSE_CGI, &act),
					 MG_RESULT_UNCHANGED);
	assert_int_equal(act, MG_ACT_NONE);

	mg_state_start(&s, MG_CAUSE_CGI, T0, &act);
	/* up again without tunnel: try again */
	assert_int_equal(mg_state_start(&s, MG_CAUSE_CGI, T0, &act),
					 MG_RESULT_UNCHANGED);
	assert_int_equal(act, MG_ACT_INITIATE);
	/* up again with tunnel: nothing to do */
	mg_state_established(&s, true, T0);
	assert_int_equal(mg_state_start(&s, MG_CAUSE_CGI, T0, &act),
					 MG_RESULT_UNCHANGED);
	assert_int_equal(act, MG_ACT_NONE);

	/* wait connections: up again is a no-op */
	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_WAIT, 0);
	assert_int_equal(mg_state_start(&s, MG_CAUSE_CGI, T0, &act),
					 MG_RESULT_UNCHANGED);
	assert_int_equal(act, MG_ACT_NONE);
}

static void test_status_words(void **unused)
{
	mg_state_t s;
	unsigned act;

	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_INITIATE, 0);
	assert_string_equal(mg_status_name(mg_state_status(&s)), "void");
	mg_state_start(&s, MG_CAUSE_CGI, T0, &act);
	assert_string_equal(mg_status_name(mg_state_status(&s)), "ready");
	mg_state_established(&s, true, T0);
	assert_string_equal(mg_status_name(mg_state_status(&s)), "active");
	mg_state_established(&s, false, T0);
	assert_string_equal(mg_status_name(mg_state_status(&s)), "ready");
	/* a peer host name that does not resolve: void although Started */
	mg_state_set_error(&s, true);
	assert_string_equal(mg_status_name(mg_state_status(&s)), "void");
	/* coming up clears the error */
	mg_state_established(&s, true, T0);
	assert_false(s.error);
	assert_string_equal(mg_status_name(mg_state_status(&s)), "active");

	assert_string_equal(mg_status_name(MG_STATUS_UNKNOWN), "unknown");
	assert_string_equal(mg_status_name((mg_status_t)42), "unknown");
	assert_string_equal(enum_to_name(mg_mode_names, MG_MODE_DISABLED),
						"disabled");
	assert_string_equal(enum_to_name(mg_mode_names, MG_MODE_STOPPED),
						"stopped");
	assert_string_equal(enum_to_name(mg_mode_names, MG_MODE_STARTED),
						"started");
	assert_string_equal(enum_to_name(mg_startup_names, MG_STARTUP_ON_TRAFFIC),
						"on_traffic");
	assert_string_equal(enum_to_name(mg_cause_names, MG_CAUSE_TIMEOUT),
						"timeout");
	assert_null(enum_to_name(mg_mode_names, 42));
	assert_string_equal(enum_to_name(mg_cause_names, MG_CAUSE_SMS), "sms");
}

static void test_keep_initiate_up(void **unused)
{
	mg_state_t s;
	unsigned act;

	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_INITIATE, 0);
	mg_state_established(&s, true, T0);
	/* lost its tunnel while Started: initiate again */
	assert_int_equal(mg_state_established(&s, false, T0 + 1),
					 MG_ACT_INITIATE);
	/* but not after a stop */
	mg_state_established(&s, true, T0 + 2);
	mg_state_stop(&s, MG_CAUSE_CGI, &act);
	assert_int_equal(mg_state_established(&s, false, T0 + 3), MG_ACT_NONE);

	/* wait and on_traffic connections are not re-initiated */
	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_WAIT, 0);
	mg_state_established(&s, true, T0);
	assert_int_equal(mg_state_established(&s, false, T0), MG_ACT_NONE);
	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_ON_TRAFFIC, 0);
	mg_state_established(&s, true, T0);
	assert_int_equal(mg_state_established(&s, false, T0), MG_ACT_NONE);
}

static void test_stopped_refuses_sa(void **unused)
{
	mg_state_t s;

	/* an SA that shows up for a Stopped connection is torn down */
	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_WAIT, 0);
	assert_int_equal(mg_state_established(&s, true, T0), MG_ACT_TERMINATE);
	mg_state_init(&s, MG_MODE_DISABLED, MG_STARTUP_WAIT, 0);
	assert_int_equal(mg_state_established(&s, true, T0), MG_ACT_TERMINATE);
}

static void test_deactivation_timeout(void **unused)
{
	mg_cause_t causes[] = { MG_CAUSE_CMD, MG_CAUSE_SMS, MG_CAUSE_CGI,
							MG_CAUSE_CLI };
	mg_state_t s;
	unsigned act, i;

	for (i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
	{
		mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_INITIATE, 5);
		assert_int_equal(mg_state_start(&s, causes[i], T0, &act),
						 MG_RESULT_CHANGED);
		assert_int_equal(act, MG_ACT_INITIATE | MG_ACT_TIMER);
		assert_int_equal(mg_state_next_check(&s), T0 + 5);
		mg_state_established(&s, true, T0 + 1);
		/* traffic does not extend it for initiate connections */
		mg_state_traffic(&s, T0 + 4);
		assert_int_equal(mg_state_tick(&s, T0 + 4), MG_ACT_NONE);
		assert_int_equal(s.mode, MG_MODE_STARTED);
		assert_int_equal(mg_state_tick(&s, T0 + 5), MG_ACT_TERMINATE);
		assert_int_equal(s.mode, MG_MODE_STOPPED);
		assert_int_equal(mg_state_next_check(&s), 0);
		/* stays Stopped: losing the tunnel does not re-initiate */
		assert_int_equal(mg_state_established(&s, false, T0 + 6),
						 MG_ACT_NONE);
		assert_int_equal(mg_state_status(&s), MG_STATUS_VOID);
		assert_int_equal(mg_state_tick(&s, T0 + 100), MG_ACT_NONE);
	}
}

static void test_timeout_only_on_transition(void **unused)
{
	mg_state_t s;
	unsigned act;

	/* initially Started: no timeout */
	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_WAIT, 5);
	mg_state_apply_initial(&s);
	assert_int_equal(mg_state_next_check(&s), 0);
	assert_int_equal(mg_state_tick(&s, T0 + 1000), MG_ACT_NONE);
	/* up on a Started connection is no transition: still no timeout */
	mg_state_start(&s, MG_CAUSE_CGI, T0, &act);
	assert_int_equal(mg_state_next_check(&s), 0);

	/* a second up does not extend a running timeout */
	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_WAIT, 5);
	mg_state_start(&s, MG_CAUSE_CGI, T0, &act);
	assert_int_equal(act, MG_ACT_TIMER);
	mg_state_start(&s, MG_CAUSE_CGI, T0 + 3, &act);
	assert_int_equal(mg_state_next_check(&s), T0 + 5);

	/* a stop clears it; the next start counts anew */
	mg_state_stop(&s, MG_CAUSE_CGI, &act);
	assert_int_equal(mg_state_next_check(&s), 0);
	mg_state_start(&s, MG_CAUSE_CMD, T0 + 10, &act);
	assert_int_equal(mg_state_next_check(&s), T0 + 15);
	assert_int_equal(mg_state_tick(&s, T0 + 14), MG_ACT_NONE);
	assert_int_equal(mg_state_tick(&s, T0 + 15), MG_ACT_TERMINATE);

	/* timeout 0 = off */
	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_INITIATE, 0);
	mg_state_start(&s, MG_CAUSE_CGI, T0, &act);
	assert_int_equal(act, MG_ACT_INITIATE);
	assert_int_equal(mg_state_next_check(&s), 0);
}

static void test_timeout_bounds(void **unused)
{
	mg_state_t s;
	unsigned act;

	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_WAIT, MG_TIMEOUT_MAX);
	mg_state_start(&s, MG_CAUSE_CGI, T0, &act);
	assert_int_equal(mg_state_next_check(&s), T0 + 720 * 3600);
	assert_int_equal(mg_state_tick(&s, T0 + 720 * 3600 - 1), MG_ACT_NONE);
	assert_int_equal(mg_state_tick(&s, T0 + 720 * 3600), MG_ACT_TERMINATE);

	/* clamped to 720:00:00 */
	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_WAIT, UINT32_MAX);
	assert_int_equal(s.timeout, MG_TIMEOUT_MAX);
	mg_state_start(&s, MG_CAUSE_CGI, T0, &act);
	assert_int_equal(mg_state_next_check(&s), T0 + MG_TIMEOUT_MAX);

	/* a tick long after the deadline stops once */
	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_WAIT, 1);
	mg_state_start(&s, MG_CAUSE_CGI, T0, &act);
	assert_int_equal(mg_state_tick(&s, T0 + 86400), MG_ACT_TERMINATE);
	assert_int_equal(mg_state_tick(&s, T0 + 86401), MG_ACT_NONE);
}

static void test_on_traffic_exception(void **unused)
{
	mg_state_t s;
	unsigned act;

	mg_state_init(&s, MG_MODE_STOPPED, MG_STARTUP_ON_TRAFFIC, 10);
	assert_int_equal(mg_state_start(&s, MG_CAUSE_CGI, T0, &act),
					 MG_RESULT_CHANGED);
	/* no deadline: the connection stays Started */
	assert_int_equal(act, MG_ACT_TRAP);
	assert_int_equal(mg_state_next_check(&s), 0);
	assert_int_equal(mg_state_tick(&s, T0 + 1000), MG_ACT_NONE);

	/* traffic establishes it; the timeout counts from the last traffic */
	assert_int_equal(mg_state_established(&s, true, T0 + 1000),
					 MG_ACT_TIMER);
	assert_int_equal(mg_state_next_check(&s), T0 + 1010);
	mg_state_traffic(&s, T0 + 1005);
	assert_int_equal(mg_state_next_check(&s), T0 + 1015);
	/* older traffic information does not move it back */
	mg_state_traffic(&s, T0 + 1001);
	assert_int_equal(mg_state_next_check(&s), T0 + 1015);
	assert_int_equal(mg_state_tick(&s, T0 + 1014), MG_ACT_NONE);
	/* idle for the timeout: released, still Started, traps stay */
	act = mg_state_tick(&s, T0 + 1015);
	assert_true(act & MG_ACT_TERMINATE);
	assert_false(act & MG_ACT_UNTRAP);
	assert_int_equal(s.mode, MG_MODE_STARTED);
	assert_int_equal(mg_state_established(&s, false, T0 + 1016), MG_ACT_NONE);
	assert_int_equal(mg_state_status(&s), MG_STATUS_READY);
	assert_int_equal(mg_state_next_check(&s), 0);

	/* traffic resumes: established again, timeout counts anew */
	assert_int_equal(mg_state_established(&s, true, T0 + 2000),
					 MG_ACT_TIMER);
	assert_int_equal(mg_state_next_check(&s), T0 + 2010);
	assert_int_equal(mg_state_status(&s), MG_STATUS_ACTIVE);

	/* also when initially Started */
	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_ON_TRAFFIC, 3);
	assert_int_equal(mg_state_apply_initial(&s), MG_ACT_TRAP);
	mg_state_established(&s, true, T0);
	assert_true(mg_state_tick(&s, T0 + 3) & MG_ACT_TERMINATE);
	assert_int_equal(s.mode, MG_MODE_STARTED);

	/* without timeout it is never released */
	mg_state_init(&s, MG_MODE_STARTED, MG_STARTUP_ON_TRAFFIC, 0);
	assert_int_equal(mg_state_established(&s, true, T0), MG_ACT_NONE);
	assert_int_equal(mg_state_next_check(&s), 0);
	assert_int_equal(mg_state_tick(&s, T0 + 100000), MG_ACT_NONE);
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
