/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Addresses of the test's network namespace, set through rtnetlink. */
#ifndef KMESH_NETADDR_H
#define KMESH_NETADDR_H

/* Add the IPv4 address addr (as text) to lo as a host address (/32), so
 * that servers can bind it and clients reach it at once (the local route
 * is in place when the kernel acks); 0 or -errno. IPv6 is left out: its
 * local route comes later, from the DAD work. */
int tu_lo_addr_add(const char *addr);

#endif
