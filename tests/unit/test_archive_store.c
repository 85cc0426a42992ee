/*
 * Unit tests of the diagnostics archive's entry format
 * (common/mguard_archive_entry.c) and directory store
 * (common/mguard_archive_store.c): cap, ordering, torn temporary files,
 * free space (fstatvfs wrapped: -Wl,--wrap=fstatvfs).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <library.h>

#include "mguard_archive_entry.h"
#include "mguard_archive_store.h"

/** free bytes fstatvfs reports, UINT64_MAX for the real value */
static uint64_t fake_free = UINT64_MAX;

int __real_fstatvfs(int fd, struct statvfs *buf);

int __wrap_fstatvfs(int fd, struct statvfs *buf)
{
	int ret = __real_fstatvfs(fd, buf);

	if (ret == 0 && fake_free != UINT64_MAX)
	{
		buf->f_frsize = 1;
		buf->f_bavail = fake_free;
	}
	return ret;
}

static char dir[128];

static int group_setup(void **state)
{
	return library_init(NULL, "test-archive") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/test-archive-XXXXXX");
	assert_non_null(mkdtemp(dir));
	fake_free = UINT64_MAX;
	return 0;
}

static int teardown(void **state)
{
	struct dirent *de;
	char path[512];
	DIR *d;

	d = opendir(dir);
	while (d && (de = readdir(d)))
	{
		if (!streq(de->d_name, ".") && !streq(de->d_name, ".."))
		{
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	}
	if (d)
	{
		closedir(d);
	}
	rmdir(dir);
	return 0;
}

/** an entry's content of exactly size bytes (at least 40) */
static chunk_t blob(size_t size, char fill)
{
	chunk_t data = chunk_alloc(size);

	memset(data.ptr, fill, size);
	return data;
}

static uint32_t add(mguard_archive_store_t *store, size_t size)
{
	const char *error;
	chunk_t data = blob(size, 'x');
	uint32_t id = 0;

	assert_true(store->add(store, data, &id, &error));
	chunk_free(&data);
	return id;
}

static void assert_ids(mguard_archive_store_t *store, int n, ...)
{
	array_t *ids;
	uint32_t id;
	va_list args;
	int i;

	ids = store->list(store);
	assert_non_null(ids);
	assert_int_equal(array_count(ids), n);
	va_start(args, n);
	for (i = 0; i < n; i++)
	{
		array_get(ids, i, &id);
		assert_int_equal(id, va_arg(args, int));
	}
	va_end(args);
	array_destroy(ids);
}

static void touch(const char *name, size_t size)
{
	char path[256];
	chunk_t data = blob(size, 'y');
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data.ptr, data.len), data.len);
	close(fd);
	chunk_free(&data);
}

