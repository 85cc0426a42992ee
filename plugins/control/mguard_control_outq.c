/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_outq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mguard_control_outq_init(mguard_control_outq_t *q, size_t max)
{
	*q = (mguard_control_outq_t){
		.max = max,
	};
}

bool mguard_control_outq_line(mguard_control_outq_t *q, mgc_line_type_t type,
							  int code, const char *text)
{
	char line[MGC_LINE_MAX + 1], *buf;
	size_t size;
	int len;

	/* the codec's one formatter: cleaned, cut to MGC_LINE_MAX, LF */
	len = mgc_line_format(line, sizeof(line), type, code, text);
	if (len <= 0)
	{
		return false;
	}

	if (q->len - q->off + len > q->max)
	{
		return false;
	}
	if (q->off)
	{	/* move the unwritten rest to the front */
		memmove(q->buf, q->buf + q->off, q->len - q->off);
		q->len -= q->off;
		q->off = 0;
	}
	size = q->len + len;
	buf = realloc(q->buf, size);
	if (!buf)
	{
		return false;
	}
	memcpy(buf + q->len, line, len);
	q->buf = buf;
	q->len = size;
	return true;
}

size_t mguard_control_outq_peek(mguard_control_outq_t *q, char **data)
{
	*data = q->buf + q->off;
	return q->len - q->off;
}

void mguard_control_outq_consume(mguard_control_outq_t *q, size_t n)
{
	if (n > q->len - q->off)
	{
		n = q->len - q->off;
	}
	q->off += n;
	if (q->off == q->len)
	{
		q->off = q->len = 0;
	}
}

void mguard_control_outq_clear(mguard_control_outq_t *q)
{
	free(q->buf);
	mguard_control_outq_init(q, q->max);
}
