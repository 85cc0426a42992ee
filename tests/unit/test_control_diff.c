/*
 * Unit tests of the reload diff: which running connections are kept,
 * replaced or removed, and what happens to their SAs.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <library.h>

#include "plugins/control/mguard_control_diff.h"

static int group_setup(void **state)
{
	return library_init(NULL, "test-control-diff") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

static mguard_control_conn_cfg_t *cfg(const char *key,
									  mguard_control_mode_t initial,
									  mguard_control_startup_t startup)
{
	mguard_control_conn_cfg_t *c;

	INIT(c,
		.key = strdup(key),
		.name = strdup(key),
		.initial = initial,
		.startup = startup,
		.tunnels = 1,
	);
	return c;
}

static mguard_control_change_t get(array_t *changes, int i)
{
	mguard_control_change_t change;

	assert_true(array_get(changes, i, &change));
	return change;
}

static void test_unchanged_changed_new_removed(void **unused)
{
	mguard_control_running_t old[] = {
		{ cfg("a", MGUARD_CONTROL_MODE_STOPPED,
			  MGUARD_CONTROL_STARTUP_INITIATE), MGUARD_CONTROL_MODE_STARTED,
		  MGUARD_CONTROL_STARTUP_INITIATE },
		{ cfg("b", MGUARD_CONTROL_MODE_STARTED,
			  MGUARD_CONTROL_STARTUP_ON_TRAFFIC), MGUARD_CONTROL_MODE_STARTED,
		  MGUARD_CONTROL_STARTUP_ON_TRAFFIC },
		{ cfg("gone", MGUARD_CONTROL_MODE_STARTED,
			  MGUARD_CONTROL_STARTUP_ON_TRAFFIC),
		  MGUARD_CONTROL_MODE_STOPPED, MGUARD_CONTROL_STARTUP_ON_TRAFFIC },
	};
	mguard_control_conn_cfg_t *new[] = {
		cfg("new", MGUARD_CONTROL_MODE_STARTED, MGUARD_CONTROL_STARTUP_WAIT),
		/* b is Stopped by its new configuration: its SAs and trap go */
		cfg("b", MGUARD_CONTROL_MODE_STOPPED,
			MGUARD_CONTROL_STARTUP_ON_TRAFFIC),
		/* a unchanged: kept, even though started at run time */
		cfg("a", MGUARD_CONTROL_MODE_STOPPED, MGUARD_CONTROL_STARTUP_INITIATE),
	};
	array_t *changes;
	mguard_control_change_t c;
	int i;

	changes = mguard_control_diff(old, 3, new, 3);
	assert_int_equal(array_count(changes), 4);
	c = get(changes, 0);
	assert_int_equal(c.new, 0);
	assert_int_equal(c.old, -1);
	assert_false(c.keep);
	assert_int_equal(c.actions, MGUARD_CONTROL_ACT_NONE);
	c = get(changes, 1);
	assert_int_equal(c.new, 1);
	assert_int_equal(c.old, 1);
	assert_false(c.keep);
	assert_int_equal(c.actions, MGUARD_CONTROL_ACT_TERMINATE |
					 MGUARD_CONTROL_ACT_UNTRAP);
	c = get(changes, 2);
	assert_int_equal(c.new, 2);
	assert_int_equal(c.old, 0);
	assert_true(c.keep);
	assert_int_equal(c.actions, MGUARD_CONTROL_ACT_NONE);
	/* removed from the model: terminated, untrapped (on_traffic) */
	c = get(changes, 3);
	assert_int_equal(c.new, -1);
	assert_int_equal(c.old, 2);
	assert_int_equal(c.actions, MGUARD_CONTROL_ACT_TERMINATE |
					 MGUARD_CONTROL_ACT_UNTRAP);

	array_destroy(changes);
	for (i = 0; i < 3; i++)
	{
		mguard_control_conn_cfg_destroy(old[i].cfg);
		mguard_control_conn_cfg_destroy(new[i]);
	}
}

