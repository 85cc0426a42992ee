/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_tranche_narrow mguard_control_tranche_narrow
 * @{ @ingroup mguard_control
 *
 * Traffic selectors of network tranches, on both ends of a Mode Config
 * connection.
 *
 * Server: the translator sets the remote selector of a pool connection to
 * the whole pool; this listener narrows whatever the client proposes to the
 * tranche leased to it (no tranche: nothing), so that a client reaches the
 * tunnel only from its own network and never from another client's.
 *
 * Client: charon proposes its virtual IP as a /32 for "dynamic"; when the
 * server sent INTERNAL_IP4_NETMASK with the address, this listener widens
 * the local selector to that network, so that the LAN behind an mGuard-style
 * client uses the tunnel.
 */

#ifndef MGUARD_CONTROL_TRANCHE_NARROW_H_
#define MGUARD_CONTROL_TRANCHE_NARROW_H_

#include "mguard_control_tranche.h"

#include <bus/listeners/listener.h>

typedef struct mguard_control_tranche_narrow_t mguard_control_tranche_narrow_t;

/**
 * Tranche narrowing listener.
 */
struct mguard_control_tranche_narrow_t {

	/**
	 * Implements listener_t.
	 */
	listener_t listener;

	/**
	 * Destroy the listener.
	 */
	void (*destroy)(mguard_control_tranche_narrow_t *this);
};

/**
 * Create the listener.
 *
 * @param tranche	provider that knows the server's tranches
 * @return			listener
 */
mguard_control_tranche_narrow_t *mguard_control_tranche_narrow_create(
										mguard_control_tranche_t *tranche);

#endif /** MGUARD_CONTROL_TRANCHE_NARROW_H_ @}*/
