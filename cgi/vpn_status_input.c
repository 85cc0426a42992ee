/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "vpn_status_input.h"

#include <stdlib.h>
#include <string.h>

/**
 * One key=value pair of an input, undecoded
 */
typedef struct {
	const char *key;
	size_t key_len;
	const char *value;
	size_t value_len;
} pair_t;

/**
 * A parameter an input may carry: where its undecoded value goes
 */
typedef struct {
	const char *name;
	const char **value;
	size_t *len;
} param_t;

/**
 * Split an input into pairs separated by sep, match them against params
 * (each at most once); unknown keys are refused unless skip_unknown
 */
static int split(const char *raw, size_t len, char sep, param_t *params,
				 int count, bool skip_unknown, const char **reason)
{
	const char *pos = raw, *end = raw + len, *stop, *eq;
	pair_t pair;
	int i;

	while (pos && pos < end)
	{
		stop = memchr(pos, sep, end - pos);
		if (!stop)
		{
			stop = end;
		}
		if (stop == pos)
		{
			*reason = "empty parameter";
			return 400;
		}
		eq = memchr(pos, '=', stop - pos);
		if (!eq || eq == pos || memchr(eq + 1, '=', stop - eq - 1))
		{
			*reason = "malformed parameter (expected key=value)";
			return 400;
		}
		pair = (pair_t){
			.key = pos,
			.key_len = eq - pos,
			.value = eq + 1,
			.value_len = stop - eq - 1,
		};
		for (i = 0; i < count; i++)
		{
			if (strlen(params[i].name) == pair.key_len &&
				memcmp(params[i].name, pair.key, pair.key_len) == 0)
			{
				break;
			}
		}
		if (i == count)
		{
			if (!skip_unknown)
			{
				*reason = NULL;
				return 400;
			}
		}
		else
		{
			if (*params[i].value)
			{
				*reason = "repeated parameter";
				return 400;
			}
			*params[i].value = pair.value;
			*params[i].len = pair.value_len;
		}
		pos = stop < end ? stop + 1 : NULL;
		if (pos == end)
		{
			*reason = "empty parameter";
			return 400;
		}
	}
	return 0;
}

/**
 * Decode a value into a malloc()ed string of at most VS_VALUE_MAX bytes;
 * with form, '+' is a space and '*' itself (as browsers encode forms)
 */
static int decode(const char *value, size_t len, bool form, char **out,
				  const char **reason)
{
	char *buf = NULL, *src;
	size_t i, o = 0, dec_len;
	mgc_unescape_t result;

	*out = NULL;
	if (len > 3 * VS_VALUE_MAX)
	{
		*reason = "value too long (at most 256 bytes)";
		return 400;
	}
	src = (char*)value;
	if (form)
	{
		buf = malloc(3 * len + 1);
		if (!buf)
		{
			*reason = "out of memory";
			return 500;
		}
		for (i = 0; i < len; i++)
		{
			if (value[i] == '+' || value[i] == '*')
			{
				memcpy(buf + o, value[i] == '+' ? "%20" : "%2A", 3);
				o += 3;
			}
			else
			{
				buf[o++] = value[i];
			}
		}
		src = buf;
		len = o;
	}
	*out = malloc(len + 1);
	if (!*out)
	{
		free(buf);
		*reason = "out of memory";
		return 500;
	}
	result = mgc_unescape(src, len, *out, &dec_len);
	free(buf);
	switch (result)
	{
		case MGC_UNESCAPE_OK:
			if (dec_len <= VS_VALUE_MAX)
			{
				return 0;
			}
			*reason = "value too long (at most 256 bytes)";
			break;
		case MGC_UNESCAPE_CHAR:
			*reason = "invalid character (allowed: A-Z a-z 0-9 - . _ ~ and "
					  "%XX)";
			break;
		case MGC_UNESCAPE_ESCAPE:
			*reason = "invalid %-escape";
			break;
		case MGC_UNESCAPE_NUL:
			*reason = "NUL byte in a value";
			break;
	}
	free(*out);
	*out = NULL;
	return 400;
}

/**
 * Whether a decoded value equals a word
 */
static bool is(const char *value, const char *word)
{
	return value && strcmp(value, word) == 0;
}

int vs_query_parse(const char *raw, size_t len, vs_format_t *format,
				   const char **reason)
{
	const char *value = NULL;
	size_t value_len = 0;
	param_t params[] = {
		{ "format", &value, &value_len },
	};
	char *dec;
	int status;

	*format = VS_FORMAT_HTML;
	*reason = NULL;
	if (len > MGC_LINE_MAX)
	{
		*reason = "query too long";
		return 414;
	}
	if (!raw || !len)
	{
		return 0;
	}
	status = split(raw, len, '&', params, countof(params), FALSE, reason);
	if (status)
	{
		*reason = *reason ?: "unknown parameter (allowed: format)";
		return status;
	}
	status = decode(value, value_len, FALSE, &dec, reason);
	if (status)
	{
		return status;
	}
	if (is(dec, "html"))
	{
		*format = VS_FORMAT_HTML;
	}
	else if (is(dec, "json"))
	{
		*format = VS_FORMAT_JSON;
	}
	else if (is(dec, "prometheus"))
	{
		*format = VS_FORMAT_PROMETHEUS;
	}
	else
	{
		*reason = "unknown format (allowed: html, json, prometheus)";
		status = 400;
	}
	free(dec);
	return status;
}

