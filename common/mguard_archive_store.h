/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_archive_store mguard_archive_store
 * @{ @ingroup mguard_common
 *
 * The archive directory: one file per entry, named by a sequence number
 * (0000000042.entry; higher is newer). A new entry is written to a
 * temporary file (.0000000042.tmp), synced, renamed into place and the
 * directory synced, so a power cut leaves either the whole entry or none;
 * temporary files left by a cut are never read and are removed when the
 * store is opened for writing. The entries' total size stays within
 * max_size and at least min_free bytes of the file system stay free: the
 * oldest entries go first, and an entry that cannot fit is not written.
 */

#ifndef MGUARD_ARCHIVE_STORE_H_
#define MGUARD_ARCHIVE_STORE_H_

#include <library.h>
#include <collections/array.h>

typedef struct mguard_archive_store_t mguard_archive_store_t;

/** largest entry file the store reads */
#define MGUARD_ARCHIVE_READ_MAX (16 * 1024 * 1024)

/**
 * An archive directory.
 */
struct mguard_archive_store_t {

	/**
	 * Write an entry as the newest one, dropping the oldest ones as
	 * needed. Blocks for the file system (call from a job).
	 *
	 * @param data		entry file content
	 * @param id		receives the entry's number
	 * @param error		receives why it was not written (static string;
	 *					errno tells more where set)
	 * @return			TRUE if written
	 */
	bool (*add)(mguard_archive_store_t *this, chunk_t data, uint32_t *id,
				const char **error);

	/**
	 * Entry numbers, oldest first.
	 *
	 * @return			array of uint32_t (caller destroys), NULL if the
	 *					directory cannot be read (errno)
	 */
	array_t *(*list)(mguard_archive_store_t *this);

	/**
	 * Read an entry file.
	 *
	 * @param id		entry number
	 * @param data		receives the content (allocated)
	 * @return			FALSE if there is none or it cannot be read (errno)
	 */
	bool (*read)(mguard_archive_store_t *this, uint32_t id, chunk_t *data);

	/**
	 * @return			total size of the entry files in bytes
	 */
	uint64_t (*get_size)(mguard_archive_store_t *this);

	/**
	 * Destroy the store object (the files stay).
	 */
	void (*destroy)(mguard_archive_store_t *this);
};

/**
 * Open an archive directory.
 *
 * @param dir		directory (copied)
 * @param max_size	cap on the entries' total size in bytes
 * @param min_free	bytes of the file system that writing leaves free
 * @param writable	TRUE to create the directory (mode 0750) and remove
 *					torn temporary files; FALSE to only read
 * @return			store, NULL if a writable directory cannot be created
 *					(errno)
 */
mguard_archive_store_t *mguard_archive_store_create(const char *dir,
													uint64_t max_size,
													uint64_t min_free,
													bool writable);

/**
 * Parse an entry file name ("0000000042.entry").
 *
 * @param name		file name
 * @param id		receives its number
 * @return			FALSE if the name is not an entry's
 */
bool mguard_archive_store_parse_name(const char *name, uint32_t *id);

#endif /** MGUARD_ARCHIVE_STORE_H_ @}*/
