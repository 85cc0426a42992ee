/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_address.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <networking/tun_device.h>
#include <threading/mutex.h>
#include <processing/jobs/callback_job.h>

/** how long after a CHILD_SA's destruction its address is released */
#define RELEASE_DELAY_MS 200

typedef struct private_mguard_firewall_address_t private_mguard_firewall_address_t;

/**
 * Private data.
 */
struct private_mguard_firewall_address_t {

	/**
	 * Public interface.
	 */
	mguard_firewall_address_t public;

	/**
	 * Which address a CHILD_SA needs
	 */
	mguard_firewall_address_cb_t cb;

	/**
	 * Data for cb
	 */
	void *data;

	/**
	 * Addresses added, host_t by CHILD_SA unique id
	 */
	hashtable_t *addrs;

	/**
	 * Protects addrs
	 */
	mutex_t *mutex;

	/**
	 * Addresses held without a CHILD_SA (set_standing()), host_t
	 */
	linked_list_t *standing;

	/**
	 * Serialises the jobs that replace standing
	 */
	mutex_t *standing_mutex;
};

/**
 * A new set of standing addresses, for the job that installs it
 */
typedef struct {
	/** provisioner */
	private_mguard_firewall_address_t *this;
	/** new set, host_t */
	linked_list_t *addrs;
} standing_job_t;

/**
 * Name of kernel-libipsec's TUN device, NULL without kernel-libipsec
 */
static char *tun_name()
{
	tun_device_t *tun = lib->get(lib, "kernel-libipsec-tun");

	return tun ? tun->get_name(tun) : NULL;
}

/**
 * Add the address a CHILD_SA needs
 */
static void add_address(private_mguard_firewall_address_t *this,
						child_sa_t *child_sa)
{
	uintptr_t id = child_sa->get_unique_id(child_sa);
	host_t *addr;
	char *tun;

	tun = tun_name();
	if (!tun)
	{
		return;
	}
	this->mutex->lock(this->mutex);
	addr = this->addrs->get(this->addrs, (void*)id);
	this->mutex->unlock(this->mutex);
	if (addr)
	{	/* state changes more than once during retries */
		return;
	}
	addr = this->cb(this->data, child_sa);
	if (!addr)
	{
		return;
	}
	if (charon->kernel->add_ip(charon->kernel, addr, 32, tun) != SUCCESS)
	{
		DBG1(DBG_KNL, "unable to add %H to %s for the route of CHILD_SA "
			 "%s{%u}", addr, tun, child_sa->get_name(child_sa), (u_int)id);
		addr->destroy(addr);
		return;
	}
	DBG1(DBG_KNL, "added %H to %s for the route of CHILD_SA %s{%u}",
		 addr, tun, child_sa->get_name(child_sa), (u_int)id);
	this->mutex->lock(this->mutex);
	addr = this->addrs->put(this->addrs, (void*)id, addr);
	this->mutex->unlock(this->mutex);
	DESTROY_IF(addr);
}

/**
 * Remove an address added for a CHILD_SA (charon's kernel interface keeps
 * it while other CHILD_SAs use it)
 */
static void del_address(host_t *addr)
{
	if (charon->kernel->del_ip(charon->kernel, addr, 32, FALSE) != SUCCESS)
	{
		DBG1(DBG_KNL, "unable to remove %H added for a CHILD_SA's route",
			 addr);
	}
	else
	{
		DBG2(DBG_KNL, "released %H added for a CHILD_SA's route", addr);
	}
}

/**
 * Job releasing an address
 */
static job_requeue_t release_job(host_t *addr)
{
	del_address(addr);
	return JOB_REQUEUE_NONE;
}

/**
 * Free a standing job's data
 */
static void standing_job_destroy(standing_job_t *job)
{
	if (job->addrs)
	{
		job->addrs->destroy_offset(job->addrs, offsetof(host_t, destroy));
	}
	free(job);
}

/**
 * Replace the standing addresses: add the new ones, then release the old
 */
