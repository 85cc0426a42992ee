/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_source.h"
#include "mguard_control_contact.h"
#include "mguard_source_spec.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <library.h>
#include <utils/debug.h>
#include <threading/mutex.h>

/** debounce time of hardware contacts in ms, unless configured */
#define DEBOUNCE_DEFAULT 30

/** longest wait before a failed hardware contact is opened again, in s */
#define BACKOFF_MAX 60

/**
 * A hardware contact and what the watcher's callback shares with the tick
 */
struct mguard_control_hw_t {
	/** protects contact and error (callback vs. tick) */
	mutex_t *lock;
	/** the contact */
	mguard_control_contact_t contact;
	/** errno of a read failure in the callback, 0 if none */
	int error;
	/** its event fd is registered with lib->watcher */
	bool watched;
	/** monotonic time of the next open attempt */
	time_t retry;
	/** seconds to wait after the next failure */
	u_int backoff;
	/** failures in a row (the first one is logged at level 1) */
	u_int failures;
};

typedef struct mguard_control_hw_t mguard_control_hw_t;

void mguard_control_source_init(mguard_control_source_t *in)
{
	*in = (mguard_control_source_t){
		.fd = -1,
	};
}

/**
 * Monotonic time in ms, the clock of the edge events
 */
static uint64_t now_ms(void)
{
	timeval_t tv;

	time_monotonic(&tv);
	return (uint64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/**
 * Stop watching a contact's fd: waits for a callback that runs, which
 * needs hw->lock only, so call it without that lock
 */
static void hw_unwatch(mguard_control_hw_t *hw)
{
	if (hw->watched)
	{
		lib->watcher->remove(lib->watcher, hw->contact.fd);
		hw->watched = FALSE;
	}
}

static void hw_destroy(mguard_control_hw_t *hw)
{
	if (hw)
	{
		hw_unwatch(hw);
		mguard_control_contact_close(&hw->contact);
		hw->lock->destroy(hw->lock);
		free(hw);
	}
}

void mguard_control_source_close(mguard_control_source_t *in)
{
	if (in->fd != -1)
	{
		close(in->fd);
	}
	hw_destroy(in->hw);
	free(in->source);
	mguard_control_source_init(in);
}

bool mguard_control_source_set(mguard_control_source_t *in, char **source,
							   bool pushbutton)
{
	if (streq(in->source ?: "", *source ?: "") &&
		in->input.pushbutton == pushbutton)
	{	/* unchanged: keeps its level */
		return FALSE;
	}
	mguard_control_source_close(in);
	in->source = *source;
	*source = NULL;
	mguard_control_input_init(&in->input, pushbutton);
	return TRUE;
}

/**
 * The watcher's callback (a processor thread): take the edges waiting
 */
static bool hw_readable(mguard_control_hw_t *hw, int fd, watcher_event_t event)
{
	int err;

	hw->lock->lock(hw->lock);
	err = mguard_control_contact_read(&hw->contact, now_ms());
	if (err)
	{
		hw->error = err;
	}
	hw->lock->unlock(hw->lock);
	/* a failed contact is not watched any more, the tick reopens it */
	return err == 0;
}

/**
 * A hardware contact failed: close it, open it again later
 */
static void hw_failed(mguard_control_hw_t *hw, int n, char *source, int err,
					  char *what, time_t now)
{
	if (hw->failures)
	{	/* it keeps failing: said once at level 1 */
		DBG2(DBG_CFG, "mguard-control: %s CMD %d source '%s' failed: %s, "
			 "trying again in %us", what, n, source, strerror(err),
			 hw->backoff);
	}
	else
	{
		DBG1(DBG_CFG, "mguard-control: %s CMD %d source '%s' failed: %s, "
			 "trying again in %us", what, n, source, strerror(err),
			 hw->backoff);
	}
	hw->failures++;
	hw->retry = now + hw->backoff;
	hw->backoff = min(hw->backoff * 2, BACKOFF_MAX);
}

/**
 * Read what is new on a hardware contact, (re)open it when due
 */
static mguard_control_input_event_t hw_read(mguard_control_source_t *in,
											int n)
{
	mguard_control_hw_t *hw = in->hw;
	mguard_source_spec_t spec;
	const char *error;
	unsigned int presses;
	time_t now = time_monotonic(NULL);
	bool known, level;
	int err;

	if (!hw)
	{
		error = mguard_source_spec_parse(in->source, &spec);
		if (error)
		{
			DBG1(DBG_CFG, "mguard-control: CMD %d source '%s' is invalid: %s",
				 n, in->source, error);
			in->failed = TRUE;
			return MGUARD_CONTROL_INPUT_NONE;
		}
		INIT(hw,
			.lock = mutex_create(MUTEX_TYPE_DEFAULT),
			.backoff = 1,
		);
		mguard_control_contact_init(&hw->contact, &spec,
			lib->settings->get_int(lib->settings,
					"%s.plugins.mguard-control.debounce", DEBOUNCE_DEFAULT,
					lib->ns));
		in->hw = hw;
	}
	hw->lock->lock(hw->lock);
	err = hw->error;
	hw->lock->unlock(hw->lock);
	if (err)
	{	/* the callback stopped watching it */
		hw_unwatch(hw);
		hw->lock->lock(hw->lock);
		mguard_control_contact_close(&hw->contact);
		hw->error = 0;
		hw->lock->unlock(hw->lock);
		hw_failed(hw, n, in->source, err, "reading", now);
	}
	if (hw->contact.fd == -1 && now >= hw->retry)
	{
		hw->lock->lock(hw->lock);
		err = mguard_control_contact_open(&hw->contact, now_ms());
		hw->lock->unlock(hw->lock);
		if (err)
		{
			hw_failed(hw, n, in->source, err, "opening", now);
		}
		else
		{
			DBG1(DBG_CFG, "mguard-control: CMD %d source '%s' opened", n,
				 in->source);
			hw->failures = 0;
			hw->backoff = 1;
			hw->watched = TRUE;
			lib->watcher->add(lib->watcher, hw->contact.fd, WATCHER_READ,
							  (watcher_cb_t)hw_readable, hw);
		}
	}
	hw->lock->lock(hw->lock);
	known = mguard_control_debounce_take(&hw->contact.debounce, now_ms(),
										 &level, &presses);
	hw->lock->unlock(hw->lock);
	if (!known)
	{
		return MGUARD_CONTROL_INPUT_NONE;
	}
	return mguard_control_input_debounced(&in->input, level, presses);
}

/**
 * Read what is new on a service input
 */
mguard_control_input_event_t mguard_control_source_read(
		mguard_control_source_t *in, int n)
{
	mguard_control_input_event_t event;
	char buf[64], *path;
	struct stat st;
	size_t consumed;
	ssize_t len;
	int fd;

	if (!in->source || in->failed)
	{
		return MGUARD_CONTROL_INPUT_NONE;
	}
	if (!strncaseeq(in->source, "file:", strlen("file:")))
	{
		return hw_read(in, n);
	}
	path = in->source + strlen("file:");
	if (in->fd == -1 && stat(path, &st) == 0 && S_ISFIFO(st.st_mode))
	{	/* read-write: no EOF when writers come and go */
		in->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (in->fd == -1)
		{
			DBG1(DBG_CFG, "mguard-control: opening CMD %d FIFO %s failed: %s",
				 n, path, strerror(errno));
			in->failed = TRUE;
			return MGUARD_CONTROL_INPUT_NONE;
		}
		if (in->input.pushbutton && !in->input.known)
		{	/* a FIFO carries edges: a pushbutton is released until its
			 * first line, so that line's 1 is a press */
			mguard_control_input_level(&in->input, FALSE);
		}
	}
	if (in->fd != -1)
	{
		len = read(in->fd, in->buf + in->len, sizeof(in->buf) - in->len);
		if (len <= 0)
		{
			return MGUARD_CONTROL_INPUT_NONE;
		}
		in->len += len;
		event = mguard_control_input_feed(&in->input, in->buf, in->len, TRUE,
										  &consumed);
		if (consumed == 0 && in->len == sizeof(in->buf))
		{	/* a line longer than any level: drop it */
			consumed = in->len;
		}
		memmove(in->buf, in->buf + consumed, in->len - consumed);
		in->len -= consumed;
		return event;
	}
	/* a regular file: its content is the level, a change is an edge */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
	{
		return MGUARD_CONTROL_INPUT_NONE;
	}
	len = read(fd, buf, sizeof(buf));
	close(fd);
	if (len <= 0)
	{
		return MGUARD_CONTROL_INPUT_NONE;
	}
	return mguard_control_input_feed(&in->input, buf, len, FALSE, &consumed);
}
