/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/*
 * The model's schema (MODEL.md): the keys of every section, each with the
 * rule that parses its value and the field it goes to.
 */

#include "mguard_model_parse.h"

#include <crypto/proposal/proposal.h>

const char *const mguard_model_words_initial_mode[] = { "disabled",
	"stopped", "started", NULL };
const char *const mguard_model_words_startup[] = { "initiate", "on_traffic",
	"wait", NULL };
static const char *const w_service_input[] = { "none", "cmd1", "cmd2", "cmd3",
											   NULL };
static const char *const w_encap[] = { "none", "tcp", "path_finder", NULL };
static const char *const w_version[] = { "ikev1", "ikev2", NULL };
static const char *const w_interface[] = { "internal", "external",
										   "external2", "dial-in", "dmz",
										   "address", NULL };
static const char *const w_mc_mode[] = { "off", "server", "client", NULL };
static const char *const w_fixed_table[] = { "fixed", "table", NULL };
static const char *const w_pool_table[] = { "pool", "table", NULL };
static const char *const w_none_masq[] = { "none", "masquerade", NULL };
static const char *const w_server_fixed[] = { "server", "fixed", NULL };
static const char *const w_type[] = { "tunnel", "transport", NULL };
static const char *const w_nat[] = { "none", "1to1", "masquerade", NULL };
static const char *const w_method[] = { "x509", "psk", NULL };
static const char *const w_isakmp[] = { "main", "aggressive", NULL };
static const char *const w_policy[] = { "accept", "drop", "ping", "rules",
										NULL };
static const char *const w_proxy_auth[] = { "any", "basic", "ntlm", "digest",
											NULL };
static const char *const w_si_mode[] = { "switch", "pushbutton", NULL };

#define G(f) offsetof(mguard_global_t, f)

const key_def_t mguard_model_global_keys[] = {
	{ "hub_and_spoke", mguard_rule_bool, G(hub_and_spoke) },
	{ "remote_access_ports", mguard_rule_portlist, G(remote_access_ports) },
	{ "ike_fragmentation", mguard_rule_bool, G(ike_fragmentation) },
	{ "ipsec_mtu", mguard_rule_u32, G(ipsec_mtu), 576, 16260 },
	{ NULL },
};

const key_def_t mguard_model_archive_keys[] = {
	{ "enabled", mguard_rule_bool, G(archive.enabled) },
	{ "only_on_failure", mguard_rule_bool, G(archive.only_on_failure) },
	{ "dir", mguard_rule_file, G(archive.dir) },
	{ "max_size", mguard_rule_size, G(archive.max_size) },
	{ NULL },
};

const key_def_t mguard_model_tcp_encap_keys[] = {
	{ "listen", mguard_rule_bool, G(tcp_encapsulation.listen) },
	{ "port", mguard_rule_port, G(tcp_encapsulation.port) },
	{ "server_id", mguard_rule_u8, G(tcp_encapsulation.server_id), 0, 63 },
	{ NULL },
};

const key_def_t mguard_model_path_finder_keys[] = {
	{ "listen", mguard_rule_bool, G(path_finder.listen) },
	{ "port", mguard_rule_port, G(path_finder.port) },
	{ "certificate", mguard_rule_file, G(path_finder.certificate) },
	{ "key", mguard_rule_file, G(path_finder.key) },
	{ NULL },
};

const key_def_t mguard_model_proxy_keys[] = {
	{ "host", mguard_rule_host, G(proxy.host) },
	{ "port", mguard_rule_port, G(proxy.port) },
	{ "user", mguard_rule_str, G(proxy.user) },
	{ "password", mguard_rule_str, G(proxy.password) },
	{ "auth", mguard_rule_keyword, G(proxy.auth), 0, 0, w_proxy_auth },
	{ NULL },
};

const key_def_t mguard_model_dyndns_keys[] = {
	{ "watch", mguard_rule_bool, G(dyndns.watch) },
	{ "interval", mguard_rule_u32, G(dyndns.interval), 1, 86400 },
	{ NULL },
};

const key_def_t mguard_model_license_keys[] = {
	{ "peers", mguard_rule_int, G(license.peers), 0, 1000000 },
	{ NULL },
};

const key_def_t mguard_model_l2tp_keys[] = {
	{ "enabled", mguard_rule_bool, G(l2tp.enabled) },
	{ "local_ip", mguard_rule_ipv4, G(l2tp.local_ip) },
	{ "remote_start", mguard_rule_ipv4, G(l2tp.remote_start) },
	{ "remote_end", mguard_rule_ipv4, G(l2tp.remote_end) },
	{ NULL },
};

