/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_tcp_frame mguard_tcp_frame
 * @{ @ingroup mguard_tcp
 *
 * RFC 9329 stream framing: the optional "IKETCP" prefix of the side that
 * opened the stream, then frames of a 16-bit big-endian length (counting
 * itself) and an IKE message (behind the 4-byte non-ESP marker) or an ESP
 * packet. Needs nothing of charon.
 */

#ifndef MGUARD_TCP_FRAME_H_
#define MGUARD_TCP_FRAME_H_

#include <utils/chunk.h>

/** the stream prefix the opener sends once */
#define MGUARD_TCP_PREFIX "IKETCP"
#define MGUARD_TCP_PREFIX_LEN 6

/** the length field */
#define MGUARD_TCP_LENGTH_LEN 2

/** smallest frame: the length field and an ESP SPI or a non-ESP marker */
#define MGUARD_TCP_FRAME_MIN 6

/** largest frame the format can carry */
#define MGUARD_TCP_FRAME_MAX 65535

typedef struct mguard_tcp_deframer_t mguard_tcp_deframer_t;

/**
 * What the deframer has after the bytes fed so far
 */
typedef enum {
	/** a whole frame is there */
	MGUARD_TCP_FRAME,
	/** more bytes are needed */
	MGUARD_TCP_MORE,
	/** the stream is broken and must be closed (see get_error) */
	MGUARD_TCP_BROKEN,
} mguard_tcp_next_t;

/**
 * Cuts a received byte stream into frames, with bounded memory: the
 * largest frame plus 16 KiB of read room, whatever the peer sends.
 */
struct mguard_tcp_deframer_t {

	/**
	 * Where to put received bytes (e.g. for read(2)); empty when the
	 * stream is broken, or when the buffer is full of unconsumed frames
	 * (call next() first)
	 *
	 * @return			free space in the buffer
	 */
	chunk_t (*get_space)(mguard_tcp_deframer_t *this);

	/**
	 * Take n bytes written to the space get_space() returned
	 */
	void (*commit)(mguard_tcp_deframer_t *this, size_t n);

	/**
	 * Feed bytes by copying them (get_space/commit in a loop)
	 *
	 * @return			bytes taken (less than data.len once a frame is
	 *					pending or the stream is broken)
	 */
	size_t (*feed)(mguard_tcp_deframer_t *this, chunk_t data);

	/**
	 * Get the next frame, if the bytes fed so far hold one
	 *
	 * @param frame		the frame's payload without the length field
	 *					(IKE with its non-ESP marker, or ESP), valid until
	 *					the next call of get_space() or feed()
	 * @return			what there is
	 */
	mguard_tcp_next_t (*next)(mguard_tcp_deframer_t *this, chunk_t *frame);

	/**
	 * Whether the prefix is still expected (nothing of the stream yet)
	 */
	bool (*awaiting_prefix)(mguard_tcp_deframer_t *this);

	/**
	 * Whether part of a frame (or of the prefix) has been received
	 */
	bool (*in_frame)(mguard_tcp_deframer_t *this);

	/**
	 * Why the stream is broken, NULL while it is not
	 */
	const char *(*get_error)(mguard_tcp_deframer_t *this);

	/**
	 * Destroy the deframer
	 */
	void (*destroy)(mguard_tcp_deframer_t *this);
};

/**
 * Create a deframer
 *
 * @param prefix		TRUE on the side that accepted the stream: it must
 *						start with "IKETCP"
 * @param max_frame		largest frame accepted, length field included
 *						(MGUARD_TCP_FRAME_MIN..MGUARD_TCP_FRAME_MAX)
 */
mguard_tcp_deframer_t *mguard_tcp_deframer_create(bool prefix,
												  size_t max_frame);

/**
 * Write the length field of a frame carrying len bytes
 *
 * @param len			payload bytes (IKE with marker, or ESP)
 * @param out			MGUARD_TCP_LENGTH_LEN bytes
 * @return				FALSE if the payload does not fit a frame
 */
bool mguard_tcp_frame_header(size_t len, u_char out[MGUARD_TCP_LENGTH_LEN]);

/**
 * Whether a frame's payload is an IKE message (starts with the non-ESP
 * marker) rather than ESP
 */
bool mguard_tcp_frame_is_ike(chunk_t frame);

#endif /** MGUARD_TCP_FRAME_H_ @}*/
