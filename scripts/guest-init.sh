#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# PID 1 of a kmesh-native test guest (see scripts/vm-run.sh). The root is
# the host's filesystem over virtio-9p, read-only; this gives the guest
# its own /proc, /sys, /dev, a writable /tmp and /run, bpffs and cgroup2,
# runs the command the host left in the "kmout" share, stores its exit
# status and dmesg there, and reboots (QEMU runs with -no-reboot).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TERM=dumb LANG=C

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
# The writable /tmp hides the host's /tmp, where the checkout, the kernel
# cache or the build may live. kmesh_keep (kernel command line, so in our
# environment) lists the host paths the guest must still see: keep the
# host's /tmp under /run, then bind each of them back at its own path.
keep=()
IFS=: read -r -a keep <<<"${kmesh_keep:-}"
if [ ${#keep[@]} -gt 0 ]; then
	mkdir -p /run/kmesh-host-tmp
	mount --bind /tmp /run/kmesh-host-tmp
fi
mount -t tmpfs -o mode=1777 tmpfs /tmp
for p in "${keep[@]}"; do
	case "$p" in /tmp/?*) ;; *) continue ;; esac
	mkdir -p "$p"
	mount --bind "/run/kmesh-host-tmp/${p#/tmp/}" "$p" ||
		echo "kmesh-guest: cannot keep host path $p visible" >&2
done
mount -t tmpfs tmpfs /var/tmp 2>/dev/null
mount -t bpf bpffs /sys/fs/bpf
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /tmp/kmout
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 kmout /tmp/kmout
# kmesh_modules (kernel command line, so in our environment): the root
# under which the modules built with this kernel are installed; the host
# may have no /lib/modules to mount them on, so tell modprobe instead.
[ -n "${kmesh_modules:-}" ] && export MODPROBE_OPTIONS="-d $kmesh_modules"
ip link set lo up
hostname kmesh-guest 2>/dev/null

echo "kmesh-guest: linux $(uname -r), running $(head -c 200 /tmp/kmout/cmd)"
(cd /tmp && exec bash /tmp/kmout/cmd) </dev/null
rc=$?
dmesg >/tmp/kmout/dmesg
echo "$rc" >/tmp/kmout/status
sync
umount /tmp/kmout
echo b >/proc/sysrq-trigger
sleep 10
