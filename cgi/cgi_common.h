/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup cgi_common cgi_common
 * @{ @ingroup cgi
 *
 * What nph-vpn.cgi and vpn-status.cgi share: HTTP reason phrases and the
 * escaping of untrusted text in their log lines.
 */

#ifndef CGI_COMMON_H_
#define CGI_COMMON_H_

#include <stddef.h>

/**
 * The reason phrase of an HTTP status the CGIs answer.
 */
const char *cgi_reason_phrase(int status);

/**
 * Percent-encode untrusted text for a log line (mgc_escape(): a user name
 * with a newline cannot start a line of its own).
 *
 * @param in		text (any bytes)
 * @param len		length of in
 * @return			encoded text, malloc()ed, NULL if out of memory
 */
char *cgi_escape(const char *in, size_t len);

#endif /** CGI_COMMON_H_ @}*/
