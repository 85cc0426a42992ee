/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_actions mguard_control_actions
 * @{ @ingroup mguard_control
 *
 * What the state machine's actions (MGUARD_CONTROL_ACT_*) do in charon:
 * initiate, install and remove traps, terminate; collected under the
 * manager's lock as "todos" and carried out after it.
 */

#ifndef MGUARD_CONTROL_ACTIONS_H_
#define MGUARD_CONTROL_ACTIONS_H_

#include "mguard_control_manager.h"

#include <library.h>
#include <bus/bus.h>
#include <collections/array.h>
#include <threading/mutex.h>

/**
 * Log lines of synchronous calls (synup, syndown), streamed to the client
 * as they come.
 */
typedef struct {
	/** serializes calls of out */
	mutex_t *lock;
	/** client output */
	mguard_control_out_t out;
	/** data for out */
	void *data;
} mguard_control_sync_log_t;

/**
 * Controller callback streaming log lines of level 1 (like swanctl); runs
 * on the IKE_SA's thread, out only queues the line.
 *
 * @return			TRUE (keep streaming)
 */
bool mguard_control_sync_log(mguard_control_sync_log_t *log, debug_t group,
							 level_t level, ike_sa_t *ike_sa,
							 const char *message);

/**
 * Terminate the SAs of a connection: its IKE_SAs as a whole unless they
 * carry CHILD_SAs of other connections, otherwise its CHILD_SAs only.
 *
 * @param key		connection name
 * @param log		streams the log lines and waits, NULL for neither
 * @param timeout	seconds to wait with log
 */
void mguard_control_terminate(char *key, mguard_control_sync_log_t *log,
							  u_int timeout);

/**
 * Carry out actions for a connection (asynchronously).
 *
 * @param key		connection name
 * @param actions	MGUARD_CONTROL_ACT_* flags
 */
void mguard_control_execute(char *key, unsigned actions);

/**
 * Note actions for a connection, to carry out later.
 *
 * @param todos		list, created on first use
 * @param key		connection name (copied)
 * @param actions	MGUARD_CONTROL_ACT_* flags; nothing is noted without one
 *					for charon
 */
void mguard_control_todo_add(array_t **todos, char *key, unsigned actions);

/**
 * Carry out and destroy noted actions, NULL is fine.
 */
void mguard_control_todos_execute(array_t *todos);

/**
 * Whether charon has the configuration of a connection loaded.
 */
bool mguard_control_is_loaded(char *key);

#endif /** MGUARD_CONTROL_ACTIONS_H_ @}*/
