/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_tcp_socket.h"
#include "mguard_tcp_frame.h"
#include "mguard_tcp_server_id.h"
#include "mguard_tcp_tls.h"
#include "mguard_tcp_proxy.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include <daemon.h>
#include <collections/array.h>
#include <collections/blocking_queue.h>
#include <processing/jobs/callback_job.h>
#include <sa/ikev2/tasks/ike_dpd.h>
#include <threading/mutex.h>
#include <threading/thread.h>

typedef struct private_mguard_tcp_socket_t private_mguard_tcp_socket_t;

/** packets queued for charon's receiver before new ones are dropped */
#define MAX_QUEUED 4096

/** seconds a stream stays after its last IKE_SA went away */
#define ORPHAN_GRACE 2

/** reads one watcher callback does before it lets other streams go first */
#define READS_PER_CALLBACK 32

/**
 * State of a stream
 */
typedef enum {
	/** our connect() is under way */
	STREAM_CONNECTING,
	/** frames flow */
	STREAM_OPEN,
	/** being closed: nothing more is read or written */
	STREAM_CLOSING,
} stream_state_t;

/**
 * A TCP stream to or from a peer
 */
typedef struct {
	/** socket, watched for reading */
	int fd;
	/** a duplicate of fd, watched for writing while output waits: 5.9.8's
	 *  watcher mixes up two registrations of one fd when a callback ends */
	int wfd;
	/** the peer's address and port (key in the stream table) */
	host_t *remote;
	/** what received packets name as their destination */
	host_t *local;
	/** we opened it (and send the prefix, and reconnect) */
	bool opener;
	/** state */
	stream_state_t state;
	/** received bytes */
	mguard_tcp_deframer_t *deframer;
	/** bytes to send: out[out_start..out_len), out_cap allocated, at
	 *  most out_size */
	u_char *out;
	size_t out_start, out_len, out_cap, out_size;
	/** a write callback is registered */
	bool writing;
	/** Path Finder: the TLS session, NULL for plain TCP */
	mguard_tcp_tls_t *tls;
	/** TLS needs the socket writable before it can go on */
	bool tls_wants_write;
	/** a job connects it through the proxy: it destroys a stream closed
	 *  meanwhile */
	bool proxying;
	/** the CA files to check a Path Finder server with, until connected
	 *  through the proxy */
	linked_list_t *cas;
	/** the server ID was checked (first IKE_SA_INIT request) */
	bool checked;
	/** established IKE_SAs over this stream */
	u_int ike_sas;
	/** an IKE_SA was established over this stream */
	bool authenticated;
	/** when its last IKE_SA went away (0: it has some) */
	time_t orphaned;
	/** when the stream started, and when the frame being received began
	 *  (0: none under way) */
	time_t created, frame_start;
	/** the socket that owns it */
	private_mguard_tcp_socket_t *socket;
} tcp_stream_t;

/**
 * When an opener may try a destination again
 */
typedef struct {
	/** the destination */
	host_t *remote;
	/** not before */
	time_t next;
	/** seconds of the next wait */
	u_int delay;
} backoff_t;

/**
 * The CA files to check a Path Finder server with
 */
typedef struct {
	/** the server (key) */
	host_t *dst;
	/** char* */
	linked_list_t *cas;
} tls_cas_t;

/**
 * A listening socket
 */
typedef struct {
	int fd;
	/** Path Finder: streams run in TLS */
	bool tls;
	/** the address packets from its streams are sent to */
	host_t *local;
	private_mguard_tcp_socket_t *socket;
} tcp_listen_t;

struct private_mguard_tcp_socket_t {

	/**
	 * Public interface
	 */
	mguard_tcp_socket_t public;

	/**
	 * UDP 500/4500: socket-default's socket
	 */
	socket_t *udp;

	/**
	 * Reads the UDP socket into the queue
	 */
	thread_t *pump;

	/**
	 * packet_t* for charon's receiver, from UDP and from streams
	 */
	blocking_queue_t *queue;

	/**
	 * Packets in the queue
	 */
	refcount_t queued;

	/**
	 * Protects everything below
	 */
	mutex_t *mutex;

	/**
	 * tcp_stream_t*, by remote host
	 */
	hashtable_t *streams;

	/**
	 * backoff_t*, by remote host
	 */
	hashtable_t *backoffs;

	/**
	 * tcp_listen_t*
	 */
	array_t *listeners;

	/**
	 * Streams without an established IKE_SA
	 */
	u_int unauth;

	/**
	 * timerfd for the timeouts
	 */
	int timer;

	/**
	 * CA files to check each Path Finder server with: host_t* (the
	 * destination) => tls_cas_t*
	 */
	hashtable_t *tls_cas;

	/**
	 * Path Finder server certificate and key
	 */
	char *pf_cert, *pf_key;

	/**
	 * The HTTP proxy initiators go through (our copy), NULL for none
	 */
	mguard_tcp_proxy_t *proxy;

	/**
	 * kernel-libipsec is not loaded: no streams (the kernel's ESP cannot
	 * use them without espintcp)
	 */
	bool no_esp;

	/**
	 * Streams refused since the last log line about it, and when that was
	 */
	u_int refused;
	time_t refused_logged;

	/**
	 * Configuration (our copy of what matters)
	 */
	mguard_tcp_config_t config;
};

/**
 * hashtable_t callbacks for host_t* keys (address and port)
 */
static u_int host_hash(host_t *host)
{
	return chunk_hash_inc(host->get_address(host), host->get_port(host));
}

static bool host_equals(host_t *a, host_t *b)
{
	return a->equals(a, b);
}

/**
 * Hand a packet to charon's receiver, or drop it when too many wait
 */
static void deliver(private_mguard_tcp_socket_t *this, packet_t *packet)
{
	if (ref_get(&this->queued) > MAX_QUEUED)
	{
		(void)ref_put(&this->queued);
		DBG2(DBG_NET, "mguard-tcp: receive queue full, dropping a packet "
			 "from %#H", packet->get_source(packet));
		packet->destroy(packet);
		return;
	}
	this->queue->enqueue(this->queue, packet);
}

/**
 * Count unauthenticated streams from an address
 */
