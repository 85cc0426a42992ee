/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_source_spec.h"

#include <string.h>
#include <strings.h>
#include <linux/input-event-codes.h>

/**
 * A decimal number of at most 5 digits, no sign, not above max
 */
static bool parse_num(const char *s, unsigned int max, unsigned int *num)
{
	unsigned int value = 0;
	size_t i;

	for (i = 0; s[i]; i++)
	{
		if (i == 5 || s[i] < '0' || s[i] > '9')
		{
			return false;
		}
		value = value * 10 + (unsigned int)(s[i] - '0');
	}
	if (i == 0 || value > max)
	{
		return false;
	}
	*num = value;
	return true;
}

/**
 * Copy what lies between the keyword and the last ':' (or the end)
 */
static bool copy_name(mguard_source_spec_t *spec, const char *start,
					  const char *end)
{
	size_t len = end - start;

	if (len == 0 || len >= sizeof(spec->name))
	{
		return false;
	}
	memcpy(spec->name, start, len);
	spec->name[len] = '\0';
	return true;
}

static const char *parse_gpio(const char *rest, mguard_source_spec_t *spec)
{
	const char *colon = strrchr(rest, ':');

	if (!colon || !copy_name(spec, rest, colon))
	{
		return "a GPIO source is gpio:<chip>:<line> with a chip name, "
			   "number, label or path of at most 255 characters";
	}
	if (!parse_num(colon + 1, 65535, &spec->num))
	{
		return "the GPIO line must be an offset 0-65535";
	}
	spec->kind = MGUARD_SOURCE_SPEC_GPIO;
	return NULL;
}

static const char *parse_evdev(const char *rest, mguard_source_spec_t *spec)
{
	const char *colon = strrchr(rest, ':'), *key;

	if (!colon || rest[0] != '/' || !copy_name(spec, rest, colon))
	{
		return "an evdev source is evdev:<device>:<key> with the absolute "
			   "path of an input device of at most 255 characters";
	}
	key = colon + 1;
	if (strncasecmp(key, "sw", 2) == 0)
	{
		spec->type = EV_SW;
		if (!parse_num(key + 2, SW_MAX, &spec->num))
		{
			return "the evdev key must be a key code N or keyN (0-767) or "
				   "a switch code swN (0-16)";
		}
	}
	else
	{
		spec->type = EV_KEY;
		if (strncasecmp(key, "key", 3) == 0)
		{
			key += 3;
		}
		if (!parse_num(key, KEY_MAX, &spec->num))
		{
			return "the evdev key must be a key code N or keyN (0-767) or "
				   "a switch code swN (0-16)";
		}
	}
	spec->kind = MGUARD_SOURCE_SPEC_EVDEV;
	return NULL;
}

const char *mguard_source_spec_parse(const char *source,
									  mguard_source_spec_t *spec)
{
	memset(spec, 0, sizeof(*spec));
	if (strncasecmp(source, "file:", 5) == 0)
	{
		if (source[5] != '/' ||
			!copy_name(spec, source + 5, source + strlen(source)))
		{
			return "a file source is file:<absolute path> of at most 255 "
				   "characters";
		}
		spec->kind = MGUARD_SOURCE_SPEC_FILE;
		return NULL;
	}
	if (strncasecmp(source, "gpio:", 5) == 0)
	{
		return parse_gpio(source + 5, spec);
	}
	if (strncasecmp(source, "evdev:", 6) == 0)
	{
		return parse_evdev(source + 6, spec);
	}
	return "allowed: gpio:<chip>:<line> | evdev:<device>:<key> | "
		   "file:<absolute path>";
}
