/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_license_model.h"

#include <errno.h>
#include <unistd.h>

#include <mguard_model_store.h>

bool mguard_license_model_peers(const char *path, u_int *peers)
{
	mguard_model_store_t *store;
	mguard_report_t *report;
	mguard_model_t *model;

	*peers = 0;
	if (access(path, F_OK) != 0 && errno == ENOENT)
	{
		DBG1(DBG_CFG, "mguard-license: model %s does not exist, using "
			 "defaults", path);
		return TRUE;
	}
	report = mguard_report_create();
	/* parsed once for every mguard plugin, see mguard_model_store.h */
	store = mguard_model_store_acquire();
	model = store->get_model(store, path, report);
	store->destroy(store);
	/* errors name the file and key; warnings are the translator's to tell */
	report->log(report);
	report->destroy(report);
	if (!model)
	{
		DBG1(DBG_CFG, "mguard-license: model %s is invalid", path);
		return FALSE;
	}
	*peers = mguard_model_license_peers(model);
	mguard_model_destroy(model);
	return TRUE;
}
