/*
 * Differential libFuzzer target: common/'s settings reader (mguard_conf)
 * against libstrongswan 5.9.8's own settings parser, on the same string.
 *
 * Sources: see build.sh; libraries: libstrongswan.
 *
 * MODEL.md "Syntax": our reader must read every text as libstrongswan's
 * parser does, except that a key or section defined twice is an error.
 * So, for every input without `include` (libstrongswan's string parser
 * would read the machine's files, without guards):
 *  - libstrongswan refuses it  =>  we refuse it;
 *  - we accept it without error =>  libstrongswan accepts it, and both
 *    trees are the same: section names, references, keys and values, in
 *    file order (without duplicates file order is libstrongswan's
 *    sections_order/kv_order);
 *  - we report only duplicates  =>  libstrongswan accepts it (it merges);
 * the one refusal of ours that libstrongswan does not share is sections
 * nested deeper than MGUARD_CONF_MAX_NESTING. Inputs with `include` run
 * through our reader alone (in the sandbox of fuzz_model_input.h).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>
#include <utils/debug.h>
#include <collections/array.h>
#include <settings/settings_types.h>

#include "common/mguard_conf.h"
#include "fuzz_model_input.h"

/* exported by libstrongswan, declared only inside settings.c */
bool settings_parser_parse_string(section_t *root, char *settings);

static void dbg_silent(debug_t group, level_t level, char *fmt, ...)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!getenv("FUZZ_DEBUG"))
	{
		dbg = dbg_silent;
	}
	if (!library_init(NULL, "fuzz-conf-diff"))
	{
		abort();
	}
	fuzz_model_sandbox();
	return 0;
}

static void differ(const char *what, const char *path)
{
	fprintf(stderr, "mguard_conf and libstrongswan differ: %s at '%s'\n",
			what, path);
	fuzz_abort();
}

/**
 * Compare a section of ours with libstrongswan's, recursively
 */
static void compare(mguard_conf_t *conf, const char *path, section_t *section)
{
	enumerator_t *enumerator;
	section_ref_t *ref;
	section_t *sub;
	kv_t *kv;
	char *name, *value, *mine, child[4096];
	int i = 0;

	enumerator = conf->create_reference_enumerator(conf, path);
	while (enumerator->enumerate(enumerator, &mine))
	{
		if (array_get(section->references, i++, &ref) != TRUE ||
			!streq(ref->name, mine))
		{
			differ("references", path);
		}
	}
	enumerator->destroy(enumerator);
	if (i != array_count(section->references))
	{
		differ("number of references", path);
	}

	i = 0;
	enumerator = conf->create_key_value_enumerator(conf, path);
	while (enumerator->enumerate(enumerator, &name, &value))
	{
		if (array_get(section->kv_order, i++, &kv) != TRUE ||
			!streq(kv->key, name))
		{
			differ("keys", path);
		}
		if (!kv->value != !value || (value && !streq(kv->value, value)))
		{
			differ("value", name);
		}
	}
	enumerator->destroy(enumerator);
	if (i != array_count(section->kv_order))
	{
		differ("number of keys", path);
	}

	i = 0;
	enumerator = conf->create_section_enumerator(conf, path);
	while (enumerator->enumerate(enumerator, &name))
	{
		if (array_get(section->sections_order, i++, &sub) != TRUE ||
			!streq(sub->name, name))
		{
			differ("sections", path);
		}
		snprintf(child, sizeof(child), "%s%s%s", path, *path ? "." : "",
				 name);
		compare(conf, child, sub);
	}
	enumerator->destroy(enumerator);
	if (i != array_count(section->sections_order))
	{
		differ("number of sections", path);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mguard_report_t *report;
	mguard_conf_t *conf;
	section_t *root;
	char *text;
	bool theirs;

	text = fuzz_model_text(data, size);
	if (!text)
	{
		return 0;
	}
	report = mguard_report_create();
	fuzz_sandbox_enter();
	conf = mguard_conf_parse_string(text, "fuzz.conf", report);
	fuzz_sandbox_leave();
	if (getenv("FUZZ_DEBUG"))
	{
		report->print(report, stderr);
	}
	if (!conf && !report->get_errors(report))
	{
		fuzz_abort();
	}
	if (!strstr(text, "include") &&
		!report->contains(report, "sections nested deeper than"))
	{
		root = settings_section_create(NULL);
		theirs = settings_parser_parse_string(root, text);
		if (!conf && theirs)
		{
			differ("we refuse what libstrongswan accepts", "");
		}
		if (conf && !theirs)
		{
			differ("we accept what libstrongswan refuses", "");
		}
		if (conf && !report->get_errors(report))
		{
			compare(conf, "", root);
		}
		settings_section_destroy(root, NULL);
	}
	DESTROY_IF(conf);
	report->destroy(report);
	free(text);
	return 0;
}