const key_def_t mguard_model_interfaces_keys[] = {
	{ "internal", mguard_rule_ifname, G(interfaces.internal) },
	{ "external", mguard_rule_ifname, G(interfaces.external) },
	{ "external2", mguard_rule_ifname, G(interfaces.external2) },
	{ "dial_in", mguard_rule_ifname, G(interfaces.dial_in) },
	{ "dmz", mguard_rule_ifname, G(interfaces.dmz) },
	{ NULL },
};

const key_def_t mguard_model_service_inputs_keys[] = {
	{ "cmd1", mguard_rule_source, G(service_inputs.cmd[0]) },
	{ "cmd2", mguard_rule_source, G(service_inputs.cmd[1]) },
	{ "cmd3", mguard_rule_source, G(service_inputs.cmd[2]) },
	{ "mode", mguard_rule_kwbool, G(service_inputs.pushbutton),
		0, 0, w_si_mode },
	{ NULL },
};

#define C(f) offsetof(mguard_connection_t, f)

const key_def_t mguard_model_connection_keys[] = {
	{ "name", mguard_rule_str, C(name) },
	{ "initial_mode", mguard_rule_keyword, C(initial_mode),
		0, 0, mguard_model_words_initial_mode },
	{ "gateway", mguard_rule_gateway, C(gateway) },
	{ "any_interface", mguard_rule_interface, C(any_interface),
		0, 0, w_interface },
	{ "any_address", mguard_rule_ipv4, C(any_address) },
	{ "startup", mguard_rule_keyword, C(startup),
		0, 0, mguard_model_words_startup },
	{ "service_input", mguard_rule_keyword, C(service_input),
		0, 0, w_service_input },
	{ "service_input_inverted", mguard_rule_bool, C(service_input_inverted) },
	{ "deactivation_timeout", mguard_rule_hms, C(deactivation_timeout), 0,
		MGUARD_MAX_DEACTIVATION },
	{ "sms_token", mguard_rule_str, C(sms_token) },
	{ "encapsulation", mguard_rule_keyword, C(encapsulation), 0, 0, w_encap },
	{ "encapsulation_port", mguard_rule_port, C(encapsulation_port) },
	{ "encapsulation_server_id", mguard_rule_u8, C(encapsulation_server_id),
		0, 63 },
	{ "version", mguard_rule_keyword, C(version), 1, 0, w_version },
	{ NULL },
};

#define MC(f) offsetof(mguard_mode_config_t, f)

const key_def_t mguard_model_mode_config_keys[] = {
	{ "mode", mguard_rule_keyword, MC(mode), 0, 0, w_mc_mode },
	{ "local", mguard_rule_kwbool, MC(local_table), 0, 0, w_fixed_table },
	{ "local_network", mguard_rule_net, MC(local_network) },
	{ "local_networks", mguard_rule_netlist, MC(local_networks) },
	{ "remote", mguard_rule_kwbool, MC(remote_table), 0, 0, w_pool_table },
	{ "pool", mguard_rule_net, MC(pool) },
	{ "tranche", mguard_rule_u8, MC(tranche), 0, 32 },
	{ "remote_networks", mguard_rule_netlist, MC(remote_networks) },
	{ "dns1", mguard_rule_ipv4_opt, MC(dns[0]) },
	{ "dns2", mguard_rule_ipv4_opt, MC(dns[1]) },
	{ "wins1", mguard_rule_ipv4_opt, MC(wins[0]) },
	{ "wins2", mguard_rule_ipv4_opt, MC(wins[1]) },
	{ "local_nat", mguard_rule_kwbool, MC(local_nat), 0, 0, w_none_masq },
	{ "local_nat_network", mguard_rule_net, MC(local_nat_network) },
	{ "remote_mode", mguard_rule_kwbool, MC(remote_fixed),
		0, 0, w_server_fixed },
	{ "remote_network", mguard_rule_net, MC(remote_network) },
	{ "xauth_login", mguard_rule_str, MC(xauth_login) },
	{ "xauth_password", mguard_rule_str, MC(xauth_password) },
	{ NULL },
};

#define T(f) offsetof(mguard_tunnel_t, f)

