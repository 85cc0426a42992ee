/*
 * Unit tests of the libipsec acquire shim's charon-free part: the "no
 * outbound SA" message and the per-reqid throttle.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/control/mguard_control_acquire_msg.h"

static void test_parse(void **unused)
{
	uint32_t reqid = 0;

	/* libipsec's exact text (ipsec_processor.c) */
	assert_true(mguard_control_acquire_parse("could not find an outbound "
					"IPsec SA for reqid {7}, dropping packet", &reqid));
	assert_int_equal(reqid, 7);
	assert_true(mguard_control_acquire_parse("could not find an outbound "
					"IPsec SA for reqid {4294967295}, dropping packet", &reqid));
	assert_int_equal(reqid, 4294967295u);
}

static void test_parse_rejects(void **unused)
{
	const char *bad[] = {
		"",
		"could not find an outbound IPsec SA for reqid {",
		"could not find an outbound IPsec SA for reqid {}",
		"could not find an outbound IPsec SA for reqid {0}, dropping packet",
		"could not find an outbound IPsec SA for reqid {-1}, dropping",
		"could not find an outbound IPsec SA for reqid { 5}, dropping",
		"could not find an outbound IPsec SA for reqid {5, dropping",
		"could not find an outbound IPsec SA for reqid {4294967296}",
		"could not find an outbound IPsec SA for reqid {99999999999999999999}",
		"could not find an inbound IPsec SA for reqid {5}, dropping packet",
		" could not find an outbound IPsec SA for reqid {5}",
	};
	uint32_t reqid = 42;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		assert_false(mguard_control_acquire_parse(bad[i], &reqid));
	}
	assert_int_equal(reqid, 42);
}

static void test_throttle(void **unused)
{
	mguard_control_acquire_throttle_t t = {};

	assert_true(mguard_control_acquire_due(&t, 5, 100));
	/* every further packet of the same second: no acquire */
	assert_false(mguard_control_acquire_due(&t, 5, 100));
	assert_false(mguard_control_acquire_due(&t, 5, 100));
	/* another reqid is not held up */
	assert_true(mguard_control_acquire_due(&t, 6, 100));
	/* the next interval: again */
	assert_true(mguard_control_acquire_due(&t, 5, 100 + MGUARD_ACQUIRE_INTERVAL));
	assert_false(mguard_control_acquire_due(&t, 5, 100 + MGUARD_ACQUIRE_INTERVAL));
	/* two reqids in one slot: each passes, neither is starved */
	assert_true(mguard_control_acquire_due(&t, 7, 200));
	assert_true(mguard_control_acquire_due(&t, 7 + MGUARD_ACQUIRE_SLOTS, 200));
	assert_true(mguard_control_acquire_due(&t, 7, 200));
}

static void test_flood_bounded(void **unused)
{
	mguard_control_acquire_throttle_t t = {};
	int i, raised = 0;

	/* 100,000 dropped packets of one reqid within a second: one acquire */
	for (i = 0; i < 100000; i++)
	{
		raised += mguard_control_acquire_due(&t, 9, 1000);
	}
	assert_int_equal(raised, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_flood_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
