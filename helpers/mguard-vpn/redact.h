/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/*
 * Secrets out of configuration text (the model, generated swanctl.conf) for
 * a support snapshot: the value of every key named psk, password,
 * xauth_password or secret (also quoted values that span lines) becomes
 * <redacted>. Everything else stays as it is.
 */

#ifndef REDACT_H_
#define REDACT_H_

#include <library.h>

/**
 * Redact configuration text.
 *
 * @param in		text in the strongSwan settings syntax
 * @return			allocated redacted text
 */
chunk_t redact_config(chunk_t in);

#endif /* REDACT_H_ */
