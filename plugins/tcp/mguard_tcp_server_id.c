/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_tcp_server_id.h"

#include <library.h>

/* RFC 7296 3.1 and 3.2 */
#define IKE_HEADER_LEN 28
#define IKE_VERSION_2 0x20
#define EXCHANGE_IKE_SA_INIT 34
#define FLAG_INITIATOR 0x08
#define FLAG_RESPONSE 0x20
#define PAYLOAD_NOTIFY 41
#define PAYLOAD_HEADER_LEN 4
#define NOTIFY_HEADER_LEN 8

static inline u_int be16(const u_char *p)
{
	return (p[0] << 8) | p[1];
}

static inline u_int be32(const u_char *p)
{
	return ((u_int)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/*
 * Described in header
 */
mguard_tcp_server_id_t mguard_tcp_server_id_find(chunk_t ike, u_int *id)
{
	u_char *p = ike.ptr, next, spi_size;
	size_t off = IKE_HEADER_LEN, len;

	if (ike.len < IKE_HEADER_LEN || p[17] != IKE_VERSION_2 ||
		p[18] != EXCHANGE_IKE_SA_INIT || !(p[19] & FLAG_INITIATOR) ||
		(p[19] & FLAG_RESPONSE) || be32(p + 20) != 0)
	{
		return MGUARD_TCP_SERVER_ID_NONE;
	}
	/* trust the message's own length only within what arrived */
	len = min(ike.len, (size_t)be32(p + 24));
	next = p[16];
	*id = 0;
	while (next && off + PAYLOAD_HEADER_LEN <= len)
	{
		size_t plen = be16(p + off + 2);

		if (plen < PAYLOAD_HEADER_LEN || off + plen > len)
		{
			/* malformed: charon will refuse it, there is no ID to take */
			return MGUARD_TCP_SERVER_ID_FOUND;
		}
		if (next == PAYLOAD_NOTIFY && plen >= NOTIFY_HEADER_LEN &&
			be16(p + off + 6) == MGUARD_TCP_SERVER_ID_NOTIFY)
		{
			spi_size = p[off + 5];
			if (plen != NOTIFY_HEADER_LEN + spi_size + 1u ||
				p[off + NOTIFY_HEADER_LEN + spi_size] > MGUARD_TCP_SERVER_ID_MAX)
			{
				return MGUARD_TCP_SERVER_ID_INVALID;
			}
			*id = p[off + NOTIFY_HEADER_LEN + spi_size];
			return MGUARD_TCP_SERVER_ID_FOUND;
		}
		next = p[off];
		off += plen;
	}
	return MGUARD_TCP_SERVER_ID_FOUND;
}