static bool exists(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static void test_ordering_survives_reopen(void **state)
{
	mguard_archive_store_t *store;
	chunk_t data;

	store = mguard_archive_store_create(dir, 1000000, 0, TRUE);
	assert_int_equal(add(store, 100), 1);
	assert_int_equal(add(store, 100), 2);
	assert_int_equal(add(store, 100), 3);
	store->destroy(store);

	/* charon restarted: numbers go on, oldest first */
	store = mguard_archive_store_create(dir, 1000000, 0, TRUE);
	assert_int_equal(add(store, 100), 4);
	assert_ids(store, 4, 1, 2, 3, 4);
	assert_true(store->read(store, 2, &data));
	assert_int_equal(data.len, 100);
	chunk_free(&data);
	assert_int_equal(store->get_size(store), 400);
	store->destroy(store);
}

static void test_cap_drops_oldest(void **state)
{
	mguard_archive_store_t *store;

	store = mguard_archive_store_create(dir, 350, 0, TRUE);
	add(store, 100);
	add(store, 100);
	add(store, 100);
	assert_ids(store, 3, 1, 2, 3);
	/* 100 more do not fit 350: the oldest goes */
	assert_int_equal(add(store, 100), 4);
	assert_ids(store, 3, 2, 3, 4);
	/* a big one pushes out two */
	assert_int_equal(add(store, 250), 5);
	assert_ids(store, 2, 4, 5);
	assert_true(store->get_size(store) <= 350);
	store->destroy(store);
}

static void test_too_large_keeps_everything(void **state)
{
	mguard_archive_store_t *store;
	const char *error;
	chunk_t data = blob(400, 'z');
	uint32_t id;

	store = mguard_archive_store_create(dir, 350, 0, TRUE);
	add(store, 100);
	add(store, 100);
	assert_false(store->add(store, data, &id, &error));
	assert_non_null(error);
	assert_ids(store, 2, 1, 2);
	chunk_free(&data);
	store->destroy(store);
}

static void test_torn_files_ignored_and_removed(void **state)
{
	mguard_archive_store_t *store;

	/* left by a power cut while writing entry 9, plus foreign files */
	touch(".0000000009.tmp", 50);
	touch("0000000002.entry", 60);
	touch("notes.txt", 10);
	touch("00000003.entry", 10);
	store = mguard_archive_store_create(dir, 1000, 0, FALSE);
	assert_ids(store, 1, 2);
	store->destroy(store);
	assert_true(exists(".0000000009.tmp"));

	store = mguard_archive_store_create(dir, 1000, 0, TRUE);
	assert_false(exists(".0000000009.tmp"));
	assert_true(exists("notes.txt"));
	/* the torn number is not taken into account */
	assert_int_equal(add(store, 10), 3);
	assert_ids(store, 2, 2, 3);
	store->destroy(store);
}

static void test_free_space(void **state)
{
	mguard_archive_store_t *store;
	const char *error;
	chunk_t data = blob(100, 'f');
	uint32_t id;

	store = mguard_archive_store_create(dir, 100000, 1000, TRUE);
	add(store, 100);
	add(store, 100);
	/* 1050 free: 100 more would leave 950 < 1000, dropping the oldest
	 * makes room */
	fake_free = 1050;
	assert_true(store->add(store, data, &id, &error));
	assert_int_equal(id, 3);
	assert_ids(store, 2, 2, 3);
	/* 700 free: even with every entry gone it would not fit, so nothing
	 * is dropped */
	fake_free = 700;
	assert_false(store->add(store, data, &id, &error));
	assert_string_equal(error, "the file system is too full");
	assert_ids(store, 2, 2, 3);
	chunk_free(&data);
	store->destroy(store);
}

static void test_creates_directory(void **state)
{
	mguard_archive_store_t *store;
	char sub[128];

	snprintf(sub, sizeof(sub), "%s/a", dir);
	store = mguard_archive_store_create(sub, 1000, 0, FALSE);
	assert_null(store->list(store));
	store->destroy(store);
	store = mguard_archive_store_create(sub, 1000, 0, TRUE);
	assert_non_null(store);
	assert_ids(store, 0);
	store->destroy(store);
	rmdir(sub);
}

static void test_parse_names(void **state)
{
	uint32_t id;

	assert_true(mguard_archive_store_parse_name("0000000042.entry", &id));
	assert_int_equal(id, 42);
	assert_false(mguard_archive_store_parse_name("0000000042.entry~", &id));
	assert_false(mguard_archive_store_parse_name("000000042.entry", &id));
	assert_false(mguard_archive_store_parse_name("9999999999.entry", &id));
	assert_false(mguard_archive_store_parse_name(".0000000042.tmp", &id));
}

/* --- entries -------------------------------------------------------------- */

static mguard_archive_entry_t *sample(void)
{
	mguard_archive_entry_t *entry;

	entry = mguard_archive_entry_create("athen", "Athen\nfake: header",
										MGUARD_ARCHIVE_TRIGGER_SYNUP, 1000);
	mguard_archive_entry_add_line(entry, "12:00:00 [IKE] initiating");
	mguard_archive_entry_add_line(entry, "12:00:01 [IKE] bad\rline\x1b");
	mguard_archive_entry_set_outcome(entry, FALSE, "the peer did not answer",
									 1005);
	return entry;
}

static void test_entry_round_trip(void **state)
{
	mguard_archive_entry_t *entry, *back;
	const char *error;
	chunk_t data;
	char *line;

	entry = sample();
	data = mguard_archive_entry_build(entry, 100000);
	back = mguard_archive_entry_parse(data, &error);
	assert_non_null(back);
	assert_string_equal(back->key, "athen");
	/* no header injection through names */
	assert_string_equal(back->name, "Athen fake: header");
	assert_int_equal(back->trigger, MGUARD_ARCHIVE_TRIGGER_SYNUP);
	assert_int_equal(back->started, 1000);
	assert_int_equal(back->ended, 1005);
	assert_false(back->success);
	assert_string_equal(back->reason, "the peer did not answer");
	assert_int_equal(array_count(back->lines), 2);
	array_get(back->lines, 1, &line);
	assert_string_equal(line, "12:00:01 [IKE] bad line ");
	assert_int_equal(back->dropped, 0);
	mguard_archive_entry_destroy(back);
	mguard_archive_entry_destroy(entry);
	chunk_free(&data);
}

static void test_entry_limit_drops_lines(void **state)
{
	mguard_archive_entry_t *entry, *back;
	const char *error;
	chunk_t full, data;

	entry = sample();
	full = mguard_archive_entry_build(entry, 100000);
	/* room for the header and the first line only */
	data = mguard_archive_entry_build(entry, full.len - 10);
	assert_true(data.len <= full.len - 10);
	back = mguard_archive_entry_parse(data, &error);
	assert_non_null(back);
	assert_int_equal(array_count(back->lines), 1);
	assert_int_equal(back->dropped, 1);
	mguard_archive_entry_destroy(back);
	chunk_free(&data);
	/* not even the header */
	data = mguard_archive_entry_build(entry, 20);
	assert_int_equal(data.len, 0);
	mguard_archive_entry_destroy(entry);
	chunk_free(&full);
}

static void test_entry_parse_refuses(void **state)
{
	mguard_archive_entry_t *entry;
	const char *error;
	chunk_t data, cut;

	entry = sample();
	data = mguard_archive_entry_build(entry, 100000);
	mguard_archive_entry_destroy(entry);

	/* cut anywhere: refused, never a partial entry */
	for (cut = data; cut.len > 0; cut.len--)
	{
		if (cut.len == data.len)
		{
			continue;
		}
		assert_null(mguard_archive_entry_parse(cut, &error));
		assert_non_null(error);
	}
	/* nothing at all */
	assert_null(mguard_archive_entry_parse(chunk_empty, &error));
	/* trailing data */
	cut = chunk_cata("cc", data, chunk_from_str("more\n"));
	assert_null(mguard_archive_entry_parse(cut, &error));
	assert_null(mguard_archive_entry_parse(chunk_from_str("hello\n"),
										   &error));
	chunk_free(&data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ordering_survives_reopen, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_cap_drops_oldest, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_too_large_keeps_everything, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_torn_files_ignored_and_removed,
										setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_creates_directory, setup,
										teardown),
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_entry_round_trip),
		cmocka_unit_test(test_entry_limit_drops_lines),
		cmocka_unit_test(test_entry_parse_refuses),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
