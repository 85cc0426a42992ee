/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_acquire.h"
#include "mguard_control_acquire_msg.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>
#include <threading/spinlock.h>

typedef struct private_mguard_control_acquire_t private_mguard_control_acquire_t;

struct private_mguard_control_acquire_t {

	/**
	 * Public interface
	 */
	mguard_control_acquire_t public;

	/**
	 * Protects throttle
	 */
	spinlock_t *lock;

	/**
	 * Recent acquires by reqid
	 */
	mguard_control_acquire_throttle_t throttle;
};

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
	bool due;

	if (group != DBG_ESP || level != LEVEL_CTRL ||
		!mguard_control_acquire_parse(message, &reqid))
	{
		return;
	}
	/* one job per reqid and interval, not one per dropped packet */
	this->lock->lock(this->lock);
	due = mguard_control_acquire_due(&this->throttle, reqid,
									 time_monotonic(NULL));
	this->lock->unlock(this->lock);
	if (due)
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
	this->lock->destroy(this->lock);
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
		.lock = spinlock_create(),
	);
	return &this->public;
}