const key_def_t mguard_model_tunnel_keys[] = {
	{ "enabled", mguard_rule_bool, T(enabled) },
	{ "comment", mguard_rule_str, T(comment) },
	{ "type", mguard_rule_keyword, T(type), 0, 0, w_type },
	{ "local", mguard_rule_net, T(local) },
	{ "remote", mguard_rule_net, T(remote) },
	{ "protocol", mguard_rule_proto, T(protocol) },
	{ "local_port", mguard_rule_tport, T(local_port) },
	{ "remote_port", mguard_rule_tport, T(remote_port) },
	{ "kernel_route", mguard_rule_bool, T(kernel_route) },
	{ NULL },
};

const key_def_t mguard_model_local_nat_keys[] = {
	{ "mode", mguard_rule_keyword, T(local_nat), 0, 0, w_nat },
	{ "network", mguard_rule_net, T(local_nat_network) },
	{ NULL },
};

const key_def_t mguard_model_remote_nat_keys[] = {
	{ "mode", mguard_rule_keyword, T(remote_nat), 0, 0, w_nat },
	{ "network", mguard_rule_net, T(remote_nat_network) },
	{ NULL },
};

#define NM(f) offsetof(mguard_nat_map_t, f)

const key_def_t mguard_model_nat_map_keys[] = {
	{ "real", mguard_rule_ipv4, NM(real) },
	{ "virtual", mguard_rule_ipv4, NM(virtual) },
	{ "netmask", mguard_rule_u8, NM(netmask), 1, 32 },
	{ "comment", mguard_rule_str, NM(comment) },
	{ NULL },
};

#define A(f) offsetof(mguard_auth_t, f)

const key_def_t mguard_model_auth_keys[] = {
	{ "method", mguard_rule_keyword, A(method), 0, 0, w_method },
	{ "local_certificate", mguard_rule_file, A(local_certificate) },
	{ "local_key", mguard_rule_file, A(local_key) },
	{ "remote_ca", mguard_rule_remote_ca, 0 },
	{ "remote_certificate", mguard_rule_file, A(remote_certificate) },
	{ "crl_check", mguard_rule_bool, A(crl_check) },
	{ "psk", mguard_rule_str, A(psk) },
	{ "isakmp_mode", mguard_rule_kwbool, A(aggressive), 0, 0, w_isakmp },
	{ "local_id", mguard_rule_str, A(local_id) },
	{ "remote_id", mguard_rule_str, A(remote_id) },
	{ NULL },
};

#define I(f) offsetof(mguard_ike_t, f)

const key_def_t mguard_model_ike_keys[] = {
	{ "proposals", mguard_rule_proposals, I(proposals), PROTO_IKE },
	{ "esp_proposals", mguard_rule_proposals, I(esp_proposals), PROTO_ESP },
	{ "pfs", mguard_rule_bool, I(pfs) },
	{ "ike_lifetime", mguard_rule_duration, I(ike_lifetime), 1, 86400 },
	{ "ipsec_lifetime", mguard_rule_duration, I(ipsec_lifetime), 1, 86400 },
	{ "dpd_delay", mguard_rule_duration, I(dpd_delay), 0, 86400 },
	{ "dpd_timeout", mguard_rule_duration, I(dpd_timeout), 0, 86400 },
	{ NULL },
};

#define F(f) offsetof(mguard_fw_dir_t, f)

const key_def_t mguard_model_fw_dir_keys[] = {
	{ "policy", mguard_rule_keyword, F(policy), 0, 0, w_policy },
	{ "log_unknown", mguard_rule_bool, F(log_unknown) },
	{ NULL },
};

#define R(f) offsetof(mguard_fw_rule_t, f)

const key_def_t mguard_model_fw_rule_keys[] = {
	{ "protocol", mguard_rule_proto_fw, R(protocol) },
	{ "from", mguard_rule_addr, R(from) },
	{ "from_port", mguard_rule_ports, R(from_port) },
	{ "to", mguard_rule_addr, R(to) },
	{ "to_port", mguard_rule_ports, R(to_port) },
	{ "action", mguard_rule_action, 0 },
	{ "comment", mguard_rule_str, R(comment) },
	{ "log", mguard_rule_bool, R(log) },
	{ NULL },
};

#define X(f) offsetof(mguard_xauth_user_t, f)

const key_def_t mguard_model_xauth_user_keys[] = {
	{ "name", mguard_rule_str, X(name) },
	{ "password", mguard_rule_str, X(password) },
	{ NULL },
};