static u_int count_unauth(private_mguard_tcp_socket_t *this, host_t *from)
{
	enumerator_t *enumerator;
	tcp_stream_t *stream;
	u_int count = 0;

	enumerator = this->streams->create_enumerator(this->streams);
	while (enumerator->enumerate(enumerator, NULL, &stream))
	{
		if (!stream->authenticated && !stream->opener &&
			from->ip_equals(from, stream->remote))
		{
			count++;
		}
	}
	enumerator->destroy(enumerator);
	return count;
}

/**
 * Free a stream that no callback uses any more
 */
static void stream_destroy(tcp_stream_t *stream)
{
	DESTROY_IF(stream->tls);
	if (stream->cas)
	{
		stream->cas->destroy_function(stream->cas, free);
	}
	if (stream->wfd != -1)
	{
		close(stream->wfd);
	}
	if (stream->fd != -1)
	{
		close(stream->fd);
	}
	stream->deframer->destroy(stream->deframer);
	stream->remote->destroy(stream->remote);
	DESTROY_IF(stream->local);
	free(stream->out);
	free(stream);
}

/**
 * Stop watching a stream; waits for its callbacks to return
 */
static void stream_unwatch(tcp_stream_t *stream)
{
	if (stream->wfd != -1)
	{
		lib->watcher->remove(lib->watcher, stream->wfd);
	}
	if (stream->fd != -1)
	{
		lib->watcher->remove(lib->watcher, stream->fd);
	}
}

/**
 * Job: stop watching a closing stream (waits for its callbacks) and free it
 */
static job_requeue_t close_stream_job(tcp_stream_t *stream)
{
	stream_unwatch(stream);
	stream_destroy(stream);
	return JOB_REQUEUE_NONE;
}

/**
 * Close a stream (mutex held); SAs are not touched (RFC 9329)
 */
static void stream_close(private_mguard_tcp_socket_t *this, tcp_stream_t *stream,
						 const char *reason)
{
	backoff_t *backoff;

	if (stream->state == STREAM_CLOSING)
	{
		return;
	}
	if (this->streams->get(this->streams, stream->remote) == stream)
	{
		this->streams->remove(this->streams, stream->remote);
	}
	if (!stream->authenticated && !stream->opener)
	{
		this->unauth--;
	}
	if (stream->opener)
	{
		/* a stream that worked resets the wait before the next connect */
		backoff = this->backoffs->get(this->backoffs, stream->remote);
		if (backoff && stream->authenticated)
		{
			backoff->delay = this->config.backoff;
			backoff->next = time_monotonic(NULL);
		}
	}
	DBG1(DBG_NET, "mguard-tcp: closing TCP stream %s %#H: %s",
		 stream->opener ? "to" : "from", stream->remote, reason);
	stream->state = STREAM_CLOSING;
	if (stream->proxying)
	{
		/* the proxy job frees it when libcurl is done */
		return;
	}
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create_with_prio(
			(callback_job_cb_t)close_stream_job, stream, NULL,
			(callback_job_cancel_t)return_false, JOB_PRIO_HIGH));
}

/**
 * Write what is queued for a stream (mutex held)
 *
 * @return			FALSE if the stream broke (and is closing)
 */
static bool flush(private_mguard_tcp_socket_t *this, tcp_stream_t *stream)
{
	mguard_tls_status_t status;
	size_t done;
	ssize_t n;

	if (stream->tls && !stream->tls->established(stream->tls))
	{
		/* the prefix and frames wait for the handshake */
		return TRUE;
	}
	while (stream->out_start < stream->out_len)
	{
		if (stream->tls)
		{
			status = stream->tls->write(stream->tls,
							chunk_create(stream->out + stream->out_start,
										 stream->out_len - stream->out_start),
							&done);
			switch (status)
			{
				case MGUARD_TLS_OK:
					stream->out_start += done;
					continue;
				case MGUARD_TLS_WANT_WRITE:
					stream->tls_wants_write = TRUE;
					/* fall */
				case MGUARD_TLS_WANT_READ:
					return TRUE;
				default:
					stream_close(this, stream, stream->tls->get_error(stream->tls));
					return FALSE;
			}
		}
		n = send(stream->fd, stream->out + stream->out_start,
				 stream->out_len - stream->out_start,
				 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0)
		{
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			{
				return TRUE;
			}
			stream_close(this, stream, strerror(errno));
			return FALSE;
		}
		stream->out_start += n;
	}
	stream->out_start = stream->out_len = 0;
	return TRUE;
}

/**
 * Queue bytes for a stream (mutex held); a frame is queued whole or not
 * at all, so a full queue drops packets like a full UDP socket does
 */
static bool enqueue_out(tcp_stream_t *stream, chunk_t a, chunk_t b)
{
	size_t need = a.len + b.len, cap;

	if (stream->out_start && stream->out_len + need > stream->out_cap)
	{
		memmove(stream->out, stream->out + stream->out_start,
				stream->out_len - stream->out_start);
		stream->out_len -= stream->out_start;
		stream->out_start = 0;
	}
	if (stream->out_len + need > stream->out_size)
	{
		return FALSE;
	}
	if (stream->out_len + need > stream->out_cap)
	{
		/* most streams never queue: the buffer grows when they do */
		cap = max(stream->out_cap * 2, stream->out_len + need);
		cap = min(max(cap, 4096), stream->out_size);
		stream->out = realloc(stream->out, cap);
		stream->out_cap = cap;
	}
	memcpy(stream->out + stream->out_len, a.ptr, a.len);
	memcpy(stream->out + stream->out_len + a.len, b.ptr, b.len);
	stream->out_len += need;
	return TRUE;
}

/**
 * Handle a frame received on a stream (mutex held)
 *
 * @return			packet for charon, NULL if none
 */
static packet_t *received(private_mguard_tcp_socket_t *this, tcp_stream_t *stream,
						  chunk_t frame)
{
	packet_t *packet;
	u_int id;

	if (!stream->opener && !stream->checked &&
		mguard_tcp_frame_is_ike(frame))
	{
		switch (mguard_tcp_server_id_find(chunk_skip(frame, 4), &id))
		{
			case MGUARD_TCP_SERVER_ID_NONE:
				break;
			case MGUARD_TCP_SERVER_ID_INVALID:
				stream_close(this, stream, "invalid server ID notify");
				return NULL;
			case MGUARD_TCP_SERVER_ID_FOUND:
				stream->checked = TRUE;
				if (id != this->config.server_id)
				{
					DBG1(DBG_NET, "mguard-tcp: %#H asks for server ID %u, "
						 "this is server ID %u", stream->remote, id,
						 this->config.server_id);
					stream_close(this, stream, "wrong server ID");
					return NULL;
				}
				break;
		}
	}
	packet = packet_create();
	packet->set_source(packet, stream->remote->clone(stream->remote));
	packet->set_destination(packet, stream->local->clone(stream->local));
	packet->set_data(packet, chunk_clone(frame));
	return packet;
}

