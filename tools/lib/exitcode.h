/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* kmeshctl's exit codes, also the status of the functions behind them. */
#ifndef KMESH_TOOLS_EXITCODE_H
#define KMESH_TOOLS_EXITCODE_H

enum km_exit {
	KM_EXIT_OK = 0,
	KM_EXIT_INVALID = 1,	/* the config is invalid (parse or validation) */
	KM_EXIT_USAGE = 2,	/* bad command line */
	KM_EXIT_IO = 3,		/* a file could not be read or written */
};

#endif
