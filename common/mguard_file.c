/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

bool mguard_file_read(const char *path, size_t max, chunk_t *data)
{
	struct stat st;
	size_t done = 0;
	ssize_t len = 0;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
	{
		return FALSE;
	}
	if (fstat(fd, &st) != 0)
	{
		err = errno;
		close(fd);
		errno = err;
		return FALSE;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max)
	{
		close(fd);
		errno = !S_ISREG(st.st_mode) ? EINVAL : EFBIG;
		return FALSE;
	}
	*data = chunk_alloc(st.st_size);
	while (done < data->len)
	{
		len = read(fd, data->ptr + done, data->len - done);
		if (len < 0 && errno == EINTR)
		{
			continue;
		}
		if (len <= 0)
		{
			break;
		}
		done += len;
	}
	err = errno;
	close(fd);
	if (done != data->len)
	{
		chunk_clear(data);
		errno = len < 0 ? err : EIO;
		return FALSE;
	}
	return TRUE;
}
