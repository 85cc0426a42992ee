/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_requires mguard_control_requires
 * @{ @ingroup mguard_control
 */

#ifndef MGUARD_CONTROL_REQUIRES_H_
#define MGUARD_CONTROL_REQUIRES_H_

#include <bus/listeners/listener.h>

typedef struct mguard_control_requires_t mguard_control_requires_t;

/**
 * Names the strongSwan plugin (and Debian package) that is missing when
 * something the project relies on fails for want of it, instead of leaving
 * the user with charon's unrelated-looking error: vici (mguard-vpn apply,
 * swanctl), openssl/gcm (AES-GCM in kernel-libipsec), kernel-libipsec (a
 * kernel without ESP).
 */
struct mguard_control_requires_t {

	/**
	 * Implements listener_t (an alert when a CHILD_SA cannot be installed)
	 */
	listener_t listener;

	/**
	 * Log what of strongSwan the project needs and charon has not loaded;
	 * called once all plugins are loaded
	 */
	void (*check_loaded)(mguard_control_requires_t *this);

	/**
	 * Destroy a mguard_control_requires_t
	 */
	void (*destroy)(mguard_control_requires_t *this);
};

/**
 * Create the listener
 */
mguard_control_requires_t *mguard_control_requires_create();

#endif /** MGUARD_CONTROL_REQUIRES_H_ @}*/
