/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_tcp_tls mguard_tcp_tls
 * @{ @ingroup mguard_tcp
 *
 * Path Finder: RFC 9329 framing inside TLS (RFC 9329, appendix A), through
 * OpenSSL on a non-blocking socket.
 */

#ifndef MGUARD_TCP_TLS_H_
#define MGUARD_TCP_TLS_H_

#include <library.h>

typedef struct mguard_tcp_tls_t mguard_tcp_tls_t;

/**
 * Outcome of a TLS operation on a non-blocking socket
 */
typedef enum {
	/** done (handshake finished, bytes moved) */
	MGUARD_TLS_OK,
	/** call again once the socket is readable */
	MGUARD_TLS_WANT_READ,
	/** call again once the socket is writable */
	MGUARD_TLS_WANT_WRITE,
	/** the peer closed the TLS session */
	MGUARD_TLS_CLOSED,
	/** the session failed (see get_error) */
	MGUARD_TLS_FAILED,
} mguard_tls_status_t;

/**
 * A TLS session on a stream's socket
 */
struct mguard_tcp_tls_t {

	/**
	 * Advance the handshake
	 */
	mguard_tls_status_t (*handshake)(mguard_tcp_tls_t *this);

	/**
	 * Whether the handshake is done
	 */
	bool (*established)(mguard_tcp_tls_t *this);

	/**
	 * Read decrypted bytes
	 *
	 * @param n			bytes read, with MGUARD_TLS_OK
	 */
	mguard_tls_status_t (*read)(mguard_tcp_tls_t *this, chunk_t buf,
								size_t *n);

	/**
	 * Write bytes
	 *
	 * @param n			bytes written, with MGUARD_TLS_OK
	 */
	mguard_tls_status_t (*write)(mguard_tcp_tls_t *this, chunk_t buf,
								 size_t *n);

	/**
	 * What failed, for the log
	 */
	const char *(*get_error)(mguard_tcp_tls_t *this);

	/**
	 * Destroy the session (the socket stays open)
	 */
	void (*destroy)(mguard_tcp_tls_t *this);
};

/**
 * Start the server side on an accepted socket
 *
 * @param fd			the socket
 * @param cert			server certificate (PEM) file
 * @param key			its private key (PEM) file
 * @return				session, NULL if the certificate or key do not load
 */
mguard_tcp_tls_t *mguard_tcp_tls_server(int fd, const char *cert,
										const char *key);

/**
 * Start the client side on a connected socket; the server's certificate
 * must chain to one of the CA files
 *
 * @param fd			the socket
 * @param cas			CA certificate (PEM) files, char*
 * @return				session, NULL if no CA loads
 */
mguard_tcp_tls_t *mguard_tcp_tls_client(int fd, linked_list_t *cas);

#endif /** MGUARD_TCP_TLS_H_ @}*/
