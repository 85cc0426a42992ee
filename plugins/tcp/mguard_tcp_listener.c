/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_tcp_listener.h"
#include "mguard_tcp_server_id.h"

#include <daemon.h>
#include <threading/rwlock.h>

typedef struct private_mguard_tcp_listener_t private_mguard_tcp_listener_t;

struct private_mguard_tcp_listener_t {

	/**
	 * Public interface
	 */
	mguard_tcp_listener_t public;

	/**
	 * The socket
	 */
	mguard_tcp_socket_t *socket;

	/**
	 * Current configuration
	 */
	mguard_tcp_config_t *config;

	/**
	 * Protects config and counted
	 */
	rwlock_t *lock;

	/**
	 * IKE_SAs counted on a stream: unique ID => host_t* (the stream's peer)
	 */
	hashtable_t *counted;
};

/**
 * Whether an IKE_SA travels in a TCP stream (lock held)
 */
static bool over_tcp(private_mguard_tcp_listener_t *this, ike_sa_t *ike_sa)
{
	host_t *me = ike_sa->get_my_host(ike_sa);
	uint16_t port = me->get_port(me);

	return mguard_tcp_config_initiator(this->config, port) ||
		   mguard_tcp_config_listening(this->config, port);
}

METHOD(listener_t, message, bool,
	private_mguard_tcp_listener_t *this, ike_sa_t *ike_sa, message_t *message,
	bool incoming, bool plain)
{
	peer_cfg_t *peer_cfg;
	linked_list_t *cas;
	uintptr_t id = 0;
	uint16_t port;
	u_char data;

	if (incoming || !plain || !message->get_request(message) ||
		message->get_exchange_type(message) != IKE_SA_INIT)
	{
		return TRUE;
	}
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	port = ike_sa->get_my_host(ike_sa)->get_port(ike_sa->get_my_host(ike_sa));
	this->lock->read_lock(this->lock);
	if (peer_cfg && mguard_tcp_config_initiator(this->config, port))
	{
		id = (uintptr_t)this->config->server_ids->get(this->config->server_ids,
											peer_cfg->get_name(peer_cfg));
	}
	if (peer_cfg && port == this->config->pf_initiator_port)
	{
		/* the stream this message opens checks its server with these */
		cas = this->config->pf_cas->get(this->config->pf_cas,
										peer_cfg->get_name(peer_cfg));
		if (cas)
		{
			this->socket->set_cas(this->socket,
								  message->get_destination(message), cas);
		}
	}
	this->lock->unlock(this->lock);
	if (id)
	{
		data = id;
		message->add_notify(message, FALSE, MGUARD_TCP_SERVER_ID_NOTIFY,
							chunk_from_thing(data));
		DBG2(DBG_IKE, "mguard-tcp: asking for server ID %u", data);
	}
	return TRUE;
}

METHOD(listener_t, ike_state_change, bool,
	private_mguard_tcp_listener_t *this, ike_sa_t *ike_sa,
	ike_sa_state_t state)
{
	uintptr_t uid = ike_sa->get_unique_id(ike_sa);
	host_t *other, *old = NULL;
	bool tcp;

	if (state != IKE_ESTABLISHED && state != IKE_DESTROYING)
	{
		return TRUE;
	}
	this->lock->write_lock(this->lock);
	tcp = over_tcp(this, ike_sa);
	if (state == IKE_ESTABLISHED && tcp &&
		!this->counted->get(this->counted, (void*)uid))
	{
		other = ike_sa->get_other_host(ike_sa);
		this->counted->put(this->counted, (void*)uid, other->clone(other));
		this->lock->unlock(this->lock);
		this->socket->ike_sa_changed(this->socket, other, TRUE);
		return TRUE;
	}
	if (state == IKE_DESTROYING)
	{
		old = this->counted->remove(this->counted, (void*)uid);
	}
	this->lock->unlock(this->lock);
	if (old)
	{
		this->socket->ike_sa_changed(this->socket, old, FALSE);
		old->destroy(old);
	}
	return TRUE;
}

METHOD(listener_t, ike_update, bool,
	private_mguard_tcp_listener_t *this, ike_sa_t *ike_sa, host_t *local,
	host_t *remote)
{
	uintptr_t uid = ike_sa->get_unique_id(ike_sa);
	host_t *old;

	this->lock->write_lock(this->lock);
	old = this->counted->get(this->counted, (void*)uid);
	if (!old || old->equals(old, remote))
	{
		this->lock->unlock(this->lock);
		return TRUE;
	}
	this->counted->put(this->counted, (void*)uid, remote->clone(remote));
	this->lock->unlock(this->lock);
	this->socket->ike_sa_moved(this->socket, old, remote);
	old->destroy(old);
	return TRUE;
}

METHOD(mguard_tcp_listener_t, update, void,
	private_mguard_tcp_listener_t *this, mguard_tcp_config_t *config)
{
	this->lock->write_lock(this->lock);
	this->config = config;
	this->lock->unlock(this->lock);
}

METHOD(mguard_tcp_listener_t, destroy, void,
	private_mguard_tcp_listener_t *this)
{
	enumerator_t *enumerator;
	host_t *host;

	enumerator = this->counted->create_enumerator(this->counted);
	while (enumerator->enumerate(enumerator, NULL, &host))
	{
		host->destroy(host);
	}
	enumerator->destroy(enumerator);
	this->counted->destroy(this->counted);
	this->lock->destroy(this->lock);
	free(this);
}

/*
 * Described in header
 */
mguard_tcp_listener_t *mguard_tcp_listener_create(mguard_tcp_socket_t *socket,
												  mguard_tcp_config_t *config)
{
	private_mguard_tcp_listener_t *this;

	INIT(this,
		.public = {
			.listener = {
				.message = _message,
				.ike_state_change = _ike_state_change,
				.ike_update = _ike_update,
			},
			.update = _update,
			.destroy = _destroy,
		},
		.socket = socket,
		.config = config,
		.lock = rwlock_create(RWLOCK_TYPE_DEFAULT),
		.counted = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 32),
	);
	return &this->public;
}
