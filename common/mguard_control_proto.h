/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_proto mguard_control_proto
 * @{ @ingroup mguard_control
 *
 * The control socket protocol of mguard-control (doc/control-protocol.md),
 * encoding and decoding only, without any charon dependency.
 *
 * Request, client to server, one line:
 *
 *     VERB [SP ARG] LF
 *
 * VERB is one of up, down, status, synup, syndown, list, license, reload,
 * sms, table (mgc_verb_names, the one verb table of the server, mguard-vpn and
 * nph-vpn.cgi). ARG is percent-encoded: bytes of A-Z a-z 0-9 - . _ ~ stand
 * for themselves, every other byte is %XX (mgc_escape(), mgc_unescape(): the
 * one percent codec, also decoding nph-vpn.cgi's query). A request line is
 * at most MGC_LINE_MAX bytes.
 *
 * Response, server to client, lines until the server closes:
 *
 *     log SP TEXT LF          a log line of the attempt (synup, syndown)
 *     line SP TEXT LF         an output line (list, license)
 *     done SP WORD LF         success, last line: ok, unknown, void, ready,
 *                             active
 *     error SP CODE SP TEXT LF  failure, last line: CODE is an HTTP-like
 *                             status (400, 409, 500, 503, 504)
 *
 * TEXT never contains LF or NUL (the server replaces control characters).
 */

#ifndef MGUARD_CONTROL_PROTO_H_
#define MGUARD_CONTROL_PROTO_H_

#include <library.h>

/**
 * Longest request or response line, LF included, and longest query string
 * nph-vpn.cgi accepts: the one size limit of the control path (a query
 * within it always makes a request within it, see
 * doc/control-protocol.md).
 */
#define MGC_LINE_MAX 4096

/**
 * Request verbs.
 */
typedef enum {
	MGC_UP,
	MGC_DOWN,
	MGC_STATUS,
	MGC_SYNUP,
	MGC_SYNDOWN,
	MGC_LIST,
	MGC_LICENSE,
	MGC_RELOAD,
	MGC_SMS,
	MGC_TABLE,
	MGC_VERB_COUNT,
} mgc_verb_t;

/**
 * Names of the verbs as they appear on the request line ("up", ...), for
 * %N.
 */
extern enum_name_t *mgc_verb_names;

/**
 * Outcome of decoding a percent-encoded value.
 */
typedef enum {
	/** decoded */
	MGC_UNESCAPE_OK,
	/** a byte outside A-Z a-z 0-9 - . _ ~ and % */
	MGC_UNESCAPE_CHAR,
	/** a % not followed by two hex digits */
	MGC_UNESCAPE_ESCAPE,
	/** %00: decoded values never contain NUL */
	MGC_UNESCAPE_NUL,
} mgc_unescape_t;

/**
 * A decoded request.
 */
typedef struct {
	/** verb */
	mgc_verb_t verb;
	/** decoded argument, NUL terminated, malloc()ed; NULL if none */
	char *arg;
	/** length of arg */
	size_t arg_len;
} mgc_request_t;

/**
 * Kinds of response lines.
 */
typedef enum {
	MGC_LINE_LOG,
	MGC_LINE_LINE,
	MGC_LINE_DONE,
	MGC_LINE_ERROR,
} mgc_line_type_t;

/**
 * Names of the kinds of response lines ("log", ...), for %N.
 */
extern enum_name_t *mgc_line_type_names;

/**
 * A parsed response line; text points into the parsed buffer.
 */
typedef struct {
	mgc_line_type_t type;
	/** status code of an error line, 200 for done */
	int code;
	/** text (log, line, error) or word (done), NUL terminated */
	const char *text;
} mgc_line_t;

/**
 * Name of a verb ("?" if out of range).
 */
const char *mgc_verb_name(mgc_verb_t verb);

/**
 * Look up a verb by its exact (case-sensitive) name.
 *
 * @return			TRUE if found
 */
bool mgc_verb_from_name(const char *name, mgc_verb_t *verb);

/**
 * Whether a verb takes an argument (a connection name or an SMS body).
 */
bool mgc_verb_has_arg(mgc_verb_t verb);

/**
 * Whether the server waits up to its sync_timeout before it answers a verb
 * (synup, syndown).
 */
bool mgc_verb_waits(mgc_verb_t verb);

/**
 * Whether nph-vpn.cgi offers a verb as ?cmd= (up, down, status, synup,
 * syndown: the mGuard's commands).
 */
bool mgc_verb_web(mgc_verb_t verb);

/**
 * Decode a percent-encoded value (only A-Z a-z 0-9 - . _ ~ and %XX, hex
 * digits of either case).
 *
 * @param in		encoded value (need not be NUL terminated)
 * @param len		length of in
 * @param out		receives the decoded bytes, NUL terminated; room for
 *					len + 1 bytes
 * @param out_len	receives the decoded length (on MGC_UNESCAPE_OK)
 * @return			MGC_UNESCAPE_OK, or why the value is refused
 */
mgc_unescape_t mgc_unescape(const char *in, size_t len, char *out,
							size_t *out_len);

/**
 * Percent-encode bytes as request arguments are encoded: A-Z a-z 0-9 - . _ ~
 * stand for themselves, every other byte becomes %XX (upper-case hex). The
 * project's one escaping, also for untrusted text in log lines (a user
 * name with a newline cannot start a line of its own).
 *
 * @param buf		output buffer, NUL terminated on success
 * @param len		size of buf
 * @param in		bytes to encode
 * @param in_len	length of in
 * @return			length written (without NUL), -1 if buf is too small
 */
int mgc_escape(char *buf, size_t len, const char *in, size_t in_len);

/**
 * Format a request line, LF included.
 *
 * @param buf		output buffer
 * @param len		size of buf
 * @param verb		verb
 * @param arg		argument (any bytes), NULL for none
 * @param arg_len	length of arg
 * @return			length written (without terminating NUL), -1 if the
 *					line would exceed len or MGC_LINE_MAX
 */
int mgc_request_format(char *buf, size_t len, mgc_verb_t verb,
					   const char *arg, size_t arg_len);

/**
 * Parse a request line.
 *
 * @param line		line, with or without the trailing LF
 * @param len		length of line
 * @param req		receives the request; free with mgc_request_free()
 * @param reason	receives a static one-line reason on failure
 * @return			TRUE if valid
 */
bool mgc_request_parse(const char *line, size_t len, mgc_request_t *req,
					   const char **reason);

/**
 * Free the members of a request.
 */
void mgc_request_free(mgc_request_t *req);

/**
 * Format a response line, LF included: TEXT cleaned (mgc_text_clean()) and
 * cut so that the line fits into len and MGC_LINE_MAX.
 *
 * @param buf		output buffer
 * @param len		size of buf (at least 16)
 * @param type		kind of line
 * @param code		status of an error line (400-599), ignored otherwise
 * @param text		text, or the word of a done line
 * @return			length written (without terminating NUL), -1 if type
 *					or code is invalid or buf too small
 */
int mgc_line_format(char *buf, size_t len, mgc_line_type_t type, int code,
					const char *text);

/**
 * Parse a response line in place.
 *
 * @param line		line, NUL terminated, trailing LF removed
 * @param out		receives the parsed line
 * @return			TRUE if valid
 */
bool mgc_line_parse(char *line, mgc_line_t *out);

/**
 * Make text safe for a response line: control characters (LF, CR, NUL,
 * ...) become '?'.
 *
 * @param text		text to clean, in place
 * @param len		length of text
 */
void mgc_text_clean(char *text, size_t len);

#endif /** MGUARD_CONTROL_PROTO_H_ @}*/
