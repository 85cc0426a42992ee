/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_model mguard_model
 * @{ @ingroup mguard_common
 *
 * The mGuard connection model (MODEL.md) as typed C structures.
 *
 * The model file is parsed with mguard_conf (the strongSwan settings syntax,
 * a key or section defined twice is an error), every key is
 * checked against MODEL.md (unknown keys are errors), mGuard's defaults are
 * filled in and the cross-field rules are validated. Tables (connections,
 * tunnels, 1:1 NAT maps, firewall rules, groups, XAuth users) keep the order
 * of the file. All strings are owned by the model.
 *
 * Typical use, in a plugin or a helper (after library_init()):
 * @code
 *	mguard_report_t *report = mguard_report_create();
 *	mguard_model_t *model = mguard_model_load(path, report);
 *	if (!model)
 *	{
 *		report->log(report);	// or report->print(report, stderr)
 *	}
 *	else
 *	{
 *		int peers = mguard_model_license_peers(model);
 *		...
 *		mguard_model_destroy(model);
 *	}
 *	report->destroy(report);
 * @endcode
 */

#ifndef MGUARD_MODEL_H_
#define MGUARD_MODEL_H_

#include <library.h>
#include <collections/linked_list.h>
#include <networking/host.h>

#include "mguard_conf.h"
#include "mguard_report.h"

typedef struct mguard_model_t mguard_model_t;
typedef struct mguard_global_t mguard_global_t;
typedef struct mguard_net_t mguard_net_t;
typedef struct mguard_addr_t mguard_addr_t;
typedef struct mguard_ports_t mguard_ports_t;
typedef struct mguard_group_t mguard_group_t;
typedef struct mguard_fw_rule_t mguard_fw_rule_t;
typedef struct mguard_fw_dir_t mguard_fw_dir_t;
typedef struct mguard_xauth_user_t mguard_xauth_user_t;
typedef struct mguard_nat_map_t mguard_nat_map_t;
typedef struct mguard_tunnel_t mguard_tunnel_t;
typedef struct mguard_mode_config_t mguard_mode_config_t;
typedef struct mguard_auth_t mguard_auth_t;
typedef struct mguard_ike_t mguard_ike_t;
typedef struct mguard_connection_t mguard_connection_t;

/** Largest model file accepted, in bytes */
#define MGUARD_MODEL_MAX_SIZE MGUARD_CONF_MAX_FILE_SIZE

/** Largest number of entries in one table (connections, tunnels, rules) */
#define MGUARD_MODEL_MAX_TABLE 100000

/** Largest deactivation timeout: 720:00:00 */
#define MGUARD_MAX_DEACTIVATION (720 * 3600)

/** initial_mode */
typedef enum {
	MGUARD_MODE_DISABLED,
	MGUARD_MODE_STOPPED,
	MGUARD_MODE_STARTED,
} mguard_initial_mode_t;

/** startup */
typedef enum {
	MGUARD_STARTUP_INITIATE,
	MGUARD_STARTUP_ON_TRAFFIC,
	MGUARD_STARTUP_WAIT,
} mguard_startup_t;

/** service_input (MGUARD_INPUT_CMDn == n) */
typedef enum {
	MGUARD_INPUT_NONE = 0,
	MGUARD_INPUT_CMD1 = 1,
	MGUARD_INPUT_CMD2 = 2,
	MGUARD_INPUT_CMD3 = 3,
} mguard_service_input_t;

/** encapsulation */
typedef enum {
	MGUARD_ENCAP_NONE,
	MGUARD_ENCAP_TCP,
	MGUARD_ENCAP_PATH_FINDER,
} mguard_encap_t;

/** any_interface */
typedef enum {
	MGUARD_IF_INTERNAL,
	MGUARD_IF_EXTERNAL,
	MGUARD_IF_EXTERNAL2,
	MGUARD_IF_DIAL_IN,
	MGUARD_IF_DMZ,
	MGUARD_IF_ADDRESS,
} mguard_interface_t;

/** tunnels.*.type */
typedef enum {
	MGUARD_TUNNEL,
	MGUARD_TRANSPORT,
} mguard_tunnel_type_t;

/** local_nat.mode, remote_nat.mode */
typedef enum {
	MGUARD_NAT_NONE,
	MGUARD_NAT_1TO1,
	MGUARD_NAT_MASQUERADE,
} mguard_nat_mode_t;

/** authentication.method */
typedef enum {
	MGUARD_AUTH_X509,
	MGUARD_AUTH_PSK,
} mguard_auth_method_t;

/** authentication.remote_ca */
typedef enum {
	/** signed by any trusted CA */
	MGUARD_CA_ANY,
	/** no CA, remote_certificate is the peer's certificate */
	MGUARD_CA_NONE,
	/** the CA certificate in remote_ca_file */
	MGUARD_CA_FILE,
} mguard_remote_ca_t;

/** mode_config.mode */
typedef enum {
	MGUARD_MC_OFF,
	MGUARD_MC_SERVER,
	MGUARD_MC_CLIENT,
} mguard_mc_mode_t;

/** firewall policy */
typedef enum {
	MGUARD_POLICY_ACCEPT,
	MGUARD_POLICY_DROP,
	MGUARD_POLICY_PING,
	MGUARD_POLICY_RULES,
} mguard_fw_policy_t;

/** firewall action */
typedef enum {
	MGUARD_ACTION_ACCEPT,
	MGUARD_ACTION_REJECT,
	MGUARD_ACTION_DROP,
	/** a rule record of groups.rules, see action_record */
	MGUARD_ACTION_RECORD,
} mguard_fw_action_t;

/** tunnel port: a number 1..65535 or one of these */
#define MGUARD_PORT_ALL 0
#define MGUARD_PORT_ANY -1

/**
 * An IPv4 network.
 */
struct mguard_net_t {
	/** network address (port 0), NULL if unset */
	host_t *net;
	/** prefix length 0..32 */
	uint8_t prefix;
	/** as written in the model, NULL if unset */
	char *str;
};

/**
 * An entry of an address list (IP groups, firewall from/to).
 */
struct mguard_addr_t {
	/** kind of entry */
	enum {
		MGUARD_ADDR_NET,
		MGUARD_ADDR_RANGE,
		MGUARD_ADDR_HOSTNAME,
		MGUARD_ADDR_GROUP,
	} type;
	/** network or first address (NET, RANGE) */
	host_t *from;
	/** last address (RANGE) */
	host_t *to;
	/** prefix length (NET) */
	uint8_t prefix;
	/** host name or group name (HOSTNAME, GROUP), as written otherwise */
	char *str;
};

/**
 * A port specification of firewall rules and port groups.
 */
struct mguard_ports_t {
	/** kind of entry */
	enum {
		MGUARD_PORTS_ANY,
		MGUARD_PORTS_RANGE,
		MGUARD_PORTS_GROUP,
	} type;
	/** first port (RANGE) */
	uint16_t from;
	/** last port (RANGE) */
	uint16_t to;
	/** group name (GROUP), as written otherwise */
	char *str;
};

/**
 * A firewall rule (connection firewalls and rule records).
 */
struct mguard_fw_rule_t {
	/** section key */
	char *key;
	/** IP protocol, 0 = all */
	uint8_t protocol;
	/** source, mguard_addr_t (one entry, a group entry refers to groups.ip) */
	mguard_addr_t from;
	/** source ports */
	mguard_ports_t from_port;
	/** destination */
	mguard_addr_t to;
	/** destination ports */
	mguard_ports_t to_port;
	/** action */
	mguard_fw_action_t action;
	/** rule record name (MGUARD_ACTION_RECORD) */
	char *action_record;
	/** comment, NULL if none */
	char *comment;
	/** log matches */
	bool log;
};

/**
 * A named group (groups.ip: mguard_addr_t, groups.port: mguard_ports_t,
 * groups.rules: mguard_fw_rule_t).
 */
struct mguard_group_t {
	/** section or key name */
	char *name;
	/** entries in order */
	linked_list_t *entries;
};

/**
 * One direction of a connection firewall.
 */
struct mguard_fw_dir_t {
	/** policy */
	mguard_fw_policy_t policy;
	/** log unknown connection attempts */
	bool log_unknown;
	/** rules in order, mguard_fw_rule_t */
	linked_list_t *rules;
};

/**
 * An XAuth user.
 */
struct mguard_xauth_user_t {
	/** section key */
	char *key;
	/** login name */
	char *name;
	/** password */
	char *password;
};

/**
 * An entry of a local 1:1 NAT table.
 */
struct mguard_nat_map_t {
	/** section key */
	char *key;
	/** real network address */
	host_t *real;
	/** virtual network address */
	host_t *virtual;
	/** netmask 1..32 */
	uint8_t netmask;
	/** comment, NULL if none */
	char *comment;
};

/**
 * A tunnel (Transport and Tunnel Settings row).
 */
struct mguard_tunnel_t {
	/** section key */
	char *key;
	/** enabled */
	bool enabled;
	/** comment, NULL if none */
	char *comment;
	/** tunnel or transport */
	mguard_tunnel_type_t type;
	/** local network (the negotiated one, virtual with 1:1 NAT) */
	mguard_net_t local;
	/** remote network, 0.0.0.0/0 is a default route over the VPN */
	mguard_net_t remote;
	/** local NAT mode */
	mguard_nat_mode_t local_nat;
	/** local NAT network (1to1: real network; masquerade: internal net) */
	mguard_net_t local_nat_network;
	/** local 1:1 NAT table, mguard_nat_map_t */
	linked_list_t *local_nat_map;
	/** remote NAT mode */
	mguard_nat_mode_t remote_nat;
	/** remote NAT network (1to1: local alias; masquerade: address /32) */
	mguard_net_t remote_nat_network;
	/** IP protocol, 0 = all */
	uint8_t protocol;
	/** local port: 1..65535, MGUARD_PORT_ALL or MGUARD_PORT_ANY */
	int local_port;
	/** remote port: 1..65535, MGUARD_PORT_ALL or MGUARD_PORT_ANY */
	int remote_port;
	/** add a kernel route to the remote network */
	bool kernel_route;
};

/**
 * XAuth / Mode Config settings.
 */
struct mguard_mode_config_t {
	/** off, server or client */
	mguard_mc_mode_t mode;
	/** server: local networks from a table (TRUE) or fixed (FALSE) */
	bool local_table;
	/** server: local = fixed network */
	mguard_net_t local_network;
	/** server: local = table networks, mguard_net_t */
	linked_list_t *local_networks;
	/** server: remote networks from a table (TRUE) or a pool (FALSE) */
	bool remote_table;
	/** server: address pool */
	mguard_net_t pool;
	/** server: tranche size 0..32 */
	uint8_t tranche;
	/** server: remote = table networks, mguard_net_t */
	linked_list_t *remote_networks;
	/** server: DNS and WINS servers, NULL for 0.0.0.0 (none) */
	host_t *dns[2];
	host_t *wins[2];
	/** client: masquerade local_nat_network to the assigned address */
	bool local_nat;
	/** client: network to masquerade */
	mguard_net_t local_nat_network;
	/** client: remote network fixed (TRUE) or sent by the server (FALSE) */
	bool remote_fixed;
	/** client: fixed remote network */
	mguard_net_t remote_network;
	/** client: XAuth login, NULL if none */
	char *xauth_login;
	/** client: XAuth password, NULL if none */
	char *xauth_password;
};

/**
 * Authentication settings.
 */
struct mguard_auth_t {
	/** x509 or psk */
	mguard_auth_method_t method;
	/** machine certificate file, NULL if unset */
	char *local_certificate;
	/** private key file, NULL if unset */
	char *local_key;
	/** remote CA choice */
	mguard_remote_ca_t remote_ca;
	/** CA certificate file (MGUARD_CA_FILE) */
	char *remote_ca_file;
	/** peer certificate file (MGUARD_CA_NONE), NULL if unset */
	char *remote_certificate;
	/** check CRLs */
	bool crl_check;
	/** pre-shared key, NULL if unset */
	char *psk;
	/** IKEv1 aggressive mode */
	bool aggressive;
	/** local identity, NULL for the default */
	char *local_id;
	/** remote identity or subject filter, NULL for any */
	char *remote_id;
};

/**
 * IKE options.
 */
struct mguard_ike_t {
	/** IKE proposals, NULL for default */
	char *proposals;
	/** ESP proposals, NULL for default */
	char *esp_proposals;
	/** perfect forward secrecy */
	bool pfs;
	/** IKE SA lifetime in seconds */
	uint32_t ike_lifetime;
	/** IPsec SA lifetime in seconds */
	uint32_t ipsec_lifetime;
	/** DPD interval in seconds */
	uint32_t dpd_delay;
	/** DPD timeout in seconds */
	uint32_t dpd_timeout;
};

/**
 * A VPN connection.
 */
struct mguard_connection_t {
	/** section key (also the swanctl connection name) */
	char *key;
	/** descriptive name (default: the key) */
	char *name;
	/** initial mode */
	mguard_initial_mode_t initial_mode;
	/** remote gateway: IP, host name or "%any" */
	char *gateway;
	/** TRUE if gateway is %any */
	bool gateway_any;
	/** interface for %any */
	mguard_interface_t any_interface;
	/** address for any_interface = address, NULL if unset */
	host_t *any_address;
	/** startup */
	mguard_startup_t startup;
	/** controlling service input */
	mguard_service_input_t service_input;
	/** inverted control logic */
	bool service_input_inverted;
	/** deactivation timeout in seconds, 0 = off */
	uint32_t deactivation_timeout;
	/** SMS token, NULL if off */
	char *sms_token;
	/** TCP encapsulation */
	mguard_encap_t encapsulation;
	/** port of the encapsulation server */
	uint16_t encapsulation_port;
	/** server ID 0..63 */
	uint8_t encapsulation_server_id;
	/** IKE version, 1 or 2 */
	int version;
	/** mode config */
	mguard_mode_config_t mode_config;
	/** tunnels in order, mguard_tunnel_t */
	linked_list_t *tunnels;
	/** authentication */
	mguard_auth_t auth;
	/** IKE options */
	mguard_ike_t ike;
	/** firewall, incoming */
	mguard_fw_dir_t fw_in;
	/** firewall, outgoing */
	mguard_fw_dir_t fw_out;
};

/**
 * The global section.
 */
struct mguard_global_t {
	bool hub_and_spoke;
	struct {
		bool enabled;
		bool only_on_failure;
		char *dir;
		uint64_t max_size;
	} archive;
	struct {
		bool listen;
		uint16_t port;
		uint8_t server_id;
	} tcp_encapsulation;
	struct {
		bool listen;
		uint16_t port;
		/** NULL if unset */
		char *certificate;
		/** NULL if unset */
		char *key;
	} path_finder;
	/** remote access ports, as uintptr_t in a list */
	linked_list_t *remote_access_ports;
	struct {
		/** NULL if no proxy */
		char *host;
		uint16_t port;
		char *user;
		char *password;
		/** 0 any, 1 basic, 2 ntlm, 3 digest */
		int auth;
	} proxy;
	bool ike_fragmentation;
	uint32_t ipsec_mtu;
	struct {
		bool watch;
		uint32_t interval;
	} dyndns;
	struct {
		/** connected peers allowed, 0 = unlimited */
		int peers;
	} license;
	struct {
		bool enabled;
		host_t *local_ip;
		host_t *remote_start;
		host_t *remote_end;
	} l2tp;
	struct {
		/** Linux interface names, NULL if unset */
		char *internal;
		char *external;
		char *external2;
		char *dial_in;
		char *dmz;
	} interfaces;
	struct {
		/** sources of CMD 1-3 (index 0..2), NULL if unset */
		char *cmd[3];
		/** pushbutton (TRUE) or switch (FALSE) */
		bool pushbutton;
	} service_inputs;
};

/**
 * A loaded, validated model. Immutable once loaded: threads may share it,
 * each holding a reference (mguard_model_get_ref()/mguard_model_destroy()).
 */
struct mguard_model_t {
	/** references, see mguard_model_get_ref() */
	refcount_t refs;
	/** file the model was loaded from */
	char *file;
	/** global settings */
	mguard_global_t global;
	/** groups.ip, mguard_group_t of mguard_addr_t */
	linked_list_t *ip_groups;
	/** groups.port, mguard_group_t of mguard_ports_t */
	linked_list_t *port_groups;
	/** groups.rules, mguard_group_t of mguard_fw_rule_t */
	linked_list_t *rule_records;
	/** xauth.users, mguard_xauth_user_t */
	linked_list_t *xauth_users;
	/** xauth.pam */
	bool xauth_pam;
	/** connections in file order, mguard_connection_t */
	linked_list_t *connections;
};

/**
 * Load, check and validate a model file.
 *
 * Every error and warning goes to the report (all of them, not just the
 * first). The model is returned only if there was no error.
 *
 * @param path		model file
 * @param report	collects errors and warnings
 * @return			model, NULL on any error
 */
mguard_model_t *mguard_model_load(const char *path, mguard_report_t *report);

/**
 * Load a model as mguard_model_load() does, and tell which files were read.
 *
 * @param path		model file
 * @param report	collects errors and warnings
 * @param sources	if not NULL, receives the files and include patterns
 *					read (also for an invalid model; NULL if path itself
 *					could not be read)
 * @return			model, NULL on any error
 */
mguard_model_t *mguard_model_load_sources(const char *path,
										  mguard_report_t *report,
										  mguard_conf_sources_t **sources);

/**
 * Load, check and validate a model given as a string (used by tests and the
 * fuzzer); errors name the given file name.
 *
 * @param content	model text
 * @param name		name used in messages
 * @param report	collects errors and warnings
 * @return			model, NULL on any error
 */
mguard_model_t *mguard_model_load_string(const char *content, const char *name,
										 mguard_report_t *report);

/**
 * Get another reference to a model.
 *
 * @param model		model
 * @return			model
 */
mguard_model_t *mguard_model_get_ref(mguard_model_t *model);

/**
 * Release a reference to a model; the last one destroys it.
 *
 * @param model		model to destroy, may be NULL
 */
void mguard_model_destroy(mguard_model_t *model);

/**
 * VPN license: connected peers allowed.
 *
 * @param model		model
 * @return			peers allowed, 0 = unlimited
 */
int mguard_model_license_peers(mguard_model_t *model);

/**
 * Enumerate connections in file order (disabled ones included).
 *
 * @param model		model
 * @return			enumerator over mguard_connection_t*
 */
enumerator_t *mguard_model_create_connection_enumerator(mguard_model_t *model);

/**
 * Find a connection by its section key.
 *
 * @param model		model
 * @param key		section key (the swanctl connection name)
 * @return			connection, NULL if none
 */
mguard_connection_t *mguard_model_get_connection(mguard_model_t *model,
												 const char *key);

/**
 * Find a group (groups.ip, groups.port or groups.rules) by name.
 *
 * @param groups	list of mguard_group_t (may be NULL)
 * @param name		group name (may be NULL)
 * @return			group, NULL if none
 */
mguard_group_t *mguard_model_find_group(linked_list_t *groups,
										const char *name);

/**
 * Find the first connection with a descriptive name (mGuard: the first entry
 * wins on an ambiguous name).
 *
 * @param model		model
 * @param name		descriptive name
 * @return			connection, NULL if none
 */
mguard_connection_t *mguard_model_find_by_name(mguard_model_t *model,
											   const char *name);

/**
 * Enumerate the tunnels of a connection in table order.
 *
 * @param conn		connection
 * @param enabled	TRUE to skip disabled tunnels
 * @return			enumerator over mguard_tunnel_t*
 */
enumerator_t *mguard_connection_create_tunnel_enumerator(
							mguard_connection_t *conn, bool enabled);

/**
 * Linux interface a connection with gateway %any binds to: the
 * global.interfaces entry of its any_interface.
 *
 * @param model		model
 * @param conn		connection of model
 * @return			interface name, NULL if any_interface = address or the
 *					mGuard interface has no Linux interface
 */
const char *mguard_model_any_ifname(mguard_model_t *model,
									mguard_connection_t *conn);

/**
 * swanctl CHILD_SA name of a tunnel: "<connection key>-<tunnel key>".
 *
 * @param conn		connection
 * @param tunnel	tunnel of conn
 * @param buf		buffer
 * @param len		size of buf
 * @return			buf
 */
char *mguard_tunnel_child_name(mguard_connection_t *conn,
							   mguard_tunnel_t *tunnel, char *buf, size_t len);

/**
 * Validate the cross-field rules of MODEL.md ("Validation") on a parsed
 * model. Called by mguard_model_load(); exported for tests.
 *
 * @param model		parsed model
 * @param report	collects errors and warnings
 */
void mguard_model_validate(mguard_model_t *model, mguard_report_t *report);

/**
 * Keyword names, for messages and output.
 */
const char *mguard_startup_name(mguard_startup_t startup);
const char *mguard_initial_mode_name(mguard_initial_mode_t mode);

#endif /** MGUARD_MODEL_H_ @}*/
