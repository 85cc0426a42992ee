/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_client.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <library.h>

char *mgc_client_socket_uri(void)
{
	return lib->settings->get_str(lib->settings,
								  "charon.plugins.mguard-control.socket",
								  MGC_DEFAULT_SOCKET);
}

/**
 * Describe a connect() failure
 */
static void connect_error(char *uri, int err, char *buf, size_t len)
{
	switch (err)
	{
		case ENOENT:
		case ECONNREFUSED:
			snprintf(buf, len, "charon is not running or mguard-control is "
					 "not loaded (%s: %s)", uri, strerror(err));
			break;
		case EACCES:
		case EPERM:
			snprintf(buf, len, "no permission to use the control socket "
					 "(%s: %s)", uri, strerror(err));
			break;
		default:
			snprintf(buf, len, "cannot connect to the control socket (%s: %s)",
					 uri, err ? strerror(err) : "invalid URI");
			break;
	}
}

mgc_call_t mgc_client_call(char *uri, mgc_verb_t verb, const char *arg,
						   size_t arg_len, mgc_line_cb_t cb, void *data,
						   mgc_line_t *final, char *final_buf,
						   size_t final_len, char *err, size_t err_len)
{
	char request[MGC_LINE_MAX + 1], *line = NULL;
	mgc_call_t ret = MGC_CALL_PROTOCOL;
	mgc_line_t parsed;
	stream_t *stream;
	size_t size = 0;
	ssize_t got;
	FILE *file;
	int len;

	snprintf(err, err_len, "no answer from charon");
	len = mgc_request_format(request, sizeof(request), verb, arg, arg_len);
	if (len < 0)
	{
		snprintf(err, err_len, "request too long");
		return MGC_CALL_REQUEST;
	}
	errno = 0;
	stream = lib->streams->connect(lib->streams, uri);
	if (!stream)
	{
		int error = errno;

		connect_error(uri, error, err, err_len);
		return error == EACCES || error == EPERM ? MGC_CALL_DENIED
												 : MGC_CALL_CONNECT;
	}
	if (!stream->write_all(stream, request, len))
	{
		snprintf(err, err_len, "sending the request failed: %s",
				 strerror(errno));
		stream->destroy(stream);
		return MGC_CALL_PROTOCOL;
	}
	file = stream->get_file(stream);
	if (!file)
	{
		snprintf(err, err_len, "reading the answer failed: %s",
				 strerror(errno));
		stream->destroy(stream);
		return MGC_CALL_PROTOCOL;
	}
	while ((got = getline(&line, &size, file)) > 0)
	{
		if (line[got - 1] != '\n' || got > MGC_LINE_MAX)
		{
			snprintf(err, err_len, "malformed answer from charon");
			break;
		}
		line[got - 1] = '\0';
		if (!mgc_line_parse(line, &parsed))
		{
			snprintf(err, err_len, "malformed answer from charon");
			break;
		}
		if (parsed.type == MGC_LINE_DONE || parsed.type == MGC_LINE_ERROR)
		{
			snprintf(final_buf, final_len, "%s", parsed.text);
			*final = parsed;
			final->text = final_buf;
			ret = MGC_CALL_OK;
			break;
		}
		if (cb)
		{
			cb(data, &parsed);
		}
	}
	free(line);
	fclose(file);
	stream->destroy(stream);
	return ret;
}
