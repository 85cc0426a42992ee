/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_requests mguard_control_requests
 * @{ @ingroup mguard_control
 *
 * Answers control requests (doc/control-protocol.md): status, up, down,
 * synup and syndown with their log lines, list, license, reload and text
 * messages, through the manager's interface.
 */

#ifndef MGUARD_CONTROL_REQUESTS_H_
#define MGUARD_CONTROL_REQUESTS_H_

#include "mguard_control_manager.h"
#include "mguard_control_stats.h"

typedef struct mguard_control_requests_t mguard_control_requests_t;

/**
 * Control request handlers.
 */
struct mguard_control_requests_t {

	/**
	 * Process a control request, write its response lines.
	 *
	 * @param req		decoded request
	 * @param out		output function (never blocks)
	 * @param data		data passed to out
	 */
	void (*process)(mguard_control_requests_t *this, mgc_request_t *req,
					mguard_control_out_t out, void *data);

	/**
	 * Destroy the handlers.
	 */
	void (*destroy)(mguard_control_requests_t *this);
};

/**
 * Create the handlers.
 *
 * @param manager	connections
 * @param stats		per-connection counters for the table request
 */
mguard_control_requests_t *mguard_control_requests_create(
										mguard_control_manager_t *manager,
										mguard_control_stats_t *stats);

#endif /** MGUARD_CONTROL_REQUESTS_H_ @}*/
