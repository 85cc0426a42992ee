/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ENUM(mgc_line_type_names, MGC_LINE_LOG, MGC_LINE_ERROR,
	"log",
	"line",
	"done",
	"error",
);

ENUM(mgc_verb_names, MGC_UP, MGC_TABLE,
	"up",
	"down",
	"status",
	"synup",
	"syndown",
	"list",
	"license",
	"reload",
	"sms",
	"table",
);

/**
 * What a verb takes and does, by verb
 */
static const struct {
	/** takes an argument (a connection name or an SMS body) */
	bool arg;
	/** the server waits up to sync_timeout before the final line */
	bool waits;
	/** offered by nph-vpn.cgi */
	bool web;
} verbs[] = {
	[MGC_UP] =		{ .arg = TRUE, .web = TRUE },
	[MGC_DOWN] =	{ .arg = TRUE, .web = TRUE },
	[MGC_STATUS] =	{ .arg = TRUE, .web = TRUE },
	[MGC_SYNUP] =	{ .arg = TRUE, .waits = TRUE, .web = TRUE },
	[MGC_SYNDOWN] =	{ .arg = TRUE, .waits = TRUE, .web = TRUE },
	[MGC_LIST] =	{ },
	[MGC_LICENSE] =	{ },
	[MGC_RELOAD] =	{ },
	[MGC_SMS] =		{ .arg = TRUE },
	[MGC_TABLE] =	{ },
};

/* the name and property tables cover every verb */
_Static_assert(MGC_TABLE + 1 == MGC_VERB_COUNT,
			   "mgc_verb_names ends at MGC_TABLE");
_Static_assert(countof(verbs) == MGC_VERB_COUNT, "a verb has no properties");

const char *mgc_verb_name(mgc_verb_t verb)
{
	if ((unsigned)verb >= MGC_VERB_COUNT)
	{
		return "?";
	}
	return enum_to_name(mgc_verb_names, verb);
}

bool mgc_verb_from_name(const char *name, mgc_verb_t *verb)
{
	int i;

	for (i = 0; i < MGC_VERB_COUNT; i++)
	{
		if (streq(name, enum_to_name(mgc_verb_names, i)))
		{
			*verb = (mgc_verb_t)i;
			return TRUE;
		}
	}
	return FALSE;
}

bool mgc_verb_has_arg(mgc_verb_t verb)
{
	return (unsigned)verb < MGC_VERB_COUNT && verbs[verb].arg;
}

bool mgc_verb_waits(mgc_verb_t verb)
{
	return (unsigned)verb < MGC_VERB_COUNT && verbs[verb].waits;
}

bool mgc_verb_web(mgc_verb_t verb)
{
	return (unsigned)verb < MGC_VERB_COUNT && verbs[verb].web;
}

static bool is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		   (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		   c == '~';
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
	{
		return c - '0';
	}
	if (c >= 'A' && c <= 'F')
	{
		return c - 'A' + 10;
	}
	if (c >= 'a' && c <= 'f')
	{
		return c - 'a' + 10;
	}
	return -1;
}

int mgc_escape(char *buf, size_t len, const char *in, size_t in_len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t pos = 0, i;

	for (i = 0; i < in_len; i++)
	{
		unsigned char c = in[i];

		if (is_unreserved(c))
		{
			if (pos + 1 >= len)
			{
				return -1;
			}
			buf[pos++] = c;
		}
		else
		{
			if (pos + 3 >= len)
			{
				return -1;
			}
			buf[pos++] = '%';
			buf[pos++] = hex[c >> 4];
			buf[pos++] = hex[c & 0x0f];
		}
	}
	if (pos >= len)
	{
		return -1;
	}
	buf[pos] = '\0';
	return (int)pos;
}

int mgc_request_format(char *buf, size_t len, mgc_verb_t verb,
					   const char *arg, size_t arg_len)
{
	const char *name;
	size_t pos;
	int enc;

	if ((unsigned)verb >= MGC_VERB_COUNT || !buf)
	{
		return -1;
	}
	if (len > MGC_LINE_MAX + 1)
	{
		len = MGC_LINE_MAX + 1;
	}
	name = enum_to_name(mgc_verb_names, verb);
	pos = strlen(name);
	if (pos + 2 > len)
	{
		return -1;
	}
	memcpy(buf, name, pos);
	if (arg)
	{
		buf[pos++] = ' ';
		/* room for the LF after it */
		enc = mgc_escape(buf + pos, len - pos - 1, arg, arg_len);
		if (enc < 0)
		{
			return -1;
		}
		pos += enc;
	}
	if (pos + 2 > len)
	{
		return -1;
	}
	buf[pos++] = '\n';
	buf[pos] = '\0';
	return (int)pos;
}

