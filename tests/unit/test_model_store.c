/*
 * Unit tests of the model store (common/mguard_model_store.c): one parse
 * per change for every reader in a process, refcounted registration in lib.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <library.h>

#include <mguard_model_store.h>

static char dir[64];
static char file[128];

static int setup(void **state)
{
	if (!library_init(NULL, "test-store"))
	{
		return -1;
	}
	snprintf(dir, sizeof(dir), "/tmp/test-store-XXXXXX");
	if (!mkdtemp(dir))
	{
		return -1;
	}
	snprintf(file, sizeof(file), "%s/vpn.conf", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	library_deinit();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/**
 * Write the model, its times 10 s back (written long before it is read)
 */
static void write_model(const char *content)
{
	struct timespec times[2];
	FILE *f = fopen(file, "w");

	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	clock_gettime(CLOCK_REALTIME, &times[0]);
	times[0].tv_sec -= 10;
	times[1] = times[0];
	assert_int_equal(utimensat(AT_FDCWD, file, times, 0), 0);
}

static void test_one_parse(void **state)
{
	mguard_model_store_t *a, *b;
	mguard_report_t *report;
	mguard_model_t *m1, *m2;

	write_model("global {\n license {\n peers = 3\n }\n}\n");
	a = mguard_model_store_acquire();
	assert_ptr_equal(lib->get(lib, MGUARD_MODEL_STORE), a);
	b = mguard_model_store_acquire();
	assert_ptr_equal(a, b);

	report = mguard_report_create();
	m1 = a->get_model(a, file, report);
	m2 = b->get_model(b, file, report);
	assert_non_null(m1);
	assert_ptr_equal(m1, m2);
	assert_int_equal(a->get_parses(a), 1);
	assert_int_equal(mguard_model_license_peers(m2), 3);
	mguard_model_destroy(m1);
	mguard_model_destroy(m2);
	report->destroy(report);

	/* a change is read once */
	write_model("global {\n license {\n peers = 4 \n }\n}\n");
	report = mguard_report_create();
	m1 = a->get_model(a, file, report);
	m2 = b->get_model(b, file, report);
	assert_int_equal(a->get_parses(a), 2);
	assert_int_equal(mguard_model_license_peers(m1), 4);
	mguard_model_destroy(m2);
	report->destroy(report);

	/* an invalid model: NULL and the same errors for every reader */
	write_model("global {\n license {\n peers = many\n }\n}\n"
				"global {\n}\n");
	report = mguard_report_create();
	assert_null(a->get_model(a, file, report));
	assert_int_equal(report->get_errors(report), 2);
	assert_true(report->contains(report, "global: defined more than once"));
	report->destroy(report);
	report = mguard_report_create();
	assert_null(b->get_model(b, file, report));
	assert_int_equal(report->get_errors(report), 2);
	assert_true(report->contains(report, "global: defined more than once"));
	assert_true(report->contains(report, "'many' is not a number"));
	report->destroy(report);
	assert_int_equal(a->get_parses(a), 3);

	/* a reader's model outlives the store's */
	assert_int_equal(mguard_model_license_peers(m1), 4);
	mguard_model_destroy(m1);

	b->destroy(b);
	assert_ptr_equal(lib->get(lib, MGUARD_MODEL_STORE), a);
	a->destroy(a);
	assert_null(lib->get(lib, MGUARD_MODEL_STORE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_parse, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