static job_requeue_t standing_job(standing_job_t *job)
{
	private_mguard_firewall_address_t *this = job->this;
	linked_list_t *old, *added;
	host_t *addr;
	char *tun;

	tun = tun_name();
	added = linked_list_create();
	this->standing_mutex->lock(this->standing_mutex);
	while (tun && job->addrs->remove_first(job->addrs,
										   (void**)&addr) == SUCCESS)
	{
		if (charon->kernel->add_ip(charon->kernel, addr, 32, tun) != SUCCESS)
		{
			DBG1(DBG_KNL, "unable to add %H to %s for the routes of trap "
				 "policies", addr, tun);
			addr->destroy(addr);
			continue;
		}
		DBG1(DBG_KNL, "added %H to %s for the routes of trap policies",
			 addr, tun);
		added->insert_last(added, addr);
	}
	old = this->standing;
	this->standing = added;
	this->standing_mutex->unlock(this->standing_mutex);
	while (old->remove_first(old, (void**)&addr) == SUCCESS)
	{
		del_address(addr);
		addr->destroy(addr);
	}
	old->destroy(old);
	return JOB_REQUEUE_NONE;
}

METHOD(mguard_firewall_address_t, set_standing, void,
	private_mguard_firewall_address_t *this, linked_list_t *addrs)
{
	standing_job_t *job;

	INIT(job,
		.this = this,
		.addrs = addrs,
	);
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create((void*)standing_job, job,
									(void*)standing_job_destroy, NULL));
}

METHOD(listener_t, child_state_change, bool,
	private_mguard_firewall_address_t *this, ike_sa_t *ike_sa,
	child_sa_t *child_sa, child_sa_state_t state)
{
	uintptr_t id;
	host_t *addr;

	switch (state)
	{
		case CHILD_INSTALLING:
			add_address(this, child_sa);
			break;
		case CHILD_DESTROYING:
			id = child_sa->get_unique_id(child_sa);
			this->mutex->lock(this->mutex);
			addr = this->addrs->remove(this->addrs, (void*)id);
			this->mutex->unlock(this->mutex);
			if (addr)
			{	/* the CHILD_SA's route is uninstalled after this state
				 * change; the kernel drops a route whose source address
				 * goes, and charon then fails to uninstall it (and starts a
				 * roam job). Release the address once the CHILD_SA is gone:
				 * the job owns it, its cleanup is libstrongswan's */
				lib->scheduler->schedule_job_ms(lib->scheduler,
					(job_t*)callback_job_create((void*)release_job, addr,
									(void*)addr->destroy, NULL),
					RELEASE_DELAY_MS);
			}
			break;
		default:
			break;
	}
	return TRUE;
}

METHOD(mguard_firewall_address_t, get_count, u_int,
	private_mguard_firewall_address_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->addrs->get_count(this->addrs);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(mguard_firewall_address_t, destroy, void,
	private_mguard_firewall_address_t *this)
{
	enumerator_t *enumerator;
	host_t *addr;
	void *id;

	charon->bus->remove_listener(charon->bus, &this->public.listener);
	enumerator = this->addrs->create_enumerator(this->addrs);
	while (enumerator->enumerate(enumerator, &id, &addr))
	{
		del_address(addr);
		addr->destroy(addr);
	}
	enumerator->destroy(enumerator);
	this->addrs->destroy(this->addrs);
	while (this->standing->remove_first(this->standing,
										(void**)&addr) == SUCCESS)
	{
		del_address(addr);
		addr->destroy(addr);
	}
	this->standing->destroy(this->standing);
	this->standing_mutex->destroy(this->standing_mutex);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
mguard_firewall_address_t *mguard_firewall_address_create(
								mguard_firewall_address_cb_t cb, void *data)
{
	private_mguard_firewall_address_t *this;

	INIT(this,
		.public = {
			.listener = {
				.child_state_change = _child_state_change,
			},
			.set_standing = _set_standing,
			.get_count = _get_count,
			.destroy = _destroy,
		},
		.cb = cb,
		.data = data,
		.addrs = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.standing = linked_list_create(),
		.standing_mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	charon->bus->add_listener(charon->bus, &this->public.listener);
	return &this->public;
}
