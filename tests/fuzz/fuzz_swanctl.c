/*
 * libFuzzer target for mguard-swanctl's translation: a model that validates
 * must translate into swanctl configuration that libstrongswan's settings
 * parser reads back, with one connection per non-disabled model connection.
 *
 * Sources: see build.sh; libraries: libstrongswan. Inputs with `include`
 * are run in the sandbox of fuzz_model_input.h.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>
#include <settings/settings.h>
#include <utils/debug.h>

#include "common/mguard_model.h"
#include "fuzz_model_input.h"
#include "helpers/mguard-swanctl/translate.h"


static void dbg_silent(debug_t group, level_t level, char *fmt, ...)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dbg = dbg_silent;
	if (!library_init(NULL, "fuzz-swanctl"))
	{
		abort();
	}
	fuzz_model_sandbox();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mguard_report_t *report;
	mguard_model_t *model;
	mguard_connection_t *conn;
	linked_list_t *files;
	enumerator_t *enumerator;
	settings_t *settings;
	char *text, *out = NULL, *name;
	size_t len = 0;
	int expected = 0, found = 0;
	FILE *fp;

	text = fuzz_model_text(data, size);
	if (!text)
	{
		return 0;
	}
	report = mguard_report_create();
	fuzz_sandbox_enter();
	model = mguard_model_load_string(text, "fuzz.conf", report);
	fuzz_sandbox_leave();
	if (model)
	{
		files = linked_list_create();
		fp = open_memstream(&out, &len);
		translate_model(model, fp, files, report);
		fclose(fp);

		settings = settings_create_string("");
		if (!settings->load_string(settings, out, FALSE))
		{
			fprintf(stderr, "output does not parse:\n%s\n", out);
			fuzz_abort();
		}
		enumerator = mguard_model_create_connection_enumerator(model);
		while (enumerator->enumerate(enumerator, &conn))
		{
			expected += conn->initial_mode != MGUARD_MODE_DISABLED;
		}
		enumerator->destroy(enumerator);
		enumerator = settings->create_section_enumerator(settings,
														 "connections");
		while (enumerator->enumerate(enumerator, &name))
		{
			found++;
		}
		enumerator->destroy(enumerator);
		if (found != expected)
		{
			fprintf(stderr, "%d connections, expected %d:\n%s\n", found,
					expected, out);
			fuzz_abort();
		}
		settings->destroy(settings);
		files->destroy_function(files, (void*)translate_file_destroy);
		free(out);
	}
	mguard_model_destroy(model);
	report->destroy(report);
	free(text);
	return 0;
}
