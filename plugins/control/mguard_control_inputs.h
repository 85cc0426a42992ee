/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_inputs mguard_control_inputs
 * @{ @ingroup mguard_control
 *
 * The service inputs CMD 1-3: reads their sources and starts or stops the
 * connections that follow them.
 */

#ifndef MGUARD_CONTROL_INPUTS_H_
#define MGUARD_CONTROL_INPUTS_H_

#include "mguard_control_model.h"

#include <library.h>
#include <collections/array.h>

typedef struct mguard_control_inputs_t mguard_control_inputs_t;

/**
 * The service inputs CMD 1-3.
 */
struct mguard_control_inputs_t {

	/**
	 * Take over the service inputs of a (re)loaded model.
	 *
	 * @param cfg		inputs of the model (sources taken over)
	 */
	void (*set)(mguard_control_inputs_t *this,
				mguard_control_inputs_cfg_t *cfg);

	/**
	 * Read the sources and apply what changed to the connections that
	 * follow them (with the manager's lock held).
	 *
	 * @param entries	mguard_control_entry_t*, the manager's entries
	 * @param now		monotonic time
	 * @param retry		seconds until a Started "initiate" connection
	 *					initiated now is initiated again
	 * @param todos		receives what to carry out
	 *					(mguard_control_todo_add())
	 */
	void (*apply)(mguard_control_inputs_t *this, array_t *entries,
				  time_t now, u_int retry, array_t **todos);

	/**
	 * Close the sources and destroy the inputs.
	 */
	void (*destroy)(mguard_control_inputs_t *this);
};

/**
 * Create the service inputs, all unset.
 *
 * @return			inputs
 */
mguard_control_inputs_t *mguard_control_inputs_create();

#endif /** MGUARD_CONTROL_INPUTS_H_ @}*/
