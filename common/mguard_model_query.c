/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/*
 * What readers ask of a loaded model.
 */

#include "mguard_model_parse.h"

#include <string.h>

/*
 * Described in header
 */
int mguard_model_license_peers(mguard_model_t *model)
{
	return model->global.license.peers;
}

/*
 * Described in header
 */
enumerator_t *mguard_model_create_connection_enumerator(mguard_model_t *model)
{
	return model->connections->create_enumerator(model->connections);
}

/*
 * Described in header
 */
mguard_group_t *mguard_model_find_group(linked_list_t *groups,
										const char *name)
{
	enumerator_t *enumerator;
	mguard_group_t *group, *found = NULL;

	if (!groups || !name)
	{
		return NULL;
	}
	enumerator = groups->create_enumerator(groups);
	while (enumerator->enumerate(enumerator, &group))
	{
		if (streq(group->name, name))
		{
			found = group;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/*
 * Described in header
 */
mguard_connection_t *mguard_model_get_connection(mguard_model_t *model,
												 const char *key)
{
	enumerator_t *enumerator;
	mguard_connection_t *conn, *found = NULL;

	enumerator = model->connections->create_enumerator(model->connections);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (streq(conn->key, key))
		{
			found = conn;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/*
 * Described in header
 */
mguard_connection_t *mguard_model_find_by_name(mguard_model_t *model,
											   const char *name)
{
	enumerator_t *enumerator;
	mguard_connection_t *conn, *found = NULL;

	enumerator = model->connections->create_enumerator(model->connections);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (streq(conn->name, name))
		{
			found = conn;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

CALLBACK(tunnel_filter, bool,
	void *enabled, enumerator_t *orig, va_list args)
{
	mguard_tunnel_t *tunnel, **out;

	VA_ARGS_VGET(args, out);
	while (orig->enumerate(orig, &tunnel))
	{
		if (enabled && !tunnel->enabled)
		{
			continue;
		}
		*out = tunnel;
		return TRUE;
	}
	return FALSE;
}

/*
 * Described in header
 */
enumerator_t *mguard_connection_create_tunnel_enumerator(
							mguard_connection_t *conn, bool enabled)
{
	return enumerator_create_filter(
						conn->tunnels->create_enumerator(conn->tunnels),
						tunnel_filter, enabled ? (void*)conn : NULL, NULL);
}

/*
 * Described in header
 */
const char *mguard_model_any_ifname(mguard_model_t *model,
									mguard_connection_t *conn)
{
	mguard_global_t *g = &model->global;

	switch (conn->any_interface)
	{
		case MGUARD_IF_INTERNAL:
			return g->interfaces.internal;
		case MGUARD_IF_EXTERNAL:
			return g->interfaces.external;
		case MGUARD_IF_EXTERNAL2:
			return g->interfaces.external2;
		case MGUARD_IF_DIAL_IN:
			return g->interfaces.dial_in;
		case MGUARD_IF_DMZ:
			return g->interfaces.dmz;
		case MGUARD_IF_ADDRESS:
		default:
			return NULL;
	}
}

/*
 * Described in header
 */
char *mguard_tunnel_child_name(mguard_connection_t *conn,
							   mguard_tunnel_t *tunnel, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%s", conn->key, tunnel->key);
	return buf;
}

/*
 * Described in header
 */
const char *mguard_startup_name(mguard_startup_t startup)
{
	return startup <= MGUARD_STARTUP_WAIT ?
					mguard_model_words_startup[startup] : "?";
}

/*
 * Described in header
 */
const char *mguard_initial_mode_name(mguard_initial_mode_t mode)
{
	return mode <= MGUARD_MODE_STARTED ?
					mguard_model_words_initial_mode[mode] : "?";
}

