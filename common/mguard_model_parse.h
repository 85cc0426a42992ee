/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_model_parse mguard_model_parse
 * @{ @ingroup mguard_model
 *
 * Inside the model loader (not for readers of the model): the state of a
 * load, the key definitions of the schema (mguard_model_schema.c), the rules
 * that parse each value type (mguard_model_rules.c) and the builder
 * (mguard_model_build.c). The settings tree is reached only through
 * mguard_conf_t.
 */

#ifndef MGUARD_MODEL_PARSE_H_
#define MGUARD_MODEL_PARSE_H_

#include <stddef.h>

#include "mguard_model.h"

typedef struct ctx_t ctx_t;
typedef struct key_def_t key_def_t;

/** longest dotted path in messages */
#define PATH_LEN 512

/**
 * Parse one value into the field def names in base, report errors.
 */
typedef void (*mguard_rule_t)(ctx_t *ctx, const char *path,
							  const key_def_t *def, const char *value,
							  void *base);

/**
 * A key of a model section
 */
struct key_def_t {
	/** key name */
	const char *name;
	/** the rule parsing its value */
	mguard_rule_t parse;
	/** offset of the field */
	size_t offset;
	/** range or keyword base (and the proposal protocol) */
	int64_t min, max;
	/** keywords (keyword, kwbool, interface) */
	const char *const *words;
};

/**
 * State of a load
 */
struct ctx_t {
	/** parsed settings tree (file order) */
	mguard_conf_t *conf;
	/** file name for messages */
	const char *file;
	/** directory of the model, for relative file names */
	char *dir;
	/** report */
	mguard_report_t *report;
	/** model being built */
	mguard_model_t *model;
	/** errors in the report before the model was read */
	u_int errors;
};

/**
 * Report an error or warning about a key or section path, naming the file
 * it (or its nearest section) is defined in: the model or an included file
 * (mguard_model_build.c).
 */
void mguard_model_report(ctx_t *ctx, mguard_severity_t severity,
						 const char *path, const char *fmt, ...);

#define ERR(ctx, path, fmt, ...) \
	mguard_model_report(ctx, MGUARD_ERROR, path, fmt, ##__VA_ARGS__)
#define WARN(ctx, path, fmt, ...) \
	mguard_model_report(ctx, MGUARD_WARNING, path, fmt, ##__VA_ARGS__)

#define FIELD(base, def, type) ((type*)((char*)(base) + (def)->offset))

/*
 * The rules, one per value type (mguard_model_rules.c)
 */
void mguard_rule_bool(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_int(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_u8(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_u32(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_keyword(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_interface(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_kwbool(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_str(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_file(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_hms(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_duration(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_size(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_ipv4(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_ipv4_opt(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_net(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_netlist(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_port(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_tport(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_proto(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_proto_fw(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_ifname(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_gateway(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_host(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_portlist(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_source(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_addr(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_ports(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_action(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_proposals(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);
void mguard_rule_remote_ca(ctx_t *ctx, const char *path, const key_def_t *def,
		const char *value, void *base);

/*
 * The schema (mguard_model_schema.c): the keys of each section
 */
extern const key_def_t mguard_model_global_keys[];
extern const key_def_t mguard_model_archive_keys[];
extern const key_def_t mguard_model_tcp_encap_keys[];
extern const key_def_t mguard_model_path_finder_keys[];
extern const key_def_t mguard_model_proxy_keys[];
extern const key_def_t mguard_model_dyndns_keys[];
extern const key_def_t mguard_model_license_keys[];
extern const key_def_t mguard_model_l2tp_keys[];
extern const key_def_t mguard_model_interfaces_keys[];
extern const key_def_t mguard_model_service_inputs_keys[];
extern const key_def_t mguard_model_connection_keys[];
extern const key_def_t mguard_model_mode_config_keys[];
extern const key_def_t mguard_model_tunnel_keys[];
extern const key_def_t mguard_model_local_nat_keys[];
extern const key_def_t mguard_model_remote_nat_keys[];
extern const key_def_t mguard_model_nat_map_keys[];
extern const key_def_t mguard_model_auth_keys[];
extern const key_def_t mguard_model_ike_keys[];
extern const key_def_t mguard_model_fw_dir_keys[];
extern const key_def_t mguard_model_fw_rule_keys[];
extern const key_def_t mguard_model_xauth_user_keys[];

/** initial_mode and startup keywords, in enum order */
extern const char *const mguard_model_words_initial_mode[];
extern const char *const mguard_model_words_startup[];

/*
 * Value helpers shared by the rules and the builder (mguard_model_rules.c)
 */
void mguard_model_net_clear(mguard_net_t *net);
void mguard_model_net_destroy(mguard_net_t *net);
void mguard_model_addr_clear(mguard_addr_t *addr);
void mguard_model_addr_destroy(mguard_addr_t *addr);
bool mguard_model_parse_addr(const char *value, bool hostname, bool group,
							 mguard_addr_t *addr);
bool mguard_model_parse_ports(const char *value, bool group,
							  mguard_ports_t *ports);

/**
 * Build and validate the model from ctx->conf (mguard_model_build.c).
 *
 * @param ctx		state, with conf, file, dir and report set
 * @return			model, NULL if an error was reported since ctx->errors
 */
mguard_model_t *mguard_model_build(ctx_t *ctx);

#endif /** MGUARD_MODEL_PARSE_H_ @}*/