/* a plain function, so that want_write() can name it before its body */
static bool on_writable(void *data, int fd, watcher_event_t event);

/**
 * Watch for room to write when output is queued (mutex held)
 */
static void want_write(private_mguard_tcp_socket_t *this, tcp_stream_t *stream)
{
	if (!stream->writing && (stream->out_start < stream->out_len ||
							 stream->state == STREAM_CONNECTING ||
							 stream->tls_wants_write))
	{
		stream->writing = TRUE;
		lib->watcher->add(lib->watcher, stream->wfd, WATCHER_WRITE,
						  on_writable, stream);
	}
}

/**
 * Advance a Path Finder stream's TLS handshake (mutex held)
 *
 * @return			TRUE once established (frames may flow)
 */
static bool handshake(private_mguard_tcp_socket_t *this, tcp_stream_t *stream)
{
	if (!stream->tls || stream->tls->established(stream->tls))
	{
		return TRUE;
	}
	switch (stream->tls->handshake(stream->tls))
	{
		case MGUARD_TLS_OK:
			DBG1(DBG_NET, "mguard-tcp: TLS (Path Finder) with %#H established",
				 stream->remote);
			if (flush(this, stream))
			{
				want_write(this, stream);
			}
			return stream->state != STREAM_CLOSING;
		case MGUARD_TLS_WANT_WRITE:
			stream->tls_wants_write = TRUE;
			want_write(this, stream);
			return FALSE;
		case MGUARD_TLS_WANT_READ:
			return FALSE;
		default:
			DBG1(DBG_NET, "mguard-tcp: TLS (Path Finder) with %#H failed: %s",
				 stream->remote, stream->tls->get_error(stream->tls));
			stream_close(this, stream, "TLS failed");
			return FALSE;
	}
}

/**
 * Read from a stream's socket or TLS session (mutex held)
 *
 * @return			bytes read; 0 when nothing is there now; -1 when the
 *					stream closed (stream_close() done)
 */
static ssize_t stream_read(private_mguard_tcp_socket_t *this,
						   tcp_stream_t *stream, chunk_t space)
{
	size_t done;
	ssize_t n;

	if (stream->tls)
	{
		switch (stream->tls->read(stream->tls, space, &done))
		{
			case MGUARD_TLS_OK:
				return done;
			case MGUARD_TLS_WANT_WRITE:
				stream->tls_wants_write = TRUE;
				want_write(this, stream);
				/* fall */
			case MGUARD_TLS_WANT_READ:
				return 0;
			case MGUARD_TLS_CLOSED:
				stream_close(this, stream, "closed by the peer");
				return -1;
			default:
				stream_close(this, stream, stream->tls->get_error(stream->tls));
				return -1;
		}
	}
	n = recv(stream->fd, space.ptr, space.len, MSG_DONTWAIT);
	if (n == 0)
	{
		stream_close(this, stream, "closed by the peer");
		return -1;
	}
	if (n < 0)
	{
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		{
			return 0;
		}
		stream_close(this, stream, strerror(errno));
		return -1;
	}
	return n;
}

CALLBACK(on_readable, bool,
	tcp_stream_t *stream, int fd, watcher_event_t event)
{
	private_mguard_tcp_socket_t *this = stream->socket;
	mguard_tcp_next_t status = MGUARD_TCP_MORE;
	linked_list_t *packets;
	packet_t *packet;
	chunk_t space, frame;
	ssize_t n = 0;
	bool keep;
	int i;

	packets = linked_list_create();
	this->mutex->lock(this->mutex);
	/* TLS buffers what it decrypted: read it all, the socket would not
	 * wake us for it */
	for (i = 0; (stream->tls || i < READS_PER_CALLBACK) &&
				stream->state == STREAM_OPEN && handshake(this, stream); i++)
	{
		space = stream->deframer->get_space(stream->deframer);
		if (space.len)
		{
			n = stream_read(this, stream, space);
			if (n <= 0)
			{
				break;
			}
			stream->deframer->commit(stream->deframer, n);
		}
		while (stream->state == STREAM_OPEN &&
			   (status = stream->deframer->next(stream->deframer,
												&frame)) == MGUARD_TCP_FRAME)
		{
			stream->frame_start = 0;
			packet = received(this, stream, frame);
			if (packet)
			{
				packets->insert_last(packets, packet);
			}
		}
		if (status == MGUARD_TCP_BROKEN)
		{
			stream_close(this, stream,
						 stream->deframer->get_error(stream->deframer));
			break;
		}
		if (!stream->tls && space.len && (size_t)n < space.len)
		{
			/* the socket is drained for now */
			break;
		}
	}
	if (stream->state == STREAM_OPEN && !stream->frame_start &&
		stream->deframer->in_frame(stream->deframer))
	{
		stream->frame_start = time_monotonic(NULL);
	}
	/* a closing stream's close job takes the fd from the watcher */
	keep = stream->state != STREAM_CLOSING;
	this->mutex->unlock(this->mutex);

	while (packets->remove_first(packets, (void**)&packet) == SUCCESS)
	{
		deliver(this, packet);
	}
	packets->destroy(packets);
	return keep;
}

