/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_requests.h"
#include "mguard_control_actions.h"
#include "mguard_control_archive.h"
#include "mguard_control_sms.h"

#include <mguard_license_counter.h>

#include <daemon.h>

typedef struct private_mguard_control_requests_t private_mguard_control_requests_t;

struct private_mguard_control_requests_t {

	/**
	 * Public interface
	 */
	mguard_control_requests_t public;

	/**
	 * Connections
	 */
	mguard_control_manager_t *manager;

	/**
	 * Per-connection counters
	 */
	mguard_control_stats_t *stats;

	/**
	 * Seconds synup/syndown wait for the outcome
	 */
	u_int sync_timeout;
};

/**
 * synup: start, initiate synchronously, report the outcome
 */
static void synup(private_mguard_control_requests_t *this, char *key,
				  char *name, unsigned actions, mguard_control_out_t out,
				  void *data)
{
	mguard_control_sync_log_t log = {
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
		.out = out,
		.data = data,
	};
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	mguard_control_status_t status;
	status_t result = SUCCESS;
	bool wait;
	u_int waited;

	/* everything but the initiation as usual */
	mguard_control_execute(key, actions & ~MGUARD_CONTROL_ACT_INITIATE);
	status = this->manager->status(this->manager, key);
	wait = this->manager->initiated(this->manager, key) ==
				MGUARD_CONTROL_STARTUP_WAIT;

	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends, key);
	if (status == MGUARD_CONTROL_STATUS_ACTIVE)
	{
		/* nothing to do */
	}
	else if (!peer_cfg)
	{
		mguard_control_sync_log(&log, DBG_CFG, 1, NULL,
								"connection not loaded in charon");
		result = FAILED;
	}
	else if (wait)
	{	/* the peer initiates: wait for it */
		mguard_control_archive_begin(key, name, MGUARD_ARCHIVE_TRIGGER_SYNUP,
									 ~0);
		mguard_control_sync_log(&log, DBG_CFG, 1, NULL,
								"waiting for the peer to initiate");
		for (waited = 0; waited < this->sync_timeout * 5; waited++)
		{
			if (this->manager->status(this->manager, key) ==
				MGUARD_CONTROL_STATUS_ACTIVE)
			{
				break;
			}
			usleep(200000);
		}
	}
	else
	{
		mguard_control_archive_begin(key, name, MGUARD_ARCHIVE_TRIGGER_SYNUP,
									 ~0);
		enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
		while (enumerator->enumerate(enumerator, &child_cfg))
		{
			result = charon->controller->initiate(charon->controller,
						peer_cfg->get_ref(peer_cfg),
						child_cfg->get_ref(child_cfg),
						(controller_cb_t)mguard_control_sync_log, &log,
						this->sync_timeout * 1000, FALSE);
			if (result != SUCCESS)
			{
				break;
			}
		}
		enumerator->destroy(enumerator);
	}
	DESTROY_IF(peer_cfg);

	if (result != SUCCESS)
	{
		this->manager->set_error(this->manager, key);
		mguard_control_sync_log(&log, DBG_CFG, 1, NULL,
						result == OUT_OF_RES ? "not established within the "
						"timeout" : "establishing failed");
	}
	status = this->manager->status(this->manager, key);
	log.lock->destroy(log.lock);
	out(data, MGC_LINE_DONE, 0, status == MGUARD_CONTROL_STATUS_ACTIVE
		? "active" : "void");
}

/**
 * syndown: stop, terminate synchronously, report the outcome
 */
static void syndown(private_mguard_control_requests_t *this, char *key,
					unsigned actions, mguard_control_out_t out, void *data)
{
	mguard_control_sync_log_t log = {
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
		.out = out,
		.data = data,
	};
	mguard_control_status_t status;

	mguard_control_execute(key, actions & ~MGUARD_CONTROL_ACT_TERMINATE);
	mguard_control_terminate(key, &log, this->sync_timeout);
	log.lock->destroy(log.lock);
	status = this->manager->status(this->manager, key);
	out(data, MGC_LINE_DONE, 0, status == MGUARD_CONTROL_STATUS_ACTIVE
		? "active" : "void");
}

/**
 * up, down, synup, syndown, status
 */
static void process_conn(private_mguard_control_requests_t *this,
						 mgc_request_t *req, mguard_control_out_t out,
						 void *data)
{
	mguard_control_result_t result;
	unsigned actions;
	bool start;
	char *key;

	key = this->manager->find(this->manager, req->arg);
	if (!key)
	{
		out(data, MGC_LINE_DONE, 0, "unknown");
		return;
	}
	if (req->verb == MGC_STATUS)
	{
		out(data, MGC_LINE_DONE, 0,
			(char*)mguard_control_status_name(this->manager->status(
				this->manager, key)));
		free(key);
		return;
	}
	start = req->verb == MGC_UP || req->verb == MGC_SYNUP;
	result = this->manager->change(this->manager, key, start,
								   MGUARD_CONTROL_CAUSE_CLI, &actions);
	if (!start)
	{	/* tear down whatever is up, even if already Stopped */
		actions |= MGUARD_CONTROL_ACT_TERMINATE;
	}
	if (result == MGUARD_CONTROL_RESULT_DISABLED)
	{
		out(data, MGC_LINE_ERROR, 409, "disabled");
		free(key);
		return;
	}
	switch (req->verb)
	{
		case MGC_SYNUP:
			synup(this, key, req->arg, actions, out, data);
			break;
		case MGC_SYNDOWN:
			syndown(this, key, actions, out, data);
			break;
		default:
			if (start)
			{
				mguard_control_archive_begin(key, req->arg,
									MGUARD_ARCHIVE_TRIGGER_UP, actions);
			}
			mguard_control_execute(key, actions);
			out(data, MGC_LINE_DONE, 0, "ok");
			break;
	}
	free(key);
}

