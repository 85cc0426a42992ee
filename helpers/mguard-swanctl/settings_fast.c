/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * Linear-time section and key insertion for libstrongswan 5.9.8's settings
 * parser, linked into mguard-swanctl only.
 *
 * 5.9.8's settings_section_add() and settings_kv_add() append each new
 * entry and re-sort the whole array, so a section with n subsections costs
 * n sorts: a model with 10,000 connections took about 3 s just to parse.
 * libstrongswan calls both functions through its PLT, so the definitions
 * here take their place in this program: same semantics (a new entry is
 * inserted where the sort would have put it, an existing one is extended or
 * replaced exactly as upstream does), the parser itself is unchanged.
 * The structures come from the configured source tree of the installed
 * version (configure checks that they match). A section defined twice is
 * also reported to the model loader, which treats a repeated table key as
 * an error (upstream merges it silently).
 */

#include <string.h>

#include <library.h>
#include <settings/settings_types.h>

#include <mguard_model.h>

/**
 * Index at which an entry named key keeps the array sorted
 */
static int lower_bound(array_t *array, const char *key, bool section)
{
	int low = 0, high = array_count(array), mid;
	section_t *sec;
	kv_t *kv;
	const char *name;

	while (low < high)
	{
		mid = low + (high - low) / 2;
		if (section)
		{
			array_get(array, mid, &sec);
			name = sec->name;
		}
		else
		{
			array_get(array, mid, &kv);
			name = kv->key;
		}
		if (strcmp(name, key) < 0)
		{
			low = mid + 1;
		}
		else
		{
			high = mid;
		}
	}
	return low;
}

/*
 * Replaces libstrongswan's settings_section_add()
 */
void settings_section_add(section_t *parent, section_t *section,
						  array_t *contents)
{
	section_t *found;

	if (array_bsearch(parent->sections, section->name, settings_section_find,
					  &found) == -1)
	{
		array_insert_create(&parent->sections,
							lower_bound(parent->sections, section->name, TRUE),
							section);
		array_insert_create(&parent->sections_order, ARRAY_TAIL, section);
	}
	else
	{
		/* a key defined twice: tell the model loader */
		mguard_model_section_merged(parent, section->name);
		settings_section_extend(found, section, contents, FALSE);
		settings_section_destroy(section, contents);
	}
}

/*
 * Replaces libstrongswan's settings_kv_add()
 */
void settings_kv_add(section_t *section, kv_t *kv, array_t *contents)
{
	kv_t *found;

	if (array_bsearch(section->kv, kv->key, settings_kv_find, &found) == -1)
	{
		array_insert_create(&section->kv,
							lower_bound(section->kv, kv->key, FALSE), kv);
		array_insert_create(&section->kv_order, ARRAY_TAIL, kv);
	}
	else
	{
		settings_kv_set(found, kv->value, contents);
		kv->value = NULL;
		settings_kv_destroy(kv, NULL);
	}
}
