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
#include "mguard_control_outq.h"
#include "mguard_control_timer.h"

#include <errno.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <daemon.h>
#include <collections/linked_list.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>
#include <threading/thread.h>

/** seconds a client has to send its request line */
#define REQUEST_TIMEOUT 5

/** seconds a client may leave queued output unread */
#define WRITE_TIMEOUT 5

/** bytes of output queued per client before it is dropped: a request
 * queues its whole answer at once, and the table of 10,000 connections
 * takes about 1.2 MiB */
#define QUEUE_MAX (2 * 1024 * 1024)

/** refused clients waiting for their request line, of all users */
#define REFUSED_MAX 16

/** pending connections the kernel keeps for us */
#define BACKLOG 64

typedef struct private_mguard_control_socket_t private_mguard_control_socket_t;

struct private_mguard_control_socket_t {

	/**
	 * Public interface
	 */
	mguard_control_socket_t public;

	/**
	 * Processes requests
	 */
	mguard_control_requests_t *requests;

	/**
	 * Stream service
	 */
	stream_service_t *service;

	/**
	 * Path of a Unix socket, NULL otherwise
	 */
	char *path;

	/**
	 * Connected clients, client_t*
	 */
	linked_list_t *clients;

	/**
	 * Protects clients and their state (not their streams' registration)
	 */
	mutex_t *mutex;

	/**
	 * Drops clients that stall
	 */
	mguard_control_timer_t *timer;

	/**
	 * Clients allowed per user (peer credentials)
	 */
	u_int per_user;

	/**
	 * synup/syndown allowed to wait at the same time
	 */
	u_int max_sync;

	/**
	 * synup/syndown waiting now
	 */
	u_int syncs;
};

/**
 * A client connection.
 *
 * Reading and writing happen in watcher callbacks and never block; the
 * request runs in a job of its own and only appends to the output queue.
 */
typedef struct {
	/** socket */
	private_mguard_control_socket_t *this;
	/** connection, NULL once closed */
	stream_t *stream;
	/** serializes (un)registering and destroying the stream; never held
	 * by the stream's callbacks, which the watcher waits for */
	mutex_t *io;
	/** peer's user ID, -1 if unknown (TCP) */
	uid_t uid;
	/** request line read so far */
	char in[MGC_LINE_MAX];
	/** bytes in in */
	size_t inlen;
	/** response lines not yet written */
	mguard_control_outq_t out;
	/** the request runs */
	bool executing;
	/** over its user's limit: its request gets error 429 (it is read all
	 * the same: closing on an unread request would reset the connection
	 * and lose the answer) */
	bool refused;
	/** the request is a synup/syndown counted in syncs */
	bool sync;
	/** the last line is queued: close once it is written */
	bool finished;
	/** on_write is registered or about to be */
	bool writing;
	/** being closed: nothing more is read, queued or written */
	bool closing;
	/** why it is closed, logged by the close job, NULL for a plain end */
	const char *why;
	/** monotonic time after which a stall drops the client */
	time_t deadline;
	/** the list and a running request job */
	refcount_t refs;
} client_t;

/**
 * A request to run
 */
typedef struct {
	client_t *client;
	mgc_request_t req;
} request_t;

static void client_put(client_t *client)
{
	if (ref_put(&client->refs))
	{
		mguard_control_outq_clear(&client->out);
		client->io->destroy(client->io);
		free(client);
	}
}

CALLBACK(close_job, job_requeue_t,
	client_t *client)
{
	private_mguard_control_socket_t *this = client->this;

	if (client->why)
	{	/* logged here: close_client() may run inside a bus logger */
		DBG1(DBG_CFG, "mguard-control: dropping a client (uid %d): %s",
			 (int)client->uid, client->why);
	}
	this->mutex->lock(this->mutex);
	this->clients->remove(this->clients, client, NULL);
	this->mutex->unlock(this->mutex);

	/* waits for callbacks of the stream that run */
	client->io->lock(client->io);
	client->stream->destroy(client->stream);
	client->stream = NULL;
	client->io->unlock(client->io);
	return JOB_REQUEUE_NONE;
}

