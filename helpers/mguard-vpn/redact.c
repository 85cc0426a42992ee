/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "redact.h"

#include <string.h>

/** keys whose values are secret */
static const char *secret_keys[] = {
	"psk", "password", "xauth_password", "secret",
};

#define REDACTED "<redacted>"

/**
 * If line is "KEY = VALUE" with a secret key, the offset of VALUE
 */
static bool secret_value(chunk_t line, size_t *value)
{
	size_t i = 0, start, len;
	u_int k;

	while (i < line.len && (line.ptr[i] == ' ' || line.ptr[i] == '\t'))
	{
		i++;
	}
	start = i;
	while (i < line.len && line.ptr[i] != '=' && line.ptr[i] != ' ' &&
		   line.ptr[i] != '\t')
	{
		i++;
	}
	len = i - start;
	while (i < line.len && (line.ptr[i] == ' ' || line.ptr[i] == '\t'))
	{
		i++;
	}
	if (i >= line.len || line.ptr[i] != '=')
	{
		return FALSE;
	}
	for (k = 0; k < countof(secret_keys); k++)
	{
		if (len == strlen(secret_keys[k]) &&
			memeq(line.ptr + start, secret_keys[k], len))
		{
			*value = i + 1;
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * Whether a quoted value starting at pos is still open at the end of line
 * (a quote that is not escaped opens or closes)
 */
static bool quote_open(chunk_t line, size_t pos, bool open)
{
	for (; pos < line.len; pos++)
	{
		if (line.ptr[pos] == '\\' && open)
		{
			pos++;
		}
		else if (line.ptr[pos] == '"')
		{
			open = !open;
		}
		else if (line.ptr[pos] == '#' && !open)
		{
			break;
		}
	}
	return open;
}

chunk_t redact_config(chunk_t in)
{
	chunk_t out, line;
	size_t value, pos;
	bool in_secret = FALSE;
	u_char *nl;

	/* a redacted line is at most 4 times as long as the input line: the
	 * shortest secret line "psk=" (4 bytes) becomes "psk= <redacted>\n" */
	out = chunk_alloc(in.len * 4 + sizeof(REDACTED) + 2);
	out.len = 0;
	while (in.len)
	{
		nl = memchr(in.ptr, '\n', in.len);
		line = chunk_create(in.ptr, nl ? (size_t)(nl - in.ptr) + 1 : in.len);
		in = chunk_skip(in, line.len);
		if (in_secret)
		{	/* continuation of a quoted secret: drop it */
			in_secret = quote_open(line, 0, TRUE);
			continue;
		}
		if (secret_value(line, &value))
		{
			in_secret = quote_open(line, value, FALSE);
			memcpy(out.ptr + out.len, line.ptr, value);
			pos = out.len + value;
			memcpy(out.ptr + pos, " " REDACTED "\n", sizeof(REDACTED) + 1);
			out.len = pos + sizeof(REDACTED) + 1;
			continue;
		}
		memcpy(out.ptr + out.len, line.ptr, line.len);
		out.len += line.len;
	}
	return out;
}
