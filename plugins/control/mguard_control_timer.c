/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_timer.h"

#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

typedef struct private_mguard_control_timer_t private_mguard_control_timer_t;

/**
 * Shared by the timer and its job
 */
typedef struct {
	/** held while the callback runs */
	mutex_t *lock;
	/** callback, NULL once stopped */
	mguard_control_timer_cb_t cb;
	/** data for cb */
	void *data;
	/** milliseconds between runs */
	u_int interval;
	/** the timer and the job */
	refcount_t refs;
} timer_ctx_t;

struct private_mguard_control_timer_t {

	/**
	 * Public interface
	 */
	mguard_control_timer_t public;

	/**
	 * Context shared with the job
	 */
	timer_ctx_t *ctx;
};

static void ctx_put(timer_ctx_t *ctx)
{
	if (ref_put(&ctx->refs))
	{
		ctx->lock->destroy(ctx->lock);
		free(ctx);
	}
}

static job_requeue_t run(timer_ctx_t *ctx)
{
	bool stopped;

	ctx->lock->lock(ctx->lock);
	stopped = !ctx->cb;
	if (!stopped)
	{
		ctx->cb(ctx->data);
	}
	ctx->lock->unlock(ctx->lock);
	if (stopped)
	{
		return JOB_REQUEUE_NONE;
	}
	return JOB_RESCHEDULE_MS(ctx->interval);
}

METHOD(mguard_control_timer_t, destroy, void,
	private_mguard_control_timer_t *this)
{
	this->ctx->lock->lock(this->ctx->lock);
	this->ctx->cb = NULL;
	this->ctx->data = NULL;
	this->ctx->lock->unlock(this->ctx->lock);
	ctx_put(this->ctx);
	free(this);
}

/*
 * Described in header
 */
mguard_control_timer_t *mguard_control_timer_create(u_int interval,
								mguard_control_timer_cb_t cb, void *data)
{
	private_mguard_control_timer_t *this;
	timer_ctx_t *ctx;

	INIT(ctx,
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
		.cb = cb,
		.data = data,
		.interval = interval,
		.refs = 2,
	);
	INIT(this,
		.public = {
			.destroy = _destroy,
		},
		.ctx = ctx,
	);
	lib->scheduler->schedule_job_ms(lib->scheduler, (job_t*)
			callback_job_create_with_prio((callback_job_cb_t)run, ctx,
								(callback_job_cleanup_t)ctx_put,
								(callback_job_cancel_t)return_false,
								JOB_PRIO_MEDIUM), interval);
	return &this->public;
}