/**
 * list: one line per connection
 */
static void list(private_mguard_control_requests_t *this,
				 mguard_control_out_t out, void *data)
{
	enumerator_t *enumerator;
	mguard_control_row_t *row;
	char *line;

	enumerator = this->manager->create_enumerator(this->manager);
	while (enumerator->enumerate(enumerator, &row))
	{
		if (asprintf(&line, "%s: %N, %s, %u/%u tunnels up", row->name,
					 mguard_control_mode_names, row->mode,
					 mguard_control_status_name(row->status), row->up,
					 row->tunnels) > 0)
		{
			out(data, MGC_LINE_LINE, 0, line);
			free(line);
		}
	}
	enumerator->destroy(enumerator);
	out(data, MGC_LINE_DONE, 0, "ok");
}

/**
 * table: one line of key=value fields per connection, for the status page
 * (doc/control-protocol.md); key and name percent-encoded
 */
static void table(private_mguard_control_requests_t *this,
				  mguard_control_out_t out, void *data)
{
	enumerator_t *enumerator;
	mguard_control_row_t *row;
	mguard_control_counts_t counts;
	char key[3 * 256 + 1], name[3 * 256 + 1], line[MGC_LINE_MAX];

	enumerator = this->manager->create_enumerator(this->manager);
	while (enumerator->enumerate(enumerator, &row))
	{
		if (mgc_escape(key, sizeof(key), row->key, strlen(row->key)) < 0 ||
			mgc_escape(name, sizeof(name), row->name, strlen(row->name)) < 0)
		{	/* the model limits both far below this */
			continue;
		}
		counts = this->stats->get(this->stats, row->key);
		snprintf(line, sizeof(line), "key=%s name=%s initial=%N mode=%N "
				 "startup=%N status=%s up=%u tunnels=%u rekeys=%llu "
				 "failed=%llu", key, name, mguard_control_mode_names,
				 row->initial, mguard_control_mode_names, row->mode,
				 mguard_control_startup_names, row->startup,
				 mguard_control_status_name(row->status), row->up,
				 row->tunnels, (unsigned long long)counts.rekeys,
				 (unsigned long long)counts.failed);
		out(data, MGC_LINE_LINE, 0, line);
	}
	enumerator->destroy(enumerator);
	out(data, MGC_LINE_DONE, 0, "ok");
}

/**
 * license: the count of mguard-license, the one it enforces (there is one
 * definition of a connected peer, the license plugin's)
 */
static void license(private_mguard_control_requests_t *this,
					mguard_control_out_t out, void *data)
{
	mguard_license_counter_t *counter;
	char line[64];
	u_int allowed;

	counter = lib->get(lib, MGUARD_LICENSE_COUNTER);
	if (!counter)
	{
		out(data, MGC_LINE_ERROR, 503, "mguard-license is not loaded, it "
			"counts the peers");
		return;
	}
	snprintf(line, sizeof(line), "peers connected: %u",
			 counter->get_count(counter));
	out(data, MGC_LINE_LINE, 0, line);
	allowed = counter->get_limit(counter);
	if (allowed)
	{
		snprintf(line, sizeof(line), "peers licensed: %u", allowed);
	}
	else
	{
		snprintf(line, sizeof(line), "peers licensed: unlimited");
	}
	out(data, MGC_LINE_LINE, 0, line);
	out(data, MGC_LINE_DONE, 0, "ok");
}

/**
 * A text message: "vpn/start TOKEN" or "vpn/stop TOKEN"
 */
static void sms(private_mguard_control_requests_t *this, char *body,
				mguard_control_out_t out, void *data)
{
	const char *error;
	char *token;
	bool start;

	if (!mguard_control_sms_parse(body, &start, &token, &error))
	{
		out(data, MGC_LINE_ERROR, 400, (char*)error);
		return;
	}
	out(data, MGC_LINE_DONE, 0,
		this->manager->sms(this->manager, token, start) ? "ok" : "unknown");
}

METHOD(mguard_control_requests_t, process, void,
	private_mguard_control_requests_t *this, mgc_request_t *req,
	mguard_control_out_t out, void *data)
{
	switch (req->verb)
	{
		case MGC_UP:
		case MGC_DOWN:
		case MGC_STATUS:
		case MGC_SYNUP:
		case MGC_SYNDOWN:
			process_conn(this, req, out, data);
			break;
		case MGC_LIST:
			list(this, out, data);
			break;
		case MGC_LICENSE:
			license(this, out, data);
			break;
		case MGC_TABLE:
			table(this, out, data);
			break;
		case MGC_RELOAD:
			if (this->manager->reload(this->manager))
			{
				out(data, MGC_LINE_DONE, 0, "ok");
			}
			else
			{
				out(data, MGC_LINE_ERROR, 500, "model invalid, kept the "
					"previous one (see charon's log)");
			}
			break;
		case MGC_SMS:
			sms(this, req->arg, out, data);
			break;
		default:
			out(data, MGC_LINE_ERROR, 400, "unknown command");
			break;
	}
}

METHOD(mguard_control_requests_t, destroy, void,
	private_mguard_control_requests_t *this)
{
	free(this);
}

/*
 * Described in header
 */
mguard_control_requests_t *mguard_control_requests_create(
										mguard_control_manager_t *manager,
										mguard_control_stats_t *stats)
{
	private_mguard_control_requests_t *this;

	INIT(this,
		.public = {
			.process = _process,
			.destroy = _destroy,
		},
		.manager = manager,
		.stats = stats,
		.sync_timeout = lib->settings->get_int(lib->settings,
							"%s.plugins.mguard-control.sync_timeout", 30,
							lib->ns),
	);
	return &this->public;
}
