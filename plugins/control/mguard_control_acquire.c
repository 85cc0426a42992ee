/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_acquire.h"

#include <errno.h>

#include <daemon.h>
#include <processing/jobs/callback_job.h>

#define NO_SA_PREFIX "could not find an outbound IPsec SA for reqid {"

typedef struct private_mguard_control_acquire_t private_mguard_control_acquire_t;

struct private_mguard_control_acquire_t {

	/**
	 * Public interface
	 */
	mguard_control_acquire_t public;
};

bool mguard_control_acquire_parse(const char *message, uint32_t *reqid)
{
	unsigned long value;
	char *end;

	if (strncmp(message, NO_SA_PREFIX, strlen(NO_SA_PREFIX)) != 0)
	{
		return FALSE;
	}
	message += strlen(NO_SA_PREFIX);
	if (*message < '0' || *message > '9')
	{
		return FALSE;
	}
	errno = 0;
	value = strtoul(message, &end, 10);
	if (errno || *end != '}' || value == 0 || value > UINT32_MAX)
	{
		return FALSE;
	}
	*reqid = value;
	return TRUE;
}

/**
 * Raise the acquire outside the logger (no logging while the bus logs)
 */
static job_requeue_t raise_acquire(void *data)
{
	kernel_acquire_data_t acquire = {};
	uint32_t reqid = (uintptr_t)data;

	DBG2(DBG_KNL, "mguard-control: libipsec dropped a packet for reqid {%u}, "
		 "raising an acquire", reqid);
	charon->kernel->acquire(charon->kernel, reqid, &acquire);
	return JOB_REQUEUE_NONE;
}

METHOD(logger_t, log_, void,
	private_mguard_control_acquire_t *this, debug_t group, level_t level,
	int thread, ike_sa_t *ike_sa, const char *message)
{
	uint32_t reqid;

	if (group == DBG_ESP && mguard_control_acquire_parse(message, &reqid))
	{
		lib->processor->queue_job(lib->processor, (job_t*)
					callback_job_create(raise_acquire,
										(void*)(uintptr_t)reqid, NULL, NULL));
	}
}

METHOD(logger_t, get_level, level_t,
	private_mguard_control_acquire_t *this, debug_t group)
{
	return group == DBG_ESP ? LEVEL_CTRL : LEVEL_SILENT;
}

METHOD(mguard_control_acquire_t, destroy, void,
	private_mguard_control_acquire_t *this)
{
	free(this);
}

/*
 * Described in header
 */
mguard_control_acquire_t *mguard_control_acquire_create()
{
	private_mguard_control_acquire_t *this;

	INIT(this,
		.public = {
			.logger = {
				.log = _log_,
				.get_level = _get_level,
			},
			.destroy = _destroy,
		},
	);
	return &this->public;
}
