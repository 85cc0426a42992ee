/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_dyndns mguard_control_dyndns
 * @{ @ingroup mguard_control
 *
 * "Watch hostnames of remote VPN gateways" (global.dyndns, as the manager
 * last loaded it): every interval seconds the host name of each Started
 * initiating connection's peer (its ike_cfg's remote address, when that is
 * a name) is resolved. The check is a job of its own on lib->scheduler,
 * run by one of charon's processor threads with no lock held, so a slow
 * resolver blocks neither the watcher, the tick nor the control socket.
 *
 * - An IKE_SA we initiated for the connection, to an address the name no
 *   longer resolves to, is deleted (without waiting for the old peer); the connection stays
 *   Started, so the tick initiates it again, and charon resolves the name
 *   anew for the new IKE_SA (as its own reestablish does).
 * - A name that does not resolve marks the connection in error: its status
 *   is void until the name resolves (an established tunnel is kept).
 */

#ifndef MGUARD_CONTROL_DYNDNS_H_
#define MGUARD_CONTROL_DYNDNS_H_

#include "mguard_control_manager.h"

typedef struct mguard_control_dyndns_t mguard_control_dyndns_t;

/**
 * The DynDNS watch.
 */
struct mguard_control_dyndns_t {

	/**
	 * Stop watching: returns once no check runs. Marks stay.
	 */
	void (*destroy)(mguard_control_dyndns_t *this);
};

/**
 * Start the DynDNS watch as the model says.
 *
 * @param manager	the connections' modes
 * @return			watch
 */
mguard_control_dyndns_t *mguard_control_dyndns_create(
		mguard_control_manager_t *manager);

#endif /** MGUARD_CONTROL_DYNDNS_H_ @}*/
