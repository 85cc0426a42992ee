/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_client.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <library.h>
#include <networking/streams/stream_tcp.h>
#include <networking/streams/stream_unix.h>

static void dbg_quiet(debug_t group, level_t level, char *fmt, ...)
{
}

/*
 * Described in header
 */
bool mgc_client_init(const char *program)
{
	dbg = dbg_quiet;
	if (!library_init(NULL, program))
	{
		library_deinit();
		fprintf(stderr, "%s: initialising libstrongswan failed\n", program);
		return FALSE;
	}
	return TRUE;
}

char *mgc_client_socket_uri(void)
{
	return lib->settings->get_str(lib->settings,
								  "charon.plugins.mguard-control.socket",
								  MGC_DEFAULT_SOCKET);
}

/**
 * Milliseconds on the monotonic clock
 */
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/**
 * Wait until fd is ready for events or the deadline passed
 *
 * @return		TRUE if ready, FALSE on timeout or error (errno set)
 */
static bool wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;
	int n;

	while (TRUE)
	{
		left = deadline - now_ms();
		if (left <= 0)
		{
			errno = ETIMEDOUT;
			return FALSE;
		}
		n = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (n > 0)
		{
			return TRUE;
		}
		if (n < 0 && errno != EINTR)
		{
			return FALSE;
		}
	}
}

/**
 * Describe a connect() failure
 */
static mgc_call_t connect_error(char *uri, int err, char *buf, size_t len)
{
	switch (err)
	{
		case ENOENT:
		case ECONNREFUSED:
			snprintf(buf, len, "charon is not running or mguard-control is "
					 "not loaded (%s: %s)", uri, strerror(err));
			return MGC_CALL_CONNECT;
		case EACCES:
		case EPERM:
			snprintf(buf, len, "no permission to use the control socket "
					 "(%s: %s)", uri, strerror(err));
			return MGC_CALL_DENIED;
		case ETIMEDOUT:
		case EAGAIN:
		case EINPROGRESS:
			snprintf(buf, len, "the control socket accepted no connection "
					 "(%s: charon busy or stalled)", uri);
			return MGC_CALL_CONNECT_TIMEOUT;
		default:
			snprintf(buf, len, "cannot connect to the control socket (%s: %s)",
					 uri, err ? strerror(err) : "invalid URI");
			return MGC_CALL_CONNECT;
	}
}

/**
 * Connect within timeout seconds, return a non-blocking socket or -1
 *
 * A connect() to a Unix socket whose backlog is full blocks and poll()
 * cannot wait for it, so the wait is bounded by SO_SNDTIMEO, which Linux
 * applies to connect() (for TCP as well, where it ends with EINPROGRESS).
 */
static int connect_uri(char *uri, u_int timeout, char *err, size_t err_len,
					   mgc_call_t *ret)
{
	struct sockaddr_storage addr;
	struct timeval tv = { .tv_sec = timeout };
	int fd, len = -1, error;

	memset(&addr, 0, sizeof(addr));
	if (strpfx(uri, "unix://"))
	{
		len = stream_parse_uri_unix(uri, (struct sockaddr_un*)&addr);
	}
	else if (strpfx(uri, "tcp://"))
	{
		len = stream_parse_uri_tcp(uri, (struct sockaddr*)&addr);
	}
	if (len <= 0)
	{
		*ret = connect_error(uri, 0, err, err_len);
		return -1;
	}
	fd = socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		*ret = connect_error(uri, errno, err, err_len);
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0 ||
		connect(fd, (struct sockaddr*)&addr, len) != 0)
	{
		error = errno;
		close(fd);
		*ret = connect_error(uri, error, err, err_len);
		return -1;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0)
	{
		error = errno;
		close(fd);
		*ret = connect_error(uri, error, err, err_len);
		return -1;
	}
	return fd;
}

/**
 * Send the whole request before the deadline
 */
static bool send_all(int fd, const char *buf, size_t len, int64_t deadline)
{
	ssize_t sent;

	while (len)
	{
		sent = send(fd, buf, len, MSG_NOSIGNAL);
		if (sent > 0)
		{
			buf += sent;
			len -= sent;
			continue;
		}
		if (sent < 0 && errno == EINTR)
		{
			continue;
		}
		if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
			wait_fd(fd, POLLOUT, deadline))
		{
			continue;
		}
		return FALSE;
	}
	return TRUE;
}

