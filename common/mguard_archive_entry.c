/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_archive_entry.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ENUM(mguard_archive_trigger_names, MGUARD_ARCHIVE_TRIGGER_CMD,
	 MGUARD_ARCHIVE_TRIGGER_SYNUP,
	"cmd",
	"sms",
	"up",
	"synup",
);

/** longest header value kept */
#define VALUE_MAX 256

/**
 * Copy at most max bytes of a string, control characters as blanks
 */
static char *clean(const char *in, size_t max)
{
	size_t len, i;
	char *out;

	len = strnlen(in, max);
	out = malloc(len + 1);
	for (i = 0; i < len; i++)
	{
		out[i] = ((unsigned char)in[i] < 0x20 || in[i] == 0x7f) ? ' ' : in[i];
	}
	out[len] = '\0';
	return out;
}

mguard_archive_entry_t *mguard_archive_entry_create(const char *key,
									const char *name,
									mguard_archive_trigger_t trigger,
									time_t started)
{
	mguard_archive_entry_t *entry;

	INIT(entry,
		.key = clean(key, VALUE_MAX),
		.name = clean(name ?: key, VALUE_MAX),
		.trigger = trigger,
		.started = started,
		.ended = started,
		.lines = array_create(0, 0),
	);
	return entry;
}

void mguard_archive_entry_add_line(mguard_archive_entry_t *entry,
								   const char *line)
{
	array_insert(entry->lines, ARRAY_TAIL,
				 clean(line, MGUARD_ARCHIVE_LINE_MAX));
}

void mguard_archive_entry_set_outcome(mguard_archive_entry_t *entry,
									  bool success, const char *reason,
									  time_t ended)
{
	free(entry->reason);
	entry->reason = reason ? clean(reason, VALUE_MAX) : NULL;
	entry->success = success;
	entry->ended = ended;
}

/**
 * Print the header, return its length (snprintf's: may exceed len)
 */
static int header(mguard_archive_entry_t *entry, char *buf, size_t len,
				  u_int lines, u_int dropped)
{
	return snprintf(buf, len, "%s\nconnection: %s\nname: %s\ntrigger: %N\n"
					"started: %" PRId64 "\nended: %" PRId64 "\noutcome: %s\n"
					"reason: %s\nlines: %u\ndropped: %u\n\n",
					MGUARD_ARCHIVE_MAGIC, entry->key, entry->name,
					mguard_archive_trigger_names, entry->trigger,
					(int64_t)entry->started, (int64_t)entry->ended,
					entry->success ? "established" : "failed",
					entry->reason ?: "", lines, dropped);
}

chunk_t mguard_archive_entry_build(mguard_archive_entry_t *entry, size_t max)
{
	u_int count, kept, i;
	size_t size, body = 0;
	char *line, *pos;
	chunk_t out;
	int len;

	count = array_count(entry->lines);
	len = header(entry, NULL, 0, 0, entry->dropped + count);
	if (len < 0 || (size_t)len > max)
	{
		return chunk_empty;
	}
	/* keep lines from the start while the header (whose counts change
	 * with them) and the lines fit */
	for (kept = 0; kept < count; kept++)
	{
		array_get(entry->lines, kept, &line);
		size = strlen(line) + 1;
		len = header(entry, NULL, 0, kept + 1,
					 entry->dropped + count - kept - 1);
		if ((size_t)len + body + size > max)
		{
			break;
		}
		body += size;
	}
	len = header(entry, NULL, 0, kept, entry->dropped + count - kept);
	out = chunk_alloc(len + body + 1);
	header(entry, (char*)out.ptr, len + 1, kept, entry->dropped + count - kept);
	pos = (char*)out.ptr + len;
	for (i = 0; i < kept; i++)
	{
		array_get(entry->lines, i, &line);
		size = strlen(line);
		memcpy(pos, line, size);
		pos[size] = '\n';
		pos += size + 1;
	}
	out.len = len + body;
	return out;
}

/**
 * Next line of data (without '\n'); FALSE at the end or if the last line
 * has no '\n'
 */
static bool next_line(chunk_t *data, chunk_t *line)
{
	u_char *nl;

	nl = data->len ? memchr(data->ptr, '\n', data->len) : NULL;
	if (!nl)
	{
		return FALSE;
	}
	*line = chunk_create(data->ptr, nl - data->ptr);
	*data = chunk_skip(*data, line->len + 1);
	return TRUE;
}

