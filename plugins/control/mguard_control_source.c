/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_source.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utils/debug.h>

void mguard_control_source_init(mguard_control_source_t *in)
{
	*in = (mguard_control_source_t){
		.fd = -1,
	};
}

void mguard_control_source_close(mguard_control_source_t *in)
{
	if (in->fd != -1)
	{
		close(in->fd);
	}
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
 * Read what is new on a service input (file: sources only)
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
	if (!strpfx(in->source, "file:"))
	{
		DBG1(DBG_CFG, "mguard-control: CMD %d source '%s' is not supported "
			 "(only file:PATH)", n, in->source);
		in->failed = TRUE;
		return MGUARD_CONTROL_INPUT_NONE;
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
