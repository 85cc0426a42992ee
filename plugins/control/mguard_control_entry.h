/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_entry mguard_control_entry
 * @{ @ingroup mguard_control
 *
 * One model connection as the manager keeps it: its configuration, its
 * state machine and what was last seen of it in charon. The manager owns
 * the entries; the tick and the service inputs work on them with the
 * manager's lock held.
 */

#ifndef MGUARD_CONTROL_ENTRY_H_
#define MGUARD_CONTROL_ENTRY_H_

#include "mguard_control_model.h"
#include "mguard_control_sas.h"
#include "mguard_control_state.h"

#include <library.h>

typedef struct mguard_control_entry_t mguard_control_entry_t;

/**
 * One model connection.
 */
struct mguard_control_entry_t {
	/** configuration from the model */
	mguard_control_conn_cfg_t *cfg;
	/** mode, timeout, status */
	mguard_control_state_t state;
	/** initial mode applied to charon's configuration */
	bool applied;
	/** earliest time for the next initiation of a Started "initiate" */
	time_t retry;
	/** traffic counter (bytes in + out) last seen */
	uint64_t bytes;
	/** installed CHILD_SAs last seen */
	u_int up;
	/** the level of its service input was applied (a switch's level in
	 *  force before the initial mode is applied wins over it) */
	bool input_seen;
};

/**
 * Create an entry in the configuration's initial state.
 *
 * @param cfg		configuration (owned)
 * @return			entry
 */
mguard_control_entry_t *mguard_control_entry_create(
		mguard_control_conn_cfg_t *cfg);

/**
 * Update an entry from what charon has.
 *
 * @param entry		entry
 * @param info		its SAs in charon, NULL if none
 * @param now		monotonic time
 * @return			MGUARD_CONTROL_ACT_* bit set to carry out (never
 *					MGUARD_CONTROL_ACT_INITIATE: re-initiation is paced by
 *					the tick)
 */
unsigned mguard_control_entry_update(mguard_control_entry_t *entry,
									 mguard_control_sa_info_t *info,
									 time_t now);

/**
 * Destroy an entry and its configuration.
 *
 * @param entry		entry
 */
void mguard_control_entry_destroy(mguard_control_entry_t *entry);

#endif /** MGUARD_CONTROL_ENTRY_H_ @}*/
