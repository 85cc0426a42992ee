/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup vpn_csrf vpn_csrf
 * @{ @ingroup vpn_status
 *
 * CSRF tokens of vpn-status.cgi's POST forms (Restart, Reload).
 *
 * A token is "T-H": T the decimal Unix time it was issued, H the hex
 * HMAC-SHA-256, keyed with a 32-byte secret, of
 * "mguard vpn-status csrf v1" NUL USER NUL T, USER being the user the web
 * server authenticated (REMOTE_USER). A token is accepted for that user
 * only, for VS_CSRF_MAX_AGE seconds (and VS_CSRF_SKEW into the future),
 * compared in constant time. Another site can make a logged-in browser
 * send a POST (Basic auth credentials are sent along), but cannot read
 * the page that carries the token, and cannot compute one without the
 * secret. Nothing is stored per session.
 *
 * The secret is a file only the CGI's user may read (mode 0600, owned by
 * the CGI's user, not a symlink; anything else is refused). It is created
 * on first use from getrandom(): written to a temporary file, fsync()ed
 * and link()ed into place, so that concurrent first requests agree on one
 * secret and nobody ever reads half a key. Removing the file invalidates
 * every token handed out.
 */

#ifndef VPN_CSRF_H_
#define VPN_CSRF_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/** bytes of the secret */
#define VS_CSRF_KEY_LEN 32

/** longest token: 20 digits, "-", 64 hex digits */
#define VS_CSRF_TOKEN_MAX (20 + 1 + 64)

/** seconds a token stays valid */
#define VS_CSRF_MAX_AGE (12 * 3600)

/** seconds a token may be from the future (clock steps) */
#define VS_CSRF_SKEW 300

/**
 * Read the secret, creating it if it does not exist.
 *
 * @param path		secret file
 * @param key		receives the secret
 * @param err		receives a one-line reason on failure (names the file)
 * @param err_len	size of err
 * @return			true if the secret is in key
 */
bool vs_csrf_secret(const char *path, uint8_t key[VS_CSRF_KEY_LEN],
					char *err, size_t err_len);

/**
 * Issue a token.
 *
 * @param key		secret
 * @param user		authenticated user
 * @param now		current time
 * @param out		receives the token, NUL terminated
 */
void vs_csrf_token(const uint8_t key[VS_CSRF_KEY_LEN], const char *user,
				   time_t now, char out[VS_CSRF_TOKEN_MAX + 1]);

/**
 * Check a token.
 *
 * @param key		secret
 * @param user		authenticated user
 * @param token		token from the form (any bytes, NUL terminated)
 * @param now		current time
 * @return			true if the token was issued for user, and recently
 */
bool vs_csrf_check(const uint8_t key[VS_CSRF_KEY_LEN], const char *user,
				   const char *token, time_t now);

#endif /** VPN_CSRF_H_ @}*/
