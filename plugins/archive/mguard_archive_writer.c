/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_archive_writer.h"

#include <errno.h>
#include <string.h>

#include <mguard_archive_store.h>

#include <threading/mutex.h>

typedef struct private_mguard_archive_writer_t private_mguard_archive_writer_t;

struct private_mguard_archive_writer_t {

	/**
	 * Public interface
	 */
	mguard_archive_writer_t public;

	/**
	 * Archive directory, NULL while disabled
	 */
	mguard_archive_store_t *store;

	/**
	 * Its path
	 */
	char *dir;

	/**
	 * Cap on the archive's size
	 */
	uint64_t max_size;

	/**
	 * Keep failed attempts only
	 */
	bool only_on_failure;

	/**
	 * Serializes writing and configuring
	 */
	mutex_t *lock;
};

METHOD(mguard_archive_writer_t, configure, bool,
	private_mguard_archive_writer_t *this, const char *dir,
	uint64_t max_size, uint64_t min_free, bool only_on_failure)
{
	mguard_archive_store_t *store = NULL;
	bool ok = TRUE;

	if (dir)
	{
		store = mguard_archive_store_create(dir, max_size, min_free, TRUE);
		if (!store)
		{
			DBG1(DBG_CFG, "mguard-archive: cannot create archive directory "
				 "%s: %s, not archiving", dir, strerror(errno));
			ok = FALSE;
		}
	}
	this->lock->lock(this->lock);
	DESTROY_IF(this->store);
	free(this->dir);
	this->store = store;
	this->dir = store ? strdup(dir) : NULL;
	this->max_size = max_size;
	this->only_on_failure = only_on_failure;
	this->lock->unlock(this->lock);
	return ok;
}

/**
 * Archive one attempt
 */
static void write_entry(private_mguard_archive_writer_t *this,
						mguard_archive_entry_t *entry)
{
	const char *error;
	uint32_t id;
	chunk_t data;

	if (this->only_on_failure && entry->success)
	{
		DBG2(DBG_CFG, "mguard-archive: '%s' established, not archived (only "
			 "failures are)", entry->name);
		return;
	}
	data = mguard_archive_entry_build(entry, this->max_size);
	if (!data.len)
	{
		DBG1(DBG_CFG, "mguard-archive: attempt of '%s' not archived: "
			 "max_size %llu is too small for an entry", entry->name,
			 (unsigned long long)this->max_size);
		return;
	}
	if (this->store->add(this->store, data, &id, &error))
	{
		DBG2(DBG_CFG, "mguard-archive: attempt of '%s' archived as %u "
			 "(%s)", entry->name, id, entry->success ? "established"
													  : "failed");
	}
	else
	{
		DBG1(DBG_CFG, "mguard-archive: attempt of '%s' not archived in %s: "
			 "%s (%s)", entry->name, this->dir, error, strerror(errno));
	}
	chunk_free(&data);
}

METHOD(mguard_archive_writer_t, write_, void,
	private_mguard_archive_writer_t *this, array_t *entries)
{
	mguard_archive_entry_t *entry;

	this->lock->lock(this->lock);
	while (array_remove(entries, ARRAY_HEAD, &entry))
	{
		if (this->store)
		{
			write_entry(this, entry);
		}
		mguard_archive_entry_destroy(entry);
	}
	this->lock->unlock(this->lock);
	array_destroy(entries);
}

METHOD(mguard_archive_writer_t, destroy, void,
	private_mguard_archive_writer_t *this)
{
	DESTROY_IF(this->store);
	free(this->dir);
	this->lock->destroy(this->lock);
	free(this);
}

/*
 * Described in header
 */
mguard_archive_writer_t *mguard_archive_writer_create()
{
	private_mguard_archive_writer_t *this;

	INIT(this,
		.public = {
			.configure = _configure,
			.write = _write_,
			.destroy = _destroy,
		},
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
