/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_sms.h"

#include <string.h>

/** white space around the command and the token */
#define SPACE " \t\r\n"

/**
 * If body starts with the command followed by a blank, the rest
 */
static char *command(char *body, const char *cmd)
{
	size_t len = strlen(cmd);

	if (strncmp(body, cmd, len) == 0 && (body[len] == ' ' || body[len] == '\t'))
	{
		return body + len;
	}
	return NULL;
}

bool mguard_control_sms_parse(char *body, bool *start, char **token,
							  const char **error)
{
	char *rest, *end;

	body += strspn(body, SPACE);
	if ((rest = command(body, "vpn/start")))
	{
		*start = true;
	}
	else if ((rest = command(body, "vpn/stop")))
	{
		*start = false;
	}
	else
	{
		*error = "expected 'vpn/start TOKEN' or 'vpn/stop TOKEN'";
		return false;
	}
	rest += strspn(rest, SPACE);
	for (end = rest + strlen(rest); end > rest && strchr(SPACE, end[-1]);
		 end--)
	{
		end[-1] = '\0';
	}
	if (!*rest)
	{
		*error = "missing token";
		return false;
	}
	*token = rest;
	return true;
}

bool mguard_control_sms_token_equals(const char *expected, const char *given)
{
	size_t elen = strlen(expected), glen = strlen(given), i;
	volatile unsigned char diff;

	if (!elen)
	{
		return false;
	}
	diff = elen != glen;
	for (i = 0; i < glen; i++)
	{	/* every byte of given is compared, with expected repeated */
		diff |= (unsigned char)given[i] ^ (unsigned char)expected[i % elen];
	}
	return !diff;
}
