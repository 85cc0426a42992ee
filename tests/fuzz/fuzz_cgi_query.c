/*
 * libFuzzer target for nph-vpn.cgi's query parser (cgi/vpn_query.c) and
 * the project's one percent-decoder it uses (mgc_unescape() in
 * common/mguard_control_proto.c).
 *
 * Sources: cgi/vpn_query.c common/mguard_control_proto.c; libstrongswan.
 *
 * Checks beyond "no crash": a query is accepted only if every raw byte is
 * allowed, a refusal carries a 4xx status and a one-line reason, an
 * accepted name has the announced length and contains no NUL byte, and
 * re-encoding the name (mgc_escape()) and decoding it again gives it back;
 * every input is also decoded as one value, which must agree with a
 * byte-by-byte reference decoder.
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

/**
 * Value of a hex digit, -1 if none (written apart from the decoder's)
 */
static int ref_hex(uint8_t c)
{
	static const char digits[] = "0123456789abcdef0123456789ABCDEF";
	int i;

	for (i = 0; i < 32; i++)
	{
		if (c == (uint8_t)digits[i])
		{
			return i % 16;
		}
	}
	return -1;
}

/**
 * Reference decoder, byte by byte: -1 refused, else decoded length
 */
static int reference(const uint8_t *in, size_t len, uint8_t *out)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++)
	{
		if (in[i] != '%')
		{
			if (!allowed(in[i]) || in[i] == '&' || in[i] == '=')
			{
				return -1;
			}
			out[o++] = in[i];
			continue;
		}
		if (len - i < 3)
		{
			return -1;
		}
		hi = ref_hex(in[i + 1]);
		lo = ref_hex(in[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
		{
			return -1;
		}
		out[o++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	return (int)o;
}

/**
 * The decoder on the whole input as one value, against the reference
 */
static void check_unescape(const uint8_t *data, size_t size)
{
	uint8_t *out, *ref;
	size_t len = 0;
	int ret;

	out = malloc(size + 1);
	ref = malloc(size + 1);
	ret = reference(data, size, ref);
	if (mgc_unescape((const char*)data, size, (char*)out, &len) ==
		MGC_UNESCAPE_OK)
	{
		if (ret < 0 || (size_t)ret != len || memcmp(out, ref, len) ||
			out[len] != '\0' || memchr(out, '\0', len))
		{
			abort();
		}
	}
	else if (ret >= 0)
	{
		abort();
	}
	free(out);
	free(ref);
}

/**
 * An accepted name encodes and decodes back to itself
 */
static void check_roundtrip(const char *name, size_t len)
{
	char *enc, *dec;
	size_t dec_len = 0;
	int n;

	enc = malloc(3 * len + 1);
	dec = malloc(3 * len + 1);
	n = mgc_escape(enc, 3 * len + 1, name, len);
	if (n < 0 || (size_t)n > 3 * len ||
		mgc_unescape(enc, n, dec, &dec_len) != MGC_UNESCAPE_OK ||
		dec_len != len || memcmp(dec, name, len))
	{
		abort();
	}
	free(enc);
	free(dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vpn_query_t q;
	const char *reason;
	size_t i;
	int status;

	check_unescape(data, size);
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
		!mgc_verb_web(q.cmd))
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
	check_roundtrip(q.name, q.name_len);
	vpn_query_free(&q);
	return 0;
}
