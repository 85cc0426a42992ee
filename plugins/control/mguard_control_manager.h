/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_manager mguard_control_manager
 * @{ @ingroup mguard_control
 *
 * Keeps the mode of every model connection and applies it to charon:
 * initiates, installs traps, terminates, enforces the deactivation timeout
 * and answers control requests.
 */

#ifndef MGUARD_CONTROL_MANAGER_H_
#define MGUARD_CONTROL_MANAGER_H_

#include "mguard_control_proto.h"
#include "mguard_control_state.h"

#include <library.h>

typedef struct mguard_control_manager_t mguard_control_manager_t;

/**
 * Output of a request: one response line of the given type.
 *
 * @param data		user data
 * @param type		MGC_LINE_LOG, MGC_LINE_LINE, MGC_LINE_DONE or
 *					MGC_LINE_ERROR
 * @param code		status code of an error line
 * @param text		text of the line (cleaned by the writer)
 */
typedef void (*mguard_control_out_t)(void *data, mgc_line_type_t type,
									 int code, char *text);

/**
 * The connection manager.
 */
struct mguard_control_manager_t {

	/**
	 * Process a control request, write its response lines.
	 *
	 * @param req		decoded request
	 * @param out		output function
	 * @param data		data passed to out
	 */
	void (*process)(mguard_control_manager_t *this, mgc_request_t *req,
					mguard_control_out_t out, void *data);

	/**
	 * Whether peers of a charon connection must be refused (the model
	 * connection is Stopped or Disabled).
	 *
	 * @param key		swanctl connection name
	 * @return			TRUE to refuse
	 */
	bool (*refuse)(mguard_control_manager_t *this, char *key);

	/**
	 * Mark a connection in error (e.g. the peer's host name does not
	 * resolve): its status is void until it is established.
	 *
	 * @param key		swanctl connection name
	 */
	void (*set_error)(mguard_control_manager_t *this, char *key);

	/**
	 * Re-read the model; connections that did not change keep their mode.
	 *
	 * @return			FALSE if the model is invalid (the old one stays)
	 */
	bool (*reload)(mguard_control_manager_t *this);

	/**
	 * Periodic work (call once a second): initial modes as connections
	 * appear in charon, deactivation timeouts, keeping "initiate"
	 * connections up, service inputs.
	 */
	void (*tick)(mguard_control_manager_t *this);

	/**
	 * Destroy the manager.
	 */
	void (*destroy)(mguard_control_manager_t *this);
};

/**
 * Create the manager: reads the model. Nothing runs until tick() and
 * process() are called.
 *
 * @return			manager, NULL if the model is invalid
 */
mguard_control_manager_t *mguard_control_manager_create();

#endif /** MGUARD_CONTROL_MANAGER_H_ @}*/