/**
 * Close a client (mutex held), with the reason if it is dropped: in a job,
 * never from its own stream's callbacks, the watcher would wait for them
 */
static void close_client(client_t *client, const char *why)
{
	if (client->closing)
	{
		return;
	}
	client->closing = TRUE;
	client->why = why;
	lib->processor->queue_job(lib->processor, (job_t*)
			callback_job_create_with_prio(close_job, client,
							(callback_job_cleanup_t)client_put, NULL,
							JOB_PRIO_HIGH));
}

CALLBACK(on_write, bool,
	client_t *client, stream_t *stream)
{
	private_mguard_control_socket_t *this = client->this;
	bool keep = TRUE;
	ssize_t len;
	size_t left;
	char *data;

	this->mutex->lock(this->mutex);
	while (!client->closing)
	{
		left = mguard_control_outq_peek(&client->out, &data);
		if (!left)
		{
			client->writing = FALSE;
			if (client->finished)
			{
				close_client(client, NULL);
			}
			break;
		}
		len = stream->write(stream, data, left, FALSE);
		if (len < 0 && errno == EWOULDBLOCK)
		{
			this->mutex->unlock(this->mutex);
			return TRUE;
		}
		if (len <= 0)
		{
			close_client(client, NULL);
			break;
		}
		mguard_control_outq_consume(&client->out, len);
		client->deadline = time_monotonic(NULL) + WRITE_TIMEOUT;
	}
	keep = FALSE;
	this->mutex->unlock(this->mutex);
	return keep;
}

CALLBACK(enable_writer, job_requeue_t,
	client_t *client)
{
	client->io->lock(client->io);
	if (client->stream)
	{
		client->stream->on_write(client->stream, on_write, client);
	}
	client->io->unlock(client->io);
	return JOB_REQUEUE_NONE;
}

/**
 * Queue a response line (mutex held); drops the client if it is full
 */
static void queue_line(client_t *client, mgc_line_type_t type, int code,
					   char *text)
{
	char *data;

	if (client->closing)
	{
		return;
	}
	if (!mguard_control_outq_peek(&client->out, &data))
	{	/* the client has WRITE_TIMEOUT to read this */
		client->deadline = time_monotonic(NULL) + WRITE_TIMEOUT;
	}
	if (!mguard_control_outq_line(&client->out, type, code, text))
	{
		close_client(client, "it does not read its response (output "
					 "queue full)");
		return;
	}
	if (!client->writing)
	{
		client->writing = TRUE;
		ref_get(&client->refs);
		lib->processor->queue_job(lib->processor, (job_t*)
				callback_job_create_with_prio(enable_writer, client,
								(callback_job_cleanup_t)client_put, NULL,
								JOB_PRIO_HIGH));
	}
}

/**
 * Output function of requests: may run on any thread (log lines of synup
 * come from IKE_SA threads), never blocks
 */
static void out(client_t *client, mgc_line_type_t type, int code, char *text)
{
	private_mguard_control_socket_t *this = client->this;

	this->mutex->lock(this->mutex);
	queue_line(client, type, code, text);
	this->mutex->unlock(this->mutex);
}

static void request_done(request_t *request)
{
	private_mguard_control_socket_t *this = request->client->this;
	client_t *client = request->client;
	char *data;

	this->mutex->lock(this->mutex);
	client->executing = FALSE;
	client->finished = TRUE;
	if (client->sync)
	{
		client->sync = FALSE;
		this->syncs--;
	}
	if (!mguard_control_outq_peek(&client->out, &data))
	{
		close_client(client, NULL);
	}
	this->mutex->unlock(this->mutex);
	mgc_request_free(&request->req);
	client_put(client);
	free(request);
}

