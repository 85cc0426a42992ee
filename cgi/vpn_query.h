/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup vpn_query vpn_query
 * @{ @ingroup nph_vpn
 *
 * The query string of nph-vpn.cgi: `name=NAME&cmd=up|down|status|synup|
 * syndown`, undecoded as the web server passes it in QUERY_STRING.
 *
 * The raw query may carry only A-Z a-z 0-9 - . _ ~, the separators & and =
 * and %XX escapes; values are decoded with the control protocol's own
 * decoder (mgc_unescape(), the same encoding as on the request line), and
 * cmd is one of the verbs mgc_verb_web() allows. Each parameter must
 * appear exactly once; anything else is refused with a 4xx status and a
 * one-line reason, and nothing is done.
 */

#ifndef VPN_QUERY_H_
#define VPN_QUERY_H_

#include <stddef.h>

/* the longest raw query accepted is MGC_LINE_MAX, the control protocol's
 * line limit */
#include "mguard_control_proto.h"

/**
 * A parsed query.
 */
typedef struct {
	/** the command, a verb for which mgc_verb_web() holds */
	mgc_verb_t cmd;
	/** decoded connection name, NUL terminated (contains no NUL), malloc()ed */
	char *name;
	/** length of name */
	size_t name_len;
} vpn_query_t;

/**
 * Parse a raw query string.
 *
 * @param raw		raw query (need not be NUL terminated)
 * @param len		length of raw
 * @param query		receives the parsed query on success; free it with
 *					vpn_query_free()
 * @param reason	receives a static one-line reason on failure
 * @return			0 on success, else the HTTP status to answer (400, 414)
 */
int vpn_query_parse(const char *raw, size_t len, vpn_query_t *query,
					const char **reason);

/**
 * Free the members of a parsed query.
 */
void vpn_query_free(vpn_query_t *query);

#endif /** VPN_QUERY_H_ @}*/