/**
 * Seconds to wait for the complete answer to a verb
 */
static u_int answer_timeout(mgc_verb_t verb)
{
	u_int timeout;

	timeout = lib->settings->get_time(lib->settings,
							"charon.plugins.mguard-control.client_timeout",
							MGC_TIMEOUT);
	if (mgc_verb_waits(verb))
	{
		timeout += lib->settings->get_time(lib->settings,
							"charon.plugins.mguard-control.sync_timeout",
							MGC_SYNC_TIMEOUT);
	}
	return timeout;
}

mgc_call_t mgc_client_call(char *uri, mgc_verb_t verb, const char *arg,
						   size_t arg_len, mgc_line_cb_t cb, void *data,
						   mgc_line_t *final, char *final_buf,
						   size_t final_len, char *err, size_t err_len)
{
	char request[MGC_LINE_MAX + 1], buf[MGC_LINE_MAX + 1], *nl;
	mgc_call_t ret = MGC_CALL_PROTOCOL;
	mgc_line_t parsed;
	size_t have = 0, used;
	u_int timeout;
	int64_t deadline;
	ssize_t got;
	int len, fd;

	snprintf(err, err_len, "no answer from charon");
	len = mgc_request_format(request, sizeof(request), verb, arg, arg_len);
	if (len < 0)
	{
		snprintf(err, err_len, "request too long (at most %d bytes with the "
				 "argument percent-encoded)", MGC_LINE_MAX);
		return MGC_CALL_REQUEST;
	}
	fd = connect_uri(uri, lib->settings->get_time(lib->settings,
						"charon.plugins.mguard-control.client_connect_timeout",
						MGC_CONNECT_TIMEOUT), err, err_len, &ret);
	if (fd < 0)
	{
		return ret;
	}
	timeout = answer_timeout(verb);
	deadline = now_ms() + (int64_t)timeout * 1000;
	if (!send_all(fd, request, len, deadline))
	{
		if (errno == ETIMEDOUT)
		{
			snprintf(err, err_len, "charon took no request within %u s",
					 timeout);
			ret = MGC_CALL_TIMEOUT;
		}
		else
		{
			snprintf(err, err_len, "sending the request failed: %s",
					 strerror(errno));
		}
		close(fd);
		return ret;
	}
	while (TRUE)
	{
		nl = memchr(buf, '\n', have);
		if (!nl)
		{
			if (have >= MGC_LINE_MAX)
			{
				snprintf(err, err_len, "malformed answer from charon");
				break;
			}
			got = recv(fd, buf + have, MGC_LINE_MAX - have, 0);
			if (got > 0)
			{
				have += got;
				continue;
			}
			if (got < 0 && errno == EINTR)
			{
				continue;
			}
			if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			{
				if (wait_fd(fd, POLLIN, deadline))
				{
					continue;
				}
				if (errno == ETIMEDOUT)
				{
					snprintf(err, err_len, "no answer from charon within "
							 "%u s", timeout);
					ret = MGC_CALL_TIMEOUT;
					break;
				}
			}
			if (got < 0)
			{
				snprintf(err, err_len, "reading the answer failed: %s",
						 strerror(errno));
			}
			/* closed without a final line: "no answer from charon" */
			break;
		}
		*nl = '\0';
		used = nl + 1 - buf;
		if (strlen(buf) != used - 1 || !mgc_line_parse(buf, &parsed))
		{	/* a NUL inside the line, or an unknown kind of line */
			snprintf(err, err_len, "malformed answer from charon");
			break;
		}
		if (parsed.type == MGC_LINE_DONE || parsed.type == MGC_LINE_ERROR)
		{
			snprintf(final_buf, final_len, "%s", parsed.text);
			*final = parsed;
			final->text = final_buf;
			ret = MGC_CALL_OK;
			break;
		}
		if (cb)
		{
			cb(data, &parsed);
		}
		have -= used;
		memmove(buf, buf + used, have);
	}
	close(fd);
	return ret;
}
