/*
 * libFuzzer target for the support snapshot's redaction of configuration
 * text (helpers/mguard-vpn/redact.c): the model file is the user's text.
 *
 * Sources: helpers/mguard-vpn/redact.c; libraries: libstrongswan.
 *
 * Checks beyond "no crash": the output stays within its bound, and a line
 * "psk = X" of the input never survives with X in the output.
 */

#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include "helpers/mguard-vpn/redact.h"

static void dbg_silent(debug_t group, level_t level, char *fmt, ...)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dbg = dbg_silent;
	if (!library_init(NULL, "fuzz-archive-redact"))
	{
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char marker[] = "psk = SECRETVALUE\n";
	chunk_t in, out;

	in = chunk_cat("cc", chunk_create((u_char*)data, size),
				   chunk_from_str((char*)marker));
	out = redact_config(in);
	if (out.len > in.len * 4 + 16)
	{
		abort();
	}
	/* the marker line starts after a newline only if the input ends with
	 * one and is not inside a quoted value: check when the input is plain */
	if ((!size || (data[size - 1] == '\n' && !memchr(data, '"', size) &&
					!memmem(data, size, "SECRETVALUE", 11))) &&
		memmem(out.ptr, out.len, "SECRETVALUE", 11))
	{
		abort();
	}
	chunk_free(&out);
	chunk_free(&in);
	return 0;
}
