/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_tcp_server_id mguard_tcp_server_id
 * @{ @ingroup mguard_tcp
 *
 * The mGuard's server ID (0-63) on RFC 9329 streams: which maintenance
 * center an initiator wants. It travels as a private-use status Notify in
 * the IKE_SA_INIT request (doc/tcp-encapsulation.md), so the framing stays
 * plain RFC 9329 and RFC 7296 peers ignore it; server ID 0 sends none.
 * Needs nothing of charon.
 */

#ifndef MGUARD_TCP_SERVER_ID_H_
#define MGUARD_TCP_SERVER_ID_H_

#include <utils/chunk.h>

/** the Notify message type: private-use status range, unused by strongSwan */
#define MGUARD_TCP_SERVER_ID_NOTIFY 41000

/** largest server ID */
#define MGUARD_TCP_SERVER_ID_MAX 63

/**
 * What an IKE message says about the server ID
 */
typedef enum {
	/** not an IKE_SA_INIT request: nothing to check */
	MGUARD_TCP_SERVER_ID_NONE,
	/** an IKE_SA_INIT request, its server ID found (0 without the Notify) */
	MGUARD_TCP_SERVER_ID_FOUND,
	/** an IKE_SA_INIT request whose server ID Notify is invalid */
	MGUARD_TCP_SERVER_ID_INVALID,
} mguard_tcp_server_id_t;

/**
 * Find the server ID an IKE message (without the non-ESP marker) asks for
 *
 * @param ike			the IKE message as received
 * @param id			the server ID, with MGUARD_TCP_SERVER_ID_FOUND
 * @return				what the message says
 */
mguard_tcp_server_id_t mguard_tcp_server_id_find(chunk_t ike, u_int *id);

#endif /** MGUARD_TCP_SERVER_ID_H_ @}*/