static void test_changed_stays_started(void **unused)
{
	mguard_control_running_t old[] = {
		{ cfg("a", MGUARD_CONTROL_MODE_STARTED,
			  MGUARD_CONTROL_STARTUP_INITIATE), MGUARD_CONTROL_MODE_STARTED,
		  MGUARD_CONTROL_STARTUP_INITIATE },
		{ cfg("b", MGUARD_CONTROL_MODE_STOPPED,
			  MGUARD_CONTROL_STARTUP_INITIATE), MGUARD_CONTROL_MODE_STOPPED,
		  MGUARD_CONTROL_STARTUP_INITIATE },
	};
	mguard_control_conn_cfg_t *new[] = {
		cfg("a", MGUARD_CONTROL_MODE_STARTED, MGUARD_CONTROL_STARTUP_INITIATE),
		cfg("b", MGUARD_CONTROL_MODE_STOPPED, MGUARD_CONTROL_STARTUP_INITIATE),
	};
	array_t *changes;
	mguard_control_change_t c;
	int i;

	/* a new timeout, still Started: replaced, its SAs stay */
	new[0]->timeout = 60;
	/* a new token of a Stopped one: nothing to tear down */
	new[1]->sms_token = strdup("tok");
	changes = mguard_control_diff(old, 2, new, 2);
	assert_int_equal(array_count(changes), 2);
	c = get(changes, 0);
	assert_false(c.keep);
	assert_int_equal(c.old, 0);
	assert_int_equal(c.actions, MGUARD_CONTROL_ACT_NONE);
	c = get(changes, 1);
	assert_false(c.keep);
	assert_int_equal(c.old, 1);
	assert_int_equal(c.actions, MGUARD_CONTROL_ACT_NONE);
	array_destroy(changes);
	for (i = 0; i < 2; i++)
	{
		mguard_control_conn_cfg_destroy(old[i].cfg);
		mguard_control_conn_cfg_destroy(new[i]);
	}
}

static void test_empty_and_all_removed(void **unused)
{
	mguard_control_running_t old[] = {
		{ cfg("a", MGUARD_CONTROL_MODE_STARTED, MGUARD_CONTROL_STARTUP_WAIT),
			MGUARD_CONTROL_MODE_STARTED,
		  MGUARD_CONTROL_STARTUP_WAIT },
	};
	array_t *changes;
	mguard_control_change_t c;

	changes = mguard_control_diff(NULL, 0, NULL, 0);
	assert_int_equal(array_count(changes), 0);
	array_destroy(changes);

	changes = mguard_control_diff(old, 1, NULL, 0);
	assert_int_equal(array_count(changes), 1);
	c = get(changes, 0);
	assert_int_equal(c.old, 0);
	assert_int_equal(c.new, -1);
	assert_int_equal(c.actions, MGUARD_CONTROL_ACT_TERMINATE);
	array_destroy(changes);
	mguard_control_conn_cfg_destroy(old[0].cfg);
}

static void test_large_model(void **unused)
{
	mguard_control_running_t *old;
	mguard_control_conn_cfg_t **new;
	array_t *changes;
	mguard_control_change_t c;
	char key[32];
	int i, n = 20000;

	/* linear: 20,000 connections, reversed order, all unchanged */
	old = calloc(n, sizeof(*old));
	new = calloc(n, sizeof(*new));
	for (i = 0; i < n; i++)
	{
		snprintf(key, sizeof(key), "c%d", i);
		old[i].cfg = cfg(key, MGUARD_CONTROL_MODE_STOPPED,
						 MGUARD_CONTROL_STARTUP_WAIT);
		old[i].mode = MGUARD_CONTROL_MODE_STOPPED;
		snprintf(key, sizeof(key), "c%d", n - 1 - i);
		new[i] = cfg(key, MGUARD_CONTROL_MODE_STOPPED,
					 MGUARD_CONTROL_STARTUP_WAIT);
	}
	changes = mguard_control_diff(old, n, new, n);
	assert_int_equal(array_count(changes), n);
	for (i = 0; i < n; i++)
	{
		c = get(changes, i);
		assert_true(c.keep);
		assert_int_equal(c.old, n - 1 - i);
	}
	array_destroy(changes);
	for (i = 0; i < n; i++)
	{
		mguard_control_conn_cfg_destroy(old[i].cfg);
		mguard_control_conn_cfg_destroy(new[i]);
	}
	free(old);
	free(new);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unchanged_changed_new_removed),
		cmocka_unit_test(test_changed_stays_started),
		cmocka_unit_test(test_empty_and_all_removed),
		cmocka_unit_test(test_large_model),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
