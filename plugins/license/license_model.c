/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "license_model.h"

#include <errno.h>
#include <unistd.h>
#include <limits.h>

bool license_model_peers(const char *path, u_int *peers)
{
	settings_t *model;
	char *value, *end;
	unsigned long n;

	*peers = 0;
	if (access(path, F_OK) != 0 && errno == ENOENT)
	{
		DBG1(DBG_CFG, "mguard-license: model %s does not exist, using "
			 "defaults", path);
		return TRUE;
	}
	model = settings_create(NULL);
	if (!model->load_files(model, (char*)path, FALSE))
	{
		DBG1(DBG_CFG, "mguard-license: unable to read model %s", path);
		model->destroy(model);
		return FALSE;
	}
	value = model->get_str(model, "global.license.peers", "0");
	errno = 0;
	n = strtoul(value, &end, 10);
	if (!*value || *end || errno || n > INT_MAX || strchr(value, '-'))
	{
		DBG1(DBG_CFG, "%s: global.license.peers: '%s' is not a number of "
			 "peers (0 = unlimited, or 1..%d)", path, value, INT_MAX);
		model->destroy(model);
		return FALSE;
	}
	*peers = n;
	model->destroy(model);
	return TRUE;
}
