/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_xauth.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <encoding/payloads/cp_payload.h>
#include <threading/mutex.h>

/** longest user name kept (escaped) */
#define USER_MAX 64

typedef struct private_mguard_control_xauth_t private_mguard_control_xauth_t;

/**
 * Private data of a mguard_control_xauth_t object.
 */
struct private_mguard_control_xauth_t {

	/**
	 * Public interface
	 */
	mguard_control_xauth_t public;

	/**
	 * IKE_SA unique ID => user name (char*) of its pending XAuth exchange
	 */
	hashtable_t *users;

	/**
	 * Protects users
	 */
	mutex_t *mutex;
};

/**
 * The message's configuration payload of the given type, NULL if none
 */
static cp_payload_t *get_cp(message_t *message, config_type_t type)
{
	cp_payload_t *cp;

	if (message->get_exchange_type(message) != TRANSACTION)
	{
		return NULL;
	}
	cp = (cp_payload_t*)message->get_payload(message, PLV1_CONFIGURATION);
	return cp && cp->get_type(cp) == type ? cp : NULL;
}

/**
 * A peer's user name, printable and bounded (the peer chose it)
 */
static char *escape_user(chunk_t name)
{
	char *user;
	size_t i, len = min(name.len, (size_t)USER_MAX);

	user = malloc(len + 1);
	for (i = 0; i < len; i++)
	{
		user[i] = (name.ptr[i] >= 0x20 && name.ptr[i] < 0x7f &&
				   name.ptr[i] != '\'') ? name.ptr[i] : '?';
	}
	user[len] = '\0';
	return user;
}

/**
 * Remember the user name of a received XAuth reply
 */
static void user_received(private_mguard_control_xauth_t *this,
						  ike_sa_t *ike_sa, cp_payload_t *cp)
{
	configuration_attribute_t *ca;
	enumerator_t *enumerator;
	char *user = NULL, *old;

	enumerator = cp->create_attribute_enumerator(cp);
	while (enumerator->enumerate(enumerator, &ca))
	{
		if (ca->get_type(ca) == XAUTH_USER_NAME)
		{
			user = escape_user(ca->get_chunk(ca));
			break;
		}
	}
	enumerator->destroy(enumerator);
	if (user)
	{
		this->mutex->lock(this->mutex);
		old = this->users->put(this->users,
				(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa), user);
		this->mutex->unlock(this->mutex);
		free(old);
	}
}

/**
 * Log the verdict the server sends, if it is a refusal
 */
static void status_sent(private_mguard_control_xauth_t *this,
						ike_sa_t *ike_sa, cp_payload_t *cp)
{
	configuration_attribute_t *ca;
	enumerator_t *enumerator;
	bool refused = FALSE;
	char *user;

	enumerator = cp->create_attribute_enumerator(cp);
	while (enumerator->enumerate(enumerator, &ca))
	{
		if (ca->get_type(ca) == XAUTH_STATUS)
		{
			refused = ca->get_value(ca) == 0;
			break;
		}
	}
	enumerator->destroy(enumerator);
	this->mutex->lock(this->mutex);
	user = this->users->remove(this->users,
					(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa));
	this->mutex->unlock(this->mutex);
	if (refused)
	{
		DBG1(DBG_IKE, "mguard-control: XAuth login of user '%s' refused on "
			 "connection '%s' from %H: wrong user name or password",
			 user ?: "?", ike_sa->get_name(ike_sa),
			 ike_sa->get_other_host(ike_sa));
	}
	free(user);
}

METHOD(listener_t, message_hook, bool,
	private_mguard_control_xauth_t *this, ike_sa_t *ike_sa,
	message_t *message, bool incoming, bool plain)
{
	cp_payload_t *cp;

	if (!plain || ike_sa->get_version(ike_sa) != IKEV1)
	{
		return TRUE;
	}
	if (incoming)
	{
		cp = get_cp(message, CFG_REPLY);
		if (cp)
		{
			user_received(this, ike_sa, cp);
		}
	}
	else
	{
		cp = get_cp(message, CFG_SET);
		if (cp)
		{
			status_sent(this, ike_sa, cp);
		}
	}
	return TRUE;
}

METHOD(listener_t, ike_state_change, bool,
	private_mguard_control_xauth_t *this, ike_sa_t *ike_sa,
	ike_sa_state_t state)
{
	char *user;

	if (state == IKE_DESTROYING)
	{
		this->mutex->lock(this->mutex);
		user = this->users->remove(this->users,
					(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa));
		this->mutex->unlock(this->mutex);
		free(user);
	}
	return TRUE;
}

METHOD(mguard_control_xauth_t, destroy, void,
	private_mguard_control_xauth_t *this)
{
	enumerator_t *enumerator;
	char *user;

	enumerator = this->users->create_enumerator(this->users);
	while (enumerator->enumerate(enumerator, NULL, &user))
	{
		free(user);
	}
	enumerator->destroy(enumerator);
	this->users->destroy(this->users);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
mguard_control_xauth_t *mguard_control_xauth_create()
{
	private_mguard_control_xauth_t *this;

	INIT(this,
		.public = {
			.listener = {
				.message = _message_hook,
				.ike_state_change = _ike_state_change,
			},
			.destroy = _destroy,
		},
		.users = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
