/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_socket mguard_control_socket
 * @{ @ingroup mguard_control
 *
 * The control socket (libstrongswan's stream service): one request line per
 * connection, response lines, close (mguard_control_proto.h,
 * doc/control-protocol.md).
 */

#ifndef MGUARD_CONTROL_SOCKET_H_
#define MGUARD_CONTROL_SOCKET_H_

#include "mguard_control_requests.h"

typedef struct mguard_control_socket_t mguard_control_socket_t;

/**
 * Control socket.
 */
struct mguard_control_socket_t {

	/**
	 * Destroy the socket (stops accepting, removes a Unix socket file).
	 */
	void (*destroy)(mguard_control_socket_t *this);
};

/**
 * Create the control socket at charon.plugins.mguard-control.socket.
 *
 * @param requests	processes the requests
 * @return			socket, NULL if it cannot be created
 */
mguard_control_socket_t *mguard_control_socket_create(
										mguard_control_requests_t *requests);

#endif /** MGUARD_CONTROL_SOCKET_H_ @}*/
