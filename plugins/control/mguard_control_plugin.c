/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_plugin.h"
#include "mguard_control_acquire.h"
#include "mguard_control_dyndns.h"
#include "mguard_control_listener.h"
#include "mguard_control_manager.h"
#include "mguard_control_requests.h"
#include "mguard_control_requires.h"
#include "mguard_control_socket.h"
#include "mguard_control_timer.h"
#include "mguard_control_tranche.h"
#include "mguard_control_tranche_narrow.h"
#include "mguard_control_xauth.h"

#include <daemon.h>

#include <mguard_model_store.h>

typedef struct private_mguard_control_plugin_t private_mguard_control_plugin_t;

/**
 * Private data of the mguard-control plugin.
 */
struct private_mguard_control_plugin_t {

	/**
	 * Implements plugin interface
	 */
	mguard_control_plugin_t public;

	/**
	 * Modes of the model's connections
	 */
	mguard_control_manager_t *manager;

	/**
	 * Answers control requests
	 */
	mguard_control_requests_t *requests;

	/**
	 * Refuses peers of stopped connections
	 */
	mguard_control_listener_t *listener;

	/**
	 * Rekeyings and failed attempts per connection
	 */
	mguard_control_stats_t *stats;

	/**
	 * Control socket
	 */
	mguard_control_socket_t *socket;

	/**
	 * Acquires for the kernel-libipsec data path, only with kernel-libipsec
	 */
	mguard_control_acquire_t *acquire;

	/**
	 * The manager's periodic work, runs only while the features are loaded
	 */
	mguard_control_timer_t *timer;

	/**
	 * Follows the host names of peers (global.dyndns), while the features
	 * are loaded
	 */
	mguard_control_dyndns_t *dyndns;

	/**
	 * Names missing strongSwan plugins
	 */
	mguard_control_requires_t *requires;

	/**
	 * Keeps the model store (and the model it parsed) for as long as the
	 * plugin is loaded, so reads on reload reuse it and never race with
	 * another plugin's last release
	 */
	mguard_model_store_t *store;

	/**
	 * Network tranches of Mode Config servers, and their selectors
	 */
	mguard_control_tranche_t *tranche;
	mguard_control_tranche_narrow_t *narrow;

	/**
	 * Logs refused XAuth logins with connection and user
	 */
	mguard_control_xauth_t *xauth;
};

METHOD(plugin_t, get_name, char*,
	private_mguard_control_plugin_t *this)
{
	return "mguard-control";
}

/**
 * Open the control socket, then start what runs on its own (periodic work,
 * listener, logger): nothing runs before everything could be set up, and
 * everything is stopped before the plugin may be destroyed
 */
static bool plugin_cb(private_mguard_control_plugin_t *this,
					  plugin_feature_t *feature, bool reg, void *cb_data)
{
	if (reg)
	{
		this->socket = mguard_control_socket_create(this->requests);
		if (!this->socket)
		{
			return FALSE;
		}
		this->timer = mguard_control_timer_create(1000,
							(void*)this->manager->tick, this->manager);
		this->dyndns = mguard_control_dyndns_create(this->manager);
		charon->bus->add_listener(charon->bus, &this->listener->listener);
		charon->bus->add_listener(charon->bus, &this->stats->listener);
		/* the shim is for libipsec's data path only: with XFRM it would
		 * see every ESP message for nothing */
		if (lib->get(lib, "kernel-libipsec-tun"))
		{
			this->acquire = mguard_control_acquire_create();
			charon->bus->add_logger(charon->bus, &this->acquire->logger);
			DBG1(DBG_CFG, "mguard-control: raising acquires for packets "
				 "kernel-libipsec drops for lack of an SA");
		}
		charon->bus->add_listener(charon->bus, &this->requires->listener);
		this->requires->check_loaded(this->requires);
		this->tranche = mguard_control_tranche_create();
		charon->attributes->add_provider(charon->attributes,
										 &this->tranche->provider);
		this->narrow = mguard_control_tranche_narrow_create(this->tranche);
		charon->bus->add_listener(charon->bus, &this->narrow->listener);
		this->xauth = mguard_control_xauth_create();
		charon->bus->add_listener(charon->bus, &this->xauth->listener);
	}
	else
	{
		if (this->tranche)
		{
			charon->bus->remove_listener(charon->bus, &this->xauth->listener);
			this->xauth->destroy(this->xauth);
			charon->bus->remove_listener(charon->bus, &this->narrow->listener);
			this->narrow->destroy(this->narrow);
			charon->attributes->remove_provider(charon->attributes,
												&this->tranche->provider);
			this->tranche->destroy(this->tranche);
			this->tranche = NULL;
		}
		charon->bus->remove_listener(charon->bus, &this->requires->listener);
		if (this->acquire)
		{
			charon->bus->remove_logger(charon->bus, &this->acquire->logger);
			this->acquire->destroy(this->acquire);
			this->acquire = NULL;
		}
		charon->bus->remove_listener(charon->bus, &this->stats->listener);
		charon->bus->remove_listener(charon->bus, &this->listener->listener);
		DESTROY_IF(this->dyndns);
		this->dyndns = NULL;
		DESTROY_IF(this->timer);
		this->timer = NULL;
		DESTROY_IF(this->socket);
		this->socket = NULL;
	}
	return TRUE;
}

METHOD(plugin_t, get_features, int,
	private_mguard_control_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_CALLBACK((plugin_feature_callback_t)plugin_cb, NULL),
			PLUGIN_PROVIDE(CUSTOM, "mguard-control"),
				/* its counter answers the license request */
				PLUGIN_SDEPEND(CUSTOM, "mguard-license"),
				/* loaded first where present, so that we can tell when not */
				PLUGIN_SDEPEND(CUSTOM, "vici"),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, reload, bool,
	private_mguard_control_plugin_t *this)
{
	this->manager->reload(this->manager);
	if (this->tranche)
	{
		this->tranche->reload(this->tranche);
	}
	return TRUE;
}

METHOD(plugin_t, destroy, void,
	private_mguard_control_plugin_t *this)
{
	this->requires->destroy(this->requires);
	this->listener->destroy(this->listener);
	this->requests->destroy(this->requests);
	this->stats->destroy(this->stats);
	this->manager->destroy(this->manager);
	this->store->destroy(this->store);
	free(this);
}

/*
 * Described in header
 */
plugin_t *mguard_control_plugin_create()
{
	private_mguard_control_plugin_t *this;
	mguard_control_manager_t *manager;
	mguard_model_store_t *store;

	store = mguard_model_store_acquire();
	/* an invalid model at start: not loading is visible in charon's log,
	 * letting in peers of connections the model stops would not be */
	manager = mguard_control_manager_create();
	if (!manager)
	{
		store->destroy(store);
		return NULL;
	}
	INIT(this,
		.public = {
			.plugin = {
				.get_name = _get_name,
				.get_features = _get_features,
				.reload = _reload,
				.destroy = _destroy,
			},
		},
		.manager = manager,
		.store = store,
	);
	this->stats = mguard_control_stats_create();
	this->requests = mguard_control_requests_create(this->manager,
													this->stats);
	this->listener = mguard_control_listener_create(this->manager);
	this->requires = mguard_control_requires_create();

	return &this->public.plugin;
}
