/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup vpn_status_input vpn_status_input
 * @{ @ingroup vpn_status
 *
 * What vpn-status.cgi reads from outside: its query string
 * (`format=html|json|prometheus`), the body of its POST form
 * (`action=restart&conn=KEY&token=T` or `action=reload&token=T`,
 * application/x-www-form-urlencoded as browsers send it) and the `table`
 * lines of mguard-control (doc/control-protocol.md).
 *
 * All of it is hostile: each input is at most MGC_LINE_MAX bytes, values
 * are decoded with the project's one percent-decoder (mgc_unescape()),
 * each parameter must appear at most once, and anything unexpected is
 * refused with a 4xx status and a static one-line reason that names the
 * parameter and what is allowed.
 */

#ifndef VPN_STATUS_INPUT_H_
#define VPN_STATUS_INPUT_H_

#include <stddef.h>
#include <stdint.h>

#include "mguard_control_proto.h"

/** longest connection key, name or token accepted */
#define VS_VALUE_MAX 256

/**
 * Output formats of the page.
 */
typedef enum {
	VS_FORMAT_HTML,
	VS_FORMAT_JSON,
	VS_FORMAT_PROMETHEUS,
} vs_format_t;

/**
 * Parse the raw (undecoded) query string: empty, or format=FORMAT.
 *
 * @param raw		query string (need not be NUL terminated), may be NULL
 * @param len		length of raw
 * @param format	receives the format
 * @param reason	receives a static reason on failure
 * @return			0, or the HTTP status to answer (400, 414)
 */
int vs_query_parse(const char *raw, size_t len, vs_format_t *format,
				   const char **reason);

/**
 * Actions of the POST form.
 */
typedef enum {
	/** tear down a connection's SAs and establish it again */
	VS_ACTION_RESTART,
	/** make mguard-control re-read the model */
	VS_ACTION_RELOAD,
} vs_action_t;

/**
 * A parsed form.
 */
typedef struct {
	/** what to do */
	vs_action_t action;
	/** connection key (restart only), NUL terminated, malloc()ed */
	char *conn;
	/** CSRF token, NUL terminated, malloc()ed */
	char *token;
} vs_form_t;

/**
 * Parse a form body (application/x-www-form-urlencoded: '+' is a space,
 * '*' stands for itself, everything else as in the query).
 *
 * @param raw		body (need not be NUL terminated)
 * @param len		length of raw
 * @param form		receives the form; free with vs_form_free()
 * @param reason	receives a static reason on failure
 * @return			0, or the HTTP status to answer (400, 413)
 */
int vs_form_parse(const char *raw, size_t len, vs_form_t *form,
				  const char **reason);

/**
 * Free the members of a form.
 */
void vs_form_free(vs_form_t *form);

/** longest word (mode, startup, status) of a table line */
#define VS_WORD_MAX 16

/**
 * One connection as mguard-control's table request reports it.
 */
typedef struct {
	/** swanctl connection name, malloc()ed */
	char *key;
	/** descriptive name (any bytes but NUL), malloc()ed */
	char *name;
	/** initial mode, mode, startup and status words ([a-z_]) */
	char initial[VS_WORD_MAX + 1];
	char mode[VS_WORD_MAX + 1];
	char startup[VS_WORD_MAX + 1];
	char status[VS_WORD_MAX + 1];
	/** installed CHILD_SAs, enabled tunnels */
	unsigned up, tunnels;
	/** rekeyings, failed attempts */
	uint64_t rekeys, failed;
} vs_row_t;

/**
 * Parse the text of one table line (without "line ").
 *
 * Required fields: key, name, mode, status, up, tunnels; unknown fields
 * are skipped (the protocol may add some).
 *
 * @param text		text of the line, NUL terminated
 * @param row		receives the row; free with vs_row_free()
 * @param reason	receives a static reason on failure
 * @return			TRUE if parsed
 */
bool vs_row_parse(const char *text, vs_row_t *row, const char **reason);

/**
 * Free the members of a row.
 */
void vs_row_free(vs_row_t *row);

#endif /** VPN_STATUS_INPUT_H_ @}*/
