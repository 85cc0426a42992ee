/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup l2tp_conf l2tp_conf
 * @{ @ingroup mguard_l2tp
 *
 * xl2tpd configuration of the model's L2TP server (global.l2tp): an LNS
 * whose PPP end is local_ip and whose peers get addresses from
 * remote_start..remote_end. The peer is authenticated by the IPsec
 * transport connection that carries L2TP (UDP 1701), not by PPP.
 */

#ifndef L2TP_CONF_H_
#define L2TP_CONF_H_

#include <stdio.h>

#include <mguard_model.h>

/**
 * Write xl2tpd.conf.
 *
 * @param model		model
 * @param out		stream
 * @param options	path of the PPP options file it names
 */
void l2tp_conf_write_xl2tpd(mguard_model_t *model, FILE *out,
							const char *options);

/**
 * Write the PPP options file.
 *
 * @param model		model
 * @param out		stream
 */
void l2tp_conf_write_ppp(mguard_model_t *model, FILE *out);

#endif /** L2TP_CONF_H_ @}*/
