/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "stage.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <collections/array.h>

typedef struct private_stage_t private_stage_t;

/**
 * One staged file
 */
typedef struct {
	/** the target */
	char *path;
	/** the new content, until committed */
	char *tmp;
	/** a hard link to the replaced file, NULL if there was none */
	char *old;
	/** renamed in place */
	bool committed;
} entry_t;

struct private_stage_t {

	/** public interface */
	stage_t public;

	/** entry_t, in the order added */
	array_t *entries;

	/** directories created, char*, parents first */
	array_t *dirs;

	/** all entries renamed in place */
	bool committed;
};

/**
 * Create one directory, remember it if it is new
 */
static bool mkdir_one(private_stage_t *this, const char *path, mode_t mode)
{
	if (mkdir(path, mode) == 0)
	{
		array_insert(this->dirs, ARRAY_TAIL, strdup(path));
		return TRUE;
	}
	return errno == EEXIST;
}

/**
 * Create path and its parents
 */
static bool mkdir_parents(private_stage_t *this, const char *path,
						  mode_t mode)
{
	char parent[PATH_MAX], *slash;

	if (mkdir_one(this, path, mode))
	{
		return TRUE;
	}
	if (errno != ENOENT ||
		snprintf(parent, sizeof(parent), "%s", path) >= sizeof(parent))
	{
		return FALSE;
	}
	slash = strrchr(parent, '/');
	if (!slash || slash == parent)
	{
		return FALSE;
	}
	*slash = '\0';
	return mkdir_parents(this, parent, 0755) && mkdir_one(this, path, mode);
}

