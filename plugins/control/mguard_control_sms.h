/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_sms mguard_control_sms
 * @{ @ingroup mguard_control
 *
 * Text message bodies ("vpn/start TOKEN", "vpn/stop TOKEN"), parsed
 * without charon. The body comes from whoever can send the device a text
 * message: hostile input.
 */

#ifndef MGUARD_CONTROL_SMS_H_
#define MGUARD_CONTROL_SMS_H_

#include <stdbool.h>

/**
 * Parse a text message body in place: leading white space, the command,
 * at least one blank, the token (white space around it is dropped).
 *
 * @param body		body, NUL terminated, modified (trailing white space)
 * @param start		receives TRUE for vpn/start, FALSE for vpn/stop
 * @param token		receives the token, inside body
 * @param error		receives why it is refused (static text)
 * @return			FALSE if the body is no such command
 */
bool mguard_control_sms_parse(char *body, bool *start, char **token,
							  const char **error);

/**
 * Whether a received token equals a connection's, in time that depends on
 * the received token's length only (not on where they differ, nor on the
 * expected token), so that replies do not reveal tokens byte by byte.
 *
 * @param expected	the connection's token (empty: none, never equal)
 * @param given		the received token
 * @return			TRUE if equal
 */
bool mguard_control_sms_token_equals(const char *expected, const char *given);

#endif /** MGUARD_CONTROL_SMS_H_ @}*/
