/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_model.h"

#include <mguard_model_store.h>

static mguard_control_mode_t mode_of(mguard_initial_mode_t mode)
{
	switch (mode)
	{
		case MGUARD_MODE_STARTED:
			return MGUARD_CONTROL_MODE_STARTED;
		case MGUARD_MODE_STOPPED:
			return MGUARD_CONTROL_MODE_STOPPED;
		case MGUARD_MODE_DISABLED:
		default:
			return MGUARD_CONTROL_MODE_DISABLED;
	}
}

static mguard_control_startup_t startup_of(mguard_startup_t startup)
{
	switch (startup)
	{
		case MGUARD_STARTUP_ON_TRAFFIC:
			return MGUARD_CONTROL_STARTUP_ON_TRAFFIC;
		case MGUARD_STARTUP_WAIT:
			return MGUARD_CONTROL_STARTUP_WAIT;
		case MGUARD_STARTUP_INITIATE:
		default:
			return MGUARD_CONTROL_STARTUP_INITIATE;
	}
}

/**
 * The model of a file, NULL if invalid (its errors are logged)
 */
static mguard_model_t *get_model(char *path)
{
	mguard_model_store_t *store;
	mguard_report_t *report;
	mguard_model_t *model;

	report = mguard_report_create();
	/* parsed once for every mguard plugin, see mguard_model_store.h */
	store = mguard_model_store_acquire();
	model = store->get_model(store, path, report);
	store->destroy(store);
	if (!model)
	{
		report->log(report);
	}
	report->destroy(report);
	return model;
}

bool mguard_control_model_read(char *path, array_t **conns, u_int *peers,
							   mguard_control_inputs_cfg_t *inputs)
{
	mguard_model_t *model;
	mguard_connection_t *conn;
	enumerator_t *enumerator, *tunnels;
	mguard_control_conn_cfg_t *cfg;
	void *tunnel;

	model = get_model(path);
	if (!model)
	{
		return FALSE;
	}

	*conns = array_create(0, 0);
	*peers = mguard_model_license_peers(model);
	if (inputs)
	{
		*inputs = (mguard_control_inputs_cfg_t){
			.cmd = {
				strdupnull(model->global.service_inputs.cmd[0]),
				strdupnull(model->global.service_inputs.cmd[1]),
				strdupnull(model->global.service_inputs.cmd[2]),
			},
			.pushbutton = model->global.service_inputs.pushbutton,
		};
	}
	enumerator = mguard_model_create_connection_enumerator(model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		INIT(cfg,
			.key = strdup(conn->key),
			.name = strdup(conn->name ?: conn->key),
			.initial = mode_of(conn->initial_mode),
			.startup = startup_of(conn->startup),
			.timeout = conn->deactivation_timeout,
			.sms_token = strdupnull(conn->sms_token),
			.service_input = conn->service_input,
			.inverted = conn->service_input_inverted,
		);
		tunnels = mguard_connection_create_tunnel_enumerator(conn, TRUE);
		while (tunnels->enumerate(tunnels, &tunnel))
		{
			cfg->tunnels++;
		}
		tunnels->destroy(tunnels);
		array_insert(*conns, ARRAY_TAIL, cfg);
	}
	enumerator->destroy(enumerator);
	mguard_model_destroy(model);
	return TRUE;
}

bool mguard_control_model_read_dyndns(char *path, bool *watch,
									  u_int *interval)
{
	mguard_model_t *model;

	model = get_model(path);
	if (!model)
	{
		return FALSE;
	}
	*watch = model->global.dyndns.watch;
	*interval = model->global.dyndns.interval;
	mguard_model_destroy(model);
	return TRUE;
}

bool mguard_control_conn_cfg_equals(mguard_control_conn_cfg_t *a,
									mguard_control_conn_cfg_t *b)
{
	return streq(a->key, b->key) && streq(a->name, b->name) &&
		   a->initial == b->initial && a->startup == b->startup &&
		   a->timeout == b->timeout && a->tunnels == b->tunnels &&
		   a->service_input == b->service_input && a->inverted == b->inverted &&
		   ((!a->sms_token && !b->sms_token) ||
			(a->sms_token && b->sms_token &&
			 streq(a->sms_token, b->sms_token)));
}

void mguard_control_conn_cfg_destroy(mguard_control_conn_cfg_t *cfg)
{
	if (cfg)
	{
		free(cfg->key);
		free(cfg->name);
		free(cfg->sms_token);
		free(cfg);
	}
}

void mguard_control_inputs_cfg_clear(mguard_control_inputs_cfg_t *inputs)
{
	int i;

	for (i = 0; i < 3; i++)
	{
		free(inputs->cmd[i]);
		inputs->cmd[i] = NULL;
	}
}
