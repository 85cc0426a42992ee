/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_archive_listener mguard_archive_listener
 * @{ @ingroup mguard_archive_p
 *
 * Tells the open attempts how they end: a CHILD_SA of the connection
 * installed (established; the CHILD_SA counts for the connection that owns
 * its config, also in an IKE_SA shared with another connection), an alert
 * that ends an attempt (peer unreachable, authentication, proposals,
 * traffic selectors, installing), or the IKE_SA going away.
 */

#ifndef MGUARD_ARCHIVE_LISTENER_H_
#define MGUARD_ARCHIVE_LISTENER_H_

#include "mguard_archive_attempts.h"

#include <bus/bus.h>

typedef struct mguard_archive_listener_t mguard_archive_listener_t;

/**
 * The listener.
 */
struct mguard_archive_listener_t {

	/**
	 * Implements listener_t.
	 */
	listener_t listener;

	/**
	 * Destroy the listener.
	 */
	void (*destroy)(mguard_archive_listener_t *this);
};

/**
 * Create the listener.
 *
 * @param attempts	the open attempts
 */
mguard_archive_listener_t *mguard_archive_listener_create(
									mguard_archive_attempts_t *attempts);

#endif /** MGUARD_ARCHIVE_LISTENER_H_ @}*/
