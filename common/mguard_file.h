/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_file mguard_file
 * @{ @ingroup mguard_common
 *
 * Reading a whole small file, for helpers and plugins alike.
 */

#ifndef MGUARD_FILE_H_
#define MGUARD_FILE_H_

#include <library.h>

/**
 * Read a whole regular file of bounded size.
 *
 * @param path		file
 * @param max		largest size accepted
 * @param data		receives the content (allocated)
 * @return			FALSE with errno set: open/read errors, EINVAL for
 *					no regular file, EFBIG above max, EIO if it changed
 *					size while being read
 */
bool mguard_file_read(const char *path, size_t max, chunk_t *data);

#endif /** MGUARD_FILE_H_ @}*/
