/*
 * Unit tests of mguard-tcp's RFC 9329 stream deframer and framer
 * (mguard_tcp_frame.c) and of the server ID notify parser
 * (mguard_tcp_server_id.c), without charon. The expected bytes are
 * written from RFC 9329 and RFC 7296 here, not produced by the code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <library.h>

#include "mguard_tcp_frame.h"
#include "mguard_tcp_server_id.h"

static int group_setup(void **state)
{
	return library_init(NULL, "test-tcp") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

/* the prefix, an IKE frame (length 10 = 2 + marker + 4 bytes) and an ESP
 * frame (length 8 = 2 + SPI 0x11223344 + 2 bytes) */
static u_char stream[] = {
	'I', 'K', 'E', 'T', 'C', 'P',
	0x00, 0x0a, 0, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd,
	0x00, 0x08, 0x11, 0x22, 0x33, 0x44, 0xee, 0xff,
};

/* feed in pieces of n bytes, collect the frames */
static int deframe(mguard_tcp_deframer_t *d, u_char *data, size_t len,
				   size_t piece, chunk_t *frames, int max)
{
	mguard_tcp_next_t status;
	chunk_t frame;
	size_t off = 0, n;
	int count = 0;

	while (TRUE)
	{
		while ((status = d->next(d, &frame)) == MGUARD_TCP_FRAME)
		{
			assert_true(count < max);
			frames[count++] = chunk_clone(frame);
		}
		if (status == MGUARD_TCP_BROKEN || off == len)
		{
			break;
		}
		n = d->feed(d, chunk_create(data + off, min(piece, len - off)));
		assert_true(n > 0);
		off += n;
	}
	return status == MGUARD_TCP_BROKEN ? -1 : count;
}

static void test_frames_any_split(void **state)
{
	mguard_tcp_deframer_t *d;
	chunk_t frames[4];
	size_t piece;
	int i;

	/* every way of cutting the stream into equal pieces gives the same */
	for (piece = 1; piece <= sizeof(stream); piece++)
	{
		d = mguard_tcp_deframer_create(TRUE, 100);
		assert_int_equal(deframe(d, stream, sizeof(stream), piece, frames, 4), 2);
		assert_int_equal(frames[0].len, 8);
		assert_true(mguard_tcp_frame_is_ike(frames[0]));
		assert_memory_equal(frames[0].ptr + 4, "\xaa\xbb\xcc\xdd", 4);
		assert_int_equal(frames[1].len, 6);
		assert_false(mguard_tcp_frame_is_ike(frames[1]));
		assert_memory_equal(frames[1].ptr, "\x11\x22\x33\x44\xee\xff", 6);
		assert_false(d->in_frame(d));
		for (i = 0; i < 2; i++)
		{
			chunk_free(&frames[i]);
		}
		d->destroy(d);
	}
}

static void test_opener_side_has_no_prefix(void **state)
{
	mguard_tcp_deframer_t *d;
	chunk_t frames[2];

	/* the side that opened the stream receives frames only */
	d = mguard_tcp_deframer_create(FALSE, 100);
	assert_int_equal(deframe(d, stream + 6, sizeof(stream) - 6, 3, frames, 2), 2);
	chunk_free(&frames[0]);
	chunk_free(&frames[1]);
	d->destroy(d);
}

static void test_bad_prefix(void **state)
{
	mguard_tcp_deframer_t *d;
	chunk_t frames[2];
	u_char bad[] = { 'I', 'K', 'E', 'X', 'X', 'X', 0, 8, 1, 2, 3, 4, 5, 6 };

	d = mguard_tcp_deframer_create(TRUE, 100);
	assert_int_equal(deframe(d, bad, sizeof(bad), 1, frames, 2), -1);
	assert_non_null(d->get_error(d));
	/* a broken stream takes nothing more */
	assert_int_equal(d->get_space(d).len, 0);
	d->destroy(d);

	/* a prefix is not a frame: without the prefix, the accepting side
	 * refuses frames */
	d = mguard_tcp_deframer_create(TRUE, 100);
	assert_int_equal(deframe(d, stream + 6, sizeof(stream) - 6, 24, frames, 2), -1);
	d->destroy(d);
}

static void test_lengths_out_of_range(void **state)
{
	mguard_tcp_deframer_t *d;
	chunk_t frames[2];
	u_char lens[][2] = { { 0, 0 }, { 0, 1 }, { 0, 5 }, { 0xff, 0xff }, { 0, 101 } };
	u_char buf[8];
	size_t i;

	for (i = 0; i < countof(lens); i++)
	{
		memcpy(buf, MGUARD_TCP_PREFIX, 6);
		memcpy(buf + 6, lens[i], 2);
		d = mguard_tcp_deframer_create(TRUE, 100);
		assert_int_equal(deframe(d, buf, sizeof(buf), 8, frames, 2), -1);
		d->destroy(d);
	}
	/* the largest allowed frame passes */
	d = mguard_tcp_deframer_create(FALSE, 100);
	{
		u_char big[100] = { 0, 100, 0x55 };

		assert_int_equal(deframe(d, big, sizeof(big), 7, frames, 2), 1);
		assert_int_equal(frames[0].len, 98);
		chunk_free(&frames[0]);
	}
	d->destroy(d);
}

static void test_partial_frame(void **state)
{
	mguard_tcp_deframer_t *d;
	chunk_t frames[2];

	d = mguard_tcp_deframer_create(TRUE, 100);
	assert_false(d->in_frame(d));
	assert_int_equal(deframe(d, stream, 9, 9, frames, 2), 0);
	assert_true(d->in_frame(d));
	assert_false(d->awaiting_prefix(d));
	d->destroy(d);
}