CALLBACK(request_job, job_requeue_t,
	request_t *request)
{
	private_mguard_control_socket_t *this = request->client->this;

	DBG2(DBG_CFG, "mguard-control: request '%s'",
		 mgc_verb_name(request->req.verb));
	thread_cleanup_push((void*)request_done, request);
	this->requests->process(this->requests, &request->req, (void*)out,
							request->client);
	thread_cleanup_pop(TRUE);
	return JOB_REQUEUE_NONE;
}

/**
 * Start the request in line (mutex held)
 */
static void start_request(client_t *client, size_t len)
{
	private_mguard_control_socket_t *this = client->this;
	job_priority_t prio = JOB_PRIO_HIGH;
	request_t *request;
	const char *reason;

	if (client->refused)
	{
		queue_line(client, MGC_LINE_ERROR, 429, "too many connections");
		client->finished = TRUE;
		return;
	}
	INIT(request,
		.client = client,
	);
	if (!mgc_request_parse(client->in, len, &request->req, &reason))
	{
		queue_line(client, MGC_LINE_ERROR, 400, (char*)reason);
		client->finished = TRUE;
		free(request);
		return;
	}
	if (request->req.verb == MGC_SYNUP || request->req.verb == MGC_SYNDOWN)
	{	/* waits for the outcome: a bounded allowance of threads, the
		 * other requests keep theirs */
		if (this->syncs >= this->max_sync)
		{
			DBG1(DBG_CFG, "mguard-control: refusing %s, %u synchronous "
				 "requests wait already", mgc_verb_name(request->req.verb),
				 this->syncs);
			queue_line(client, MGC_LINE_ERROR, 503, "too many synup/syndown "
					   "in progress, try again later");
			client->finished = TRUE;
			mgc_request_free(&request->req);
			free(request);
			return;
		}
		this->syncs++;
		client->sync = TRUE;
		prio = JOB_PRIO_MEDIUM;
	}
	client->executing = TRUE;
	ref_get(&client->refs);
	lib->processor->queue_job(lib->processor, (job_t*)
			callback_job_create_with_prio(request_job, request, NULL, NULL,
										  prio));
}

CALLBACK(on_read, bool,
	client_t *client, stream_t *stream)
{
	private_mguard_control_socket_t *this = client->this;
	ssize_t len;
	char *nl;

	this->mutex->lock(this->mutex);
	while (!client->closing)
	{
		len = stream->read(stream, client->in + client->inlen,
						   sizeof(client->in) - client->inlen, FALSE);
		if (len < 0 && errno == EWOULDBLOCK)
		{
			this->mutex->unlock(this->mutex);
			return TRUE;
		}
		if (len <= 0)
		{	/* closed or failed before the request was complete */
			close_client(client, NULL);
			break;
		}
		nl = memchr(client->in + client->inlen, '\n', len);
		client->inlen += len;
		if (nl)
		{
			start_request(client, nl - client->in);
			break;
		}
		if (client->inlen == sizeof(client->in))
		{
			queue_line(client, MGC_LINE_ERROR, 400, "request too long");
			client->finished = TRUE;
			break;
		}
	}
	this->mutex->unlock(this->mutex);
	/* one request per connection: stop reading */
	return FALSE;
}

/**
 * The user ID of a Unix socket's peer, -1 if there is none
 */
static uid_t peer_uid(stream_t *stream)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	uid_t uid = -1;
	FILE *file;

	/* get_file() is a dup() of the socket, good for getsockopt() */
	file = stream->get_file(stream);
	if (file)
	{
		if (getsockopt(fileno(file), SOL_SOCKET, SO_PEERCRED, &cred,
					   &len) == 0)
		{
			uid = cred.uid;
		}
		fclose(file);
	}
	return uid;
}

