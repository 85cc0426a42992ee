/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_log_line mguard_log_line
 * @{ @ingroup mguard_common
 *
 * How a charon log line of a connection attempt is shown to users: in
 * synup's reply (mguard-control) and in archived entries (mguard-archive),
 * the same way: "[IKE] message", like swanctl --initiate.
 */

#ifndef MGUARD_LOG_LINE_H_
#define MGUARD_LOG_LINE_H_

#include <library.h>

/**
 * Level of the lines an attempt shows (swanctl's default).
 */
#define MGUARD_LOG_LINE_LEVEL 1

/**
 * Format a log line of an attempt.
 *
 * @param buf		output buffer
 * @param len		its size (the line is cut to fit)
 * @param group		charon's log group
 * @param message	the message
 * @return			buf
 */
char *mguard_log_line(char *buf, size_t len, debug_t group,
					  const char *message);

#endif /** MGUARD_LOG_LINE_H_ @}*/