static void test_many_frames_bounded(void **state)
{
	mguard_tcp_deframer_t *d;
	u_char frame[1000] = { 0x03, 0xe8, 1, 2, 3, 4 };
	chunk_t space, out;
	int i, got = 0;

	/* 200 frames of 1000 bytes through a deframer for frames of 1000: the
	 * free space offered never lets the buffer grow past its bound */
	d = mguard_tcp_deframer_create(FALSE, 1000);
	for (i = 0; i < 200; i++)
	{
		chunk_t data = chunk_from_thing(frame);

		while (data.len)
		{
			space = d->get_space(d);
			assert_true(space.len <= 1000 + 16384);
			if (!space.len)
			{
				assert_int_equal(d->next(d, &out), MGUARD_TCP_FRAME);
				got++;
				continue;
			}
			data = chunk_skip(data, d->feed(d, data));
		}
	}
	while (d->next(d, &out) == MGUARD_TCP_FRAME)
	{
		assert_int_equal(out.len, 998);
		got++;
	}
	assert_int_equal(got, 200);
	d->destroy(d);
}

static void test_header(void **state)
{
	u_char h[2];

	assert_true(mguard_tcp_frame_header(4, h));
	assert_memory_equal(h, "\x00\x06", 2);
	assert_true(mguard_tcp_frame_header(300, h));
	assert_memory_equal(h, "\x01\x2e", 2);
	assert_true(mguard_tcp_frame_header(65533, h));
	assert_memory_equal(h, "\xff\xff", 2);
	assert_false(mguard_tcp_frame_header(65534, h));
	assert_false(mguard_tcp_frame_header(3, h));
}

/* an IKE_SA_INIT request: header, then SA (33), then the given payloads */
static size_t ike_sa_init(u_char *buf, u_char first, const u_char *payloads,
						  size_t len, u_char flags)
{
	u_char header[28] = {
		1, 2, 3, 4, 5, 6, 7, 8,		/* SPIi */
		0, 0, 0, 0, 0, 0, 0, 0,		/* SPIr */
		first, 0x20, 34, flags,		/* next, version 2.0, IKE_SA_INIT */
		0, 0, 0, 0,					/* message ID */
		0, 0, 0, 0,					/* length */
	};
	size_t total = sizeof(header) + len;

	header[24] = total >> 24;
	header[25] = total >> 16;
	header[26] = total >> 8;
	header[27] = total;
	memcpy(buf, header, sizeof(header));
	memcpy(buf + sizeof(header), payloads, len);
	return total;
}

static void test_server_id(void **state)
{
	u_char buf[200];
	u_int id = 99;
	/* Nonce (40) -> Notify (41) with type 41000 (0xa028) data 3 -> none */
	u_char with_id[] = {
		41, 0, 0, 8, 1, 2, 3, 4,				/* Nonce, next Notify */
		0, 0, 0, 9, 0, 0, 0xa0, 0x28, 3,		/* Notify: proto 0, SPI 0 */
	};
	/* another notify (NAT_DETECTION_SOURCE_IP 16388) only */
	u_char other[] = { 0, 0, 0, 12, 0, 0, 0x40, 0x04, 1, 2, 3, 4 };
	u_char too_big[] = { 0, 0, 0, 9, 0, 0, 0xa0, 0x28, 64 };
	u_char truncated[] = { 0, 0, 0, 40, 0, 0, 0xa0, 0x28, 3 };
	size_t len;

	len = ike_sa_init(buf, 40, with_id, sizeof(with_id), 0x08);
	assert_int_equal(mguard_tcp_server_id_find(chunk_create(buf, len), &id),
					 MGUARD_TCP_SERVER_ID_FOUND);
	assert_int_equal(id, 3);

	len = ike_sa_init(buf, 41, other, sizeof(other), 0x08);
	assert_int_equal(mguard_tcp_server_id_find(chunk_create(buf, len), &id),
					 MGUARD_TCP_SERVER_ID_FOUND);
	assert_int_equal(id, 0);

	len = ike_sa_init(buf, 41, too_big, sizeof(too_big), 0x08);
	assert_int_equal(mguard_tcp_server_id_find(chunk_create(buf, len), &id),
					 MGUARD_TCP_SERVER_ID_INVALID);

	/* a payload running past the message: no ID taken from it */
	len = ike_sa_init(buf, 41, truncated, sizeof(truncated), 0x08);
	assert_int_equal(mguard_tcp_server_id_find(chunk_create(buf, len), &id),
					 MGUARD_TCP_SERVER_ID_FOUND);
	assert_int_equal(id, 0);

	/* a response, or a message cut short, is nothing to check */
	len = ike_sa_init(buf, 40, with_id, sizeof(with_id), 0x20);
	assert_int_equal(mguard_tcp_server_id_find(chunk_create(buf, len), &id),
					 MGUARD_TCP_SERVER_ID_NONE);
	assert_int_equal(mguard_tcp_server_id_find(chunk_create(buf, 20), &id),
					 MGUARD_TCP_SERVER_ID_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frames_any_split),
		cmocka_unit_test(test_opener_side_has_no_prefix),
		cmocka_unit_test(test_bad_prefix),
		cmocka_unit_test(test_lengths_out_of_range),
		cmocka_unit_test(test_partial_frame),
		cmocka_unit_test(test_many_frames_bounded),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_server_id),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
