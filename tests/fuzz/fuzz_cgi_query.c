/*
 * libFuzzer target for nph-vpn.cgi's query parser (cgi/vpn_query.c).
 *
 * libcurl is dlopen()ed by the parser on first use.
 *
 * Sources: cgi/vpn_query.c; libraries: -lpthread.
 *
 * Checks beyond "no crash": a query is accepted only if every raw byte is
 * allowed, a refusal carries a 4xx status and a one-line reason, and an
 * accepted name has the announced length and contains no NUL byte.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgi/vpn_query.h"

static int allowed(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		   (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		   c == '~' || c == '%' || c == '&' || c == '=';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vpn_query_t q;
	const char *reason;
	size_t i;
	int status;

	status = vpn_query_parse((const char*)data, size, &q, &reason);
	if (status)
	{
		if (status < 400 || status > 499 || !reason ||
			strchr(reason, '\n') || q.name)
		{
			abort();
		}
		return 0;
	}
	if (size > MGC_LINE_MAX || !q.name || q.name_len == 0 ||
		strlen(q.name) != q.name_len || q.name_len > size ||
		(unsigned)q.cmd > VPN_CMD_SYNDOWN)
	{
		abort();
	}
	for (i = 0; i < size; i++)
	{
		if (!allowed(data[i]))
		{
			abort();
		}
	}
	vpn_query_free(&q);
	return 0;
}
