/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_report mguard_report
 * @{ @ingroup mguard_common
 */

#ifndef MGUARD_REPORT_H_
#define MGUARD_REPORT_H_

#include <stdio.h>

#include <library.h>
#include <collections/enumerator.h>

typedef struct mguard_report_t mguard_report_t;
typedef enum mguard_severity_t mguard_severity_t;

/**
 * Severity of a report entry.
 */
enum mguard_severity_t {
	/** the model is invalid */
	MGUARD_ERROR,
	/** the model is valid but something is obsolete or risky */
	MGUARD_WARNING,
};

/**
 * Upper bound of entries a report keeps (further ones are only counted).
 */
#define MGUARD_REPORT_MAX 1000

/**
 * Collects every error and warning found in a model, in the order found.
 *
 * Each entry is one line: "FILE: section.path.key: what is wrong and what is
 * allowed" (warnings carry "warning: " before the text).
 */
struct mguard_report_t {

	/**
	 * Add an entry.
	 *
	 * @param severity	MGUARD_ERROR or MGUARD_WARNING
	 * @param file		model file name, NULL for none
	 * @param path		dotted section path and key, NULL or "" for none
	 * @param fmt		printf style message
	 */
	void (*add)(mguard_report_t *this, mguard_severity_t severity,
				const char *file, const char *path, const char *fmt, ...);

	/**
	 * Number of errors added (including ones beyond MGUARD_REPORT_MAX).
	 *
	 * @return			number of errors
	 */
	u_int (*get_errors)(mguard_report_t *this);

	/**
	 * Number of warnings added (including ones beyond MGUARD_REPORT_MAX).
	 *
	 * @return			number of warnings
	 */
	u_int (*get_warnings)(mguard_report_t *this);

	/**
	 * Enumerate the kept entries in order.
	 *
	 * @return			enumerator over (mguard_severity_t, char *line)
	 */
	enumerator_t *(*create_enumerator)(mguard_report_t *this);

	/**
	 * Check whether an entry containing the given text was added.
	 *
	 * @param text		text to look for
	 * @return			TRUE if some kept line contains text
	 */
	bool (*contains)(mguard_report_t *this, const char *text);

	/**
	 * Add every entry and count of another report (as they were added
	 * there).
	 *
	 * @param other		report to copy from
	 */
	void (*add_report)(mguard_report_t *this, mguard_report_t *other);

	/**
	 * Print every kept entry, one per line, to a stream.
	 *
	 * @param out		stream (stderr for the command line helpers)
	 */
	void (*print)(mguard_report_t *this, FILE *out);

	/**
	 * Log every kept entry with DBG1 (errors) and DBG2 (warnings) in the
	 * DBG_CFG group, for use inside charon.
	 */
	void (*log)(mguard_report_t *this);

	/**
	 * Destroy the report.
	 */
	void (*destroy)(mguard_report_t *this);
};

/**
 * Create an empty report.
 *
 * @return				report
 */
mguard_report_t *mguard_report_create(void);

#endif /** MGUARD_REPORT_H_ @}*/
