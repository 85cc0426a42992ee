/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_log_line.h"

#include <stdio.h>

char *mguard_log_line(char *buf, size_t len, debug_t group,
					  const char *message)
{
	snprintf(buf, len, "[%s] %s", enum_to_name(debug_names, group) ?: "???",
			 message);
	return buf;
}
