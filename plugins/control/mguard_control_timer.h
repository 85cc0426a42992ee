/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_timer mguard_control_timer
 * @{ @ingroup mguard_control
 *
 * A periodic callback on lib->scheduler that can be stopped for good.
 *
 * The scheduler has no way to take a job back. The job therefore holds a
 * small context of its own, not the object it works for: destroy() waits
 * for a callback that runs, and tells the job to end the next time it
 * fires, so the callback never runs after destroy() returned. The context
 * goes away with whichever of the two lets go of it last (the job's cleanup
 * runs when the scheduler drops the job, e.g. in its flush at shutdown).
 */

#ifndef MGUARD_CONTROL_TIMER_H_
#define MGUARD_CONTROL_TIMER_H_

#include <library.h>

typedef struct mguard_control_timer_t mguard_control_timer_t;

/**
 * Periodic work.
 *
 * @param data		data given to mguard_control_timer_create()
 */
typedef void (*mguard_control_timer_cb_t)(void *data);

/**
 * A running timer.
 */
struct mguard_control_timer_t {

	/**
	 * Stop the timer: returns once the callback is not running and never
	 * will again. Must not be called from the callback.
	 */
	void (*destroy)(mguard_control_timer_t *this);
};

/**
 * Start a timer; the callback runs first after one interval.
 *
 * @param interval	milliseconds between two runs
 * @param cb		callback
 * @param data		data passed to cb
 * @return			timer
 */
mguard_control_timer_t *mguard_control_timer_create(u_int interval,
								mguard_control_timer_cb_t cb, void *data);

#endif /** MGUARD_CONTROL_TIMER_H_ @}*/
