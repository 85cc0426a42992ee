/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_outq mguard_control_outq
 * @{ @ingroup mguard_control
 *
 * The response lines a control client has not read yet, bounded: whoever
 * produces a line (a request handler, a log line on an IKE_SA's thread)
 * only appends here and never waits for the client; the socket writes
 * from the watcher. No charon dependency.
 */

#ifndef MGUARD_CONTROL_OUTQ_H_
#define MGUARD_CONTROL_OUTQ_H_

#include "mguard_control_proto.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct mguard_control_outq_t mguard_control_outq_t;

/**
 * Queued output (plain struct: embed it, start with
 * mguard_control_outq_init()).
 */
struct mguard_control_outq_t {
	/** queued bytes */
	char *buf;
	/** bytes in buf */
	size_t len;
	/** bytes of buf already written */
	size_t off;
	/** limit of len - off */
	size_t max;
};

/**
 * Start an empty queue.
 *
 * @param q			queue
 * @param max		most bytes it may hold unwritten
 */
void mguard_control_outq_init(mguard_control_outq_t *q, size_t max);

/**
 * Append one response line ("log TEXT", "line TEXT", "done WORD" or
 * "error CODE TEXT"), control characters of TEXT replaced, cut to
 * MGC_LINE_MAX bytes with its LF.
 *
 * @param q			queue
 * @param type		line type
 * @param code		status code of an error line
 * @param text		text
 * @return			FALSE if the line does not fit (nothing appended)
 */
bool mguard_control_outq_line(mguard_control_outq_t *q, mgc_line_type_t type,
							  int code, const char *text);

/**
 * Bytes waiting to be written.
 *
 * @param q			queue
 * @param data		receives the first of them
 * @return			their number
 */
size_t mguard_control_outq_peek(mguard_control_outq_t *q, char **data);

/**
 * Drop bytes that were written.
 *
 * @param q			queue
 * @param n			bytes written (at most what peek returned)
 */
void mguard_control_outq_consume(mguard_control_outq_t *q, size_t n);

/**
 * Free what the queue holds.
 */
void mguard_control_outq_clear(mguard_control_outq_t *q);

#endif /** MGUARD_CONTROL_OUTQ_H_ @}*/
