/*
 * libFuzzer target for vpn-status.cgi's query and form parsers
 * (cgi/vpn_status_input.c) and its CSRF token check (cgi/vpn_csrf.c).
 *
 * Sources: cgi/vpn_status_input.c cgi/vpn_csrf.c common/mguard_control_proto.c; libraries: libstrongswan -lcrypto.
 *
 * The first byte picks the parser (even: query, odd: form), the rest is the
 * input. Checks beyond "no crash": a refusal is a 4xx status with a
 * one-line reason and leaves nothing allocated; an accepted form has a
 * token and, for restart, a non-empty connection, both at most
 * VS_VALUE_MAX bytes; the token check survives any bytes and accepts
 * none of them (finding an HMAC-SHA-256 without the key is not feasible).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgi/vpn_status_input.h"
#include "cgi/vpn_csrf.h"

static void check_reason(int status, const char *reason)
{
	if (status < 400 || status > 499 || !reason || strchr(reason, '\n'))
	{
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[VS_CSRF_KEY_LEN] = { 1 };
	const char *raw = (const char*)data + 1, *reason = NULL;
	vs_format_t format;
	vs_form_t form;
	int status;

	if (size < 1)
	{
		return 0;
	}
	if (data[0] % 2 == 0)
	{
		status = vs_query_parse(raw, size - 1, &format, &reason);
		if (status)
		{
			check_reason(status, reason);
		}
		else if (format > VS_FORMAT_PROMETHEUS)
		{
			abort();
		}
		return 0;
	}
	status = vs_form_parse(raw, size - 1, &form, &reason);
	if (status)
	{
		if (status != 500)
		{
			check_reason(status, reason);
		}
		if (form.conn || form.token)
		{
			abort();
		}
		return 0;
	}
	if (!form.token || strlen(form.token) > VS_VALUE_MAX ||
		(form.action == VS_ACTION_RESTART &&
		 (!form.conn || !form.conn[0] || strlen(form.conn) > VS_VALUE_MAX)) ||
		(form.action == VS_ACTION_RELOAD && form.conn))
	{
		abort();
	}
	/* any bytes reach the token check; none is valid without the key */
	if (vs_csrf_check(key, "admin", form.token, 1700000000))
	{
		abort();
	}
	vs_form_free(&form);
	return 0;
}
