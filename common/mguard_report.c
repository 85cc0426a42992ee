/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "mguard_report.h"

#include <stdarg.h>
#include <string.h>

#include <utils/debug.h>
#include <collections/array.h>

typedef struct private_mguard_report_t private_mguard_report_t;
typedef struct entry_t entry_t;

/**
 * One report line.
 */
struct entry_t {
	/** severity */
	mguard_severity_t severity;
	/** complete line, without newline */
	char *line;
};

/**
 * Private data of a report.
 */
struct private_mguard_report_t {

	/**
	 * Public interface.
	 */
	mguard_report_t public;

	/**
	 * Kept entries, entry_t.
	 */
	array_t *entries;

	/**
	 * Number of errors.
	 */
	u_int errors;

	/**
	 * Number of warnings.
	 */
	u_int warnings;
};

METHOD(mguard_report_t, add, void,
	private_mguard_report_t *this, mguard_severity_t severity,
	const char *file, const char *path, const char *fmt, ...)
{
	char msg[1024], *pos;
	entry_t *entry;
	va_list args;
	int len;

	if (severity == MGUARD_ERROR)
	{
		this->errors++;
	}
	else
	{
		this->warnings++;
	}
	if (array_count(this->entries) >= MGUARD_REPORT_MAX)
	{
		return;
	}
	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);

	INIT(entry,
		.severity = severity,
	);
	len = asprintf(&entry->line, "%s%s%s%s%s%s",
				   file ?: "", file ? ": " : "",
				   path ?: "", path && *path ? ": " : "",
				   severity == MGUARD_WARNING ? "warning: " : "", msg);
	if (len < 0)
	{
		free(entry);
		return;
	}
	/* one line per entry, whatever the model's values contain */
	for (pos = entry->line; *pos; pos++)
	{
		if ((unsigned char)*pos < 0x20 || *pos == 0x7f)
		{
			*pos = '?';
		}
	}
	array_insert(this->entries, ARRAY_TAIL, entry);
}

METHOD(mguard_report_t, add_report, void,
	private_mguard_report_t *this, mguard_report_t *other_public)
{
	private_mguard_report_t *other = (private_mguard_report_t*)other_public;
	enumerator_t *enumerator;
	entry_t *entry, *copy;

	this->errors += other->errors;
	this->warnings += other->warnings;
	enumerator = array_create_enumerator(other->entries);
	while (array_count(this->entries) < MGUARD_REPORT_MAX &&
		   enumerator->enumerate(enumerator, &entry))
	{
		INIT(copy,
			.severity = entry->severity,
			.line = strdup(entry->line),
		);
		array_insert(this->entries, ARRAY_TAIL, copy);
	}
	enumerator->destroy(enumerator);
}

METHOD(mguard_report_t, get_errors, u_int,
	private_mguard_report_t *this)
{
	return this->errors;
}

METHOD(mguard_report_t, get_warnings, u_int,
	private_mguard_report_t *this)
{
	return this->warnings;
}

CALLBACK(entry_filter, bool,
	void *data, enumerator_t *orig, va_list args)
{
	mguard_severity_t *severity;
	entry_t *entry;
	char **line;

	VA_ARGS_VGET(args, severity, line);
	if (orig->enumerate(orig, &entry))
	{
		if (severity)
		{
			*severity = entry->severity;
		}
		if (line)
		{
			*line = entry->line;
		}
		return TRUE;
	}
	return FALSE;
}

METHOD(mguard_report_t, create_enumerator, enumerator_t*,
	private_mguard_report_t *this)
{
	return enumerator_create_filter(array_create_enumerator(this->entries),
									entry_filter, NULL, NULL);
}

METHOD(mguard_report_t, contains, bool,
	private_mguard_report_t *this, const char *text)
{
	enumerator_t *enumerator;
	entry_t *entry;
	bool found = FALSE;

	enumerator = array_create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (strstr(entry->line, text))
		{
			found = TRUE;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

METHOD(mguard_report_t, print, void,
	private_mguard_report_t *this, FILE *out)
{
	enumerator_t *enumerator;
	entry_t *entry;
	u_int total = this->errors + this->warnings;

	enumerator = array_create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry))
	{
		fprintf(out, "%s\n", entry->line);
	}
	enumerator->destroy(enumerator);
	if (total > array_count(this->entries))
	{
		fprintf(out, "(%u further messages not shown)\n",
				total - array_count(this->entries));
	}
}

METHOD(mguard_report_t, log_, void,
	private_mguard_report_t *this)
{
	enumerator_t *enumerator;
	entry_t *entry;

	enumerator = array_create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (entry->severity == MGUARD_ERROR)
		{
			DBG1(DBG_CFG, "%s", entry->line);
		}
		else
		{
			DBG2(DBG_CFG, "%s", entry->line);
		}
	}
	enumerator->destroy(enumerator);
}

CALLBACK(entry_destroy, void,
	entry_t *entry, int idx, void *user)
{
	free(entry->line);
	free(entry);
}

METHOD(mguard_report_t, destroy, void,
	private_mguard_report_t *this)
{
	array_destroy_function(this->entries, entry_destroy, NULL);
	free(this);
}

/*
 * Described in header
 */
mguard_report_t *mguard_report_create(void)
{
	private_mguard_report_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.get_errors = _get_errors,
			.get_warnings = _get_warnings,
			.create_enumerator = _create_enumerator,
			.contains = _contains,
			.add_report = _add_report,
			.print = _print,
			.log = _log_,
			.destroy = _destroy,
		},
		.entries = array_create(0, 0),
	);
	return &this->public;
}
