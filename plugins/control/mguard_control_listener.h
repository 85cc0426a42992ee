/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_listener mguard_control_listener
 * @{ @ingroup mguard_control
 *
 * Refuses peers of Stopped and Disabled connections during authentication
 * and notes errors (unresolvable or unreachable peers).
 */

#ifndef MGUARD_CONTROL_LISTENER_H_
#define MGUARD_CONTROL_LISTENER_H_

#include "mguard_control_manager.h"

#include <bus/listeners/listener.h>

typedef struct mguard_control_listener_t mguard_control_listener_t;

/**
 * Listener of mguard-control.
 */
struct mguard_control_listener_t {

	/**
	 * Implements listener_t interface.
	 */
	listener_t listener;

	/**
	 * Destroy a mguard_control_listener_t.
	 */
	void (*destroy)(mguard_control_listener_t *this);
};

/**
 * Create a mguard_control_listener instance.
 *
 * @param manager	connection manager deciding on refusals
 */
mguard_control_listener_t *mguard_control_listener_create(
										mguard_control_manager_t *manager);

#endif /** MGUARD_CONTROL_LISTENER_H_ @}*/
