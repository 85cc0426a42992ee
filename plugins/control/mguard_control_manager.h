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
 * Keeps the mode of every model connection (mguard_control_entry.h) and
 * applies it to charon: initiates, installs traps, terminates; reloads the
 * model. The periodic work (deactivation timeout, initial modes, keeping
 * "initiate" connections up) is in mguard_control_tick.h, the service
 * inputs in mguard_control_inputs.h. Control requests are answered by
 * mguard_control_requests.h through this interface.
 */

#ifndef MGUARD_CONTROL_MANAGER_H_
#define MGUARD_CONTROL_MANAGER_H_

#include "mguard_control_proto.h"
#include "mguard_control_state.h"

#include <library.h>
#include <collections/array.h>

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
 * One connection in a snapshot.
 */
typedef struct {
	/** descriptive name */
	char *name;
	/** section key, the swanctl connection name */
	char *key;
	/** initial mode */
	mguard_control_mode_t initial;
	/** startup */
	mguard_control_startup_t startup;
	/** mode */
	mguard_control_mode_t mode;
	/** status */
	mguard_control_status_t status;
	/** installed CHILD_SAs */
	u_int up;
	/** enabled tunnels */
	u_int tunnels;
} mguard_control_row_t;

/**
 * The connection manager.
 */
struct mguard_control_manager_t {

	/**
	 * Current status of a connection, refreshed from charon.
	 *
	 * @param key		swanctl connection name
	 * @return			status, MGUARD_CONTROL_STATUS_UNKNOWN if there is no
	 *					such one
	 */
	mguard_control_status_t (*status)(mguard_control_manager_t *this,
									  char *key);

	/**
	 * Find a connection by its descriptive name (the first one with it,
	 * the mGuard's rule).
	 *
	 * @param name		descriptive name
	 * @return			swanctl connection name (allocated), NULL if none
	 */
	char* (*find)(mguard_control_manager_t *this, char *name);

	/**
	 * Start or stop a connection.
	 *
	 * @param key		swanctl connection name
	 * @param start		TRUE to start, FALSE to stop
	 * @param cause		who asks
	 * @param actions	receives what to carry out (mguard_control_actions.h)
	 * @return			outcome (MGUARD_CONTROL_RESULT_DISABLED: not allowed)
	 */
	mguard_control_result_t (*change)(mguard_control_manager_t *this, char *key,
									  bool start, mguard_control_cause_t cause,
									  unsigned *actions);

	/**
	 * Note that a connection is initiated now (paces the next attempt).
	 *
	 * @param key		swanctl connection name
	 * @return			its startup
	 */
	mguard_control_startup_t (*initiated)(mguard_control_manager_t *this,
										  char *key);

	/**
	 * Start or stop the connections with a text message token.
	 *
	 * @param token		token
	 * @param start		TRUE to start, FALSE to stop
	 * @return			FALSE if no connection has that token
	 */
	bool (*sms)(mguard_control_manager_t *this, char *token, bool start);

	/**
	 * A snapshot of all connections, refreshed from charon, model order.
	 *
	 * @return			enumerator over mguard_control_row_t*
	 */
	enumerator_t* (*create_enumerator)(mguard_control_manager_t *this);

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
	 * Clear the error mark of a connection (e.g. the peer's host name
	 * resolves again): Started and not established, its status is ready.
	 *
	 * @param key		swanctl connection name
	 */
	void (*clear_error)(mguard_control_manager_t *this, char *key);

	/**
	 * The Started connections that initiate (startup initiate or
	 * on_traffic): those whose peer's host name the DynDNS watch follows.
	 *
	 * @return			array of swanctl connection names (allocated),
	 *					NULL if none
	 */
	array_t* (*create_initiators)(mguard_control_manager_t *this);

	/**
	 * The DynDNS watch settings of the model (global.dyndns).
	 *
	 * @param watch		receives whether host names of peers are watched
	 * @param interval	receives the seconds between two checks
	 */
	void (*get_dyndns)(mguard_control_manager_t *this, bool *watch,
					   u_int *interval);

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
