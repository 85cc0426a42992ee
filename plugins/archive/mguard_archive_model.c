/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_archive_model.h"

#include <mguard_model_store.h>

bool mguard_archive_model_read(const char *path, mguard_archive_model_t *out)
{
	mguard_model_t *model;

	*out = (mguard_archive_model_t){};
	if (!mguard_model_store_read(path, "mguard-archive", &model))
	{
		return FALSE;
	}
	if (model)
	{
		out->enabled = model->global.archive.enabled;
		out->only_on_failure = model->global.archive.only_on_failure;
		out->dir = strdupnull(model->global.archive.dir);
		out->max_size = model->global.archive.max_size;
		mguard_model_destroy(model);
	}
	return TRUE;
}
