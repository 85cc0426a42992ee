/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_archive_attempts.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <threading/mutex.h>

typedef struct private_mguard_archive_attempts_t private_mguard_archive_attempts_t;

struct private_mguard_archive_attempts_t {

	/**
	 * Public interface
	 */
	mguard_archive_attempts_t public;

	/**
	 * Open attempts (attempt_t*)
	 */
	array_t *open;

	/**
	 * Number of open attempts, read without the lock
	 */
	u_int count;

	/**
	 * Protects everything
	 */
	mutex_t *lock;

	/**
	 * Whether begin() opens attempts
	 */
	bool enabled;

	/**
	 * Seconds until an attempt without outcome fails
	 */
	u_int timeout;

	/**
	 * Lines kept per attempt
	 */
	u_int max_lines;
};

/**
 * An open attempt
 */
typedef struct {
	/** what is archived */
	mguard_archive_entry_t *entry;
	/** IKE_SAs attached (uint32_t) */
	array_t *ikes;
	/** monotonic time of begin() */
	time_t begun;
	/** monotonic time of the outcome, 0 while there is none */
	time_t decided;
} attempt_t;

static void attempt_destroy(attempt_t *attempt)
{
	mguard_archive_entry_destroy(attempt->entry);
	array_destroy(attempt->ikes);
	free(attempt);
}

static void update_count(private_mguard_archive_attempts_t *this)
{
	__atomic_store_n(&this->count, array_count(this->open), __ATOMIC_RELAXED);
}

static bool has_ike(attempt_t *attempt, uint32_t ike)
{
	uint32_t id;
	int i;

	for (i = 0; i < array_count(attempt->ikes); i++)
	{
		array_get(attempt->ikes, i, &id);
		if (id == ike)
		{
			return TRUE;
		}
	}
	return FALSE;
}

METHOD(mguard_archive_t, begin, void,
	private_mguard_archive_attempts_t *this, const char *key,
	const char *name, mguard_archive_trigger_t trigger)
{
	attempt_t *attempt;
	int i;

	this->lock->lock(this->lock);
	if (!this->enabled || array_count(this->open) >= MGUARD_ARCHIVE_OPEN_MAX)
	{
		this->lock->unlock(this->lock);
		return;
	}
	for (i = 0; i < array_count(this->open); i++)
	{
		array_get(this->open, i, &attempt);
		if (!attempt->decided && streq(attempt->entry->key, key))
		{	/* one attempt at a time per connection */
			this->lock->unlock(this->lock);
			return;
		}
	}
	INIT(attempt,
		.entry = mguard_archive_entry_create(key, name, trigger, time(NULL)),
		.ikes = array_create(sizeof(uint32_t), 0),
		.begun = time_monotonic(NULL),
	);
	array_insert(this->open, ARRAY_TAIL, attempt);
	update_count(this);
	this->lock->unlock(this->lock);
}

/**
 * Add a time stamped line to an attempt
 */
static void add_line(private_mguard_archive_attempts_t *this,
					 attempt_t *attempt, const char *line)
{
	char buf[MGUARD_ARCHIVE_LINE_MAX + 16], stamp[16];
	struct tm tm;
	time_t now;

	if (array_count(attempt->entry->lines) >= this->max_lines)
	{
		attempt->entry->dropped++;
		return;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
	snprintf(buf, sizeof(buf), "%s %s", stamp, line);
	mguard_archive_entry_add_line(attempt->entry, buf);
}

METHOD(mguard_archive_attempts_t, log_, void,
	private_mguard_archive_attempts_t *this, uint32_t ike, const char *conn,
	const char *line)
{
	attempt_t *attempt;
	int i;

	if (!ike)
	{
		return;
	}
	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->open); i++)
	{
		array_get(this->open, i, &attempt);
		if (has_ike(attempt, ike))
		{
			add_line(this, attempt, line);
		}
		else if (!attempt->decided && conn &&
				 streq(conn, attempt->entry->key))
		{
			array_insert(attempt->ikes, ARRAY_TAIL, &ike);
			add_line(this, attempt, line);
		}
	}
	this->lock->unlock(this->lock);
}

