/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup vpn_status_render vpn_status_render
 * @{ @ingroup vpn_status
 *
 * The status as an HTML page, as JSON (cgi/vpn-status.schema.json) and as
 * Prometheus text metrics. Every text from outside (connection names and
 * keys, identities, addresses, algorithm names: user text or peer data) is
 * escaped for where it goes: HTML entities, JSON strings (invalid UTF-8
 * becomes U+FFFD), Prometheus label values.
 */

#ifndef VPN_STATUS_RENDER_H_
#define VPN_STATUS_RENDER_H_

#include <bio/bio_writer.h>

#include "cgi/vpn_status_data.h"

/**
 * What the HTML page needs besides the status.
 */
typedef struct {
	/** URL path of the CGI, forms post to it */
	const char *self;
	/** CSRF token of the forms */
	const char *token;
	/** nonce of the inline script and style (CSP) */
	const char *nonce;
	/** seconds between automatic refreshes, 0 for none */
	unsigned refresh;
} vs_page_t;

/**
 * Write the HTML page.
 */
void vs_render_html(bio_writer_t *out, vs_status_t *status, vs_page_t *page);

/**
 * Write the JSON document.
 */
void vs_render_json(bio_writer_t *out, vs_status_t *status);

/**
 * Write the Prometheus metrics (text format 0.0.4).
 */
void vs_render_prometheus(bio_writer_t *out, vs_status_t *status);

/**
 * Write text HTML-escaped (& < > " ' as entities).
 */
void vs_html_escape(bio_writer_t *out, const char *text);

/**
 * Write text as a JSON string, quotes included.
 */
void vs_json_string(bio_writer_t *out, const char *text);

#endif /** VPN_STATUS_RENDER_H_ @}*/
