/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_tcp_socket mguard_tcp_socket
 * @{ @ingroup mguard_tcp
 */

#ifndef MGUARD_TCP_SOCKET_H_
#define MGUARD_TCP_SOCKET_H_

#include "mguard_tcp_config.h"

#include <network/socket.h>

typedef struct mguard_tcp_socket_t mguard_tcp_socket_t;

/**
 * charon's socket with RFC 9329 TCP encapsulation: UDP 500/4500 through
 * socket-default (charon uses a single socket implementation), and IKE and
 * ESP in TCP streams.
 *
 * A packet goes into a stream when one exists for its destination, or when
 * it leaves from the configured initiator port (what mguard-swanctl writes
 * as local_port of TCP connections; nothing is bound to it): then a stream
 * to the destination is opened, and reopened with backoff when it breaks
 * (RFC 9329: only the opener reconnects, SAs survive). Frames received on a
 * stream reach charon as packets from the stream's peer to the listening
 * port (or the initiator port), so that its receiver and sender tell IKE
 * (non-ESP marker) from ESP as they do on port 4500.
 */
struct mguard_tcp_socket_t {

	/**
	 * Implements socket_t
	 */
	socket_t socket;

	/**
	 * Take a new configuration (server ID, limits); listeners change with
	 * a restart of charon only
	 *
	 * @param config		configuration, owned by the caller
	 */
	void (*update)(mguard_tcp_socket_t *this, mguard_tcp_config_t *config);

	/**
	 * An IKE_SA over a stream to or from this peer went up or away
	 *
	 * @param other			the IKE_SA's remote endpoint
	 * @param up			TRUE when established, FALSE when gone
	 */
	void (*ike_sa_changed)(mguard_tcp_socket_t *this, host_t *other, bool up);

	/**
	 * The CA files to check the Path Finder server at a destination with
	 * (before the first packet to it)
	 *
	 * @param dst			the server's address and port
	 * @param cas			CA files, char*, copied
	 */
	void (*set_cas)(mguard_tcp_socket_t *this, host_t *dst,
					linked_list_t *cas);

	/**
	 * Move the IKE_SAs counted for one remote endpoint to another (the
	 * IKE_SA followed the peer to a new stream)
	 */
	void (*ike_sa_moved)(mguard_tcp_socket_t *this, host_t *from, host_t *to);
};

/**
 * Create the socket
 *
 * @param config		configuration, owned by the caller
 * @return				socket, NULL if socket-default cannot be created
 */
mguard_tcp_socket_t *mguard_tcp_socket_create(mguard_tcp_config_t *config);

#endif /** MGUARD_TCP_SOCKET_H_ @}*/
