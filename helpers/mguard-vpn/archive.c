/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "archive.h"
#include "redact.h"
#include "tar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <mguard_archive_entry.h>
#include <mguard_archive_store.h>
#include <mguard_file.h>
#include <mguard_model.h>

/** exit codes, as mguard_vpn.c's */
#define EXIT_ERROR 1
#define EXIT_USAGE 2
#define EXIT_UNKNOWN 4

/** the generated swanctl config below the swanctl directory */
#define SWANCTL_CONF "conf.d/mguard.conf"

/**
 * The archive directory of the model (allocated), NULL on errors (printed)
 */
static char *archive_dir(char *path)
{
	mguard_report_t *report;
	mguard_model_t *model;
	char *dir = NULL;

	path = path ?: MGUARD_DEFAULT_MODEL;
	report = mguard_report_create();
	if (access(path, F_OK) != 0 && errno == ENOENT)
	{	/* no model: its defaults */
		model = mguard_model_load_string("", path, report);
	}
	else
	{
		model = mguard_model_load(path, report);
	}
	if (model)
	{
		dir = strdupnull(model->global.archive.dir);
		mguard_model_destroy(model);
	}
	else
	{
		report->print(report, stderr);
		fprintf(stderr, "mguard-vpn: the model %s is invalid, cannot tell "
				"where the archive is\n", path);
	}
	report->destroy(report);
	return dir;
}

static void format_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

/**
 * Read and parse an entry; prints why not
 */
static mguard_archive_entry_t *load(mguard_archive_store_t *store,
									char *dir, uint32_t id)
{
	mguard_archive_entry_t *entry;
	const char *error;
	chunk_t data;

	if (!store->read(store, id, &data))
	{
		fprintf(stderr, "mguard-vpn: %s/%010u.entry: %s\n", dir, id,
				strerror(errno));
		return NULL;
	}
	entry = mguard_archive_entry_parse(data, &error);
	chunk_free(&data);
	if (!entry)
	{
		fprintf(stderr, "mguard-vpn: %s/%010u.entry: not a valid entry: "
				"%s\n", dir, id, error);
	}
	return entry;
}

static int list(mguard_archive_store_t *store, char *dir)
{
	mguard_archive_entry_t *entry;
	array_t *ids;
	uint32_t id;
	char started[32];
	int ret = 0;

	ids = store->list(store);
	if (!ids)
	{
		if (errno == ENOENT)
		{	/* nothing archived yet */
			return 0;
		}
		fprintf(stderr, "mguard-vpn: cannot read the archive %s: %s\n", dir,
				strerror(errno));
		return EXIT_ERROR;
	}
	while (array_remove(ids, ARRAY_HEAD, &id))
	{
		entry = load(store, dir, id);
		if (!entry)
		{
			ret = EXIT_ERROR;
			continue;
		}
		format_time(entry->started, started, sizeof(started));
		printf("%u  %s  %-11s  %-5s  %s\n", id, started,
			   entry->success ? "established" : "failed",
			   enum_to_name(mguard_archive_trigger_names, entry->trigger),
			   entry->name);
		mguard_archive_entry_destroy(entry);
	}
	array_destroy(ids);
	return ret;
}

static bool parse_id(char *arg, uint32_t *id)
{
	unsigned long long value;
	char *end;

	errno = 0;
	value = strtoull(arg, &end, 10);
	if (!*arg || *end || errno || value > UINT32_MAX || *arg == '-')
	{
		return FALSE;
	}
	*id = value;
	return TRUE;
}

static int show(mguard_archive_store_t *store, char *dir, char *arg)
{
	mguard_archive_entry_t *entry;
	char started[32], ended[32], *line;
	chunk_t data = chunk_empty;
	uint32_t id;
	int i;

	if (!parse_id(arg, &id))
	{
		fprintf(stderr, "mguard-vpn: archive show: '%s' is not an entry "
				"number (see 'mguard-vpn archive list')\n", arg);
		return EXIT_USAGE;
	}
	if (!store->read(store, id, &data))
	{
		if (errno == ENOENT)
		{
			fprintf(stderr, "mguard-vpn: no archived attempt %u in %s\n",
					id, dir);
			return EXIT_UNKNOWN;
		}
	}
	chunk_free(&data);
	entry = load(store, dir, id);
	if (!entry)
	{
		return EXIT_ERROR;
	}
	format_time(entry->started, started, sizeof(started));
	format_time(entry->ended, ended, sizeof(ended));
	printf("attempt %u: %s (connection %s)\n", id, entry->name, entry->key);
	printf("trigger: %s\n", enum_to_name(mguard_archive_trigger_names,
										 entry->trigger));
	printf("started: %s UTC\nended: %s UTC\n", started, ended);
	printf("outcome: %s%s%s\n", entry->success ? "established" : "failed",
		   entry->reason ? ": " : "", entry->reason ?: "");
	printf("log lines: %u", array_count(entry->lines));
	if (entry->dropped)
	{
		printf(" (%u more not archived)", entry->dropped);
	}
	printf("\n\n");
	for (i = 0; i < array_count(entry->lines); i++)
	{
		array_get(entry->lines, i, &line);
		printf("%s\n", line);
	}
	mguard_archive_entry_destroy(entry);
	return 0;
}

