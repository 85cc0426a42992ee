/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_client mguard_control_client
 * @{ @ingroup mguard_control
 *
 * Client side of the control socket, for mguard-vpn and nph-vpn.cgi.
 * Needs library_init() (settings, URI parsers).
 *
 * Every call is bounded: connecting waits at most
 * charon.plugins.mguard-control.client_connect_timeout (default
 * MGC_CONNECT_TIMEOUT s; a Unix socket whose backlog is full blocks
 * connect() otherwise), the whole answer at most
 * charon.plugins.mguard-control.client_timeout (default MGC_TIMEOUT s),
 * plus sync_timeout for synup and syndown, which wait that long for
 * their outcome.
 */

#ifndef MGUARD_CONTROL_CLIENT_H_
#define MGUARD_CONTROL_CLIENT_H_

#include "mguard_control_proto.h"

/** default URI of the control socket */
#define MGC_DEFAULT_SOCKET "unix:///var/run/charon-mguard.ctl"

/** default seconds to wait for the connection to be accepted */
#define MGC_CONNECT_TIMEOUT 5

/** default seconds to wait for the complete answer */
#define MGC_TIMEOUT 10

/** default sync_timeout of the plugin, seconds */
#define MGC_SYNC_TIMEOUT 30

/**
 * Outcome of a call.
 */
typedef enum {
	/** the server answered with a done or error line */
	MGC_CALL_OK,
	/** cannot connect (charon not running, refused) */
	MGC_CALL_CONNECT,
	/** no permission to use the socket (see the plugin's group setting) */
	MGC_CALL_DENIED,
	/** connection broke or the answer was malformed */
	MGC_CALL_PROTOCOL,
	/** the request could not be encoded (argument too long) */
	MGC_CALL_REQUEST,
	/** the socket accepted no connection in time (charon busy, stalled) */
	MGC_CALL_CONNECT_TIMEOUT,
	/** connected, but no complete answer in time */
	MGC_CALL_TIMEOUT,
} mgc_call_t;

/**
 * Callback for log and output lines.
 */
typedef void (*mgc_line_cb_t)(void *data, const mgc_line_t *line);

/**
 * library_init() for a command line client: libstrongswan's own log lines
 * silenced, a failure reported on stderr under the program's name.
 *
 * @param program	program name
 * @return			FALSE if libstrongswan could not be initialised
 */
bool mgc_client_init(const char *program);

/**
 * The control socket URI: charon.plugins.mguard-control.socket from
 * strongswan.conf (honouring STRONGSWAN_CONF), or the default.
 */
char *mgc_client_socket_uri(void);

/**
 * Send one request and read the answer.
 *
 * @param uri		socket URI
 * @param verb		request verb
 * @param arg		argument or NULL
 * @param arg_len	length of arg
 * @param cb		called for each log/output line, may be NULL
 * @param data		passed to cb
 * @param final		receives the done/error line (on MGC_CALL_OK); its text
 *					is copied into final_buf
 * @param final_buf	buffer for the final line's text
 * @param final_len	size of final_buf
 * @param err		receives a one-line description on failure
 * @param err_len	size of err
 */
mgc_call_t mgc_client_call(char *uri, mgc_verb_t verb, const char *arg,
						   size_t arg_len, mgc_line_cb_t cb, void *data,
						   mgc_line_t *final, char *final_buf,
						   size_t final_len, char *err, size_t err_len);

#endif /** MGUARD_CONTROL_CLIENT_H_ @}*/
