/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_archive_store.h"
#include "mguard_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <collections/array.h>

typedef struct private_mguard_archive_store_t private_mguard_archive_store_t;

struct private_mguard_archive_store_t {

	/**
	 * Public interface
	 */
	mguard_archive_store_t public;

	/**
	 * Directory
	 */
	char *dir;

	/**
	 * Cap on the entries' total size
	 */
	uint64_t max_size;

	/**
	 * Bytes of the file system to leave free
	 */
	uint64_t min_free;
};

/**
 * An entry file found in the directory
 */
typedef struct {
	uint32_t id;
	uint64_t size;
} file_t;

/** digits of an entry number in file names */
#define ID_DIGITS 10

bool mguard_archive_store_parse_name(const char *name, uint32_t *id)
{
	uint64_t value = 0;
	int i;

	for (i = 0; i < ID_DIGITS; i++)
	{
		if (name[i] < '0' || name[i] > '9')
		{
			return FALSE;
		}
		value = value * 10 + (name[i] - '0');
	}
	if (!streq(name + ID_DIGITS, ".entry") || value > UINT32_MAX)
	{
		return FALSE;
	}
	*id = value;
	return TRUE;
}

/**
 * Whether a name is one of our temporary files (".0000000042.tmp")
 */
static bool is_temp(const char *name)
{
	int i;

	if (name[0] != '.')
	{
		return FALSE;
	}
	for (i = 1; i <= ID_DIGITS; i++)
	{
		if (name[i] < '0' || name[i] > '9')
		{
			return FALSE;
		}
	}
	return streq(name + ID_DIGITS + 1, ".tmp");
}

static int file_cmp(const void *a, const void *b, void *user)
{
	const file_t *fa = a, *fb = b;

	return fa->id < fb->id ? -1 : fa->id > fb->id;
}

/**
 * The entry files, oldest first; NULL on errors (errno)
 */
static array_t *scan(private_mguard_archive_store_t *this)
{
	struct dirent *de;
	struct stat st;
	array_t *files;
	file_t file;
	DIR *dir;

	dir = opendir(this->dir);
	if (!dir)
	{
		return NULL;
	}
	files = array_create(sizeof(file_t), 0);
	while ((de = readdir(dir)))
	{
		if (mguard_archive_store_parse_name(de->d_name, &file.id) &&
			fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			S_ISREG(st.st_mode))
		{
			file.size = st.st_size;
			array_insert(files, ARRAY_TAIL, &file);
		}
	}
	closedir(dir);
	array_sort(files, file_cmp, NULL);
	return files;
}

static void entry_name(char *buf, size_t len, uint32_t id, bool temp)
{
	snprintf(buf, len, temp ? ".%010u.tmp" : "%010u.entry", id);
}

/**
 * Write all of data to fd
 */
static bool write_all(int fd, chunk_t data)
{
	ssize_t len;

	while (data.len)
	{
		len = write(fd, data.ptr, data.len);
		if (len < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			return FALSE;
		}
		data = chunk_skip(data, len);
	}
	return TRUE;
}

/**
 * Write data as entry id: temporary file, fsync, rename, fsync directory
 */
static bool write_entry(int dfd, uint32_t id, chunk_t data,
						const char **error)
{
	char tmp[32], name[32];
	int fd, err;

	entry_name(tmp, sizeof(tmp), id, TRUE);
	entry_name(name, sizeof(name), id, FALSE);
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
				O_CLOEXEC, 0640);
	if (fd < 0)
	{
		*error = "cannot create the temporary file";
		return FALSE;
	}
	if (!write_all(fd, data) || fsync(fd) != 0)
	{
		err = errno;
		close(fd);
		unlinkat(dfd, tmp, 0);
		errno = err;
		*error = "writing the temporary file failed";
		return FALSE;
	}
	if (close(fd) != 0 || renameat(dfd, tmp, dfd, name) != 0)
	{
		err = errno;
		unlinkat(dfd, tmp, 0);
		errno = err;
		*error = "renaming the temporary file failed";
		return FALSE;
	}
	if (fsync(dfd) != 0)
	{
		*error = "syncing the directory failed";
		return FALSE;
	}
	return TRUE;
}

