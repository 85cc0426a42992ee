/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_plugin.h"
#include "mguard_firewall_filter.h"
#include "mguard_firewall_nat_part.h"
#include "mguard_firewall_listener.h"
#include "mguard_firewall_manager.h"
#include "mguard_firewall_resolver.h"

#include <errno.h>
#include <unistd.h>

#include <daemon.h>
#include <mguard_model_store.h>

typedef struct private_mguard_firewall_plugin_t
			private_mguard_firewall_plugin_t;

struct private_mguard_firewall_plugin_t {

	/** implements plugin interface */
	mguard_firewall_plugin_t public;

	/** the firewall core */
	mguard_firewall_manager_t *manager;

	/** CHILD_SA events */
	mguard_firewall_listener_t *listener;

	/** host names of IP groups */
	mguard_firewall_resolver_t *resolver;

	/** keeps the shared model store while we are loaded */
	mguard_model_store_t *store;
};

METHOD(plugin_t, get_name, char*,
	private_mguard_firewall_plugin_t *this)
{
	return "mguard-firewall";
}

/**
 * Read the model: an empty one if the file does not exist (every CHILD_SA
 * is then unfiltered), NULL and FALSE if it is invalid.
 */
static bool load_model(private_mguard_firewall_plugin_t *this,
					   mguard_model_t **model)
{
	mguard_report_t *report;
	char *path;

	path = lib->settings->get_str(lib->settings,
						"%s.plugins.mguard-firewall.model",
						MGUARD_DEFAULT_MODEL, lib->ns);
	report = mguard_report_create();
	if (access(path, F_OK) != 0 && errno == ENOENT)
	{
		DBG1(DBG_CFG, "mguard-firewall: model %s does not exist, no "
			 "CHILD_SA is filtered", path);
		*model = mguard_model_load_string("", path, report);
	}
	else
	{
		*model = this->store->get_model(this->store, path, report);
	}
	report->log(report);
	report->destroy(report);
	if (!*model)
	{
		DBG1(DBG_CFG, "mguard-firewall: model %s is invalid", path);
		return FALSE;
	}
	return TRUE;
}

METHOD(plugin_t, reload, bool,
	private_mguard_firewall_plugin_t *this)
{
	mguard_model_t *model;

	if (!load_model(this, &model))
	{	/* a broken edit keeps the rules that apply */
		DBG1(DBG_CFG, "mguard-firewall: keeping the current rules");
		return TRUE;
	}
	this->manager->set_model(this->manager, model, FALSE);
	/* host names again, also if the model did not change */
	this->resolver->resolve(this->resolver, model);
	mguard_model_destroy(model);
	return TRUE;
}

/**
 * Build the table and follow CHILD_SAs
 */
static bool plugin_cb(private_mguard_firewall_plugin_t *this,
					  plugin_feature_t *feature, bool reg, void *cb_data)
{
	mguard_model_t *model = NULL;

	if (reg)
	{
		/* an invalid model at start: the table still replaces a stale one
		 * and every CHILD_SA stays blocked until a valid model is loaded */
		load_model(this, &model);
		if (!this->manager->start(this->manager, model))
		{
			mguard_model_destroy(model);
			return FALSE;
		}
		this->resolver->resolve(this->resolver, model);
		mguard_model_destroy(model);
		charon->bus->add_listener(charon->bus, &this->listener->listener);
	}
	else
	{
		charon->bus->remove_listener(charon->bus, &this->listener->listener);
	}
	return TRUE;
}

METHOD(plugin_t, get_features, int,
	private_mguard_firewall_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_CALLBACK((plugin_feature_callback_t)plugin_cb, NULL),
			PLUGIN_PROVIDE(CUSTOM, "mguard-firewall"),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, destroy, void,
	private_mguard_firewall_plugin_t *this)
{
	this->listener->destroy(this->listener);
	/* first: a running job rebuilds through the manager */
	this->resolver->destroy(this->resolver);
	this->manager->destroy(this->manager);
	this->store->destroy(this->store);
	free(this);
}

/*
 * See header
 */
plugin_t *mguard_firewall_plugin_create()
{
	private_mguard_firewall_plugin_t *this;
	mguard_firewall_nl_t *nl;
	mguard_fw_log_t log;
	char *table, *tun;

	if (!lib->caps->keep(lib->caps, CAP_NET_ADMIN))
	{
		DBG1(DBG_KNL, "mguard-firewall: CAP_NET_ADMIN capability required");
		return NULL;
	}
	nl = mguard_firewall_nl_create();
	if (!nl)
	{
		return NULL;
	}
	table = lib->settings->get_str(lib->settings,
						"%s.plugins.mguard-firewall.table", "mguard", lib->ns);
	tun = lib->settings->get_str(lib->settings,
						"%s.plugins.mguard-firewall.tun", "ipsec0", lib->ns);
	log = (mguard_fw_log_t){
		.group = lib->settings->get_int(lib->settings,
						"%s.plugins.mguard-firewall.log_group", -1, lib->ns),
		.rate = lib->settings->get_int(lib->settings,
						"%s.plugins.mguard-firewall.log_rate", 10, lib->ns),
		.burst = lib->settings->get_int(lib->settings,
						"%s.plugins.mguard-firewall.log_burst", 5, lib->ns),
	};
	if (log.group > 65535)
	{
		DBG1(DBG_CFG, "mguard-firewall: log_group %d invalid; allowed: -1 "
			 "(kernel log) or an nflog group 0..65535", log.group);
		nl->destroy(nl);
		return NULL;
	}
	if (!log.rate)
	{
		log.rate = 1;
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
		.manager = mguard_firewall_manager_create(nl, table, tun),
		.store = mguard_model_store_acquire(),
		.resolver = mguard_firewall_resolver_create(),
	);
	mguard_firewall_resolver_set_manager(this->resolver, this->manager);
	/* parts in the order their up() runs: parts that change what the
	 * filter sees (child->filter_local, i.e. NAT) before the filter */
	this->manager->add_part(this->manager, mguard_firewall_nat_part_create());
	this->manager->add_part(this->manager,
							mguard_firewall_filter_create(log,
									mguard_firewall_resolver_lookup,
									this->resolver));
	this->listener = mguard_firewall_listener_create(this->manager);
	return &this->public.plugin;
}
