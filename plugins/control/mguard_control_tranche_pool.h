/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_tranche_pool mguard_control_tranche_pool
 * @{ @ingroup mguard_control
 *
 * A Mode Config server's pool of network tranches, without charon: each
 * identity gets a whole network of the tranche size out of the pool (the
 * mGuard's "Tranches of size"), e.g. a /28 out of 10.200.0.0/16.
 *
 * A tranche leased to an identity stays that identity's: released, it goes
 * offline and comes back to the same identity; another identity gets it
 * only once every tranche that was never leased is gone (the one offline
 * longest first). A tranche that is online is never handed to another
 * identity. An identity that holds its tranche online and asks again (a
 * second IKE_SA of the same user, a reauthentication) gets the same one.
 *
 * Addresses are IPv4 in host byte order.
 */

#ifndef MGUARD_CONTROL_TRANCHE_POOL_H_
#define MGUARD_CONTROL_TRANCHE_POOL_H_

#include <utils/utils.h>

typedef struct mguard_tranche_pool_t mguard_tranche_pool_t;

/**
 * Pool of network tranches.
 */
struct mguard_tranche_pool_t {

	/**
	 * Name of the pool (as peer configurations name it).
	 *
	 * @return			name, owned by the pool
	 */
	const char *(*get_name)(mguard_tranche_pool_t *this);

	/**
	 * Prefix length of the tranches.
	 *
	 * @return			0..32
	 */
	uint8_t (*get_tranche)(mguard_tranche_pool_t *this);

	/**
	 * Whether an address lies in the pool.
	 *
	 * @param addr		address
	 * @return			TRUE if inside the pool's network
	 */
	bool (*contains)(mguard_tranche_pool_t *this, uint32_t addr);

	/**
	 * Lease a tranche to an identity.
	 *
	 * @param id		identity (e.g. the XAuth user name)
	 * @param net		receives the tranche's network address
	 * @return			FALSE if the pool is exhausted
	 */
	bool (*acquire)(mguard_tranche_pool_t *this, const char *id,
					uint32_t *net);

	/**
	 * Release one use of the tranche that holds addr (it goes offline when
	 * its last use is released).
	 *
	 * @param addr		an address inside the tranche
	 * @param id		identity that holds it
	 * @return			FALSE if id holds no such tranche online
	 */
	bool (*release)(mguard_tranche_pool_t *this, uint32_t addr,
					const char *id);

	/**
	 * Restore an offline lease (from the state file after a restart).
	 *
	 * @param net		tranche network address
	 * @param prefix	its prefix length (must be the pool's tranche)
	 * @param id		identity
	 * @param error		receives why it is refused (static text)
	 * @return			FALSE if the lease does not fit this pool
	 */
	bool (*restore)(mguard_tranche_pool_t *this, uint32_t net, uint8_t prefix,
					const char *id, const char **error);

	/**
	 * Get the i-th lease in address order.
	 *
	 * @param i			index, 0..
	 * @param net		receives the tranche network address
	 * @param id		receives the identity (owned by the pool)
	 * @param online	receives the number of uses online, or NULL
	 * @return			FALSE if there is no i-th lease
	 */
	bool (*get_lease)(mguard_tranche_pool_t *this, u_int i, uint32_t *net,
					  const char **id, u_int *online);

	/**
	 * Number of changes to what the state file keeps (new leases, leases
	 * given to another identity, restored leases), to write it only then.
	 *
	 * @return			counter
	 */
	u_int (*get_changes)(mguard_tranche_pool_t *this);

	/**
	 * Number of tranches the pool can lease.
	 *
	 * @return			size of the pool in tranches
	 */
	uint64_t (*get_size)(mguard_tranche_pool_t *this);

	/**
	 * Destroy the pool.
	 */
	void (*destroy)(mguard_tranche_pool_t *this);
};

/**
 * Create a pool.
 *
 * @param name		pool name
 * @param base		pool network address (host bits are ignored)
 * @param prefix	pool prefix length, 0..32
 * @param tranche	tranche prefix length, prefix..32
 * @return			pool, NULL if tranche < prefix or > 32
 */
mguard_tranche_pool_t *mguard_tranche_pool_create(const char *name,
												  uint32_t base, uint8_t prefix,
												  uint8_t tranche);

/**
 * The address to hand out for a tranche (as INTERNAL_IP4_ADDRESS): the first
 * host of the network, the network itself for /31 and /32.
 *
 * @param net		tranche network address
 * @param tranche	tranche prefix length
 * @return			address
 */
uint32_t mguard_tranche_address(uint32_t net, uint8_t tranche);

/**
 * Netmask of a prefix length.
 *
 * @param prefix	0..32
 * @return			netmask, host byte order
 */
uint32_t mguard_tranche_mask(uint8_t prefix);

#endif /** MGUARD_CONTROL_TRANCHE_POOL_H_ @}*/
