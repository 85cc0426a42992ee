/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_archive_entry mguard_archive_entry
 * @{ @ingroup mguard_common
 *
 * One archived connection attempt and its file format (doc/archive.md):
 *
 *   mguard-archive-entry 1
 *   connection: KEY
 *   name: NAME
 *   trigger: cmd|sms|up|synup
 *   started: UNIX-TIME
 *   ended: UNIX-TIME
 *   outcome: established|failed
 *   reason: TEXT
 *   lines: N
 *   dropped: N
 *   <empty line>
 *   N log lines
 *
 * Written by mguard-archive, read by `mguard-vpn archive`. Values and lines
 * hold no control characters (replaced by blanks when set).
 */

#ifndef MGUARD_ARCHIVE_ENTRY_H_
#define MGUARD_ARCHIVE_ENTRY_H_

#include "mguard_archive.h"

#include <collections/array.h>

typedef struct mguard_archive_entry_t mguard_archive_entry_t;

/** first line of every entry file */
#define MGUARD_ARCHIVE_MAGIC "mguard-archive-entry 1"

/** longest log line kept (longer ones are cut) */
#define MGUARD_ARCHIVE_LINE_MAX 1024

/**
 * An attempt. Plain data: strings are owned by the entry.
 */
struct mguard_archive_entry_t {
	/** swanctl connection name */
	char *key;
	/** descriptive name */
	char *name;
	/** what started it */
	mguard_archive_trigger_t trigger;
	/** when it began and ended (seconds since the epoch) */
	time_t started;
	time_t ended;
	/** TRUE if established */
	bool success;
	/** why it failed, or what was established; NULL for none */
	char *reason;
	/** log lines (char*) */
	array_t *lines;
	/** lines not kept (size limits) */
	u_int dropped;
};

/**
 * Create an empty entry.
 *
 * @param key		connection name (copied, control characters replaced)
 * @param name		descriptive name (copied, likewise)
 * @param trigger	what started the attempt
 * @param started	when
 */
mguard_archive_entry_t *mguard_archive_entry_create(const char *key,
									const char *name,
									mguard_archive_trigger_t trigger,
									time_t started);

/**
 * Append a log line (copied, cut to MGUARD_ARCHIVE_LINE_MAX bytes, control
 * characters replaced by blanks).
 */
void mguard_archive_entry_add_line(mguard_archive_entry_t *entry,
								   const char *line);

/**
 * Set the outcome.
 *
 * @param reason	copied (control characters replaced), NULL for none
 */
void mguard_archive_entry_set_outcome(mguard_archive_entry_t *entry,
									  bool success, const char *reason,
									  time_t ended);

/**
 * The entry's file content, at most max bytes: log lines that do not fit
 * are dropped from the end (and counted in "dropped").
 *
 * @param max		size limit in bytes
 * @return			allocated content, chunk_empty if even the header
 *					does not fit
 */
chunk_t mguard_archive_entry_build(mguard_archive_entry_t *entry, size_t max);

/**
 * Parse an entry file's content.
 *
 * @param data		content
 * @param error		receives why it is refused (static string)
 * @return			entry, NULL if the content is not a valid entry
 */
mguard_archive_entry_t *mguard_archive_entry_parse(chunk_t data,
												   const char **error);

/**
 * Destroy an entry, NULL is fine.
 */
void mguard_archive_entry_destroy(mguard_archive_entry_t *entry);

#endif /** MGUARD_ARCHIVE_ENTRY_H_ @}*/
