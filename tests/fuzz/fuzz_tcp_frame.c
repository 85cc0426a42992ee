/*
 * libFuzzer target for mguard-tcp's RFC 9329 deframer
 * (plugins/tcp/mguard_tcp_frame.c) and the server ID notify parser
 * (plugins/tcp/mguard_tcp_server_id.c): what a hostile peer sends.
 *
 * Sources: plugins/tcp/mguard_tcp_frame.c plugins/tcp/mguard_tcp_server_id.c; libstrongswan.
 *
 * The first input byte picks the accepting side (prefix expected) or not
 * and how the rest is cut into reads. Checks beyond "no crash": the
 * deframer never offers more space than its bound, every frame it returns
 * has a length within 4..max-2 and comes out of the input bytes in order
 * (a reference cut written here from the RFC agrees), and the notify parser
 * only ever returns a server ID within 0..63.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include "plugins/tcp/mguard_tcp_frame.h"
#include "plugins/tcp/mguard_tcp_server_id.h"

#define MAX_FRAME 2048

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	library_init(NULL, "fuzz_tcp_frame");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mguard_tcp_deframer_t *d;
	mguard_tcp_next_t status;
	const u_char *base = data + 1;
	size_t total, fed = 0, piece, ref = 0, n, len;
	chunk_t space, frame;
	bool prefix;
	u_int id;

	if (size < 1)
	{
		return 0;
	}
	prefix = data[0] & 1;
	piece = (data[0] >> 1) + 1;
	total = size - 1;
	if (prefix && total >= MGUARD_TCP_PREFIX_LEN &&
		memeq(base, MGUARD_TCP_PREFIX, MGUARD_TCP_PREFIX_LEN))
	{
		/* the reference: the prefix, then length-counted frames */
		ref = MGUARD_TCP_PREFIX_LEN;
	}
	d = mguard_tcp_deframer_create(prefix, MAX_FRAME);
	while (TRUE)
	{
		while ((status = d->next(d, &frame)) == MGUARD_TCP_FRAME)
		{
			if (ref + MGUARD_TCP_LENGTH_LEN > fed)
			{
				abort();
			}
			len = (base[ref] << 8) | base[ref + 1];
			if (len < MGUARD_TCP_FRAME_MIN || len > MAX_FRAME ||
				len != frame.len + MGUARD_TCP_LENGTH_LEN || ref + len > fed ||
				!memeq(frame.ptr, base + ref + MGUARD_TCP_LENGTH_LEN,
					   frame.len))
			{
				abort();
			}
			ref += len;
			if (mguard_tcp_frame_is_ike(frame) &&
				mguard_tcp_server_id_find(chunk_skip(frame, 4), &id) ==
					MGUARD_TCP_SERVER_ID_FOUND && id > MGUARD_TCP_SERVER_ID_MAX)
			{
				abort();
			}
		}
		if (status == MGUARD_TCP_BROKEN || fed == total)
		{
			break;
		}
		space = d->get_space(d);
		if (space.len > MAX_FRAME + 16384)
		{
			abort();
		}
		n = min(min(piece, total - fed), space.len);
		if (!n)
		{
			/* no room although next() returned no frame */
			abort();
		}
		memcpy(space.ptr, base + fed, n);
		d->commit(d, n);
		fed += n;
	}
	d->destroy(d);
	return 0;
}
