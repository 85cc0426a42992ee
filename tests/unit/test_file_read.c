/*
 * Unit tests of mguard_file_read() (common/mguard_file.c): whole regular
 * files up to a bound, with errno saying why anything else is refused.
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
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <library.h>

#include <mguard_file.h>

static char dir[64];
static char file[128];

static int setup(void **state)
{
	if (!library_init(NULL, "test-file-read"))
	{
		return -1;
	}
	snprintf(dir, sizeof(dir), "/tmp/test-file-read-XXXXXX");
	if (!mkdtemp(dir))
	{
		return -1;
	}
	snprintf(file, sizeof(file), "%s/f", dir);
	return 0;
}

static int teardown(void **state)
{
	library_deinit();
	unlink(file);
	return rmdir(dir) == 0 ? 0 : -1;
}

static void write_file(const char *content, size_t len)
{
	FILE *f = fopen(file, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_whole_file(void **state)
{
	chunk_t data;

	write_file("a\0b\n", 4);
	assert_true(mguard_file_read(file, 4, &data));
	assert_int_equal(data.len, 4);
	assert_memory_equal(data.ptr, "a\0b\n", 4);
	chunk_free(&data);
}

static void test_empty(void **state)
{
	chunk_t data;

	write_file("", 0);
	assert_true(mguard_file_read(file, 10, &data));
	assert_int_equal(data.len, 0);
	chunk_free(&data);
}

static void test_too_large(void **state)
{
	chunk_t data = chunk_empty;

	write_file("12345", 5);
	errno = 0;
	assert_false(mguard_file_read(file, 4, &data));
	assert_int_equal(errno, EFBIG);
	assert_null(data.ptr);
}

static void test_missing(void **state)
{
	chunk_t data = chunk_empty;

	unlink(file);
	errno = 0;
	assert_false(mguard_file_read(file, 10, &data));
	assert_int_equal(errno, ENOENT);
}

static void test_not_regular(void **state)
{
	chunk_t data = chunk_empty;

	errno = 0;
	assert_false(mguard_file_read(dir, 1 << 20, &data));
	assert_int_equal(errno, EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_file),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_not_regular),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
