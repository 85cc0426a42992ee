/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_tcp_listener mguard_tcp_listener
 * @{ @ingroup mguard_tcp
 */

#ifndef MGUARD_TCP_LISTENER_H_
#define MGUARD_TCP_LISTENER_H_

#include "mguard_tcp_config.h"
#include "mguard_tcp_socket.h"

#include <bus/listeners/listener.h>

typedef struct mguard_tcp_listener_t mguard_tcp_listener_t;

/**
 * Adds the server ID Notify to the IKE_SA_INIT requests of TCP connections
 * and tells the socket which streams carry established IKE_SAs (a stream
 * whose last IKE_SA is gone is closed).
 */
struct mguard_tcp_listener_t {

	/**
	 * Implements listener_t
	 */
	listener_t listener;

	/**
	 * Take a new configuration (the server IDs of connections)
	 *
	 * @param config		configuration, owned by the caller, kept until
	 *						the next update or destroy
	 */
	void (*update)(mguard_tcp_listener_t *this, mguard_tcp_config_t *config);

	/**
	 * Destroy a mguard_tcp_listener_t
	 */
	void (*destroy)(mguard_tcp_listener_t *this);
};

/**
 * Create the listener
 *
 * @param socket		the TCP socket
 * @param config		configuration (see update())
 */
mguard_tcp_listener_t *mguard_tcp_listener_create(mguard_tcp_socket_t *socket,
												  mguard_tcp_config_t *config);

#endif /** MGUARD_TCP_LISTENER_H_ @}*/
