/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_license_model.h"

#include <mguard_model_store.h>

bool mguard_license_model_peers(const char *path, u_int *peers)
{
	mguard_model_t *model;

	*peers = 0;
	if (!mguard_model_store_read(path, "mguard-license", &model))
	{
		return FALSE;
	}
	if (model)
	{
		*peers = mguard_model_license_peers(model);
		mguard_model_destroy(model);
	}
	return TRUE;
}
