/*
 * Copyright (C) 2026 strongswan-mguard authors
 */


#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <string.h>
#include <time.h>

#include "mguard_conf_sources.h"

#include <collections/array.h>

/**
 * A file read
 */
typedef struct {
	char *path;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct timespec ctime;
	/** when the file was read */
	struct timespec read;
} source_file_t;

/**
 * A file changed less than this before it was read may change again without
 * a new modification time (timestamps are as coarse as the kernel's tick)
 */
#define RACY_NS (50 * 1000 * 1000LL)

/**
 * An include pattern and what it matched, in order
 */
typedef struct {
	char *pattern;
	char **matches;
	size_t count;
} source_pattern_t;

typedef struct private_mguard_conf_sources_builder_t
	private_mguard_conf_sources_builder_t;

struct private_mguard_conf_sources_builder_t {

	/** public interface */
	mguard_conf_sources_builder_t public;

	/** source_file_t */
	array_t *files;

	/** source_pattern_t */
	array_t *patterns;
};

/**
 * Directory entries the current thread's glob() may still read
 */
static __thread u_int glob_budget;

static void *glob_opendir(const char *name)
{
	return opendir(name);
}

static void glob_closedir(void *dir)
{
	closedir(dir);
}

static struct dirent *glob_readdir(void *dir)
{
	if (!glob_budget)
	{
		return NULL;
	}
	glob_budget--;
	return readdir(dir);
}

/*
 * Described in header
 */
int mguard_conf_glob(const char *pattern, char ***matches, size_t *count)
{
	glob_t gl = {
		.gl_opendir = glob_opendir,
		.gl_closedir = glob_closedir,
		.gl_readdir = (void*)glob_readdir,
		.gl_lstat = lstat,
		.gl_stat = stat,
	};
	size_t i;
	int status;

	*matches = NULL;
	*count = 0;
	glob_budget = MGUARD_CONF_MAX_GLOB_ENTRIES;
	status = glob(pattern, GLOB_ERR | GLOB_ALTDIRFUNC, NULL, &gl);
	if (!glob_budget)
	{
		globfree(&gl);
		return E2BIG;
	}
	if (status == GLOB_NOMATCH)
	{
		globfree(&gl);
		return 0;
	}
	if (status != 0)
	{
		globfree(&gl);
		return status == GLOB_NOSPACE ? ENOMEM : (errno ?: EIO);
	}
	*matches = calloc(gl.gl_pathc ?: 1, sizeof(char*));
	for (i = 0; i < gl.gl_pathc; i++)
	{
		(*matches)[i] = strdup(gl.gl_pathv[i]);
	}
	*count = gl.gl_pathc;
	globfree(&gl);
	return 0;
}

/*
 * Described in header
 */
void mguard_conf_glob_free(char **matches, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
	{
		free(matches[i]);
	}
	free(matches);
}

static bool same_time(struct timespec *a, struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

static int64_t ns(struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

/**
 * Whether a file could have changed since it was read without its
 * identity (size, times) showing it
 */
static bool racy(source_file_t *file)
{
	return ns(&file->mtime) + RACY_NS >= ns(&file->read);
}

METHOD(mguard_conf_sources_t, is_current, bool,
	private_mguard_conf_sources_builder_t *this)
{
	source_pattern_t *pattern;
	source_file_t *file;
	struct stat st;
	char **matches;
	size_t count, i;
	bool current = TRUE;
	int idx;

	for (idx = 0; current && idx < array_count(this->files); idx++)
	{
		array_get(this->files, idx, &file);
		current = !racy(file) &&
				  stat(file->path, &st) == 0 && st.st_dev == file->dev &&
				  st.st_ino == file->ino && st.st_size == file->size &&
				  same_time(&st.st_mtim, &file->mtime) &&
				  same_time(&st.st_ctim, &file->ctime);
	}
	for (idx = 0; current && idx < array_count(this->patterns); idx++)
	{
		array_get(this->patterns, idx, &pattern);
		if (mguard_conf_glob(pattern->pattern, &matches, &count) != 0)
		{
			return FALSE;
		}
		current = count == pattern->count;
		for (i = 0; current && i < count; i++)
		{
			current = streq(matches[i], pattern->matches[i]);
		}
		mguard_conf_glob_free(matches, count);
	}
	return current;
}

METHOD(mguard_conf_sources_t, get_count, u_int,
	private_mguard_conf_sources_builder_t *this)
{
	return array_count(this->files);
}

METHOD(mguard_conf_sources_builder_t, add_file, void,
	private_mguard_conf_sources_builder_t *this, const char *path,
	struct stat *st)
{
	source_file_t *file;

	INIT(file,
		.path = strdup(path),
		.dev = st->st_dev,
		.ino = st->st_ino,
		.size = st->st_size,
		.mtime = st->st_mtim,
		.ctime = st->st_ctim,
	);
	clock_gettime(CLOCK_REALTIME, &file->read);
	array_insert(this->files, ARRAY_TAIL, file);
}

METHOD(mguard_conf_sources_builder_t, add_pattern, void,
	private_mguard_conf_sources_builder_t *this, const char *pattern,
	char **matches, size_t count)
{
	source_pattern_t *entry;
	size_t i;

	INIT(entry,
		.pattern = strdup(pattern),
		.matches = calloc(count ?: 1, sizeof(char*)),
		.count = count,
	);
	for (i = 0; i < count; i++)
	{
		entry->matches[i] = strdup(matches[i]);
	}
	array_insert(this->patterns, ARRAY_TAIL, entry);
}

static void file_destroy(source_file_t *file)
{
	free(file->path);
	free(file);
}

static void pattern_destroy(source_pattern_t *pattern)
{
	mguard_conf_glob_free(pattern->matches, pattern->count);
	free(pattern->pattern);
	free(pattern);
}

METHOD(mguard_conf_sources_t, destroy, void,
	private_mguard_conf_sources_builder_t *this)
{
	array_destroy_function(this->files, (void*)file_destroy, NULL);
	array_destroy_function(this->patterns, (void*)pattern_destroy, NULL);
	free(this);
}

/*
 * Described in header
 */
mguard_conf_sources_builder_t *mguard_conf_sources_create(void)
{
	private_mguard_conf_sources_builder_t *this;

	INIT(this,
		.public = {
			.public = {
				.is_current = _is_current,
				.get_count = _get_count,
				.destroy = _destroy,
			},
			.add_file = _add_file,
			.add_pattern = _add_pattern,
		},
		.files = array_create(0, 0),
		.patterns = array_create(0, 0),
	);
	return &this->public;
}
