#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Boot a kernel under QEMU with the host's filesystem as a read-only 9p
# root, run a shell command inside, and exit with its status. The guest's
# console goes to stdout; its dmesg is saved as $KMESH_VM_OUT/dmesg.
#
#   scripts/vm-run.sh BZIMAGE 'COMMAND'
#
# Environment: KMESH_ACCEL=tcg|kvm|auto (default tcg: on the machines
# this runs on, /dev/kvm exists but KVM guests can hang after a probe
# passed; auto probes KVM once per host boot and falls back to TCG),
# KMESH_VM_TIMEOUT seconds (default 1800),
# KMESH_VM_OUT directory for status, dmesg and console log (default: a
# fresh temporary directory), KMESH_VM_MEM (default 2G).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: $0 BZIMAGE COMMAND"
kernel=$1
cmd=$2
[ -f "$kernel" ] || die "no kernel image: $kernel"
timeout_s=${KMESH_VM_TIMEOUT:-1800}
out=${KMESH_VM_OUT:-$(mktemp -d /tmp/kmesh-vm.XXXXXX)}
mkdir -p "$out"
rm -f "$out/status" "$out/dmesg"

# The kernel's modules, if kernel-build.sh installed any next to it under
# mod/lib/modules; the guest points modprobe at that root.
mods=$(cd "$(dirname "$kernel")" && pwd)/mod
[ -d "$mods/lib/modules" ] || mods=

# Host paths under /tmp that the guest must see through its own writable
# /tmp (guest-init.sh binds them back): the checkout, the kernel's
# directory and modules, the cache, and KMESH_VM_KEEP (colon-separated).
keep=
for p in "$KMESH_TOP" "$(cd "$(dirname "$kernel")" && pwd)" "$KMESH_CACHE" \
	$(tr ':' ' ' <<<"${KMESH_VM_KEEP:-}"); do
	p=$(realpath -m "$p")
	case "$p" in
	/tmp/*) case ":$keep:" in *":$p:"*) ;; *) keep=${keep:+$keep:}$p ;; esac ;;
	esac
done
case "$keep" in *' '*) die "vm: paths kept visible in the guest cannot contain spaces: $keep" ;; esac

# boot KERNEL ACCEL TIMEOUT: run the guest, console to $out/console.log.
# tsc=reliable: QEMU derives the guest's TSC from the host's monotonic
# clock, but under TCG on a busy host the guest's timer ticks lag, and a
# kernel whose only clocksource watchdog is jiffies (no ACPI, so no HPET
# or ACPI PM timer) then marks the TSC unstable and falls back to jiffies:
# 4 ms clock steps for the rest of the run.
boot() {
	local accel=$1 t=$2 cpu=max rc=0
	[ "$accel" = kvm ] && cpu=host
	timeout -k 5 "$t" qemu-system-x86_64 \
		-accel "$accel" -cpu "$cpu" -smp 2 -m "${KMESH_VM_MEM:-2G}" \
		-nodefaults -no-reboot -display none -serial stdio \
		-kernel "$kernel" \
		-append "console=ttyS0 panic=-1 no5lvl slab_nomerge tsc=reliable root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=512000 ro init=$KMESH_TOP/scripts/guest-init.sh${mods:+ kmesh_modules=$mods}${keep:+ kmesh_keep=$keep}" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root \
		-fsdev local,id=out,path="$out",security_model=none \
		-device virtio-9p-pci,fsdev=out,mount_tag=kmout \
		</dev/null >"$out/console.log" 2>&1 &
	local pid=$!
	if [ "${KMESH_VM_QUIET:-0}" = 1 ]; then
		wait $pid || rc=$?
	else
		tail -n +1 --pid=$pid -f "$out/console.log" &
		local tailpid=$!
		wait $pid || rc=$?
		wait $tailpid 2>/dev/null || true
	fi
	return $rc
}

pick_accel() {
	local want=${KMESH_ACCEL:-tcg} stamp bootid
	case "$want" in kvm|tcg) echo "$want"; return ;; auto) ;; *) die "KMESH_ACCEL must be auto, kvm or tcg" ;; esac
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || { echo tcg; return; }
	bootid=$(cat /proc/sys/kernel/random/boot_id)
	stamp=$KMESH_CACHE/kvm-probe-$bootid
	if [ ! -f "$stamp" ]; then
		mkdir -p "$KMESH_CACHE"
		local probe_cmd=$out/cmd
		echo 'echo kvm-probe-ok' >"$probe_cmd"
		if KMESH_VM_QUIET=1 boot kvm 30 >/dev/null 2>&1 && [ "$(cat "$out/status" 2>/dev/null)" = 0 ]; then
			echo kvm >"$stamp"
		else
			echo tcg >"$stamp"
		fi
		rm -f "$out/status" "$out/dmesg"
	fi
	cat "$stamp"
}

accel=$(pick_accel)
msg "vm: booting $(basename "$kernel") with $accel ($( [ "$accel" = tcg ] && echo 'KVM unusable or disabled' || echo 'KVM probe passed')), timeout ${timeout_s}s"
printf '%s\n' "$cmd" >"$out/cmd"
start=$(date +%s)
rc=0
KMESH_VM_QUIET=${KMESH_VM_QUIET:-0} boot "$accel" "$timeout_s" || rc=$?
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	die "vm: guest timed out after ${timeout_s}s and was killed (console: $out/console.log)"
fi
[ -f "$out/status" ] || die "vm: guest died without a status (qemu exit $rc; console: $out/console.log)"
msg "vm: guest finished in $(( $(date +%s) - start ))s with status $(cat "$out/status")"
exit "$(cat "$out/status")"
