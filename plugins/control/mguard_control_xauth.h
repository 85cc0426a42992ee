/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_xauth mguard_control_xauth
 * @{ @ingroup mguard_control
 *
 * One log line per refused XAuth login of a Mode Config server, naming the
 * connection and the user (never the password): charon's own line names
 * only the user, and the connection only where the log prints IKE_SA names.
 *
 * The listener remembers the user name of the XAuth reply (bounded, escaped)
 * until the server sends its verdict (XAUTH_STATUS) or the IKE_SA goes.
 */

#ifndef MGUARD_CONTROL_XAUTH_H_
#define MGUARD_CONTROL_XAUTH_H_

#include <bus/listeners/listener.h>

typedef struct mguard_control_xauth_t mguard_control_xauth_t;

/**
 * XAuth refusal logger.
 */
struct mguard_control_xauth_t {

	/**
	 * Implements listener_t.
	 */
	listener_t listener;

	/**
	 * Destroy the listener.
	 */
	void (*destroy)(mguard_control_xauth_t *this);
};

/**
 * Create the listener.
 *
 * @return			listener
 */
mguard_control_xauth_t *mguard_control_xauth_create(void);

#endif /** MGUARD_CONTROL_XAUTH_H_ @}*/
