/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_archive_model.h"

#include <errno.h>
#include <unistd.h>

#include <mguard_model_store.h>

bool mguard_archive_model_read(const char *path, mguard_archive_model_t *out)
{
	mguard_model_store_t *store;
	mguard_report_t *report;
	mguard_model_t *model;

	*out = (mguard_archive_model_t){};
	if (access(path, F_OK) != 0 && errno == ENOENT)
	{
		DBG1(DBG_CFG, "mguard-archive: model %s does not exist, not "
			 "archiving", path);
		return TRUE;
	}
	report = mguard_report_create();
	/* parsed once for every mguard plugin, see mguard_model_store.h */
	store = mguard_model_store_acquire();
	model = store->get_model(store, path, report);
	store->destroy(store);
	report->log(report);
	report->destroy(report);
	if (!model)
	{
		DBG1(DBG_CFG, "mguard-archive: model %s is invalid", path);
		return FALSE;
	}
	out->enabled = model->global.archive.enabled;
	out->only_on_failure = model->global.archive.only_on_failure;
	out->dir = strdupnull(model->global.archive.dir);
	out->max_size = model->global.archive.max_size;
	mguard_model_destroy(model);
	return TRUE;
}
