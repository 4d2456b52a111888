// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include "netaddr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* RTM_NEWADDR of an IPv4 address, its one attribute IFA_LOCAL. */
struct newaddr {
	struct nlmsghdr nh;
	struct ifaddrmsg ifa;
	struct rtattr rta;
	unsigned char addr[4];
};
_Static_assert(offsetof(struct newaddr, addr) ==
	       NLMSG_LENGTH(sizeof(struct ifaddrmsg)) + RTA_LENGTH(0),
	       "struct newaddr is laid out as the kernel reads the message");

/* Send req on a NETLINK_ROUTE socket; the error of its ack (0 or -errno). */
static int rtnl_ack(struct nlmsghdr *req)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	union {
		struct nlmsghdr nh;
		char buf[512];
	} ack;
	struct nlmsgerr *err = NLMSG_DATA(&ack.nh);
	int fd, rc;
	ssize_t n;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (sendto(fd, req, req->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		rc = -errno;
		goto out;
	}
	n = recv(fd, &ack, sizeof(ack), 0);
	if (n < 0)
		rc = -errno;
	else if ((size_t)n < NLMSG_LENGTH(sizeof(*err)) ||
		 ack.nh.nlmsg_type != NLMSG_ERROR)
		rc = -EPROTO;
	else
		rc = err->error;
out:
	close(fd);
	return rc;
}

int tu_lo_addr_add(const char *addr)
{
	struct newaddr req;

	memset(&req, 0, sizeof(req));
	if (inet_pton(AF_INET, addr, req.addr) != 1)
		return -EINVAL;
	req.ifa.ifa_family = AF_INET;
	req.ifa.ifa_prefixlen = 32;
	req.ifa.ifa_scope = RT_SCOPE_UNIVERSE;
	req.ifa.ifa_index = if_nametoindex("lo");
	if (!req.ifa.ifa_index)
		return -errno;
	req.rta.rta_type = IFA_LOCAL;
	req.rta.rta_len = RTA_LENGTH(4);
	req.nh.nlmsg_type = RTM_NEWADDR;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
			     NLM_F_EXCL;
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifa)) +
			   RTA_ALIGN(req.rta.rta_len);
	return rtnl_ack(&req.nh);
}
