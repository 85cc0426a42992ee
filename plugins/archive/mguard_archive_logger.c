/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_archive_logger.h"

#include <mguard_log_line.h>

#include <daemon.h>

typedef struct private_mguard_archive_logger_t private_mguard_archive_logger_t;

struct private_mguard_archive_logger_t {

	/**
	 * Public interface
	 */
	mguard_archive_logger_t public;

	/**
	 * Open attempts
	 */
	mguard_archive_attempts_t *attempts;

	/**
	 * Level collected
	 */
	level_t level;
};

METHOD(logger_t, log_, void,
	private_mguard_archive_logger_t *this, debug_t group, level_t level,
	int thread, ike_sa_t *ike_sa, const char *message)
{
	char line[MGUARD_ARCHIVE_LINE_MAX];

	if (!ike_sa || !this->attempts->is_open(this->attempts))
	{
		return;
	}
	this->attempts->log(this->attempts, ike_sa->get_unique_id(ike_sa),
						ike_sa->get_name(ike_sa),
						mguard_log_line(line, sizeof(line), group, message));
}

METHOD(logger_t, get_level, level_t,
	private_mguard_archive_logger_t *this, debug_t group)
{
	return this->level;
}

METHOD(mguard_archive_logger_t, set_level, void,
	private_mguard_archive_logger_t *this, level_t level)
{
	this->level = level;
}

METHOD(mguard_archive_logger_t, destroy, void,
	private_mguard_archive_logger_t *this)
{
	free(this);
}

/*
 * Described in header
 */
mguard_archive_logger_t *mguard_archive_logger_create(
									mguard_archive_attempts_t *attempts)
{
	private_mguard_archive_logger_t *this;

	INIT(this,
		.public = {
			.logger = {
				.log = _log_,
				.get_level = _get_level,
			},
			.set_level = _set_level,
			.destroy = _destroy,
		},
		.attempts = attempts,
		.level = LEVEL_SILENT,
	);
	return &this->public;
}
