/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_tcp_frame.h"

#include <library.h>

typedef struct private_mguard_tcp_deframer_t private_mguard_tcp_deframer_t;

struct private_mguard_tcp_deframer_t {

	/**
	 * Public interface
	 */
	mguard_tcp_deframer_t public;

	/**
	 * Received bytes not yet returned as a frame: buf[start..end)
	 */
	u_char *buf;

	/**
	 * Size of buf: the largest frame plus room for one read
	 */
	size_t size;

	/**
	 * Head of the unconsumed bytes
	 */
	size_t start;

	/**
	 * End of the received bytes
	 */
	size_t end;

	/**
	 * Largest frame accepted
	 */
	size_t max_frame;

	/**
	 * The prefix is still expected
	 */
	bool prefix;

	/**
	 * Why the stream is broken
	 */
	const char *error;
};

/** room for reading beyond the frame at the head (several ESP frames) */
#define READ_ROOM 16384

METHOD(mguard_tcp_deframer_t, get_space, chunk_t,
	private_mguard_tcp_deframer_t *this)
{
	if (this->error)
	{
		return chunk_empty;
	}
	if (this->start == this->end)
	{
		this->start = this->end = 0;
	}
	else if (this->end == this->size && this->start)
	{
		memmove(this->buf, this->buf + this->start, this->end - this->start);
		this->end -= this->start;
		this->start = 0;
	}
	return chunk_create(this->buf + this->end, this->size - this->end);
}

METHOD(mguard_tcp_deframer_t, commit, void,
	private_mguard_tcp_deframer_t *this, size_t n)
{
	this->end += min(n, this->size - this->end);
}

/**
 * Mark the stream broken
 */
static mguard_tcp_next_t broken(private_mguard_tcp_deframer_t *this,
								const char *error)
{
	this->error = error;
	return MGUARD_TCP_BROKEN;
}

METHOD(mguard_tcp_deframer_t, next, mguard_tcp_next_t,
	private_mguard_tcp_deframer_t *this, chunk_t *frame)
{
	u_char *head;
	size_t have, len;

	if (this->error)
	{
		return MGUARD_TCP_BROKEN;
	}
	head = this->buf + this->start;
	have = this->end - this->start;
	if (this->prefix)
	{
		if (!memeq(head, MGUARD_TCP_PREFIX, min(have, MGUARD_TCP_PREFIX_LEN)))
		{
			return broken(this, "the stream does not start with \"IKETCP\"");
		}
		if (have < MGUARD_TCP_PREFIX_LEN)
		{
			return MGUARD_TCP_MORE;
		}
		this->prefix = FALSE;
		this->start += MGUARD_TCP_PREFIX_LEN;
		head += MGUARD_TCP_PREFIX_LEN;
		have -= MGUARD_TCP_PREFIX_LEN;
	}
	if (have < MGUARD_TCP_LENGTH_LEN)
	{
		return MGUARD_TCP_MORE;
	}
	len = (head[0] << 8) | head[1];
	if (len < MGUARD_TCP_FRAME_MIN)
	{
		return broken(this, "frame length below 6");
	}
	if (len > this->max_frame)
	{
		return broken(this, "frame longer than the maximum");
	}
	if (have < len)
	{
		return MGUARD_TCP_MORE;
	}
	*frame = chunk_create(head + MGUARD_TCP_LENGTH_LEN,
						  len - MGUARD_TCP_LENGTH_LEN);
	this->start += len;
	return MGUARD_TCP_FRAME;
}

METHOD(mguard_tcp_deframer_t, feed, size_t,
	private_mguard_tcp_deframer_t *this, chunk_t data)
{
	chunk_t space;
	size_t taken = 0, n;

	while (taken < data.len)
	{
		space = get_space(this);
		if (!space.len)
		{
			break;
		}
		n = min(space.len, data.len - taken);
		memcpy(space.ptr, data.ptr + taken, n);
		commit(this, n);
		taken += n;
	}
	return taken;
}

METHOD(mguard_tcp_deframer_t, awaiting_prefix, bool,
	private_mguard_tcp_deframer_t *this)
{
	return this->prefix;
}

METHOD(mguard_tcp_deframer_t, in_frame, bool,
	private_mguard_tcp_deframer_t *this)
{
	return this->end > this->start;
}

METHOD(mguard_tcp_deframer_t, get_error, const char*,
	private_mguard_tcp_deframer_t *this)
{
	return this->error;
}

METHOD(mguard_tcp_deframer_t, destroy, void,
	private_mguard_tcp_deframer_t *this)
{
	free(this->buf);
	free(this);
}

/*
 * Described in header
 */
mguard_tcp_deframer_t *mguard_tcp_deframer_create(bool prefix,
												  size_t max_frame)
{
	private_mguard_tcp_deframer_t *this;

	max_frame = max(max_frame, MGUARD_TCP_FRAME_MIN);
	max_frame = min(max_frame, MGUARD_TCP_FRAME_MAX);
	INIT(this,
		.public = {
			.get_space = _get_space,
			.commit = _commit,
			.feed = _feed,
			.next = _next,
			.awaiting_prefix = _awaiting_prefix,
			.in_frame = _in_frame,
			.get_error = _get_error,
			.destroy = _destroy,
		},
		.size = max_frame + READ_ROOM,
		.max_frame = max_frame,
		.prefix = prefix,
	);
	this->buf = malloc(this->size);
	return &this->public;
}

/*
 * Described in header
 */
bool mguard_tcp_frame_header(size_t len, u_char out[MGUARD_TCP_LENGTH_LEN])
{
	len += MGUARD_TCP_LENGTH_LEN;
	if (len < MGUARD_TCP_FRAME_MIN || len > MGUARD_TCP_FRAME_MAX)
	{
		return FALSE;
	}
	out[0] = len >> 8;
	out[1] = len & 0xff;
	return TRUE;
}

/*
 * Described in header
 */
bool mguard_tcp_frame_is_ike(chunk_t frame)
{
	return frame.len >= 4 && !frame.ptr[0] && !frame.ptr[1] &&
		   !frame.ptr[2] && !frame.ptr[3];
}
