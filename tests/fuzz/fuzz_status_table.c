/*
 * libFuzzer target for vpn-status.cgi's parser of mguard-control's table
 * lines (vs_row_parse() in cgi/vpn_status_input.c).
 *
 * Sources: cgi/vpn_status_input.c common/mguard_control_proto.c; libstrongswan.
 *
 * Checks beyond "no crash": an accepted row has a non-empty key, a name,
 * words of [a-z_] only; a refused one has a reason and nothing allocated.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgi/vpn_status_input.h"

static int word_ok(const char *w, int required)
{
	size_t i, len = strlen(w);

	if (len > VS_WORD_MAX || (required && !len))
	{
		return 0;
	}
	for (i = 0; i < len; i++)
	{
		if ((w[i] < 'a' || w[i] > 'z') && w[i] != '_')
		{
			return 0;
		}
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *reason = NULL;
	vs_row_t row;
	char *text;

	text = malloc(size + 1);
	if (!text)
	{
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	if (vs_row_parse(text, &row, &reason))
	{
		if (!row.key || !row.key[0] || !row.name ||
			!word_ok(row.mode, 1) || !word_ok(row.status, 1) ||
			!word_ok(row.initial, 0) || !word_ok(row.startup, 0))
		{
			abort();
		}
		vs_row_free(&row);
	}
	else if (!reason || row.key || row.name)
	{
		abort();
	}
	free(text);
	return 0;
}
