/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_model mguard_control_model
 * @{ @ingroup mguard_control
 *
 * What mguard-control needs of the model (common/mguard_model.h does the
 * parsing and validation): per connection its key, name, initial mode,
 * startup, deactivation timeout and SMS token, in the model's order.
 */

#ifndef MGUARD_CONTROL_MODEL_H_
#define MGUARD_CONTROL_MODEL_H_

#include "mguard_control_state.h"

#include <library.h>
#include <collections/array.h>

/**
 * Control settings of one connection.
 */
typedef struct {
	/** section key, the swanctl connection name */
	char *key;
	/** descriptive name */
	char *name;
	/** initial mode */
	mguard_control_mode_t initial;
	/** startup */
	mguard_control_startup_t startup;
	/** deactivation timeout in seconds, 0 = off */
	uint32_t timeout;
	/** text message token, NULL if none */
	char *sms_token;
	/** number of enabled tunnels */
	u_int tunnels;
	/** controlling service input: 0 = none, 1..3 = CMD 1..3 */
	u_int service_input;
	/** inverted control logic */
	bool inverted;
} mguard_control_conn_cfg_t;

/**
 * Service inputs of the model (global.service_inputs).
 */
typedef struct {
	/** sources of CMD 1..3 (index 0..2), NULL if unset */
	char *cmd[3];
	/** pushbutton (TRUE) or switch (FALSE) */
	bool pushbutton;
} mguard_control_inputs_cfg_t;

/**
 * Read the model.
 *
 * @param path		model file
 * @param conns		receives an array of mguard_control_conn_cfg_t*, model order
 * @param peers		receives the VPN license (0 = unlimited)
 * @param inputs	receives the service inputs (free with
 *					mguard_control_inputs_cfg_clear()), may be NULL
 * @return			FALSE if the model is invalid (errors are logged)
 */
bool mguard_control_model_read(char *path, array_t **conns, u_int *peers,
							   mguard_control_inputs_cfg_t *inputs);

/**
 * Read the DynDNS watch settings of the model (global.dyndns).
 *
 * @param path		model file
 * @param watch		receives whether peers' host names are watched
 * @param interval	receives the seconds between two checks
 * @return			FALSE if the model is invalid (errors are logged)
 */
bool mguard_control_model_read_dyndns(char *path, bool *watch,
									  u_int *interval);

/**
 * Free the members of a mguard_control_inputs_cfg_t.
 */
void mguard_control_inputs_cfg_clear(mguard_control_inputs_cfg_t *inputs);

/**
 * Whether two configurations are the same for mguard-control.
 */
bool mguard_control_conn_cfg_equals(mguard_control_conn_cfg_t *a,
									mguard_control_conn_cfg_t *b);

/**
 * Destroy a mguard_control_conn_cfg_t.
 */
void mguard_control_conn_cfg_destroy(mguard_control_conn_cfg_t *cfg);

#endif /** MGUARD_CONTROL_MODEL_H_ @}*/