int vs_form_parse(const char *raw, size_t len, vs_form_t *form,
				  const char **reason)
{
	const char *action = NULL, *conn = NULL, *token = NULL;
	size_t action_len = 0, conn_len = 0, token_len = 0;
	param_t params[] = {
		{ "action", &action, &action_len },
		{ "conn", &conn, &conn_len },
		{ "token", &token, &token_len },
	};
	char *dec = NULL;
	int status;

	*form = (vs_form_t){ .conn = NULL };
	*reason = NULL;
	if (len > MGC_LINE_MAX)
	{
		*reason = "form too large";
		return 413;
	}
	status = split(raw ?: "", len, '&', params, countof(params), FALSE,
				   reason);
	if (status)
	{
		*reason = *reason ?: "unknown parameter (allowed: action, conn, "
							 "token)";
		return status;
	}
	if (!action)
	{
		*reason = "missing parameter action";
		return 400;
	}
	if (!token)
	{
		*reason = "missing parameter token";
		return 400;
	}
	status = decode(action, action_len, TRUE, &dec, reason);
	if (status)
	{
		return status;
	}
	if (is(dec, "restart"))
	{
		form->action = VS_ACTION_RESTART;
	}
	else if (is(dec, "reload"))
	{
		form->action = VS_ACTION_RELOAD;
	}
	else
	{
		free(dec);
		*reason = "unknown action (allowed: restart, reload)";
		return 400;
	}
	free(dec);
	if (form->action == VS_ACTION_RESTART)
	{
		if (!conn)
		{
			*reason = "missing parameter conn";
			return 400;
		}
		status = decode(conn, conn_len, TRUE, &form->conn, reason);
		if (!status && !form->conn[0])
		{
			*reason = "empty parameter conn";
			status = 400;
		}
	}
	else if (conn)
	{
		*reason = "parameter conn is for action restart only";
		status = 400;
	}
	if (!status)
	{
		status = decode(token, token_len, TRUE, &form->token, reason);
	}
	if (status)
	{
		vs_form_free(form);
	}
	return status;
}

void vs_form_free(vs_form_t *form)
{
	free(form->conn);
	free(form->token);
	*form = (vs_form_t){ .conn = NULL };
}

/**
 * Parse a decimal number without sign, at most max
 */
static bool number(const char *value, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t n = 0;
	size_t i;

	if (!len || len > 20)
	{
		return FALSE;
	}
	for (i = 0; i < len; i++)
	{
		if (value[i] < '0' || value[i] > '9' ||
			n > (max - (value[i] - '0')) / 10)
		{
			return FALSE;
		}
		n = n * 10 + value[i] - '0';
	}
	*out = n;
	return TRUE;
}

/**
 * Copy a word of [a-z_]
 */
static bool word(const char *value, size_t len, char *out)
{
	size_t i;

	if (!len || len > VS_WORD_MAX)
	{
		return FALSE;
	}
	for (i = 0; i < len; i++)
	{
		if ((value[i] < 'a' || value[i] > 'z') && value[i] != '_')
		{
			return FALSE;
		}
	}
	memcpy(out, value, len);
	out[len] = '\0';
	return TRUE;
}

bool vs_row_parse(const char *text, vs_row_t *row, const char **reason)
{
	const char *key = NULL, *name = NULL, *initial = NULL, *mode = NULL;
	const char *startup = NULL, *status = NULL, *up = NULL, *tunnels = NULL;
	const char *rekeys = NULL, *failed = NULL;
	size_t key_len = 0, name_len = 0, initial_len = 0, mode_len = 0;
	size_t startup_len = 0, status_len = 0, up_len = 0, tunnels_len = 0;
	size_t rekeys_len = 0, failed_len = 0, len;
	param_t params[] = {
		{ "key", &key, &key_len },
		{ "name", &name, &name_len },
		{ "initial", &initial, &initial_len },
		{ "mode", &mode, &mode_len },
		{ "startup", &startup, &startup_len },
		{ "status", &status, &status_len },
		{ "up", &up, &up_len },
		{ "tunnels", &tunnels, &tunnels_len },
		{ "rekeys", &rekeys, &rekeys_len },
		{ "failed", &failed, &failed_len },
	};
	uint64_t up_n, tunnels_n;

	*row = (vs_row_t){ .key = NULL };
	len = strnlen(text, MGC_LINE_MAX + 1);
	if (len > MGC_LINE_MAX)
	{
		*reason = "table line too long";
		return FALSE;
	}
	if (split(text, len, ' ', params, countof(params), TRUE, reason))
	{
		return FALSE;
	}
	if (!key || !name || !mode || !status || !up || !tunnels)
	{
		*reason = "table line lacks key, name, mode, status, up or tunnels";
		return FALSE;
	}
	if (decode(key, key_len, FALSE, &row->key, reason) ||
		decode(name, name_len, FALSE, &row->name, reason))
	{
		vs_row_free(row);
		return FALSE;
	}
	if (!row->key[0] || !word(mode, mode_len, row->mode) ||
		!word(status, status_len, row->status) ||
		(initial && !word(initial, initial_len, row->initial)) ||
		(startup && !word(startup, startup_len, row->startup)))
	{
		vs_row_free(row);
		*reason = "invalid key or word in a table line";
		return FALSE;
	}
	if (!number(up, up_len, UINT32_MAX, &up_n) ||
		!number(tunnels, tunnels_len, UINT32_MAX, &tunnels_n) ||
		(rekeys && !number(rekeys, rekeys_len, UINT64_MAX, &row->rekeys)) ||
		(failed && !number(failed, failed_len, UINT64_MAX, &row->failed)))
	{
		vs_row_free(row);
		*reason = "invalid number in a table line";
		return FALSE;
	}
	row->up = up_n;
	row->tunnels = tunnels_n;
	return TRUE;
}

void vs_row_free(vs_row_t *row)
{
	free(row->key);
	free(row->name);
	row->key = row->name = NULL;
}
