/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_listener mguard_firewall_listener
 * @{ @ingroup mguard_firewall
 *
 * Feeds CHILD_SA events to the firewall core: child_updown installs and
 * removes a CHILD_SA's rules, child_rekey changes nothing (the reqid, the
 * key of every rule, stays).
 */

#ifndef MGUARD_FIREWALL_LISTENER_H_
#define MGUARD_FIREWALL_LISTENER_H_

#include <bus/listeners/listener.h>

#include "mguard_firewall_manager.h"

typedef struct mguard_firewall_listener_t mguard_firewall_listener_t;

/**
 * The listener.
 */
struct mguard_firewall_listener_t {

	/**
	 * Implements listener_t.
	 */
	listener_t listener;

	/**
	 * Destroy the listener.
	 */
	void (*destroy)(mguard_firewall_listener_t *this);
};

/**
 * Create the listener.
 *
 * @param manager	firewall core (not owned)
 * @return			listener
 */
mguard_firewall_listener_t *mguard_firewall_listener_create(
									mguard_firewall_manager_t *manager);

#endif /** MGUARD_FIREWALL_LISTENER_H_ @}*/