/**
 * Whether a line holds no control characters (and no NUL)
 */
static bool printable(chunk_t line)
{
	size_t i;

	for (i = 0; i < line.len; i++)
	{
		if (line.ptr[i] < 0x20 || line.ptr[i] == 0x7f)
		{
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * "KEY: VALUE" with the expected key: an allocated copy of the value
 */
static char *value(chunk_t line, const char *key)
{
	size_t len = strlen(key);

	if (line.len < len + 2 || line.len - len - 2 > VALUE_MAX ||
		!memeq(line.ptr, key, len) || !memeq(line.ptr + len, ": ", 2))
	{
		return NULL;
	}
	return strndup((char*)line.ptr + len + 2, line.len - len - 2);
}

/**
 * A decimal number without sign, at most max
 */
static bool number(const char *str, uint64_t max, uint64_t *out)
{
	char *end;

	if (!*str || *str < '0' || *str > '9' || strlen(str) > 20)
	{
		return FALSE;
	}
	errno = 0;
	*out = strtoull(str, &end, 10);
	return !errno && !*end && *out <= max;
}

/**
 * Header keys, in their order
 */
enum {
	H_CONNECTION,
	H_NAME,
	H_TRIGGER,
	H_STARTED,
	H_ENDED,
	H_OUTCOME,
	H_REASON,
	H_LINES,
	H_DROPPED,
	H_COUNT,
};

static const char *keys[H_COUNT] = {
	"connection", "name", "trigger", "started", "ended", "outcome",
	"reason", "lines", "dropped",
};

mguard_archive_entry_t *mguard_archive_entry_parse(chunk_t data,
												   const char **error)
{
	mguard_archive_entry_t *entry = NULL;
	char *v[H_COUNT] = {};
	uint64_t started, ended, lines, dropped, i;
	chunk_t line;
	int k;
	mguard_archive_trigger_t trigger;

	*error = "no entry header";
	if (!next_line(&data, &line) ||
		!chunk_equals(line, chunk_from_str(MGUARD_ARCHIVE_MAGIC)))
	{
		goto out;
	}
	for (k = 0; k < H_COUNT; k++)
	{
		*error = "header line missing, out of order or invalid";
		if (!next_line(&data, &line) || !printable(line) ||
			!(v[k] = value(line, keys[k])))
		{
			goto out;
		}
	}
	*error = "no empty line after the header";
	if (!next_line(&data, &line) || line.len)
	{
		goto out;
	}
	*error = "invalid value in header";
	if (!enum_from_name(mguard_archive_trigger_names, v[H_TRIGGER],
						&trigger) || !*v[H_CONNECTION] ||
		!number(v[H_STARTED], INT64_MAX, &started) ||
		!number(v[H_ENDED], INT64_MAX, &ended) ||
		!number(v[H_LINES], UINT32_MAX, &lines) ||
		!number(v[H_DROPPED], UINT32_MAX, &dropped) ||
		(!streq(v[H_OUTCOME], "established") &&
		 !streq(v[H_OUTCOME], "failed")))
	{
		goto out;
	}
	entry = mguard_archive_entry_create(v[H_CONNECTION], v[H_NAME], trigger,
										started);
	mguard_archive_entry_set_outcome(entry, streq(v[H_OUTCOME], "established"),
									 *v[H_REASON] ? v[H_REASON] : NULL, ended);
	entry->dropped = dropped;
	for (i = 0; i < lines; i++)
	{
		if (!next_line(&data, &line) || !printable(line) ||
			line.len > MGUARD_ARCHIVE_LINE_MAX)
		{
			*error = "fewer log lines than the header says, or an invalid one";
			mguard_archive_entry_destroy(entry);
			entry = NULL;
			goto out;
		}
		array_insert(entry->lines, ARRAY_TAIL, strndup((char*)line.ptr, line.len));
	}
	if (data.len)
	{
		*error = "more data than the header says";
		mguard_archive_entry_destroy(entry);
		entry = NULL;
		goto out;
	}
	*error = NULL;

out:
	for (k = 0; k < H_COUNT; k++)
	{
		free(v[k]);
	}
	return entry;
}

static void free_line(void *line, int idx, void *user)
{
	free(line);
}

void mguard_archive_entry_destroy(mguard_archive_entry_t *entry)
{
	if (entry)
	{
		array_destroy_function(entry->lines, free_line, NULL);
		free(entry->key);
		free(entry->name);
		free(entry->reason);
		free(entry);
	}
}
