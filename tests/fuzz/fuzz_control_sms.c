/*
 * libFuzzer target for mguard-control's text message parser
 * (plugins/control/mguard_control_sms.c): the body is whatever a sender
 * put in a text message.
 *
 * Sources: plugins/control/mguard_control_sms.c; libraries: -lpthread.
 *
 * Checks beyond "no crash": an accepted body yields a non-empty token inside
 * the body that neither starts nor ends with white space; a refusal has a
 * reason.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/control/mguard_control_sms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *error = NULL;
	char *body, *token = NULL;
	size_t len;
	bool start;

	body = malloc(size + 1);
	if (!body)
	{
		return 0;
	}
	memcpy(body, data, size);
	body[size] = '\0';
	if (mguard_control_sms_parse(body, &start, &token, &error))
	{
		len = strlen(token);
		if (token < body || token + len > body + size || !len ||
			strchr(" \t\r\n", token[0]) || strchr(" \t\r\n", token[len - 1]))
		{
			abort();
		}
	}
	else if (!error || !*error)
	{
		abort();
	}
	free(body);
	return 0;
}