mgc_unescape_t mgc_unescape(const char *in, size_t len, char *out,
							size_t *out_len)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++)
	{
		unsigned char c = in[i];

		if (is_unreserved(c))
		{
			out[o++] = c;
			continue;
		}
		if (c != '%')
		{
			return MGC_UNESCAPE_CHAR;
		}
		if (len - i < 3 || (hi = hex_value(in[i + 1])) < 0 ||
			(lo = hex_value(in[i + 2])) < 0)
		{
			return MGC_UNESCAPE_ESCAPE;
		}
		if (hi == 0 && lo == 0)
		{
			return MGC_UNESCAPE_NUL;
		}
		out[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	out[o] = '\0';
	*out_len = o;
	return MGC_UNESCAPE_OK;
}

bool mgc_request_parse(const char *line, size_t len, mgc_request_t *req,
					   const char **reason)
{
	char verb[16];
	const char *sp, *arg;
	size_t verb_len, arg_len;

	*req = (mgc_request_t){ .arg = NULL };
	if (len > 0 && line[len - 1] == '\n')
	{
		len--;
	}
	if (len >= MGC_LINE_MAX)
	{
		*reason = "request too long";
		return FALSE;
	}
	if (memchr(line, '\n', len) || memchr(line, '\0', len))
	{
		*reason = "malformed request";
		return FALSE;
	}
	sp = memchr(line, ' ', len);
	verb_len = sp ? (size_t)(sp - line) : len;
	if (verb_len == 0 || verb_len >= sizeof(verb))
	{
		*reason = "unknown command";
		return FALSE;
	}
	memcpy(verb, line, verb_len);
	verb[verb_len] = '\0';
	if (!mgc_verb_from_name(verb, &req->verb))
	{
		*reason = "unknown command";
		return FALSE;
	}
	if (!mgc_verb_has_arg(req->verb))
	{
		if (sp)
		{
			*reason = "command takes no argument";
			return FALSE;
		}
		return TRUE;
	}
	if (!sp || sp + 1 == line + len)
	{
		*reason = "missing argument";
		return FALSE;
	}
	arg = sp + 1;
	arg_len = len - verb_len - 1;
	req->arg = malloc(arg_len + 1);
	if (!req->arg)
	{
		*reason = "out of memory";
		return FALSE;
	}
	if (mgc_unescape(arg, arg_len, req->arg, &req->arg_len) !=
		MGC_UNESCAPE_OK)
	{
		mgc_request_free(req);
		*reason = "malformed argument";
		return FALSE;
	}
	return TRUE;
}

void mgc_request_free(mgc_request_t *req)
{
	free(req->arg);
	req->arg = NULL;
	req->arg_len = 0;
}

int mgc_line_format(char *buf, size_t len, mgc_line_type_t type, int code,
					const char *text)
{
	size_t pos, tlen;
	int n;

	/* no printf hooks here: the codec works without library_init() */
	if (len > MGC_LINE_MAX + 1)
	{
		len = MGC_LINE_MAX + 1;
	}
	if ((unsigned)type > MGC_LINE_ERROR || len < 16 ||
		(type == MGC_LINE_ERROR && (code < 400 || code > 599)))
	{
		return -1;
	}
	if (type == MGC_LINE_ERROR)
	{
		n = snprintf(buf, len, "%s %03d ",
					 enum_to_name(mgc_line_type_names, type), code);
	}
	else
	{
		n = snprintf(buf, len, "%s ",
					 enum_to_name(mgc_line_type_names, type));
	}
	if (n < 0 || (size_t)n >= len)
	{
		return -1;
	}
	pos = n;
	/* room for LF and NUL */
	tlen = min(strlen(text), len - pos - 2);
	memcpy(buf + pos, text, tlen);
	mgc_text_clean(buf + pos, tlen);
	pos += tlen;
	buf[pos++] = '\n';
	buf[pos] = '\0';
	return (int)pos;
}

bool mgc_line_parse(char *line, mgc_line_t *out)
{
	char *sp, *end;
	long code;
	int type;

	sp = strchr(line, ' ');
	if (!sp)
	{
		return FALSE;
	}
	*sp = '\0';
	out->text = sp + 1;
	out->code = 200;
	for (type = MGC_LINE_LOG; type <= MGC_LINE_ERROR; type++)
	{
		if (streq(line, enum_to_name(mgc_line_type_names, type)))
		{
			break;
		}
	}
	*sp = ' ';
	if (type > MGC_LINE_ERROR)
	{
		return FALSE;
	}
	out->type = type;
	if (type == MGC_LINE_ERROR)
	{
		code = strtol(sp + 1, &end, 10);
		if (end != sp + 4 || *end != ' ' || code < 400 || code > 599)
		{
			return FALSE;
		}
		out->code = (int)code;
		out->text = end + 1;
	}
	return TRUE;
}

void mgc_text_clean(char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
	{
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
		{
			text[i] = '?';
		}
	}
}
