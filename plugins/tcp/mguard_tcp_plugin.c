/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_tcp_plugin.h"
#include "mguard_tcp_config.h"
#include "mguard_tcp_listener.h"
#include "mguard_tcp_socket.h"

#include <sys/resource.h>

#include <curl/curl.h>

#include <daemon.h>

typedef struct private_mguard_tcp_plugin_t private_mguard_tcp_plugin_t;

struct private_mguard_tcp_plugin_t {

	/**
	 * Implements plugin interface
	 */
	mguard_tcp_plugin_t public;

	/**
	 * Model file
	 */
	char *model;

	/**
	 * The model store, shared with the other mguard plugins
	 */
	mguard_model_store_t *store;

	/**
	 * Current configuration
	 */
	mguard_tcp_config_t *config;

	/**
	 * The socket, once charon created it
	 */
	mguard_tcp_socket_t *socket;

	/**
	 * Server IDs and stream accounting
	 */
	mguard_tcp_listener_t *listener;
};

/**
 * The plugin instance, for the socket constructor charon calls without
 * arguments
 */
static private_mguard_tcp_plugin_t *instance;

METHOD(plugin_t, get_name, char*,
	private_mguard_tcp_plugin_t *this)
{
	return "mguard-tcp";
}

/**
 * socket_constructor_t for charon's socket manager
 */
static socket_t *create_socket()
{
	instance->socket = mguard_tcp_socket_create(instance->config);
	return instance->socket ? &instance->socket->socket : NULL;
}

/**
 * Register the socket and the listener
 */
static bool plugin_cb(private_mguard_tcp_plugin_t *this,
					  plugin_feature_t *feature, bool reg, void *cb_data)
{
	if (reg)
	{
		charon->socket->add_socket(charon->socket, create_socket);
		if (!this->socket)
		{
			DBG1(DBG_NET, "mguard-tcp: charon uses another socket (the first "
				 "one registered): load mguard-tcp before socket-default "
				 "(earlier in charon.load, or a higher load priority)");
			charon->socket->remove_socket(charon->socket, create_socket);
			return FALSE;
		}
		this->listener = mguard_tcp_listener_create(this->socket,
													this->config);
		charon->bus->add_listener(charon->bus, &this->listener->listener);
	}
	else
	{
		if (this->listener)
		{
			charon->bus->remove_listener(charon->bus,
										 &this->listener->listener);
			this->listener->destroy(this->listener);
			this->listener = NULL;
		}
		charon->socket->remove_socket(charon->socket, create_socket);
		this->socket = NULL;
	}
	return TRUE;
}

METHOD(plugin_t, get_features, int,
	private_mguard_tcp_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		/* the callback runs once per feature it provides: one each */
		PLUGIN_CALLBACK((plugin_feature_callback_t)plugin_cb, NULL),
			PLUGIN_PROVIDE(CUSTOM, "socket"),
				PLUGIN_SDEPEND(CUSTOM, "kernel-ipsec"),
		PLUGIN_NOOP,
			PLUGIN_PROVIDE(CUSTOM, "mguard-tcp"),
				PLUGIN_DEPENDS(CUSTOM, "socket"),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, reload, bool,
	private_mguard_tcp_plugin_t *this)
{
	mguard_tcp_config_t *config, *old;

	config = mguard_tcp_config_load(this->store, this->model);
	if (!config)
	{
		DBG1(DBG_CFG, "mguard-tcp: keeping the previous configuration");
		return TRUE;
	}
	if (!mguard_tcp_config_same_listen(config, this->config))
	{
		DBG1(DBG_CFG, "mguard-tcp: listening changes at the next start of "
			 "charon");
	}
	old = this->config;
	this->config = config;
	if (this->socket)
	{
		this->socket->update(this->socket, config);
	}
	if (this->listener)
	{
		this->listener->update(this->listener, config);
	}
	mguard_tcp_config_destroy(old);
	return TRUE;
}

METHOD(plugin_t, destroy, void,
	private_mguard_tcp_plugin_t *this)
{
	/* charon unregisters the socket feature only when it can replace it */
	if (this->listener)
	{
		charon->bus->remove_listener(charon->bus, &this->listener->listener);
		this->listener->destroy(this->listener);
	}
	mguard_tcp_config_destroy(this->config);
	this->store->destroy(this->store);
	curl_global_cleanup();
	free(this->model);
	instance = NULL;
	free(this);
}

/**
 * Every stream is a file descriptor: allow as many as the hard limit
 */
static void raise_fd_limit()
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
	{
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
		{
			DBG2(DBG_NET, "mguard-tcp: up to %llu open files",
				 (unsigned long long)rl.rlim_cur);
		}
	}
}

/*
 * Described in header
 */
plugin_t *mguard_tcp_plugin_create()
{
	private_mguard_tcp_plugin_t *this;
	mguard_model_store_t *store;
	mguard_tcp_config_t *config;
	char *model;

	model = lib->settings->get_str(lib->settings,
						"%s.plugins.mguard-tcp.model", MGUARD_DEFAULT_MODEL,
						lib->ns);
	store = mguard_model_store_acquire();
	config = mguard_tcp_config_load(store, model);
	if (!config)
	{
		DBG1(DBG_CFG, "mguard-tcp: not loading with an invalid model");
		store->destroy(store);
		return NULL;
	}
	raise_fd_limit();
	/* for the proxy's CONNECT; thread-safe and counted in libcurl >= 7.84 */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	INIT(this,
		.public = {
			.plugin = {
				.get_name = _get_name,
				.get_features = _get_features,
				.reload = _reload,
				.destroy = _destroy,
			},
		},
		.model = strdup(model),
		.store = store,
		.config = config,
	);
	instance = this;
	return &this->public.plugin;
}
