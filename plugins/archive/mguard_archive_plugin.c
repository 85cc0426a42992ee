/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_archive_plugin.h"
#include "mguard_archive_attempts.h"
#include "mguard_archive_listener.h"
#include "mguard_archive_logger.h"
#include "mguard_archive_model.h"
#include "mguard_archive_writer.h"

#include <mguard_log_line.h>
#include <mguard_model_store.h>
#include <mguard_values.h>

#include <daemon.h>
#include <processing/jobs/callback_job.h>

/** default of min_free: what writing leaves free on the file system */
#define DEFAULT_MIN_FREE "4M"

typedef struct private_mguard_archive_plugin_t private_mguard_archive_plugin_t;

struct private_mguard_archive_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	mguard_archive_plugin_t public;

	/**
	 * Open attempts, registered as MGUARD_ARCHIVE
	 */
	mguard_archive_attempts_t *attempts;

	/**
	 * Collects log lines
	 */
	mguard_archive_logger_t *logger;

	/**
	 * Decides outcomes
	 */
	mguard_archive_listener_t *listener;

	/**
	 * Writes closed attempts
	 */
	mguard_archive_writer_t *writer;

	/**
	 * Keeps the model store for the other mguard plugins while loaded
	 */
	mguard_model_store_t *store;

	/**
	 * Whether the logger and listener are on the bus
	 */
	bool registered;
};

METHOD(plugin_t, get_name, char*,
	private_mguard_archive_plugin_t *this)
{
	return "mguard-archive";
}

/**
 * Read the model and the plugin's settings and apply them; keep the current
 * ones if the model is invalid
 */
static bool load_config(private_mguard_archive_plugin_t *this)
{
	mguard_archive_model_t cfg;
	uint64_t min_free;
	char *model, *str;
	u_int timeout, max_lines;

	model = lib->settings->get_str(lib->settings,
						"%s.plugins.mguard-archive.model",
						MGUARD_DEFAULT_MODEL, lib->ns);
	if (!mguard_archive_model_read(model, &cfg))
	{
		return FALSE;
	}
	str = lib->settings->get_str(lib->settings,
						"%s.plugins.mguard-archive.min_free",
						DEFAULT_MIN_FREE, lib->ns);
	if (!mguard_parse_size(str, &min_free))
	{
		DBG1(DBG_CFG, "mguard-archive: invalid min_free '%s' (a size like "
			 "4M expected), using %s", str, DEFAULT_MIN_FREE);
		mguard_parse_size(DEFAULT_MIN_FREE, &min_free);
	}
	timeout = lib->settings->get_int(lib->settings,
						"%s.plugins.mguard-archive.timeout", 30, lib->ns);
	max_lines = lib->settings->get_int(lib->settings,
						"%s.plugins.mguard-archive.max_lines", 1000, lib->ns);

	if (cfg.enabled && !this->writer->configure(this->writer, cfg.dir,
									cfg.max_size, min_free,
									cfg.only_on_failure))
	{
		cfg.enabled = FALSE;
	}
	if (!cfg.enabled)
	{
		this->writer->configure(this->writer, NULL, 0, 0, FALSE);
	}
	this->attempts->configure(this->attempts, cfg.enabled, max(timeout, 1),
							  max_lines);
	this->logger->set_level(this->logger, cfg.enabled ?
							lib->settings->get_int(lib->settings,
								"%s.plugins.mguard-archive.loglevel",
								MGUARD_LOG_LINE_LEVEL, lib->ns)
							: LEVEL_SILENT);
	if (this->registered)
	{	/* updates the levels */
		charon->bus->add_logger(charon->bus, &this->logger->logger);
	}
	if (cfg.enabled)
	{
		DBG1(DBG_CFG, "mguard-archive: archiving connection attempts%s in "
			 "%s (at most %llu bytes)", cfg.only_on_failure ? " that fail"
			 : "", cfg.dir, (unsigned long long)cfg.max_size);
	}
	else
	{
		DBG2(DBG_CFG, "mguard-archive: archiving disabled (%s)", model);
	}
	free(cfg.dir);
	return TRUE;
}

METHOD(plugin_t, reload, bool,
	private_mguard_archive_plugin_t *this)
{
	load_config(this);
	return TRUE;
}

/**
 * Once a second: close decided and timed out attempts and write them
 * (fsync included) here, on one worker thread, never on an IKE_SA's
 */
static job_requeue_t tick(private_mguard_archive_plugin_t *this)
{
	this->writer->write(this->writer,
				this->attempts->expire(this->attempts, time_monotonic(NULL)));
	return JOB_RESCHEDULE(1);
}

/**
 * Register logger, listener and the periodic job
 */
static bool plugin_cb(private_mguard_archive_plugin_t *this,
					  plugin_feature_t *feature, bool reg, void *cb_data)
{
	if (reg)
	{
		charon->bus->add_logger(charon->bus, &this->logger->logger);
		charon->bus->add_listener(charon->bus, &this->listener->listener);
		this->registered = TRUE;
		lib->scheduler->schedule_job(lib->scheduler, (job_t*)
				callback_job_create((callback_job_cb_t)tick, this, NULL,
									NULL), 1);
	}
	else
	{
		this->registered = FALSE;
		charon->bus->remove_listener(charon->bus, &this->listener->listener);
		charon->bus->remove_logger(charon->bus, &this->logger->logger);
	}
	return TRUE;
}

METHOD(plugin_t, get_features, int,
	private_mguard_archive_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_CALLBACK((plugin_feature_callback_t)plugin_cb, NULL),
			PLUGIN_PROVIDE(CUSTOM, "mguard-archive"),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, destroy, void,
	private_mguard_archive_plugin_t *this)
{
	lib->set(lib, MGUARD_ARCHIVE, NULL);
	/* what is decided still gets written */
	this->writer->write(this->writer,
				this->attempts->expire(this->attempts,
							time_monotonic(NULL) + MGUARD_ARCHIVE_LINGER));
	this->listener->destroy(this->listener);
	this->logger->destroy(this->logger);
	this->attempts->destroy(this->attempts);
	this->writer->destroy(this->writer);
	this->store->destroy(this->store);
	free(this);
}

/*
 * See header
 */
plugin_t *mguard_archive_plugin_create()
{
	private_mguard_archive_plugin_t *this;

	INIT(this,
		.public = {
			.plugin = {
				.get_name = _get_name,
				.get_features = _get_features,
				.reload = _reload,
				.destroy = _destroy,
			},
		},
		.attempts = mguard_archive_attempts_create(),
		.writer = mguard_archive_writer_create(),
		.store = mguard_model_store_acquire(),
	);
	this->logger = mguard_archive_logger_create(this->attempts);
	this->listener = mguard_archive_listener_create(this->attempts);
	if (!load_config(this))
	{
		DBG1(DBG_CFG, "mguard-archive: not archiving until the model is "
			 "valid (reload with swanctl --reload-settings)");
	}
	lib->set(lib, MGUARD_ARCHIVE, &this->attempts->archive);
	return &this->public.plugin;
}
