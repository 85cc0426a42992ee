/*
 * Unit tests of mguard-archive's open attempts
 * (plugins/archive/mguard_archive_attempts.c), without charon: which lines
 * an attempt collects, its outcome, the timeout, one attempt per connection.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <library.h>

#include "mguard_archive_attempts.h"

static int group_setup(void **state)
{
	return library_init(NULL, "test-archive-attempts") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

static int setup(void **state)
{
	mguard_archive_attempts_t *attempts;

	attempts = mguard_archive_attempts_create();
	attempts->configure(attempts, TRUE, 30, 5);
	*state = attempts;
	return 0;
}

static int teardown(void **state)
{
	mguard_archive_attempts_t *attempts = *state;

	attempts->destroy(attempts);
	return 0;
}

/** close what can be closed a while from now, expect n entries */
static array_t *closed(mguard_archive_attempts_t *attempts, time_t later,
					   u_int n)
{
	array_t *done;

	done = attempts->expire(attempts, time_monotonic(NULL) + later);
	assert_int_equal(array_count(done), n);
	return done;
}

static void entries_destroy(array_t *done)
{
	mguard_archive_entry_t *entry;

	while (array_remove(done, ARRAY_HEAD, &entry))
	{
		mguard_archive_entry_destroy(entry);
	}
	array_destroy(done);
}

static const char *line(mguard_archive_entry_t *entry, int i)
{
	char *l;

	assert_true(array_get(entry->lines, i, &l));
	/* "HH:MM:SS " time stamp */
	assert_true(strlen(l) > 9 && l[2] == ':' && l[8] == ' ');
	return l + 9;
}

static void test_collects_its_ike_sa(void **state)
{
	mguard_archive_attempts_t *attempts = *state;
	mguard_archive_entry_t *entry;
	array_t *done;

	assert_false(attempts->is_open(attempts));
	attempts->archive.begin(&attempts->archive, "athen", "Athen",
							MGUARD_ARCHIVE_TRIGGER_SYNUP);
	assert_true(attempts->is_open(attempts));
	/* lines without IKE_SA and of other connections stay out */
	attempts->log(attempts, 0, "athen", "[CFG] no IKE_SA");
	attempts->log(attempts, 7, "rio", "[IKE] other");
	attempts->log(attempts, 3, "athen", "[IKE] initiating");
	/* attached: its IKE_SA counts even under another name */
	attempts->log(attempts, 3, NULL, "[IKE] more");
	attempts->outcome(attempts, 0, "athen", TRUE, "CHILD_SA up");
	/* a later outcome does not change the first */
	attempts->outcome(attempts, 3, "athen", FALSE, "late");
	/* lines after the outcome, within the linger time, still count */
	attempts->log(attempts, 3, "athen", "[IKE] established");
	assert_null(attempts->expire(attempts, time_monotonic(NULL)));

	done = closed(attempts, MGUARD_ARCHIVE_LINGER, 1);
	array_get(done, 0, &entry);
	assert_string_equal(entry->key, "athen");
	assert_string_equal(entry->name, "Athen");
	assert_int_equal(entry->trigger, MGUARD_ARCHIVE_TRIGGER_SYNUP);
	assert_true(entry->success);
	assert_string_equal(entry->reason, "CHILD_SA up");
	assert_int_equal(array_count(entry->lines), 3);
	assert_string_equal(line(entry, 0), "[IKE] initiating");
	assert_string_equal(line(entry, 1), "[IKE] more");
	assert_string_equal(line(entry, 2), "[IKE] established");
	entries_destroy(done);
	assert_false(attempts->is_open(attempts));
}

static void test_ike_gone_fails(void **state)
{
	mguard_archive_attempts_t *attempts = *state;
	mguard_archive_entry_t *entry;
	array_t *done;

	attempts->archive.begin(&attempts->archive, "rio", "Rio",
							MGUARD_ARCHIVE_TRIGGER_SMS);
	/* not attached yet: an unrelated IKE_SA going away changes nothing */
	attempts->ike_gone(attempts, 5);
	attempts->log(attempts, 5, "rio", "[IKE] sending");
	attempts->ike_gone(attempts, 5);
	done = closed(attempts, MGUARD_ARCHIVE_LINGER, 1);
	array_get(done, 0, &entry);
	assert_false(entry->success);
	assert_non_null(strstr(entry->reason, "IKE_SA deleted"));
	entries_destroy(done);
}

static void test_timeout(void **state)
{
	mguard_archive_attempts_t *attempts = *state;
	mguard_archive_entry_t *entry;
	array_t *done;

	attempts->archive.begin(&attempts->archive, "kiel", "Kiel",
							MGUARD_ARCHIVE_TRIGGER_CMD);
	assert_null(attempts->expire(attempts, time_monotonic(NULL) + 29));
	done = closed(attempts, 30, 1);
	array_get(done, 0, &entry);
	assert_false(entry->success);
	assert_string_equal(entry->reason, "no outcome within 30 s");
	entries_destroy(done);
}

static void test_one_attempt_per_connection(void **state)
{
	mguard_archive_attempts_t *attempts = *state;
	mguard_archive_entry_t *entry;
	array_t *done;

	attempts->archive.begin(&attempts->archive, "ny", "New York",
							MGUARD_ARCHIVE_TRIGGER_UP);
	attempts->archive.begin(&attempts->archive, "ny", "New York",
							MGUARD_ARCHIVE_TRIGGER_SYNUP);
	attempts->archive.begin(&attempts->archive, "oslo", "Oslo",
							MGUARD_ARCHIVE_TRIGGER_UP);
	attempts->outcome(attempts, 0, "ny", FALSE, "refused");
	attempts->outcome(attempts, 0, "oslo", FALSE, "refused");
	done = closed(attempts, MGUARD_ARCHIVE_LINGER, 2);
	array_get(done, 0, &entry);
	assert_int_equal(entry->trigger, MGUARD_ARCHIVE_TRIGGER_UP);
	entries_destroy(done);
}

static void test_max_lines(void **state)
{
	mguard_archive_attempts_t *attempts = *state;
	mguard_archive_entry_t *entry;
	array_t *done;
	int i;

	attempts->archive.begin(&attempts->archive, "a", "A",
							MGUARD_ARCHIVE_TRIGGER_UP);
	for (i = 0; i < 8; i++)
	{
		attempts->log(attempts, 1, "a", "[IKE] line");
	}
	attempts->outcome(attempts, 1, NULL, FALSE, "x");
	done = closed(attempts, MGUARD_ARCHIVE_LINGER, 1);
	array_get(done, 0, &entry);
	assert_int_equal(array_count(entry->lines), 5);
	assert_int_equal(entry->dropped, 3);
	entries_destroy(done);
}

static void test_disabled(void **state)
{
	mguard_archive_attempts_t *attempts = *state;

	attempts->archive.begin(&attempts->archive, "a", "A",
							MGUARD_ARCHIVE_TRIGGER_UP);
	attempts->configure(attempts, FALSE, 30, 5);
	assert_false(attempts->is_open(attempts));
	attempts->archive.begin(&attempts->archive, "b", "B",
							MGUARD_ARCHIVE_TRIGGER_UP);
	assert_false(attempts->is_open(attempts));
	assert_null(attempts->expire(attempts, time_monotonic(NULL) + 100));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_collects_its_ike_sa, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_ike_gone_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_attempt_per_connection, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_max_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
