/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "mguard_model_parse.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Described in header
 */
mguard_model_t *mguard_model_load(const char *path, mguard_report_t *report)
{
	return mguard_model_load_sources(path, report, NULL);
}

/*
 * Described in header
 */
mguard_model_t *mguard_model_load_sources(const char *path,
										  mguard_report_t *report,
										  mguard_conf_sources_t **sources)
{
	mguard_model_t *model;
	struct stat st;
	ctx_t ctx = {
		.file = path,
		.report = report,
	};
	char *slash;

	if (stat(path, &st) != 0)
	{
		report->add(report, MGUARD_ERROR, path, NULL, "cannot read the model "
					"file: %s", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > MGUARD_MODEL_MAX_SIZE)
	{
		report->add(report, MGUARD_ERROR, path, NULL, "not a regular file of "
					"at most %d bytes", MGUARD_MODEL_MAX_SIZE);
		return NULL;
	}
	ctx.errors = report->get_errors(report);
	ctx.conf = mguard_conf_parse_file(path, report, sources);
	if (!ctx.conf)
	{
		return NULL;
	}
	ctx.dir = strdup(path);
	slash = strrchr(ctx.dir, '/');
	if (slash)
	{
		*slash = '\0';
		if (!*ctx.dir)
		{
			strcpy(ctx.dir, "/");
		}
	}
	else
	{
		free(ctx.dir);
		ctx.dir = strdup(".");
	}
	model = mguard_model_build(&ctx);
	free(ctx.dir);
	ctx.conf->destroy(ctx.conf);
	return model;
}

/*
 * Described in header
 */
mguard_model_t *mguard_model_load_string(const char *content, const char *name,
										 mguard_report_t *report)
{
	mguard_model_t *model;
	ctx_t ctx = {
		.file = name,
		.report = report,
	};

	if (strlen(content) > MGUARD_MODEL_MAX_SIZE)
	{
		report->add(report, MGUARD_ERROR, name, NULL, "model larger than %d "
					"bytes", MGUARD_MODEL_MAX_SIZE);
		return NULL;
	}
	ctx.errors = report->get_errors(report);
	ctx.conf = mguard_conf_parse_string(content, name, report);
	if (!ctx.conf)
	{
		return NULL;
	}
	model = mguard_model_build(&ctx);
	ctx.conf->destroy(ctx.conf);
	return model;
}

