/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_tcp_proxy mguard_tcp_proxy
 * @{ @ingroup mguard_tcp
 *
 * Initiators behind an explicit HTTP proxy (the model's global.proxy): a
 * CONNECT tunnel with the proxy's authentication, all done by libcurl.
 * Needs nothing of charon.
 */

#ifndef MGUARD_TCP_PROXY_H_
#define MGUARD_TCP_PROXY_H_

#include <library.h>
#include <networking/host.h>

typedef struct mguard_tcp_proxy_t mguard_tcp_proxy_t;

/**
 * Proxy authentication, as global.proxy.auth names it
 */
typedef enum {
	MGUARD_PROXY_ANY,
	MGUARD_PROXY_BASIC,
	MGUARD_PROXY_NTLM,
	MGUARD_PROXY_DIGEST,
} mguard_proxy_auth_t;

/**
 * An HTTP proxy
 */
struct mguard_tcp_proxy_t {
	/** host name or address */
	char *host;
	/** port */
	uint16_t port;
	/** user and password, NULL for none */
	char *user;
	char *password;
	/** authentication */
	mguard_proxy_auth_t auth;
};

/**
 * Copy a proxy description (NULL for none)
 */
mguard_tcp_proxy_t *mguard_tcp_proxy_clone(mguard_tcp_proxy_t *proxy);

/**
 * Free a proxy description (NULL allowed); the password is wiped
 */
void mguard_tcp_proxy_destroy(mguard_tcp_proxy_t *proxy);

/**
 * Open a TCP connection to dst through the proxy (CONNECT). Blocks, at most
 * for the timeout: call it from a job, never from a bus listener or the
 * sender.
 *
 * @param proxy			the proxy
 * @param dst			where the tunnel goes
 * @param tls			TRUE for Path Finder (Digest allowed besides Basic
 *						and NTLM, as on the mGuard)
 * @param timeout		seconds for connecting and the CONNECT exchange
 * @param error			why it failed, for the log
 * @param len			size of error
 * @return				the tunnelled socket (the caller's), -1 on failure
 */
int mguard_tcp_proxy_connect(mguard_tcp_proxy_t *proxy, host_t *dst, bool tls,
							 u_int timeout, char *error, size_t len);

#endif /** MGUARD_TCP_PROXY_H_ @}*/
