/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_license_plugin.h"
#include "mguard_license_count.h"
#include "mguard_license_listener.h"
#include "mguard_license_model.h"

#include <daemon.h>
#include <mguard_model_store.h>

typedef struct private_mguard_license_plugin_t private_mguard_license_plugin_t;

struct private_mguard_license_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	mguard_license_plugin_t public;

	/**
	 * Connected peers.
	 */
	mguard_license_counter_t *counter;

	/**
	 * Applies the license to IKE_SAs.
	 */
	mguard_license_listener_t *listener;

	/**
	 * Keeps the model store (and the model it parsed) for the other mguard
	 * plugins while this plugin is loaded.
	 */
	mguard_model_store_t *store;
};

METHOD(plugin_t, get_name, char*,
	private_mguard_license_plugin_t *this)
{
	return "mguard-license";
}

/**
 * Read the license from the model; keep the current one on errors, so a
 * broken edit of the model never lifts or tightens the limit by accident.
 */
static bool load_license(private_mguard_license_plugin_t *this)
{
	char *model;
	u_int peers;

	model = lib->settings->get_str(lib->settings,
						"%s.plugins.mguard-license.model",
						MGUARD_DEFAULT_MODEL, lib->ns);
	if (!mguard_license_model_peers(model, &peers))
	{
		return FALSE;
	}
	this->counter->set_limit(this->counter, peers);
	if (peers)
	{
		DBG1(DBG_CFG, "mguard-license: VPN license for %u peers (%s)",
			 peers, model);
	}
	else
	{
		DBG1(DBG_CFG, "mguard-license: no VPN license limit (%s)", model);
	}
	return TRUE;
}

METHOD(plugin_t, reload, bool,
	private_mguard_license_plugin_t *this)
{
	load_license(this);
	return TRUE;
}

/**
 * Register listener
 */
static bool plugin_cb(private_mguard_license_plugin_t *this,
					  plugin_feature_t *feature, bool reg, void *cb_data)
{
	if (reg)
	{
		charon->bus->add_listener(charon->bus, &this->listener->listener);
	}
	else
	{
		charon->bus->remove_listener(charon->bus, &this->listener->listener);
	}
	return TRUE;
}

METHOD(plugin_t, get_features, int,
	private_mguard_license_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_CALLBACK((plugin_feature_callback_t)plugin_cb, NULL),
			PLUGIN_PROVIDE(CUSTOM, "mguard-license"),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, destroy, void,
	private_mguard_license_plugin_t *this)
{
	lib->set(lib, MGUARD_LICENSE_COUNTER, NULL);
	this->listener->destroy(this->listener);
	this->counter->destroy(this->counter);
	this->store->destroy(this->store);
	free(this);
}

/*
 * See header
 */
plugin_t *mguard_license_plugin_create()
{
	private_mguard_license_plugin_t *this;

	INIT(this,
		.public = {
			.plugin = {
				.get_name = _get_name,
				.get_features = _get_features,
				.reload = _reload,
				.destroy = _destroy,
			},
		},
		.counter = mguard_license_counter_create(0),
		.store = mguard_model_store_acquire(),
	);
	if (!load_license(this))
	{	/* not loading is visible in charon's log; running without a limit
		 * the model may set would not be */
		this->counter->destroy(this->counter);
		this->store->destroy(this->store);
		free(this);
		return NULL;
	}
	this->listener = mguard_license_listener_create(this->counter);
	lib->set(lib, MGUARD_LICENSE_COUNTER, this->counter);
	return &this->public.plugin;
}
