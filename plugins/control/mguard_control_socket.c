/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_socket.h"
#include "mguard_control_client.h"

#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <daemon.h>

/** seconds a client has to send its request line */
#define REQUEST_TIMEOUT 5

/** parallel requests (synup/syndown block one each) */
#define CONCURRENCY 4

typedef struct private_mguard_control_socket_t private_mguard_control_socket_t;

struct private_mguard_control_socket_t {

	/**
	 * Public interface
	 */
	mguard_control_socket_t public;

	/**
	 * Processes requests
	 */
	mguard_control_manager_t *manager;

	/**
	 * Stream service
	 */
	stream_service_t *service;

	/**
	 * Path of a Unix socket, NULL otherwise
	 */
	char *path;
};

/**
 * A client connection
 */
typedef struct {
	stream_t *stream;
	bool failed;
} client_t;

/**
 * Write one response line
 */
static void out(client_t *client, mgc_line_type_t type, int code, char *text)
{
	char *line;
	int len;

	if (client->failed)
	{
		return;
	}
	switch (type)
	{
		case MGC_LINE_LOG:
			len = asprintf(&line, "log %s", text);
			break;
		case MGC_LINE_LINE:
			len = asprintf(&line, "line %s", text);
			break;
		case MGC_LINE_DONE:
			len = asprintf(&line, "done %s", text);
			break;
		case MGC_LINE_ERROR:
		default:
			len = asprintf(&line, "error %03d %s", code, text);
			break;
	}
	if (len < 0)
	{
		client->failed = TRUE;
		return;
	}
	if (len > MGC_LINE_MAX - 1)
	{
		len = MGC_LINE_MAX - 1;
	}
	mgc_text_clean(line, len);
	line[len] = '\n';
	if (!client->stream->write_all(client->stream, line, len + 1))
	{
		DBG2(DBG_CFG, "mguard-control: writing to client failed: %s",
			 strerror(errno));
		client->failed = TRUE;
	}
	free(line);
}

/**
 * Read the request line, with a timeout
 */
static bool read_request(stream_t *stream, int fd, char *buf, size_t size,
						 size_t *len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	time_t deadline;
	ssize_t got;

	deadline = time_monotonic(NULL) + REQUEST_TIMEOUT;
	*len = 0;
	while (*len < size)
	{
		time_t left = deadline - time_monotonic(NULL);

		if (left <= 0 || poll(&pfd, 1, left * 1000) <= 0)
		{
			return FALSE;
		}
		got = stream->read(stream, buf + *len, size - *len, FALSE);
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
						errno == EINTR))
		{
			continue;
		}
		if (got <= 0)
		{
			return FALSE;
		}
		*len += got;
		if (memchr(buf, '\n', *len))
		{
			return TRUE;
		}
	}
	return FALSE;
}

CALLBACK(on_accept, bool,
	private_mguard_control_socket_t *this, stream_t *stream)
{
	char buf[MGC_LINE_MAX];
	client_t client = {
		.stream = stream,
	};
	mgc_request_t req;
	struct timeval timeout = { .tv_sec = REQUEST_TIMEOUT };
	const char *reason;
	size_t len = 0;
	FILE *file;
	char *nl;

	/* a dup() of the socket: for poll() and for a send timeout, so that a
	 * client that stops reading cannot stall a thread (log lines of synup
	 * are written from the IKE_SA's thread) */
	file = stream->get_file(stream);
	if (!file)
	{
		return FALSE;
	}
	setsockopt(fileno(file), SOL_SOCKET, SO_SNDTIMEO, &timeout,
			   sizeof(timeout));
	if (!read_request(stream, fileno(file), buf, sizeof(buf), &len))
	{
		out(&client, MGC_LINE_ERROR, 400, len >= sizeof(buf) ?
			"request too long" : "incomplete request");
		fclose(file);
		return FALSE;
	}
	nl = memchr(buf, '\n', len);
	if (!mgc_request_parse(buf, nl - buf, &req, &reason))
	{
		out(&client, MGC_LINE_ERROR, 400, (char*)reason);
		fclose(file);
		return FALSE;
	}
	DBG2(DBG_CFG, "mguard-control: request '%s'", mgc_verb_name(req.verb));
	this->manager->process(this->manager, &req, (void*)out, &client);
	mgc_request_free(&req);
	fclose(file);
	return FALSE;
}

/**
 * Restrict a Unix socket to owner and group (0660), optionally chgrp it
 */
static void set_permissions(private_mguard_control_socket_t *this)
{
	char *group;
	struct group *gr;

	if (chmod(this->path, 0660) != 0)
	{
		DBG1(DBG_CFG, "mguard-control: chmod %s failed: %s", this->path,
			 strerror(errno));
	}
	group = lib->settings->get_str(lib->settings,
								   "%s.plugins.mguard-control.group", NULL,
								   lib->ns);
	if (group)
	{
		gr = getgrnam(group);
		if (!gr || chown(this->path, -1, gr->gr_gid) != 0)
		{
			DBG1(DBG_CFG, "mguard-control: changing the group of %s to '%s' "
				 "failed: %s", this->path, group,
				 gr ? strerror(errno) : "no such group");
		}
	}
}

METHOD(mguard_control_socket_t, destroy, void,
	private_mguard_control_socket_t *this)
{
	this->service->destroy(this->service);
	if (this->path)
	{
		unlink(this->path);
	}
	free(this->path);
	free(this);
}

/*
 * Described in header
 */
mguard_control_socket_t *mguard_control_socket_create(
										mguard_control_manager_t *manager)
{
	private_mguard_control_socket_t *this;
	char *uri;

	uri = lib->settings->get_str(lib->settings,
								 "%s.plugins.mguard-control.socket",
								 MGC_DEFAULT_SOCKET, lib->ns);
	INIT(this,
		.public = {
			.destroy = _destroy,
		},
		.manager = manager,
		.service = lib->streams->create_service(lib->streams, uri, 10),
	);
	if (!this->service)
	{
		DBG1(DBG_CFG, "mguard-control: creating control socket '%s' failed",
			 uri);
		free(this);
		return NULL;
	}
	if (strpfx(uri, "unix://"))
	{
		this->path = strdup(uri + strlen("unix://"));
		set_permissions(this);
	}
	this->service->on_accept(this->service, on_accept, this,
							 JOB_PRIO_CRITICAL, CONCURRENCY);
	DBG1(DBG_CFG, "mguard-control: control socket %s", uri);
	return &this->public;
}
