/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "cgi_common.h"

#include <stdlib.h>

#include "mguard_control_proto.h"

const char *cgi_reason_phrase(int status)
{
	switch (status)
	{
		case 200: return "OK";
		case 303: return "See Other";
		case 400: return "Bad Request";
		case 403: return "Forbidden";
		case 404: return "Not Found";
		case 405: return "Method Not Allowed";
		case 409: return "Conflict";
		case 411: return "Length Required";
		case 413: return "Content Too Large";
		case 414: return "URI Too Long";
		case 415: return "Unsupported Media Type";
		case 500: return "Internal Server Error";
		case 502: return "Bad Gateway";
		case 503: return "Service Unavailable";
		case 504: return "Gateway Timeout";
		default: return status < 500 ? "Bad Request" : "Internal Server Error";
	}
}

char *cgi_escape(const char *in, size_t len)
{
	size_t size = 3 * len + 1;
	char *out;

	out = malloc(size);
	if (out && mgc_escape(out, size, in, len) < 0)
	{
		free(out);
		out = NULL;
	}
	return out;
}