METHOD(mguard_archive_store_t, add, bool,
	private_mguard_archive_store_t *this, chunk_t data, uint32_t *id,
	const char **error)
{
	struct statvfs vfs;
	array_t *files;
	uint64_t total = 0, avail, freed = 0;
	file_t file;
	char name[32];
	bool ok = FALSE;
	int dfd, i;

	*error = "the entry is larger than max_size";
	if (data.len > this->max_size)
	{
		return FALSE;
	}
	*error = "cannot read the directory";
	files = scan(this);
	if (!files)
	{
		return FALSE;
	}
	dfd = open(this->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fstatvfs(dfd, &vfs) != 0)
	{
		goto out;
	}
	avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	for (i = 0; i < array_count(files); i++)
	{
		array_get(files, i, &file);
		total += file.size;
	}
	*id = 1;
	if (array_get(files, ARRAY_TAIL, &file))
	{
		*error = "entry numbers used up";
		if (file.id == UINT32_MAX)
		{
			goto out;
		}
		*id = file.id + 1;
	}
	/* refuse before dropping anything if even an empty archive could not
	 * take it without eating into min_free */
	*error = "the file system is too full";
	if (avail + total < data.len + this->min_free)
	{
		errno = ENOSPC;
		goto out;
	}
	while ((total + data.len > this->max_size ||
			avail + freed < data.len + this->min_free) &&
		   array_remove(files, ARRAY_HEAD, &file))
	{
		entry_name(name, sizeof(name), file.id, FALSE);
		if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		{
			total -= file.size;
			freed += file.size;
		}
	}
	if (total + data.len > this->max_size ||
		avail + freed < data.len + this->min_free)
	{
		errno = ENOSPC;
		goto out;
	}
	ok = write_entry(dfd, *id, data, error);

out:
	if (dfd >= 0)
	{
		close(dfd);
	}
	array_destroy(files);
	return ok;
}

METHOD(mguard_archive_store_t, list, array_t*,
	private_mguard_archive_store_t *this)
{
	array_t *files, *ids;
	file_t file;

	files = scan(this);
	if (!files)
	{
		return NULL;
	}
	ids = array_create(sizeof(uint32_t), array_count(files));
	while (array_remove(files, ARRAY_HEAD, &file))
	{
		array_insert(ids, ARRAY_TAIL, &file.id);
	}
	array_destroy(files);
	return ids;
}

METHOD(mguard_archive_store_t, read_, bool,
	private_mguard_archive_store_t *this, uint32_t id, chunk_t *data)
{
	char path[PATH_MAX], name[32];

	entry_name(name, sizeof(name), id, FALSE);
	if (snprintf(path, sizeof(path), "%s/%s", this->dir, name) >=
		(int)sizeof(path))
	{
		errno = ENAMETOOLONG;
		return FALSE;
	}
	return mguard_file_read(path, MGUARD_ARCHIVE_READ_MAX, data);
}

METHOD(mguard_archive_store_t, get_size, uint64_t,
	private_mguard_archive_store_t *this)
{
	array_t *files;
	file_t file;
	uint64_t total = 0;

	files = scan(this);
	while (array_remove(files, ARRAY_HEAD, &file))
	{
		total += file.size;
	}
	array_destroy(files);
	return total;
}

METHOD(mguard_archive_store_t, destroy, void,
	private_mguard_archive_store_t *this)
{
	free(this->dir);
	free(this);
}

/**
 * mkdir -p with mode 0750 for what is created
 */
static bool mkdirs(const char *dir)
{
	char path[PATH_MAX], *pos;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
	{
		errno = ENAMETOOLONG;
		return FALSE;
	}
	for (pos = path + 1; *pos; pos++)
	{
		if (*pos == '/')
		{
			*pos = '\0';
			if (mkdir(path, 0750) != 0 && errno != EEXIST)
			{
				return FALSE;
			}
			*pos = '/';
		}
	}
	return mkdir(path, 0750) == 0 || errno == EEXIST;
}

/**
 * Remove the temporary files a power cut or crash left
 */
static void remove_torn(private_mguard_archive_store_t *this)
{
	struct dirent *de;
	DIR *dir;

	dir = opendir(this->dir);
	if (!dir)
	{
		return;
	}
	while ((de = readdir(dir)))
	{
		if (is_temp(de->d_name))
		{
			unlinkat(dirfd(dir), de->d_name, 0);
		}
	}
	closedir(dir);
}

/*
 * Described in header
 */
mguard_archive_store_t *mguard_archive_store_create(const char *dir,
													uint64_t max_size,
													uint64_t min_free,
													bool writable)
{
	private_mguard_archive_store_t *this;

	if (writable && !mkdirs(dir))
	{
		return NULL;
	}
	INIT(this,
		.public = {
			.add = _add,
			.list = _list,
			.read = _read_,
			.get_size = _get_size,
			.destroy = _destroy,
		},
		.dir = strdup(dir),
		.max_size = max_size,
		.min_free = min_free,
	);
	if (writable)
	{
		remove_torn(this);
	}
	return &this->public;
}