static bool on_writable(void *data, int fd, watcher_event_t event)
{
	tcp_stream_t *stream = data;
	private_mguard_tcp_socket_t *this = stream->socket;
	bool keep = FALSE;
	socklen_t len;
	int err = 0;

	this->mutex->lock(this->mutex);
	stream->writing = FALSE;
	if (stream->state == STREAM_CONNECTING)
	{
		len = sizeof(err);
		if (getsockopt(stream->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		{
			err = errno;
		}
		if (err)
		{
			stream_close(this, stream, strerror(err));
			this->mutex->unlock(this->mutex);
			return FALSE;
		}
		stream->state = STREAM_OPEN;
		DBG1(DBG_NET, "mguard-tcp: TCP stream to %#H established",
			 stream->remote);
		lib->watcher->add(lib->watcher, stream->fd, WATCHER_READ, on_readable,
						  stream);
	}
	stream->tls_wants_write = FALSE;
	if (stream->state == STREAM_OPEN && handshake(this, stream) &&
		flush(this, stream))
	{
		keep = stream->out_start < stream->out_len || stream->tls_wants_write;
	}
	else if (stream->state != STREAM_CLOSING)
	{
		keep = stream->tls_wants_write;
	}
	stream->writing = keep;
	this->mutex->unlock(this->mutex);
	return keep;
}

/**
 * Create a stream object for a connected or connecting socket
 */
static tcp_stream_t *stream_create(private_mguard_tcp_socket_t *this, int fd,
							   host_t *remote, host_t *local, bool opener)
{
	tcp_stream_t *stream;

	INIT(stream,
		.fd = fd,
		.wfd = fd == -1 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 0),
		.remote = remote->clone(remote),
		.local = local->clone(local),
		.opener = opener,
		.state = opener ? STREAM_CONNECTING : STREAM_OPEN,
		.deframer = mguard_tcp_deframer_create(!opener, this->config.max_frame),
		.out_size = this->config.max_out,
		.created = time_monotonic(NULL),
		.socket = this,
	);
	if (fd != -1 && stream->wfd == -1)
	{
		DBG1(DBG_NET, "mguard-tcp: no second descriptor for a TCP stream: %s",
			 strerror(errno));
		stream->fd = -1;
		stream_destroy(stream);
		return NULL;
	}
	return stream;
}

/**
 * A connect through the proxy, in a job of its own
 */
typedef struct {
	private_mguard_tcp_socket_t *this;
	tcp_stream_t *stream;
	mguard_tcp_proxy_t *proxy;
	u_int timeout;
} proxy_job_t;

static void proxy_job_destroy(proxy_job_t *job)
{
	mguard_tcp_proxy_destroy(job->proxy);
	free(job);
}

/**
 * Job: the CONNECT through the proxy (libcurl blocks, so never on the
 * sender's thread), then the stream goes on as one connected directly
 */
static job_requeue_t proxy_connect_job(proxy_job_t *job)
{
	private_mguard_tcp_socket_t *this = job->this;
	tcp_stream_t *stream = job->stream;
	char error[256] = "";
	bool tls = stream->cas != NULL;
	int fd;

	fd = mguard_tcp_proxy_connect(job->proxy, stream->remote, tls,
								  job->timeout, error, sizeof(error));
	this->mutex->lock(this->mutex);
	stream->proxying = FALSE;
	if (stream->state == STREAM_CLOSING)
	{
		this->mutex->unlock(this->mutex);
		if (fd != -1)
		{
			close(fd);
		}
		stream_destroy(stream);
		return JOB_REQUEUE_NONE;
	}
	if (fd == -1)
	{
		DBG1(DBG_NET, "mguard-tcp: no tunnel through the proxy %s:%u to %#H: "
			 "%s", job->proxy->host, job->proxy->port, stream->remote, error);
		stream_close(this, stream, "the proxy failed");
		this->mutex->unlock(this->mutex);
		return JOB_REQUEUE_NONE;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	stream->fd = fd;
	stream->wfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (stream->wfd == -1)
	{
		stream_close(this, stream, strerror(errno));
		this->mutex->unlock(this->mutex);
		return JOB_REQUEUE_NONE;
	}
	if (tls)
	{
		stream->tls = mguard_tcp_tls_client(fd, stream->cas);
		if (!stream->tls)
		{
			stream_close(this, stream, "no TLS");
			this->mutex->unlock(this->mutex);
			return JOB_REQUEUE_NONE;
		}
	}
	DBG1(DBG_NET, "mguard-tcp: tunnel through the proxy %s:%u to %#H "
		 "established", job->proxy->host, job->proxy->port, stream->remote);
	/* connected: on_writable takes it from here */
	want_write(this, stream);
	this->mutex->unlock(this->mutex);
	return JOB_REQUEUE_NONE;
}

/**
 * Open a stream through the proxy (mutex held)
 */
static tcp_stream_t *stream_connect_proxy(private_mguard_tcp_socket_t *this,
										  host_t *src, host_t *dst)
{
	tcp_stream_t *stream;
	tls_cas_t *cas = NULL;
	proxy_job_t *job;
	enumerator_t *enumerator;
	char *ca;

	if (src->get_port(src) == this->config.pf_initiator_port)
	{
		cas = this->tls_cas->get(this->tls_cas, dst);
		if (!cas)
		{
			DBG1(DBG_NET, "mguard-tcp: no CA to check the Path Finder "
				 "server %#H with, not connecting", dst);
			return NULL;
		}
	}
	stream = stream_create(this, -1, dst, src, TRUE);
	if (cas)
	{
		stream->cas = linked_list_create();
		enumerator = cas->cas->create_enumerator(cas->cas);
		while (enumerator->enumerate(enumerator, &ca))
		{
			stream->cas->insert_last(stream->cas, strdup(ca));
		}
		enumerator->destroy(enumerator);
	}
	stream->proxying = TRUE;
	enqueue_out(stream, chunk_from_str(MGUARD_TCP_PREFIX), chunk_empty);
	this->streams->put(this->streams, stream->remote, stream);
	DBG1(DBG_NET, "mguard-tcp: opening %s stream to %#H through the proxy "
		 "%s:%u", cas ? "Path Finder (TLS)" : "TCP", dst, this->proxy->host,
		 this->proxy->port);
	INIT(job,
		.this = this,
		.stream = stream,
		.proxy = mguard_tcp_proxy_clone(this->proxy),
		.timeout = this->config.connect_timeout,
	);
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create_with_prio(
			(callback_job_cb_t)proxy_connect_job, job,
			(callback_job_cleanup_t)proxy_job_destroy, NULL, JOB_PRIO_MEDIUM));
	return stream;
}

/**
 * Open a stream to a destination (mutex held)
 */
static tcp_stream_t *stream_connect(private_mguard_tcp_socket_t *this,
								host_t *src, host_t *dst)
{
	tcp_stream_t *stream;
	backoff_t *backoff;
	tls_cas_t *cas;
	host_t *bind_addr, *local;
	time_t now = time_monotonic(NULL);
	int fd, on = 1;

	backoff = this->backoffs->get(this->backoffs, dst);
	if (backoff && now < backoff->next)
	{
		return NULL;
	}
	if (!backoff)
	{
		INIT(backoff,
			.remote = dst->clone(dst),
			.delay = this->config.backoff,
		);
		this->backoffs->put(this->backoffs, backoff->remote, backoff);
	}
	backoff->next = now + backoff->delay;
	backoff->delay = min(backoff->delay * 2, this->config.max_backoff);

	if (this->proxy)
	{
		return stream_connect_proxy(this, src, dst);
	}
	fd = socket(dst->get_family(dst), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
				IPPROTO_TCP);
	if (fd < 0)
	{
		DBG1(DBG_NET, "mguard-tcp: unable to create a TCP socket: %s",
			 strerror(errno));
		return NULL;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	/* leave from the address charon chose, on any port */
	bind_addr = src->clone(src);
	bind_addr->set_port(bind_addr, 0);
	if (!bind_addr->is_anyaddr(bind_addr) &&
		bind(fd, bind_addr->get_sockaddr(bind_addr),
			 *bind_addr->get_sockaddr_len(bind_addr)) < 0)
	{
		DBG1(DBG_NET, "mguard-tcp: unable to bind a TCP socket to %H: %s",
			 bind_addr, strerror(errno));
	}
	bind_addr->destroy(bind_addr);
	if (connect(fd, dst->get_sockaddr(dst), *dst->get_sockaddr_len(dst)) < 0 &&
		errno != EINPROGRESS)
	{
		DBG1(DBG_NET, "mguard-tcp: unable to connect to %#H: %s", dst,
			 strerror(errno));
		close(fd);
		return NULL;
	}
	/* frames from the stream come to the port the IKE_SA uses */
	local = src->clone(src);
	stream = stream_create(this, fd, dst, local, TRUE);
	local->destroy(local);
	if (!stream)
	{
		close(fd);
		return NULL;
	}
	if (src->get_port(src) == this->config.pf_initiator_port)
	{
		/* Path Finder: TLS first, its server checked against the
		 * connection's CAs */
		cas = this->tls_cas->get(this->tls_cas, dst);
		stream->tls = cas ? mguard_tcp_tls_client(fd, cas->cas) : NULL;
		if (!stream->tls)
		{
			DBG1(DBG_NET, "mguard-tcp: no CA to check the Path Finder "
				 "server %#H with, not connecting", dst);
			stream_destroy(stream);
			return NULL;
		}
	}
	enqueue_out(stream, chunk_from_str(MGUARD_TCP_PREFIX), chunk_empty);
	this->streams->put(this->streams, stream->remote, stream);
	DBG1(DBG_NET, "mguard-tcp: opening %s stream to %#H",
		 stream->tls ? "Path Finder (TLS)" : "TCP", dst);
	want_write(this, stream);
	return stream;
}

/**
 * Job: make the IKE_SAs over a reopened stream tell the responder where
 * they are now. A liveness check right away (charon's own DPD waits for
 * dpd_delay without inbound traffic, which the broken stream causes): the
 * responder follows the message to the stream's new port, with its
 * CHILD_SAs' ESP.
 */
static job_requeue_t announce_job(host_t *remote)
{
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;
	linked_list_t *ids;
	ike_sa_id_t *id;

	ids = linked_list_create();
	enumerator = charon->ike_sa_manager->create_enumerator(
											charon->ike_sa_manager, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		if (ike_sa->get_state(ike_sa) == IKE_ESTABLISHED &&
			ike_sa->get_version(ike_sa) == IKEV2 &&
			remote->equals(remote, ike_sa->get_other_host(ike_sa)))
		{
			id = ike_sa->get_id(ike_sa);
			ids->insert_last(ids, id->clone(id));
		}
	}
	enumerator->destroy(enumerator);
	while (ids->remove_first(ids, (void**)&id) == SUCCESS)
	{
		ike_sa = charon->ike_sa_manager->checkout(charon->ike_sa_manager, id);
		if (ike_sa)
		{
			DBG1(DBG_NET, "mguard-tcp: checking liveness over the new TCP "
				 "stream to %#H", remote);
			ike_sa->queue_task(ike_sa, (task_t*)ike_dpd_create(TRUE));
			if (ike_sa->initiate(ike_sa, NULL, NULL) == DESTROY_ME)
			{
				charon->ike_sa_manager->checkin_and_destroy(
											charon->ike_sa_manager, ike_sa);
			}
			else
			{
				charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
			}
		}
		id->destroy(id);
	}
	ids->destroy(ids);
	return JOB_REQUEUE_NONE;
}

METHOD(socket_t, send_, status_t,
	private_mguard_tcp_socket_t *this, packet_t *packet)
{
	host_t *src = packet->get_source(packet), *dst = packet->get_destination(packet);
	chunk_t data = packet->get_data(packet);
	u_char header[MGUARD_TCP_LENGTH_LEN];
	tcp_stream_t *stream;
	bool reopened = FALSE, sent = TRUE;

	this->mutex->lock(this->mutex);
	stream = this->streams->get(this->streams, dst);
	if (!stream)
	{
		if (mguard_tcp_config_initiator(&this->config, src->get_port(src)) &&
			this->no_esp)
		{
			this->mutex->unlock(this->mutex);
			DBG1(DBG_NET, "mguard-tcp: not opening a TCP stream to %#H: ESP "
				 "can travel in TCP only through kernel-libipsec, which is "
				 "not loaded", dst);
			return SUCCESS;
		}
		if (mguard_tcp_config_initiator(&this->config, src->get_port(src)))
		{
			reopened = this->backoffs->get(this->backoffs, dst) != NULL;
			stream = stream_connect(this, src, dst);
			if (!stream)
			{
				this->mutex->unlock(this->mutex);
				DBG2(DBG_NET, "mguard-tcp: no TCP stream to %#H yet, "
					 "dropping a packet", dst);
				return SUCCESS;
			}
		}
		else if (mguard_tcp_config_listening(&this->config,
											 src->get_port(src)))
		{
			/* its stream is gone: only the peer reconnects, and never
			 * does this packet go out as UDP */
			this->mutex->unlock(this->mutex);
			DBG2(DBG_NET, "mguard-tcp: no TCP stream from %#H, dropping a "
				 "packet", dst);
			return SUCCESS;
		}
		else
		{
			this->mutex->unlock(this->mutex);
			return this->udp->send(this->udp, packet);
		}
	}
	if (data.len == 1 && data.ptr[0] == 0xff)
	{
		/* RFC 9329: no NAT keepalives in TCP */
		this->mutex->unlock(this->mutex);
		return SUCCESS;
	}
	if (stream->state == STREAM_CLOSING ||
		!mguard_tcp_frame_header(data.len, header) ||
		data.len + MGUARD_TCP_LENGTH_LEN > this->config.max_frame ||
		!enqueue_out(stream, chunk_from_thing(header), data))
	{
		sent = FALSE;
	}
	else if (stream->state == STREAM_OPEN && !stream->writing)
	{
		if (flush(this, stream))
		{
			want_write(this, stream);
		}
	}
	this->mutex->unlock(this->mutex);
	if (!sent)
	{
		DBG2(DBG_NET, "mguard-tcp: TCP stream to %#H full, dropping a "
			 "packet of %zu bytes", dst, data.len);
	}
	if (reopened)
	{
		lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create_with_prio(
				(callback_job_cb_t)announce_job, dst->clone(dst),
				(callback_job_cleanup_t)dst->destroy, NULL,
				JOB_PRIO_MEDIUM));
	}
	return SUCCESS;
}

METHOD(socket_t, receive, status_t,
	private_mguard_tcp_socket_t *this, packet_t **packet)
{
	/* a cancellation point: charon cancels its receiver thread here */
	*packet = this->queue->dequeue(this->queue);
	(void)ref_put(&this->queued);
	return SUCCESS;
}

/**
 * Thread: socket-default's blocking receive, into the queue
 */
static void *pump(private_mguard_tcp_socket_t *this)
{
	packet_t *packet;

	/* cancelled only where socket-default waits (it enables that around its
	 * poll), never while holding the queue's lock */
	thread_cancelability(FALSE);
	while (TRUE)
	{
		if (this->udp->receive(this->udp, &packet) == SUCCESS)
		{
			deliver(this, packet);
		}
	}
	return NULL;
}

CALLBACK(on_accept, bool,
	tcp_listen_t *listener, int fd, watcher_event_t event)
{
	private_mguard_tcp_socket_t *this = listener->socket;
	struct sockaddr_storage addr;
	socklen_t len = sizeof(addr);
	tcp_stream_t *stream, *old;
	host_t *remote, *local;
	time_t now;
	u_int refused;
	int conn, on = 1;

	conn = accept4(fd, (struct sockaddr*)&addr, &len,
				   SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (conn < 0)
	{
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		{
			DBG1(DBG_NET, "mguard-tcp: accepting a TCP stream failed: %s",
				 strerror(errno));
		}
		return TRUE;
	}
	remote = host_create_from_sockaddr((struct sockaddr*)&addr);
	if (!remote)
	{
		close(conn);
		return TRUE;
	}
	this->mutex->lock(this->mutex);
	if (this->unauth >= this->config.max_unauth ||
		count_unauth(this, remote) >= this->config.max_unauth_per_source)
	{
		/* a flood must not flood the log too: one line a second at most */
		now = time_monotonic(NULL);
		refused = ++this->refused;
		if (now == this->refused_logged)
		{
			refused = 0;
		}
		else
		{
			this->refused_logged = now;
			this->refused = 0;
		}
		this->mutex->unlock(this->mutex);
		if (refused)
		{
			DBG1(DBG_NET, "mguard-tcp: refused %u TCP stream(s), the last from "
				 "%#H: too many streams without an IKE_SA", refused, remote);
		}
		remote->destroy(remote);
		close(conn);
		return TRUE;
	}
	setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	/* the address the peer reached (the listener may be bound to %any) */
	len = sizeof(addr);
	local = NULL;
	if (getsockname(conn, (struct sockaddr*)&addr, &len) == 0)
	{
		local = host_create_from_sockaddr((struct sockaddr*)&addr);
	}
	stream = stream_create(this, conn, remote, local ?: listener->local, FALSE);
	DESTROY_IF(local);
	if (!stream)
	{
		this->mutex->unlock(this->mutex);
		remote->destroy(remote);
		close(conn);
		return TRUE;
	}
	if (listener->tls)
	{
		stream->tls = mguard_tcp_tls_server(conn, this->pf_cert, this->pf_key);
		if (!stream->tls)
		{
			this->mutex->unlock(this->mutex);
			stream_destroy(stream);
			remote->destroy(remote);
			return TRUE;
		}
	}
	old = this->streams->put(this->streams, stream->remote, stream);
	if (old)
	{
		/* the same address and port again: the old one is dead */
		stream_close(this, old, "replaced by a new stream");
	}
	this->unauth++;
	DBG2(DBG_NET, "mguard-tcp: TCP stream from %#H accepted", remote);
	lib->watcher->add(lib->watcher, conn, WATCHER_READ, on_readable, stream);
	this->mutex->unlock(this->mutex);
	remote->destroy(remote);
	return TRUE;
}

/**
 * Open the listening sockets
 */
static void open_listeners(private_mguard_tcp_socket_t *this,
						   mguard_tcp_config_t *config, uint16_t port,
						   bool tls)
{
	enumerator_t *enumerator;
	mguard_tcp_endpoint_t *ep;
	tcp_listen_t *listener;
	host_t *addr;
	int fd, on = 1;

	if (!port)
	{
		return;
	}
	enumerator = config->endpoints->create_enumerator(config->endpoints);
	while (enumerator->enumerate(enumerator, &ep))
	{
		addr = ep->addr->clone(ep->addr);
		addr->set_port(addr, port);
		fd = socket(addr->get_family(addr),
					SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
		if (fd < 0 ||
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
			(ep->ifname && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE,
							ep->ifname, strlen(ep->ifname)) < 0) ||
			bind(fd, addr->get_sockaddr(addr),
				 *addr->get_sockaddr_len(addr)) < 0 ||
			listen(fd, SOMAXCONN) < 0)
		{
			DBG1(DBG_NET, "mguard-tcp: unable to listen on TCP %#H%s%s: %s",
				 addr, ep->ifname ? " on " : "", ep->ifname ?: "",
				 strerror(errno));
			if (fd >= 0)
			{
				close(fd);
			}
			addr->destroy(addr);
			continue;
		}
		INIT(listener,
			.fd = fd,
			.tls = tls,
			.local = addr,
			.socket = this,
		);
		array_insert(this->listeners, ARRAY_TAIL, listener);
		DBG1(DBG_NET, "mguard-tcp: listening for %s on %#H%s%s",
			 tls ? "Path Finder (TLS)" : "TCP encapsulation", addr,
			 ep->ifname ? " on " : "", ep->ifname ?: "");
		lib->watcher->add(lib->watcher, fd, WATCHER_READ, on_accept, listener);
	}
	enumerator->destroy(enumerator);
}

/**
 * Every second (a timerfd, so that destroy can stop it for good): close
 * streams that overstay their limits
 */
CALLBACK(on_tick, bool,
	private_mguard_tcp_socket_t *this, int fd, watcher_event_t event)
{
	enumerator_t *enumerator;
	tcp_stream_t *stream;
	time_t now = time_monotonic(NULL);
	const char *why;
	uint64_t ticks;
	u_int refused;

	if (read(fd, &ticks, sizeof(ticks)) != sizeof(ticks))
	{
		return TRUE;
	}
	this->mutex->lock(this->mutex);
	enumerator = this->streams->create_enumerator(this->streams);
	while (enumerator->enumerate(enumerator, NULL, &stream))
	{
		why = NULL;
		if (stream->state == STREAM_CONNECTING &&
			now - stream->created > this->config.connect_timeout)
		{
			why = "connect timed out";
		}
		else if (!stream->opener && !stream->authenticated &&
				 stream->deframer->awaiting_prefix(stream->deframer) &&
				 now - stream->created > this->config.handshake_timeout)
		{
			why = "no prefix in time";
		}
		else if (stream->frame_start &&
				 now - stream->frame_start > this->config.frame_timeout)
		{
			why = "a frame took too long";
		}
		else if (!stream->opener && !stream->authenticated &&
				 now - stream->created > this->config.auth_timeout)
		{
			why = "no IKE_SA in time";
		}
		else if (stream->orphaned && now - stream->orphaned >= ORPHAN_GRACE)
		{
			why = "its last IKE_SA is gone";
		}
		if (why)
		{
			stream_close(this, stream, why);
		}
	}
	enumerator->destroy(enumerator);
	/* refusals not logged yet (a flood within one second) */
	refused = 0;
	if (this->refused && now != this->refused_logged)
	{
		refused = this->refused;
		this->refused = 0;
		this->refused_logged = now;
	}
	this->mutex->unlock(this->mutex);
	if (refused)
	{
		DBG1(DBG_NET, "mguard-tcp: refused %u more TCP stream(s): too many "
			 "streams without an IKE_SA", refused);
	}
	return TRUE;
}

METHOD(mguard_tcp_socket_t, ike_sa_changed, void,
	private_mguard_tcp_socket_t *this, host_t *other, bool up)
{
	tcp_stream_t *stream;

	this->mutex->lock(this->mutex);
	stream = this->streams->get(this->streams, other);
	if (stream && stream->state != STREAM_CLOSING)
	{
		if (up)
		{
			if (!stream->authenticated && !stream->opener)
			{
				this->unauth--;
			}
			stream->orphaned = 0;
			stream->authenticated = TRUE;
			stream->ike_sas++;
		}
		else if (stream->ike_sas && !--stream->ike_sas)
		{
			/* closed by the tick, once the last messages (a delete's
			 * response, queued in charon's sender) had time to leave */
			stream->orphaned = time_monotonic(NULL);
		}
	}
	this->mutex->unlock(this->mutex);
}

METHOD(mguard_tcp_socket_t, set_cas, void,
	private_mguard_tcp_socket_t *this, host_t *dst, linked_list_t *cas)
{
	enumerator_t *enumerator;
	tls_cas_t *entry;
	char *ca;

	this->mutex->lock(this->mutex);
	entry = this->tls_cas->get(this->tls_cas, dst);
	if (!entry)
	{
		INIT(entry,
			.dst = dst->clone(dst),
		);
		this->tls_cas->put(this->tls_cas, entry->dst, entry);
	}
	if (entry->cas)
	{
		entry->cas->destroy_function(entry->cas, free);
	}
	entry->cas = linked_list_create();
	enumerator = cas->create_enumerator(cas);
	while (enumerator->enumerate(enumerator, &ca))
	{
		entry->cas->insert_last(entry->cas, strdup(ca));
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
}

METHOD(mguard_tcp_socket_t, ike_sa_moved, void,
	private_mguard_tcp_socket_t *this, host_t *from, host_t *to)
{
	ike_sa_changed(this, to, TRUE);
	ike_sa_changed(this, from, FALSE);
}

/**
 * Copy what the socket uses of a configuration
 */
static void take_config(private_mguard_tcp_socket_t *this,
						mguard_tcp_config_t *config)
{
	this->config = *config;
	/* owned by the caller */
	this->config.endpoints = NULL;
	this->config.server_ids = NULL;
	this->config.pf_cas = NULL;
	this->config.pf_cert = this->config.pf_key = NULL;
	this->config.proxy = NULL;
	mguard_tcp_proxy_destroy(this->proxy);
	this->proxy = mguard_tcp_proxy_clone(config->proxy);
	if (!this->pf_cert && config->pf_cert && config->pf_key)
	{
		/* with the listener: taken at start, like it */
		this->pf_cert = strdup(config->pf_cert);
		this->pf_key = strdup(config->pf_key);
	}
}

METHOD(mguard_tcp_socket_t, update, void,
	private_mguard_tcp_socket_t *this, mguard_tcp_config_t *config)
{
	uint16_t port, pf_port;

	this->mutex->lock(this->mutex);
	port = this->config.listen_port;
	pf_port = this->config.pf_listen_port;
	take_config(this, config);
	/* what is bound stays bound */
	this->config.listen_port = port;
	this->config.pf_listen_port = pf_port;
	this->mutex->unlock(this->mutex);
}

METHOD(socket_t, get_port, uint16_t,
	private_mguard_tcp_socket_t *this, bool nat_t)
{
	return this->udp->get_port(this->udp, nat_t);
}

METHOD(socket_t, supported_families, socket_family_t,
	private_mguard_tcp_socket_t *this)
{
	return this->udp->supported_families(this->udp);
}

METHOD(socket_t, destroy, void,
	private_mguard_tcp_socket_t *this)
{
	enumerator_t *enumerator;
	tcp_listen_t *listener;
	tcp_stream_t *stream;
	backoff_t *backoff;
	tls_cas_t *cas;

	if (this->timer != -1)
	{
		lib->watcher->remove(lib->watcher, this->timer);
		close(this->timer);
	}
	while (array_remove(this->listeners, ARRAY_HEAD, &listener))
	{
		lib->watcher->remove(lib->watcher, listener->fd);
		close(listener->fd);
		listener->local->destroy(listener->local);
		free(listener);
	}
	array_destroy(this->listeners);
	/* the watcher may still be in a stream's callback: stop watching first */
	this->mutex->lock(this->mutex);
	enumerator = this->streams->create_enumerator(this->streams);
	while (enumerator->enumerate(enumerator, NULL, &stream))
	{
		this->streams->remove_at(this->streams, enumerator);
		stream->state = STREAM_CLOSING;
		this->mutex->unlock(this->mutex);
		stream_unwatch(stream);
		stream_destroy(stream);
		this->mutex->lock(this->mutex);
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	this->streams->destroy(this->streams);
	enumerator = this->backoffs->create_enumerator(this->backoffs);
	while (enumerator->enumerate(enumerator, NULL, &backoff))
	{
		backoff->remote->destroy(backoff->remote);
		free(backoff);
	}
	enumerator->destroy(enumerator);
	this->backoffs->destroy(this->backoffs);
	enumerator = this->tls_cas->create_enumerator(this->tls_cas);
	while (enumerator->enumerate(enumerator, NULL, &cas))
	{
		cas->dst->destroy(cas->dst);
		cas->cas->destroy_function(cas->cas, free);
		free(cas);
	}
	enumerator->destroy(enumerator);
	this->tls_cas->destroy(this->tls_cas);
	free(this->pf_cert);
	free(this->pf_key);
	mguard_tcp_proxy_destroy(this->proxy);
	if (this->pump)
	{
		this->pump->cancel(this->pump);
		this->pump->join(this->pump);
	}
	DESTROY_IF(this->udp);
	this->queue->destroy_offset(this->queue, offsetof(packet_t, destroy));
	this->mutex->destroy(this->mutex);
	free(this);
}

/**
 * socket-default's constructor, from its plugin (loaded or not)
 */
static socket_t *create_udp_socket()
{
	socket_t *(*create)();
	void *handle;

	handle = dlopen(PLUGINDIR "/libstrongswan-socket-default.so",
					RTLD_LAZY | RTLD_NOLOAD);
	if (!handle)
	{
		handle = dlopen(PLUGINDIR "/libstrongswan-socket-default.so",
						RTLD_LAZY);
	}
	if (!handle)
	{
		DBG1(DBG_NET, "mguard-tcp: strongSwan's socket-default plugin is "
			 "missing (%s): it carries UDP 500/4500", dlerror());
		return NULL;
	}
	create = dlsym(handle, "socket_default_socket_create");
	if (!create)
	{
		DBG1(DBG_NET, "mguard-tcp: socket-default has no "
			 "socket_default_socket_create: %s", dlerror());
		dlclose(handle);
		return NULL;
	}
	/* the handle stays open for as long as charon runs */
	return create();
}

/*
 * Described in header
 */
mguard_tcp_socket_t *mguard_tcp_socket_create(mguard_tcp_config_t *config)
{
	private_mguard_tcp_socket_t *this;
	struct itimerspec tick = {
		.it_interval = { .tv_sec = 1 },
		.it_value = { .tv_sec = 1 },
	};
	socket_t *udp;

	udp = create_udp_socket();
	if (!udp)
	{
		return NULL;
	}
	INIT(this,
		.public = {
			.socket = {
				.send = _send_,
				.receive = _receive,
				.get_port = _get_port,
				.supported_families = _supported_families,
				.destroy = _destroy,
			},
			.update = _update,
			.ike_sa_changed = _ike_sa_changed,
			.ike_sa_moved = _ike_sa_moved,
			.set_cas = _set_cas,
		},
		.udp = udp,
		.queue = blocking_queue_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.streams = hashtable_create((hashtable_hash_t)host_hash,
									(hashtable_equals_t)host_equals, 32),
		.backoffs = hashtable_create((hashtable_hash_t)host_hash,
									 (hashtable_equals_t)host_equals, 8),
		.tls_cas = hashtable_create((hashtable_hash_t)host_hash,
									(hashtable_equals_t)host_equals, 8),
		.listeners = array_create(0, 0),
		.timer = -1,
	);
	take_config(this, config);
	if (!lib->get(lib, "kernel-libipsec-tun"))
	{
		/* with kernel XFRM, ESP would need the kernel's espintcp (RFC 9329
		 * in the kernel, CONFIG_INET_ESPINTCP), which this socket does not
		 * drive: refuse TCP encapsulation instead of carrying only IKE */
		DBG1(DBG_NET, "mguard-tcp: kernel-libipsec is not loaded, TCP "
			 "encapsulation is off (UDP works as usual): load it (Debian "
			 "package libcharon-extra-plugins) to carry ESP in TCP streams");
		this->no_esp = TRUE;
	}

	this->pump = thread_create((thread_main_t)pump, this);
	if (!this->pump)
	{
		destroy(this);
		return NULL;
	}
	if (!this->no_esp)
	{
		open_listeners(this, config, config->listen_port, FALSE);
		open_listeners(this, config, config->pf_listen_port, TRUE);
	}
	this->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (this->timer == -1 || timerfd_settime(this->timer, 0, &tick, NULL) < 0)
	{
		DBG1(DBG_NET, "mguard-tcp: no timer for stream timeouts: %s",
			 strerror(errno));
		destroy(this);
		return NULL;
	}
	lib->watcher->add(lib->watcher, this->timer, WATCHER_READ, on_tick, this);
	return &this->public;
}
