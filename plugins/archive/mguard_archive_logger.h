/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_archive_logger mguard_archive_logger
 * @{ @ingroup mguard_archive_p
 *
 * A logger on charon's bus that hands the log lines of IKE_SAs to the open
 * attempts (the lines synup shows, mguard_log_line.h); does nothing but a
 * counter check while no attempt is open. Never logs itself.
 */

#ifndef MGUARD_ARCHIVE_LOGGER_H_
#define MGUARD_ARCHIVE_LOGGER_H_

#include "mguard_archive_attempts.h"

#include <bus/bus.h>

typedef struct mguard_archive_logger_t mguard_archive_logger_t;

/**
 * The logger.
 */
struct mguard_archive_logger_t {

	/**
	 * Implements logger_t.
	 */
	logger_t logger;

	/**
	 * Set the level of the lines collected (LEVEL_SILENT for none); takes
	 * effect when the logger is (re-)added to the bus.
	 */
	void (*set_level)(mguard_archive_logger_t *this, level_t level);

	/**
	 * Destroy the logger.
	 */
	void (*destroy)(mguard_archive_logger_t *this);
};

/**
 * Create the logger, silent.
 *
 * @param attempts	the open attempts
 */
mguard_archive_logger_t *mguard_archive_logger_create(
									mguard_archive_attempts_t *attempts);

#endif /** MGUARD_ARCHIVE_LOGGER_H_ @}*/
