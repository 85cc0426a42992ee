/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/*
 * A minimal POSIX ustar writer for the support snapshot: regular files with
 * names of up to 99 bytes, owned by root, nothing else.
 */

#ifndef TAR_H_
#define TAR_H_

#include <stdio.h>

#include <library.h>

/**
 * Append a regular file.
 *
 * @param out		tarball
 * @param name		path inside the tarball (< 100 bytes)
 * @param data		content
 * @param mtime		modification time
 * @return			FALSE on a write error or a name too long
 */
bool tar_add(FILE *out, const char *name, chunk_t data, time_t mtime);

/**
 * Write the end-of-archive marker.
 */
bool tar_finish(FILE *out);

#endif /* TAR_H_ */