METHOD(stage_t, make_dir, bool,
	private_stage_t *this, const char *path, mode_t mode)
{
	struct stat st;

	if (!mkdir_parents(this, path, mode))
	{
		fprintf(stderr, "mguard-swanctl: cannot create directory %s: %s\n",
				path, strerror(errno));
		return FALSE;
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
	{
		fprintf(stderr, "mguard-swanctl: cannot create directory %s: %s\n",
				path, strerror(ENOTDIR));
		return FALSE;
	}
	return TRUE;
}

/**
 * Write data to a new temporary file next to path and sync it
 */
static char *write_temp(const char *path, chunk_t data, mode_t mode)
{
	char *tmp;
	size_t done = 0;
	ssize_t len;
	int fd;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
	{
		return NULL;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
	{
		fprintf(stderr, "mguard-swanctl: cannot create %s: %s\n", tmp,
				strerror(errno));
		free(tmp);
		return NULL;
	}
	if (fchmod(fd, mode) != 0)
	{
		goto error;
	}
	while (done < data.len)
	{
		len = write(fd, data.ptr + done, data.len - done);
		if (len < 0 && errno == EINTR)
		{
			continue;
		}
		if (len <= 0)
		{
			goto error;
		}
		done += len;
	}
	if (fsync(fd) != 0)
	{
		goto error;
	}
	if (close(fd) != 0)
	{
		fd = -1;
		goto error;
	}
	return tmp;

error:
	fprintf(stderr, "mguard-swanctl: cannot write %s: %s\n", tmp,
			strerror(errno));
	if (fd >= 0)
	{
		close(fd);
	}
	unlink(tmp);
	free(tmp);
	return NULL;
}

/**
 * Keep a hard link to the file at path (if any) next to it
 */
static bool link_old(const char *path, char **old)
{
	struct stat st;
	u_int i;

	*old = NULL;
	if (lstat(path, &st) != 0)
	{
		return errno == ENOENT;
	}
	if (S_ISDIR(st.st_mode))
	{	/* rename() refuses to replace it, nothing to keep */
		return TRUE;
	}
	for (i = 0; i < 100; i++)
	{
		free(*old);
		if (asprintf(old, "%s.old-%d-%u", path, getpid(), i) < 0)
		{
			*old = NULL;
			return FALSE;
		}
		if (link(path, *old) == 0)
		{
			return TRUE;
		}
		if (errno != EEXIST)
		{
			break;
		}
	}
	fprintf(stderr, "mguard-swanctl: cannot keep %s while replacing it: %s\n",
			path, strerror(errno));
	free(*old);
	*old = NULL;
	return FALSE;
}

METHOD(stage_t, add, bool,
	private_stage_t *this, const char *path, chunk_t data, mode_t mode)
{
	entry_t *entry;
	char *tmp, *old;

	tmp = write_temp(path, data, mode);
	if (!tmp)
	{
		return FALSE;
	}
	if (!link_old(path, &old))
	{
		unlink(tmp);
		free(tmp);
		return FALSE;
	}
	INIT(entry,
		.path = strdup(path),
		.tmp = tmp,
		.old = old,
	);
	array_insert(this->entries, ARRAY_TAIL, entry);
	return TRUE;
}

/**
 * Sync the directory of a file (the rename itself)
 */
static void sync_dir(const char *path)
{
	char dir[PATH_MAX];
	int fd;

	if (snprintf(dir, sizeof(dir), "%s", path) >= sizeof(dir))
	{
		return;
	}
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
	{
		fsync(fd);
		close(fd);
	}
}

METHOD(stage_t, rollback, void,
	private_stage_t *this)
{
	entry_t *entry;
	char *dir;
	int i;

	for (i = array_count(this->entries) - 1; i >= 0; i--)
	{
		array_get(this->entries, i, &entry);
		if (entry->committed)
		{
			if (entry->old)
			{
				if (rename(entry->old, entry->path) != 0)
				{
					fprintf(stderr, "mguard-swanctl: cannot restore %s from "
							"%s: %s\n", entry->path, entry->old,
							strerror(errno));
					continue;
				}
				free(entry->old);
				entry->old = NULL;
			}
			else
			{
				unlink(entry->path);
			}
			entry->committed = FALSE;
			sync_dir(entry->path);
		}
		if (entry->tmp)
		{
			unlink(entry->tmp);
			free(entry->tmp);
			entry->tmp = NULL;
		}
		if (entry->old)
		{
			unlink(entry->old);
			free(entry->old);
			entry->old = NULL;
		}
	}
	while (array_remove(this->dirs, ARRAY_TAIL, &dir))
	{
		rmdir(dir);
		free(dir);
	}
	this->committed = FALSE;
}

METHOD(stage_t, commit, bool,
	private_stage_t *this)
{
	enumerator_t *enumerator;
	entry_t *entry;
	bool ok = TRUE;

	enumerator = array_create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (!entry->tmp)
		{
			continue;
		}
		if (rename(entry->tmp, entry->path) != 0)
		{
			fprintf(stderr, "mguard-swanctl: cannot write %s: %s\n",
					entry->path, strerror(errno));
			ok = FALSE;
			break;
		}
		free(entry->tmp);
		entry->tmp = NULL;
		entry->committed = TRUE;
	}
	enumerator->destroy(enumerator);
	if (!ok)
	{
		rollback(this);
		return FALSE;
	}
	enumerator = array_create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry))
	{
		sync_dir(entry->path);
	}
	enumerator->destroy(enumerator);
	this->committed = TRUE;
	return TRUE;
}

METHOD(stage_t, destroy, void,
	private_stage_t *this)
{
	entry_t *entry;
	char *dir;

	if (!this->committed)
	{
		rollback(this);
	}
	while (array_remove(this->entries, ARRAY_HEAD, &entry))
	{
		if (entry->old)
		{
			unlink(entry->old);
		}
		free(entry->old);
		free(entry->tmp);
		free(entry->path);
		free(entry);
	}
	while (array_remove(this->dirs, ARRAY_HEAD, &dir))
	{
		free(dir);
	}
	array_destroy(this->entries);
	array_destroy(this->dirs);
	free(this);
}

/*
 * Described in header
 */
stage_t *stage_create()
{
	private_stage_t *this;

	INIT(this,
		.public = {
			.make_dir = _make_dir,
			.add = _add,
			.commit = _commit,
			.rollback = _rollback,
			.destroy = _destroy,
		},
		.entries = array_create(0, 0),
		.dirs = array_create(0, 0),
	);
	return &this->public;
}
