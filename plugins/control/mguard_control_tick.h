/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_tick mguard_control_tick
 * @{ @ingroup mguard_control
 *
 * The manager's periodic work: initial modes as connections appear in
 * charon, deactivation and idle timeouts, keeping Started "initiate"
 * connections up, the service inputs.
 */

#ifndef MGUARD_CONTROL_TICK_H_
#define MGUARD_CONTROL_TICK_H_

#include "mguard_control_inputs.h"

#include <library.h>
#include <collections/array.h>
#include <threading/mutex.h>

/**
 * Do the periodic work once on the manager's entries (call once a second).
 *
 * charon is asked without the lock; the entries are read and changed with
 * it, and what results is carried out after it is released.
 *
 * @param lock		the manager's lock, protecting *entries
 * @param entries	the manager's mguard_control_entry_t* (replaced on a
 *					reload, hence read under the lock)
 * @param inputs	the service inputs
 * @param retry		seconds between initiations of a Started "initiate"
 *					connection
 */
void mguard_control_tick(mutex_t *lock, array_t **entries,
						 mguard_control_inputs_t *inputs, u_int retry);

#endif /** MGUARD_CONTROL_TICK_H_ @}*/