/**
 * Decide an attempt
 */
static void decide(attempt_t *attempt, bool success, const char *reason,
				   time_t now)
{
	mguard_archive_entry_set_outcome(attempt->entry, success, reason,
									 time(NULL));
	attempt->decided = now ?: 1;
}

METHOD(mguard_archive_attempts_t, outcome, void,
	private_mguard_archive_attempts_t *this, uint32_t ike, const char *conn,
	bool success, const char *reason)
{
	attempt_t *attempt;
	int i;

	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->open); i++)
	{
		array_get(this->open, i, &attempt);
		if (!attempt->decided &&
			((ike && has_ike(attempt, ike)) ||
			 (conn && streq(conn, attempt->entry->key))))
		{
			decide(attempt, success, reason, time_monotonic(NULL));
		}
	}
	this->lock->unlock(this->lock);
}

METHOD(mguard_archive_attempts_t, ike_gone, void,
	private_mguard_archive_attempts_t *this, uint32_t ike)
{
	attempt_t *attempt;
	int i;

	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->open); i++)
	{
		array_get(this->open, i, &attempt);
		if (!attempt->decided && has_ike(attempt, ike))
		{
			decide(attempt, FALSE, "IKE_SA deleted before the connection was "
				   "established", time_monotonic(NULL));
		}
	}
	this->lock->unlock(this->lock);
}

METHOD(mguard_archive_attempts_t, expire, array_t*,
	private_mguard_archive_attempts_t *this, time_t now)
{
	array_t *done = NULL;
	attempt_t *attempt;
	char reason[64];
	int i;

	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->open); i++)
	{
		array_get(this->open, i, &attempt);
		if (!attempt->decided && now >= attempt->begun + this->timeout)
		{
			snprintf(reason, sizeof(reason), "no outcome within %u s",
					 this->timeout);
			decide(attempt, FALSE, reason, now - MGUARD_ARCHIVE_LINGER);
		}
		if (attempt->decided && now >= attempt->decided + MGUARD_ARCHIVE_LINGER)
		{
			array_remove(this->open, i--, NULL);
			array_insert_create(&done, ARRAY_TAIL, attempt->entry);
			attempt->entry = NULL;
			attempt_destroy(attempt);
		}
	}
	update_count(this);
	this->lock->unlock(this->lock);
	return done;
}

METHOD(mguard_archive_attempts_t, is_open, bool,
	private_mguard_archive_attempts_t *this)
{
	return __atomic_load_n(&this->count, __ATOMIC_RELAXED) > 0;
}

METHOD(mguard_archive_attempts_t, configure, void,
	private_mguard_archive_attempts_t *this, bool enabled, u_int timeout,
	u_int max_lines)
{
	attempt_t *attempt;

	this->lock->lock(this->lock);
	this->enabled = enabled;
	this->timeout = timeout;
	this->max_lines = max_lines;
	if (!enabled)
	{
		while (array_remove(this->open, ARRAY_HEAD, &attempt))
		{
			attempt_destroy(attempt);
		}
		update_count(this);
	}
	this->lock->unlock(this->lock);
}

METHOD(mguard_archive_attempts_t, destroy, void,
	private_mguard_archive_attempts_t *this)
{
	attempt_t *attempt;

	while (array_remove(this->open, ARRAY_HEAD, &attempt))
	{
		attempt_destroy(attempt);
	}
	array_destroy(this->open);
	this->lock->destroy(this->lock);
	free(this);
}

/*
 * Described in header
 */
mguard_archive_attempts_t *mguard_archive_attempts_create()
{
	private_mguard_archive_attempts_t *this;

	INIT(this,
		.public = {
			.archive = {
				.begin = _begin,
			},
			.log = _log_,
			.outcome = _outcome,
			.ike_gone = _ike_gone,
			.expire = _expire,
			.is_open = _is_open,
			.configure = _configure,
			.destroy = _destroy,
		},
		.open = array_create(0, 0),
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
		.timeout = 30,
		.max_lines = 1000,
	);
	return &this->public;
}
