/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "tar.h"

#include <string.h>

#define BLOCK 512

/** largest file size the 11 octal digits hold */
#define MAX_SIZE 077777777777ULL

/**
 * ustar header (POSIX.1-1988)
 */
typedef struct {
	char name[100];
	char mode[8];
	char uid[8];
	char gid[8];
	char size[12];
	char mtime[12];
	char chksum[8];
	char typeflag;
	char linkname[100];
	char magic[6];
	char version[2];
	char uname[32];
	char gname[32];
	char devmajor[8];
	char devminor[8];
	char prefix[155];
	char pad[12];
} header_t;

bool tar_add(FILE *out, const char *name, chunk_t data, time_t mtime)
{
	static const char zeros[BLOCK];
	header_t h;
	u_char *pos;
	u_int sum = 0;
	size_t i;

	if (sizeof(h) != BLOCK || strlen(name) >= sizeof(h.name) ||
		data.len > MAX_SIZE)
	{
		return FALSE;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.name, name, strlen(name));
	snprintf(h.mode, sizeof(h.mode), "%07o", 0640);
	snprintf(h.uid, sizeof(h.uid), "%07o", 0);
	snprintf(h.gid, sizeof(h.gid), "%07o", 0);
	snprintf(h.size, sizeof(h.size), "%011llo",
			 (unsigned long long)data.len & MAX_SIZE);
	snprintf(h.mtime, sizeof(h.mtime), "%011llo",
			 (unsigned long long)(mtime > 0 ? mtime : 0) & MAX_SIZE);
	h.typeflag = '0';
	memcpy(h.magic, "ustar", 6);
	memcpy(h.version, "00", 2);
	memcpy(h.uname, "root", 4);
	memcpy(h.gname, "root", 4);
	memset(h.chksum, ' ', sizeof(h.chksum));
	for (pos = (u_char*)&h, i = 0; i < sizeof(h); i++)
	{
		sum += pos[i];
	}
	snprintf(h.chksum, sizeof(h.chksum), "%06o", sum);
	h.chksum[7] = ' ';
	return fwrite(&h, sizeof(h), 1, out) == 1 &&
		   (!data.len || fwrite(data.ptr, data.len, 1, out) == 1) &&
		   (data.len % BLOCK == 0 ||
			fwrite(zeros, BLOCK - data.len % BLOCK, 1, out) == 1);
}

bool tar_finish(FILE *out)
{
	static const char zeros[2 * BLOCK];

	return fwrite(zeros, sizeof(zeros), 1, out) == 1;
}
