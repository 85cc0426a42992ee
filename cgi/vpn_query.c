/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "vpn_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * Decode a value; the reason says what is wrong
 */
static int decode(const char *value, size_t len, char **out, size_t *out_len,
				  const char **reason)
{
	*out = malloc(len + 1);
	if (!*out)
	{
		*reason = "out of memory";
		return 500;
	}
	switch (mgc_unescape(value, len, *out, out_len))
	{
		case MGC_UNESCAPE_OK:
			return 0;
		case MGC_UNESCAPE_CHAR:
			*reason = "invalid character in query (allowed: A-Z a-z 0-9 - . "
					  "_ ~ and %XX)";
			break;
		case MGC_UNESCAPE_ESCAPE:
			*reason = "invalid %-escape in query";
			break;
		case MGC_UNESCAPE_NUL:
			*reason = "NUL byte in parameter";
			break;
	}
	free(*out);
	*out = NULL;
	return 400;
}

/**
 * The web verbs, for the reason of a refused cmd
 */
static const char *web_verbs(void)
{
	static char list[128];
	const char *sep = " (allowed: ";
	size_t len;
	int i;

	if (!list[0])
	{
		len = snprintf(list, sizeof(list), "unknown cmd");
		for (i = 0; i < MGC_VERB_COUNT && len < sizeof(list); i++)
		{
			if (mgc_verb_web(i))
			{
				len += snprintf(list + len, sizeof(list) - len, "%s%s", sep,
								mgc_verb_name(i));
				sep = ", ";
			}
		}
		if (len < sizeof(list))
		{
			snprintf(list + len, sizeof(list) - len, ")");
		}
	}
	return list;
}

int vpn_query_parse(const char *raw, size_t len, vpn_query_t *query,
					const char **reason)
{
	const char *pos, *end, *amp, *next, *eq, *name = NULL, *cmd = NULL;
	size_t name_len = 0, cmd_len = 0, dec_len;
	char *cmd_dec = NULL;
	int status;

	*query = (vpn_query_t){ .name = NULL };
	*reason = NULL;

	if (len > MGC_LINE_MAX)
	{
		*reason = "query too long";
		return 414;
	}
	if (!raw || len == 0)
	{
		*reason = "missing parameters name and cmd";
		return 400;
	}
	pos = raw;
	end = raw + len;
	while (pos)
	{
		amp = memchr(pos, '&', end - pos);
		next = amp ? amp + 1 : NULL;
		if (!amp)
		{
			amp = end;
		}
		if (amp == pos)
		{
			*reason = "empty parameter in query";
			return 400;
		}
		eq = memchr(pos, '=', amp - pos);
		if (!eq || memchr(eq + 1, '=', amp - eq - 1))
		{
			*reason = "malformed parameter (expected key=value)";
			return 400;
		}
		if (eq - pos == 4 && memcmp(pos, "name", 4) == 0)
		{
			if (name)
			{
				*reason = "repeated parameter name";
				return 400;
			}
			name = eq + 1;
			name_len = amp - name;
		}
		else if (eq - pos == 3 && memcmp(pos, "cmd", 3) == 0)
		{
			if (cmd)
			{
				*reason = "repeated parameter cmd";
				return 400;
			}
			cmd = eq + 1;
			cmd_len = amp - cmd;
		}
		else
		{
			*reason = "unknown parameter (allowed: name, cmd)";
			return 400;
		}
		pos = next;
	}
	if (!name)
	{
		*reason = "missing parameter name";
		return 400;
	}
	if (!cmd)
	{
		*reason = "missing parameter cmd";
		return 400;
	}
	status = decode(cmd, cmd_len, &cmd_dec, &dec_len, reason);
	if (status)
	{
		return status;
	}
	if (!mgc_verb_from_name(cmd_dec, &query->cmd) ||
		!mgc_verb_web(query->cmd))
	{
		free(cmd_dec);
		*reason = web_verbs();
		return 400;
	}
	free(cmd_dec);
	status = decode(name, name_len, &query->name, &query->name_len, reason);
	if (status)
	{
		return status;
	}
	if (query->name_len == 0)
	{
		vpn_query_free(query);
		*reason = "empty parameter name";
		return 400;
	}
	return 0;
}

void vpn_query_free(vpn_query_t *query)
{
	free(query->name);
	query->name = NULL;
	query->name_len = 0;
}