/**
 * Add a configuration file, redacted, to the snapshot; notes what is missing
 */
static bool add_redacted(FILE *out, char *path, char *name, FILE *readme)
{
	chunk_t data, redacted;
	bool ok;

	if (!mguard_file_read(path, MGUARD_ARCHIVE_READ_MAX, &data))
	{
		fprintf(readme, "%s: not included, %s: %s\n", name, path,
				strerror(errno));
		return TRUE;
	}
	redacted = redact_config(data);
	chunk_free(&data);
	ok = tar_add(out, name, redacted, time(NULL));
	chunk_free(&redacted);
	fprintf(readme, "%s: %s, secrets redacted\n", name, path);
	return ok;
}

static int snapshot(mguard_archive_store_t *store, char *dir, char *model,
					char *swanctl_dir, char *file)
{
	char name[64], path[PATH_MAX], *readme_buf = NULL;
	size_t readme_len = 0;
	array_t *ids;
	uint32_t id;
	chunk_t data;
	FILE *out, *readme;
	bool ok = TRUE;
	int fd;

	if (streq(file, "-"))
	{
		out = stdout;
	}
	else
	{	/* diagnostics are for the support team only */
		fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		out = fd < 0 ? NULL : fdopen(fd, "w");
		if (!out)
		{
			fprintf(stderr, "mguard-vpn: cannot create %s: %s\n", file,
					strerror(errno));
			return EXIT_ERROR;
		}
	}
	readme = open_memstream(&readme_buf, &readme_len);
	fprintf(readme, "strongswan-mguard support snapshot\n\n");

	ok = add_redacted(out, model ?: MGUARD_DEFAULT_MODEL,
					  "snapshot/model/vpn.conf", readme) && ok;
	snprintf(path, sizeof(path), "%s/%s", swanctl_dir ?: "/etc/swanctl",
			 SWANCTL_CONF);
	ok = add_redacted(out, path, "snapshot/swanctl/mguard.conf", readme) && ok;

	ids = store->list(store);
	if (!ids)
	{
		fprintf(readme, "snapshot/archive: not included, %s: %s\n", dir,
				strerror(errno));
	}
	else
	{
		fprintf(readme, "snapshot/archive: %u entries of %s\n",
				array_count(ids), dir);
	}
	while (array_remove(ids, ARRAY_HEAD, &id))
	{
		if (store->read(store, id, &data))
		{
			snprintf(name, sizeof(name), "snapshot/archive/%010u.entry", id);
			ok = tar_add(out, name, data, time(NULL)) && ok;
			chunk_free(&data);
		}
	}
	array_destroy(ids);

	fclose(readme);
	ok = tar_add(out, "snapshot/README",
				 chunk_create((u_char*)readme_buf, readme_len),
				 time(NULL)) && ok;
	free(readme_buf);
	ok = tar_finish(out) && ok;
	if (out != stdout)
	{
		ok = (fsync(fileno(out)) == 0) && ok;
		ok = (fclose(out) == 0) && ok;
	}
	else
	{
		ok = (fflush(out) == 0) && ok;
	}
	if (!ok)
	{
		fprintf(stderr, "mguard-vpn: writing the snapshot %s failed: %s\n",
				file, strerror(errno));
		if (!streq(file, "-"))
		{
			unlink(file);
		}
		return EXIT_ERROR;
	}
	return 0;
}

int archive_main(int argc, char *argv[], char *model, char *swanctl_dir)
{
	mguard_archive_store_t *store;
	char *dir, *cmd = argc ? argv[0] : "list";
	int ret;

	if (!(streq(cmd, "list") && argc <= 1) &&
		!(streq(cmd, "show") && argc == 2) &&
		!(streq(cmd, "snapshot") && argc == 2))
	{
		fprintf(stderr, "usage: mguard-vpn [--model FILE] archive [list | "
				"show ID]\n       mguard-vpn [--model FILE] [--swanctl-dir "
				"DIR] archive snapshot FILE|-\n");
		return EXIT_USAGE;
	}
	dir = archive_dir(model);
	if (!dir)
	{
		return EXIT_ERROR;
	}
	store = mguard_archive_store_create(dir, UINT64_MAX, 0, FALSE);
	if (streq(cmd, "list"))
	{
		ret = list(store, dir);
	}
	else if (streq(cmd, "show"))
	{
		ret = show(store, dir, argv[1]);
	}
	else
	{
		ret = snapshot(store, dir, model, swanctl_dir, argv[1]);
	}
	store->destroy(store);
	free(dir);
	return ret;
}
