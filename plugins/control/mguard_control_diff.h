/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_diff mguard_control_diff
 * @{ @ingroup mguard_control
 *
 * What a reload changes: the running connections against the reloaded
 * model, decided without charon (the manager carries it out).
 */

#ifndef MGUARD_CONTROL_DIFF_H_
#define MGUARD_CONTROL_DIFF_H_

#include "mguard_control_model.h"

#include <collections/array.h>

/**
 * A running connection, as the reload sees it.
 */
typedef struct {
	/** its configuration */
	mguard_control_conn_cfg_t *cfg;
	/** its current mode */
	mguard_control_mode_t mode;
	/** its current startup */
	mguard_control_startup_t startup;
} mguard_control_running_t;

/**
 * What happens to one connection.
 */
typedef struct {
	/** index of the running connection with this key, -1 if new */
	int old;
	/** index in the reloaded model, -1 if removed from it */
	int new;
	/** unchanged: the running connection stays as it is (mode, timeout,
	 * SAs); otherwise a new one replaces it, keeping what is established */
	bool keep;
	/** for the running connection's SAs: MGUARD_CONTROL_ACT_TERMINATE,
	 *  MGUARD_CONTROL_ACT_UNTRAP */
	unsigned actions;
} mguard_control_change_t;

/**
 * Compare the running connections with a reloaded model.
 *
 * A connection is known by its key. Unchanged ones are kept; a changed one
 * that was Started and is not Started by its new configuration has its SAs
 * terminated (and its trap removed for on_traffic); one that left the
 * model too. Linear in the number of connections.
 *
 * @param old		running connections
 * @param n_old		their number
 * @param new		reloaded model, model order
 * @param n_new		their number
 * @return			mguard_control_change_t values: one per new
 *					connection in model order, then one per removed
 *					connection in running order
 */
array_t *mguard_control_diff(mguard_control_running_t *old, int n_old,
							 mguard_control_conn_cfg_t **new, int n_new);

#endif /** MGUARD_CONTROL_DIFF_H_ @}*/