CALLBACK(on_accept, bool,
	private_mguard_control_socket_t *this, stream_t *stream)
{
	enumerator_t *enumerator;
	client_t *client, *other;
	u_int count = 0, refused = 0;
	uid_t uid;

	uid = peer_uid(stream);
	this->mutex->lock(this->mutex);
	enumerator = this->clients->create_enumerator(this->clients);
	while (enumerator->enumerate(enumerator, &other))
	{
		if (other->closing)
		{
			continue;
		}
		if (other->refused)
		{
			refused++;
		}
		else if (other->uid == uid)
		{
			count++;
		}
	}
	enumerator->destroy(enumerator);
	if (count >= this->per_user)
	{
		DBG1(DBG_CFG, "mguard-control: refusing a client of uid %d: it has "
			 "%u connections already", (int)uid, count);
		if (refused >= REFUSED_MAX)
		{	/* too many refusals waiting to be answered: just close */
			this->mutex->unlock(this->mutex);
			return FALSE;
		}
	}
	INIT(client,
		.this = this,
		.stream = stream,
		.io = mutex_create(MUTEX_TYPE_DEFAULT),
		.uid = uid,
		.refused = count >= this->per_user,
		.deadline = time_monotonic(NULL) + REQUEST_TIMEOUT,
		.refs = 1,
	);
	mguard_control_outq_init(&client->out, QUEUE_MAX);
	/* the close job takes io before destroying the stream */
	client->io->lock(client->io);
	this->clients->insert_last(this->clients, client);
	this->mutex->unlock(this->mutex);
	stream->on_read(stream, on_read, client);
	client->io->unlock(client->io);
	return TRUE;
}

/**
 * Once a second: drop clients that send no request or read no response
 * in time (a request that runs without output has no deadline)
 */
static void sweep(private_mguard_control_socket_t *this)
{
	enumerator_t *enumerator;
	client_t *client;
	time_t now;
	char *data;

	now = time_monotonic(NULL);
	this->mutex->lock(this->mutex);
	enumerator = this->clients->create_enumerator(this->clients);
	while (enumerator->enumerate(enumerator, &client))
	{
		if (client->closing || now < client->deadline ||
			(client->executing &&
			 !mguard_control_outq_peek(&client->out, &data)))
		{
			continue;
		}
		close_client(client, client->executing || client->finished ?
					 "it does not read its response" :
					 "it sent no request in time");
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
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
	client_t *client;

	/* charon unloads plugins after it stopped its threads: no callback,
	 * request or close job runs any more */
	this->service->destroy(this->service);
	this->timer->destroy(this->timer);
	while (this->clients->remove_first(this->clients,
									   (void**)&client) == SUCCESS)
	{
		if (!client->closing)
		{
			client->stream->destroy(client->stream);
			client->stream = NULL;
			client_put(client);
		}
	}
	this->clients->destroy(this->clients);
	this->mutex->destroy(this->mutex);
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
										mguard_control_requests_t *requests)
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
		.requests = requests,
		.service = lib->streams->create_service(lib->streams, uri, BACKLOG),
		.per_user = lib->settings->get_int(lib->settings,
							"%s.plugins.mguard-control.clients_per_user", 16,
							lib->ns),
		.max_sync = lib->settings->get_int(lib->settings,
							"%s.plugins.mguard-control.max_sync", 4,
							lib->ns),
	);
	if (!this->service)
	{
		DBG1(DBG_CFG, "mguard-control: creating control socket '%s' failed",
			 uri);
		free(this);
		return NULL;
	}
	this->clients = linked_list_create();
	this->mutex = mutex_create(MUTEX_TYPE_DEFAULT);
	if (strpfx(uri, "unix://"))
	{
		this->path = strdup(uri + strlen("unix://"));
		set_permissions(this);
	}
	this->timer = mguard_control_timer_create(1000, (void*)sweep, this);
	/* accepting only registers the client with the watcher */
	this->service->on_accept(this->service, on_accept, this,
							 JOB_PRIO_CRITICAL, 1);
	DBG1(DBG_CFG, "mguard-control: control socket %s", uri);
	return &this->public;
}
