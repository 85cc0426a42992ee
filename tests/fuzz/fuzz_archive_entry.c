/*
 * libFuzzer target for the diagnostics archive's entry parser
 * (common/mguard_archive_entry.c): `mguard-vpn archive list|show` parse
 * whatever lies in the archive directory.
 *
 * Sources: common/mguard_archive_entry.c; libraries: libstrongswan.
 *
 * Checks beyond "no crash": an accepted entry builds back into content that
 * parses to the same entry (header values and lines).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include "mguard_archive_entry.h"

static void same(mguard_archive_entry_t *a, mguard_archive_entry_t *b)
{
	char *la, *lb;
	int i;

	if (!streq(a->key, b->key) || !streq(a->name, b->name) ||
		a->trigger != b->trigger || a->started != b->started ||
		a->ended != b->ended || a->success != b->success ||
		!streq(a->reason ?: "", b->reason ?: "") ||
		a->dropped != b->dropped ||
		array_count(a->lines) != array_count(b->lines))
	{
		abort();
	}
	for (i = 0; i < array_count(a->lines); i++)
	{
		array_get(a->lines, i, &la);
		array_get(b->lines, i, &lb);
		if (!streq(la, lb))
		{
			abort();
		}
	}
}

static void dbg_silent(debug_t group, level_t level, char *fmt, ...)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dbg = dbg_silent;
	if (!library_init(NULL, "fuzz-archive-entry"))
	{
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mguard_archive_entry_t *entry, *back;
	const char *error;
	chunk_t built;

	entry = mguard_archive_entry_parse(chunk_create((u_char*)data, size),
									   &error);
	if (!entry)
	{
		if (!error)
		{
			abort();
		}
		return 0;
	}
	built = mguard_archive_entry_build(entry, SIZE_MAX);
	back = mguard_archive_entry_parse(built, &error);
	if (!back)
	{
		abort();
	}
	same(entry, back);
	mguard_archive_entry_destroy(back);
	mguard_archive_entry_destroy(entry);
	chunk_free(&built);
	return 0;
}
