/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_license_counter mguard_license_counter
 * @{ @ingroup mguard_common
 *
 * The interface of mguard-license's peer counter, for the plugins that
 * report it (mguard-control's `license` request). mguard-license registers
 * its counter with lib->set(lib, MGUARD_LICENSE_COUNTER, counter) while it
 * is loaded; a peer is what this counter counts and nothing else (there is
 * one definition of a connected peer: the license plugin's). Plugins that
 * read it declare PLUGIN_SDEPEND(CUSTOM, "mguard-license").
 */

#ifndef MGUARD_LICENSE_COUNTER_H_
#define MGUARD_LICENSE_COUNTER_H_

#include <library.h>

/**
 * Name of the counter in lib->get() while mguard-license is loaded.
 */
#define MGUARD_LICENSE_COUNTER "mguard-license-counter"

typedef struct mguard_license_counter_t mguard_license_counter_t;
typedef enum mguard_license_verdict_t mguard_license_verdict_t;

/**
 * Outcome of admitting an IKE_SA of a peer.
 */
enum mguard_license_verdict_t {
	/** the peer was not connected and now counts */
	MGUARD_LICENSE_ADMITTED_NEW,
	/** the peer is connected already (more tunnels, rekeying, ...) */
	MGUARD_LICENSE_ADMITTED_KNOWN,
	/** the peer is new and the license is used up */
	MGUARD_LICENSE_REFUSED,
};

/**
 * Counts connected peers against a VPN license, the way mGuard 8.3 does:
 * a peer is one authenticated remote identity, however many IKE_SAs and
 * tunnels it has; it counts while at least one of its IKE_SAs exists.
 *
 * IKE_SAs are known by their unique ID. All methods are thread-safe and
 * each one is atomic, so concurrent admissions never exceed the limit.
 */
struct mguard_license_counter_t {

	/**
	 * Admit an authenticated IKE_SA of a peer.
	 *
	 * An IKE_SA admitted before under another identity is moved to the new
	 * one (re-authentication with a different identity).
	 *
	 * @param peer		the peer's identity, as a string
	 * @param sa		unique ID of the IKE_SA
	 * @param count		receives the number of connected peers afterwards
	 * @return			verdict
	 */
	mguard_license_verdict_t (*admit)(mguard_license_counter_t *this,
									  const char *peer, uint32_t sa,
									  u_int *count);

	/**
	 * Let a new IKE_SA hold the peer of an existing one (IKE_SA rekeying,
	 * make-before-break reauthentication), before the old one goes away.
	 *
	 * @param old		unique ID of the existing IKE_SA
	 * @param new		unique ID of the IKE_SA replacing it
	 * @return			TRUE if old was admitted (and new now holds its peer)
	 */
	bool (*inherit)(mguard_license_counter_t *this, uint32_t old, uint32_t new);

	/**
	 * Release an IKE_SA; its peer stops counting with its last IKE_SA.
	 *
	 * @param sa		unique ID of the IKE_SA
	 * @param peer		receives the peer's identity if the peer stopped
	 *					counting (allocated), NULL otherwise; may be NULL
	 * @param count		receives the number of connected peers afterwards
	 * @return			TRUE if the IKE_SA was admitted before
	 */
	bool (*release)(mguard_license_counter_t *this, uint32_t sa, char **peer,
					u_int *count);

	/**
	 * Change the number of peers allowed (0 = unlimited). Peers already
	 * connected stay connected when the limit drops below their number.
	 *
	 * @param limit		peers allowed
	 */
	void (*set_limit)(mguard_license_counter_t *this, u_int limit);

	/**
	 * @return			number of peers allowed, 0 = unlimited
	 */
	u_int (*get_limit)(mguard_license_counter_t *this);

	/**
	 * @return			number of connected peers
	 */
	u_int (*get_count)(mguard_license_counter_t *this);

	/**
	 * Destroy a mguard_license_counter_t.
	 */
	void (*destroy)(mguard_license_counter_t *this);
};

#endif /** MGUARD_LICENSE_COUNTER_H_ @}*/
