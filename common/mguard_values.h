/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_values mguard_values
 * @{ @ingroup mguard_common
 *
 * Parsers for the value types of the model file. Each returns FALSE on a
 * syntax error and leaves the output untouched; range checks against the
 * model's limits are the caller's, so that the error can name the limit.
 */

#ifndef MGUARD_VALUES_H_
#define MGUARD_VALUES_H_

#include <library.h>
#include <networking/host.h>

/**
 * Longest value accepted for any key (longer values are an error).
 */
#define MGUARD_MAX_VALUE 4096

/**
 * Parse a boolean: yes|no, true|false, on|off, 1|0 (case-insensitive).
 *
 * @param str		value
 * @param out		parsed value
 * @return			TRUE if valid
 */
bool mguard_parse_bool(const char *str, bool *out);

/**
 * Parse an unsigned decimal number (digits only, no sign).
 *
 * @param str		value
 * @param max		largest value accepted (larger is a syntax error)
 * @param out		parsed value
 * @return			TRUE if valid and <= max
 */
bool mguard_parse_uint(const char *str, uint64_t max, uint64_t *out);

/**
 * Find a keyword (case-insensitive) in a NULL terminated list.
 *
 * @param str		value
 * @param words		NULL terminated list of keywords
 * @param out		index of the keyword found
 * @return			TRUE if found
 */
bool mguard_parse_keyword(const char *str, const char *const *words, int *out);

/**
 * Parse a time of the form ss, mm:ss or hh:mm:ss (minutes and seconds below
 * 60 after the first field).
 *
 * @param str		value
 * @param out		seconds
 * @return			TRUE if valid
 */
bool mguard_parse_hms(const char *str, uint32_t *out);

/**
 * Parse a duration as strongSwan writes it: a number with an optional unit
 * s, m, h or d (seconds without unit).
 *
 * @param str		value
 * @param out		seconds
 * @return			TRUE if valid
 */
bool mguard_parse_duration(const char *str, uint32_t *out);

/**
 * Parse a size: a number with an optional unit K, M or G (powers of 1024).
 *
 * @param str		value
 * @param out		bytes
 * @return			TRUE if valid
 */
bool mguard_parse_size(const char *str, uint64_t *out);

/**
 * Parse an IPv4 address in dotted quad notation.
 *
 * @param str		value
 * @return			address (port 0), NULL if invalid
 */
host_t *mguard_parse_ipv4(const char *str);

/**
 * Parse an IPv4 network in CIDR notation; a plain address is a /32.
 *
 * @param str		value
 * @param prefix	prefix length
 * @param host_bits	set to TRUE if bits beyond the prefix are set
 * @return			network address as written, NULL if invalid
 */
host_t *mguard_parse_cidr(const char *str, uint8_t *prefix, bool *host_bits);

/**
 * Parse an IPv4 address range "a-b" with a <= b.
 *
 * @param str		value
 * @param to		last address of the range
 * @return			first address, NULL if invalid
 */
host_t *mguard_parse_range(const char *str, host_t **to);

/**
 * Check a DNS host name (RFC 1123 labels, not all digits).
 *
 * @param str		value
 * @return			TRUE if a valid host name
 */
bool mguard_is_hostname(const char *str);

/**
 * Check a section key used as a name (letters, digits, '_' and '-', at most
 * 64 characters).
 *
 * @param str		value
 * @return			TRUE if valid
 */
bool mguard_is_identifier(const char *str);

/**
 * Check a Linux interface name (1..15 characters, no '/', ':' or spaces).
 *
 * @param str		value
 * @return			TRUE if valid
 */
bool mguard_is_ifname(const char *str);

/**
 * Parse a port: a number 1..65535 or a service name known to the system's
 * services database (getservbyname, tcp or udp).
 *
 * @param str		value
 * @param out		port
 * @return			TRUE if valid
 */
bool mguard_parse_port(const char *str, uint16_t *out);

/**
 * Parse a port or port range: N, N:M (N <= M) or a service name.
 *
 * @param str		value
 * @param from		first port
 * @param to		last port
 * @return			TRUE if valid
 */
bool mguard_parse_port_range(const char *str, uint16_t *from, uint16_t *to);

/**
 * Parse an IP protocol: all (0), tcp, udp, icmp, gre (if allowed) or a
 * number 1..255.
 *
 * @param str		value
 * @param allow_gre	accept the keyword gre
 * @param out		protocol number, 0 for all
 * @return			TRUE if valid
 */
bool mguard_parse_protocol(const char *str, bool allow_gre, uint8_t *out);

/**
 * Split a comma separated list into trimmed items (empty items dropped).
 *
 * @param str		list
 * @return			enumerator over char* items (valid until destroyed)
 */
enumerator_t *mguard_list_create_enumerator(const char *str);

#endif /** MGUARD_VALUES_H_ @}*/
