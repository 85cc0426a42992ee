/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "vpn_query.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>
#include <pthread.h>

#include <curl/curl.h>

/**
 * libcurl, loaded on first use: only escaped values need it, and loading
 * libcurl with its dependencies costs more than everything else a status
 * request does (bench/control_status.sh)
 */
static struct {
	char *(*unescape)(CURL *handle, const char *in, int len, int *out_len);
	void (*free)(void *ptr);
	bool loaded;
} curl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void do_load_curl(void)
{
	void *handle;

	handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!handle)
	{
		return;
	}
	curl.unescape = dlsym(handle, "curl_easy_unescape");
	curl.free = dlsym(handle, "curl_free");
	curl.loaded = curl.unescape && curl.free;
}

static bool load_curl(void)
{
	pthread_once(&curl_once, do_load_curl);
	return curl.loaded;
}

static const char *cmd_names[] = {
	[VPN_CMD_UP] = "up",
	[VPN_CMD_DOWN] = "down",
	[VPN_CMD_STATUS] = "status",
	[VPN_CMD_SYNUP] = "synup",
	[VPN_CMD_SYNDOWN] = "syndown",
};

#define countof(a) (sizeof(a) / sizeof((a)[0]))

const char *vpn_cmd_name(vpn_cmd_t cmd)
{
	if ((unsigned)cmd >= countof(cmd_names))
	{
		return "?";
	}
	return cmd_names[cmd];
}

/**
 * Unreserved characters of RFC 3986, the only ones allowed unescaped
 */
static bool is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		   (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		   c == '~';
}

static bool is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		   (c >= 'A' && c <= 'F');
}

/**
 * Check the raw query's alphabet and escapes
 */
static int check_raw(const char *raw, size_t len, const char **reason)
{
	size_t i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = raw[i];

		if (is_unreserved(c) || c == '&' || c == '=')
		{
			continue;
		}
		if (c == '%')
		{
			if (len - i < 3)
			{
				*reason = "invalid %-escape in query";
				return 400;
			}
			if (!is_hex(raw[i + 1]) || !is_hex(raw[i + 2]))
			{
				*reason = "invalid %-escape in query";
				return 400;
			}
			i += 2;
			continue;
		}
		*reason = "invalid character in query (allowed: A-Z a-z 0-9 - . _ ~ "
				  "and %XX)";
		return 400;
	}
	return 0;
}

/**
 * Decode a value with libcurl; refuse NUL bytes
 */
static int decode(const char *value, size_t len, char **out, size_t *out_len,
				  const char **reason)
{
	char *dec;
	int dec_len = 0;

	if (!memchr(value, '%', len))
	{	/* nothing escaped: the value (only unreserved characters, checked
		 * before) stands for itself; this also avoids libcurl's "a length
		 * of 0 means strlen()" */
		*out = strndup(value, len);
		*out_len = len;
		if (!*out)
		{
			*reason = "out of memory";
			return 500;
		}
		return 0;
	}
	if (!load_curl())
	{
		*reason = "libcurl is not available";
		return 500;
	}
	/* the handle is not used for decoding (libcurl >= 7.82) */
	dec = curl.unescape(NULL, value, (int)len, &dec_len);
	if (!dec)
	{
		*reason = "out of memory";
		return 500;
	}
	if (memchr(dec, '\0', (size_t)dec_len))
	{
		curl.free(dec);
		*reason = "NUL byte in parameter";
		return 400;
	}
	*out = strdup(dec);
	curl.free(dec);
	if (!*out)
	{
		*reason = "out of memory";
		return 500;
	}
	*out_len = (size_t)dec_len;
	return 0;
}

int vpn_query_parse(const char *raw, size_t len, vpn_query_t *query,
					const char **reason)
{
	const char *pos, *end, *amp, *next, *eq, *name = NULL, *cmd = NULL;
	size_t name_len = 0, cmd_len = 0, dec_len, i;
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
	status = check_raw(raw, len, reason);
	if (status)
	{
		return status;
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
	for (i = 0; i < countof(cmd_names); i++)
	{
		if (strcmp(cmd_dec, cmd_names[i]) == 0)
		{
			break;
		}
	}
	free(cmd_dec);
	if (i == countof(cmd_names))
	{
		*reason = "unknown cmd (allowed: up, down, status, synup, syndown)";
		return 400;
	}
	query->cmd = (vpn_cmd_t)i;
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
