/*
 * libFuzzer target for the model parser and validator (common/).
 *
 * Sources: see build.sh; libraries: libstrongswan.
 *
 * The input is a model file's text, read with common/'s settings reader
 * (mguard_conf) and validated; `include` statements are read, relative
 * ones in a sandbox directory with files for every include guard (see
 * fuzz_model_input.h). Checks beyond "no crash, no leak, no hang": a model
 * is returned exactly when no error was reported, and every report line
 * names the model or a file it includes.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>

#include "common/mguard_model.h"
#include "fuzz_model_input.h"


static void dbg_silent(debug_t group, level_t level, char *fmt, ...)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!getenv("FUZZ_DEBUG"))
	{
		dbg = dbg_silent;
	}
	if (!library_init(NULL, "fuzz-model"))
	{
		abort();
	}
	fuzz_model_sandbox();
	return 0;
}

/**
 * Whether a report line starts with the model's name or an existing file
 */
static bool names_file(const char *line)
{
	const char *colon = strstr(line, ": ");
	char file[4096];

	if (strncmp(line, "fuzz.conf: ", strlen("fuzz.conf: ")) == 0)
	{
		return TRUE;
	}
	if (!colon || colon == line || colon - line >= (int)sizeof(file))
	{
		return FALSE;
	}
	memcpy(file, line, colon - line);
	file[colon - line] = '\0';
	return access(file, F_OK) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mguard_report_t *report;
	mguard_model_t *model;
	enumerator_t *enumerator;
	char *text, *line;

	text = fuzz_model_text(data, size);
	if (!text)
	{
		return 0;
	}

	report = mguard_report_create();
	fuzz_sandbox_enter();
	model = mguard_model_load_string(text, "fuzz.conf", report);
	if (getenv("FUZZ_DEBUG"))
	{
		report->print(report, stderr);
	}
	if (!model != (report->get_errors(report) > 0))
	{
		fuzz_abort();
	}
	enumerator = report->create_enumerator(report);
	while (enumerator->enumerate(enumerator, NULL, &line))
	{
		if (!names_file(line) || strchr(line, '\n'))
		{
			fuzz_abort();
		}
	}
	enumerator->destroy(enumerator);
	fuzz_sandbox_leave();
	if (model)
	{
		/* walk what plugins read */
		mguard_connection_t *conn;
		mguard_tunnel_t *tunnel;
		enumerator_t *tunnels;
		char name[256];

		if (mguard_model_license_peers(model) < 0)
		{
			fuzz_abort();
		}
		enumerator = mguard_model_create_connection_enumerator(model);
		while (enumerator->enumerate(enumerator, &conn))
		{
			if (!conn->key || !conn->name || !conn->gateway ||
				mguard_model_find_by_name(model, conn->name) == NULL)
			{
				fuzz_abort();
			}
			tunnels = mguard_connection_create_tunnel_enumerator(conn, TRUE);
			while (tunnels->enumerate(tunnels, &tunnel))
			{
				mguard_tunnel_child_name(conn, tunnel, name, sizeof(name));
			}
			tunnels->destroy(tunnels);
		}
		enumerator->destroy(enumerator);
	}
	mguard_model_destroy(model);
	report->destroy(report);
	free(text);
	return 0;
}
