/*
 * libFuzzer target for the service input source parser
 * (common/mguard_source_spec.c): the model's
 * global.service_inputs.cmdN, written by whoever edits the model.
 *
 * Sources: common/mguard_source_spec.c; libraries: -lpthread.
 *
 * Checks beyond "no crash": an accepted source names a non-empty,
 * NUL-terminated name that is a part of the input, a line offset or event
 * code in its range; a refusal has a reason.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/input-event-codes.h>

#include "common/mguard_source_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mguard_source_spec_t spec;
	const char *error;
	char *source;
	size_t len;

	source = malloc(size + 1);
	if (!source)
	{
		return 0;
	}
	memcpy(source, data, size);
	source[size] = '\0';
	error = mguard_source_spec_parse(source, &spec);
	if (error)
	{
		if (!*error)
		{
			abort();
		}
		free(source);
		return 0;
	}
	len = strnlen(spec.name, sizeof(spec.name));
	if (!len || len == sizeof(spec.name) || !strstr(source, spec.name))
	{
		abort();
	}
	switch (spec.kind)
	{
		case MGUARD_SOURCE_SPEC_FILE:
			if (spec.name[0] != '/')
			{
				abort();
			}
			break;
		case MGUARD_SOURCE_SPEC_GPIO:
			if (spec.num > 65535)
			{
				abort();
			}
			break;
		case MGUARD_SOURCE_SPEC_EVDEV:
			if (spec.name[0] != '/' ||
				!((spec.type == EV_KEY && spec.num <= KEY_MAX) ||
				  (spec.type == EV_SW && spec.num <= SW_MAX)))
			{
				abort();
			}
			break;
		default:
			abort();
	}
	free(source);
	return 0;
}
