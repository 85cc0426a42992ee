/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_archive_writer mguard_archive_writer
 * @{ @ingroup mguard_archive_p
 *
 * Writes closed attempts into the archive directory (mguard_archive_store.h),
 * keeping only failed ones with only_on_failure. Runs in the plugin's
 * periodic job, never on a thread that handles IKE_SAs.
 */

#ifndef MGUARD_ARCHIVE_WRITER_H_
#define MGUARD_ARCHIVE_WRITER_H_

#include <mguard_archive_entry.h>

typedef struct mguard_archive_writer_t mguard_archive_writer_t;

/**
 * The writer.
 */
struct mguard_archive_writer_t {

	/**
	 * Change where and what is written.
	 *
	 * @param dir		archive directory, NULL to write nothing
	 * @param max_size	cap on the archive's total size in bytes
	 * @param min_free	bytes of the file system that stay free
	 * @param only_on_failure	keep failed attempts only
	 * @return			FALSE if the directory cannot be created (then
	 *					nothing is written)
	 */
	bool (*configure)(mguard_archive_writer_t *this, const char *dir,
					  uint64_t max_size, uint64_t min_free,
					  bool only_on_failure);

	/**
	 * Archive closed attempts.
	 *
	 * @param entries	mguard_archive_entry_t*, destroyed with the array;
	 *					NULL is fine
	 */
	void (*write)(mguard_archive_writer_t *this, array_t *entries);

	/**
	 * Destroy the writer.
	 */
	void (*destroy)(mguard_archive_writer_t *this);
};

/**
 * Create a writer that writes nothing until configured.
 */
mguard_archive_writer_t *mguard_archive_writer_create();

#endif /** MGUARD_ARCHIVE_WRITER_H_ @}*/
