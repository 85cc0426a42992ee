/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_archive.h"
#include "mguard_control_state.h"

void mguard_control_archive_begin(const char *key, const char *name,
								  mguard_archive_trigger_t trigger,
								  unsigned actions)
{
	mguard_archive_t *archive;

	if (!(actions & MGUARD_CONTROL_ACT_INITIATE))
	{
		return;
	}
	archive = lib->get(lib, MGUARD_ARCHIVE);
	if (archive)
	{
		archive->begin(archive, key, name, trigger);
	}
}
