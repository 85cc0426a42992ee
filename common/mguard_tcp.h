/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_tcp_common mguard_tcp
 * @{ @ingroup mguard_common
 *
 * What mguard-swanctl and the mguard-tcp plugin agree on.
 */

#ifndef MGUARD_TCP_COMMON_H_
#define MGUARD_TCP_COMMON_H_

/**
 * Setting: the local port of TCP-encapsulated connections. mguard-swanctl
 * writes it as their local_port; the plugin sends what charon sends from
 * it into a TCP stream (nothing is bound to it on UDP).
 */
#define MGUARD_TCP_INITIATOR_PORT_KEY "charon.plugins.mguard-tcp.initiator_port"

/** its default */
#define MGUARD_TCP_INITIATOR_PORT 4501

/**
 * Setting: the same for Path Finder connections (the stream runs in TLS).
 */
#define MGUARD_TCP_PATH_FINDER_PORT_KEY "charon.plugins.mguard-tcp.path_finder_port"

/** its default */
#define MGUARD_TCP_PATH_FINDER_PORT 4502

#endif /** MGUARD_TCP_COMMON_H_ @}*/
