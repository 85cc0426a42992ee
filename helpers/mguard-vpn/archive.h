/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/*
 * mguard-vpn archive [list | show ID | snapshot FILE]: the diagnostics
 * archive, read from the directory the model names (global.archive.dir), so
 * it works while charon is down; the support snapshot.
 */

#ifndef ARCHIVE_H_
#define ARCHIVE_H_

/**
 * Run the archive command (after library_init()).
 *
 * @param argc		arguments after "archive"
 * @param argv		them
 * @param model		model file, NULL for the default
 * @param swanctl_dir	swanctl directory, NULL for /etc/swanctl
 * @return			exit code
 */
int archive_main(int argc, char *argv[], char *model, char *swanctl_dir);

#endif /* ARCHIVE_H_ */
