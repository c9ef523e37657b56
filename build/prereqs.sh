#!/usr/bin/env bash
# Installs what the build, the sample and the tests need on a fresh Debian/Ubuntu machine:
# Go 1.19 (bookworm), 1.21/1.22/1.23 (bookworm-backports), 1.24 (trixie) and 1.25/1.26/1.27 (trixie-backports), gcc, stringer (the generator the sample and tests use),
# mingw-w64 (the Windows cross-build tests), gcc-aarch64-linux-gnu (the linux-arm64 cross builds of the bindings tests)
# mono (runs the task dll on .NET Framework, as Visual Studio's MSBuild does), and the runners that execute foreign
# outputs: wine64 (win-x64), qemu-user-static (linux-arm64) and musl-tools (the linux-musl format check);
# strace (build/benchmark.sh counts go processes with it).
# Idempotent: does nothing when everything is already there. Needs root for apt-get.
set -euo pipefail

versions=(1.19 1.21 1.22 1.23 1.24 1.25 1.26 1.27)
missing=()
for v in "${versions[@]}"; do
  [ -x "/usr/lib/go-$v/bin/go" ] || missing+=("$v")
done
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
# stringer: the sample's //go:generate and the go generate tests use it.
command -v stringer >/dev/null 2>&1 || missing+=(stringer)
# mingw: the Windows cross-build tests (GoOS=windows, cgo) use it.
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(mingw)
# aarch64 gcc: the linux/arm64 cgo cross builds (bindings tests) use it.
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(aarch64-gcc)
# mono: NetFrameworkTests run the packed task dll on .NET Framework 4.x (Visual Studio's MSBuild) with it.
command -v mono >/dev/null 2>&1 || missing+=(mono)
# wine64: the win-x64 runner (tests/.../Runners) runs the Windows app and its Go DLL under Wine.
[ -x /usr/lib/wine/wine64 ] || missing+=(wine64)
# qemu-aarch64-static: the linux-arm64 runner runs the arm64 app and its Go library under user-mode qemu.
command -v qemu-aarch64-static >/dev/null 2>&1 || missing+=(qemu)
# musl-gcc: the linux-musl c-shared build (and its GOTB warning) is tested with it.
command -v musl-gcc >/dev/null 2>&1 || missing+=(musl)
# strace: build/benchmark.sh counts the go processes a build starts with it.
command -v strace >/dev/null 2>&1 || missing+=(strace)
command -v dotnet >/dev/null 2>&1 || { echo "prereqs: the .NET SDK (8 or later) is required: https://learn.microsoft.com/dotnet/core/install/linux" >&2; exit 1; }

if [ ${#missing[@]} -eq 0 ]; then
  echo "prereqs: Go ${versions[*]}, gcc, stringer, mingw, aarch64-linux-gnu-gcc, mono, wine64, qemu-user-static, musl-tools and strace present."
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "prereqs: missing: ${missing[*]}. Run as root, or install: golang-1.19-go; golang-1.21-go golang-1.22-go golang-1.23-go (from bookworm-backports); golang-1.24-go (trixie); golang-1.25-go golang-1.26-go golang-1.27-go (trixie-backports); gcc; golang-golang-x-tools (for stringer, with --no-install-recommends); gcc-mingw-w64-x86-64-win32; gcc-aarch64-linux-gnu libc6-dev-arm64-cross; mono-complete; wine64; qemu-user-static; musl-tools; strace" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
. /etc/os-release
backports=/etc/apt/sources.list.d/gotoolchain-backports.list
# The mirror the machine already uses for bookworm itself (one-line .list or deb822 .sources), so the backports
# suite comes from the same place; no host is written into this repository.
bookworm_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                       if ($(i+1) == "bookworm") { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 stanzas are separated by blank lines; take the URI of a stanza whose Suites include bookworm.
    awk 'BEGIN { RS = ""; FS = "\n" }
         { uri = ""; ok = 0
           for (i = 1; i <= NF; i++) {
             if ($i ~ /^URIs:/) { split(substr($i, 6), u, " "); uri = u[1] }
             if ($i ~ /^Suites:/) { n = split(substr($i, 8), s, " "); for (j = 1; j <= n; j++) if (s[j] == "bookworm") ok = 1 }
           }
           if (ok && uri != "") { print uri; exit } }' "$f"
  done
}
if [ "${ID:-}" = debian ] && ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  mirror="$(bookworm_mirror | head -n1)"
  if [ -z "$mirror" ]; then
    echo "prereqs: no apt source for bookworm found to add bookworm-backports from; add the suite by hand" >&2
    exit 1
  fi
  echo "deb $mirror bookworm-backports main" > "$backports"
fi
# Go 1.24 comes from trixie and 1.25-1.27 from trixie-backports (their binaries are static and run on bookworm;
# go-facts 9.1). Same mirror as bookworm; pinned to priority 1 so apt takes nothing else from those suites unless a
# package is named with -t.
newer=/etc/apt/sources.list.d/gotoolchain-trixie.list
if [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" = bookworm ] && [ ! -f "$newer" ]; then
  mirror="$(bookworm_mirror | head -n1)"
  if [ -z "$mirror" ]; then
    echo "prereqs: no apt source for bookworm found to add trixie from; add trixie and trixie-backports by hand" >&2
    exit 1
  fi
  printf 'deb %s trixie main\ndeb %s trixie-backports main\n' "$mirror" "$mirror" > "$newer"
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 1\n\nPackage: *\nPin: release n=trixie-backports\nPin-Priority: 1\n' \
    > /etc/apt/preferences.d/gotoolchain-trixie
fi
apt-get update -qq
# --no-install-recommends: golang-golang-x-tools would otherwise pull in golang-go and put /usr/bin/go on PATH.
apt-get install -y -qq --no-install-recommends gcc libc6-dev golang-1.19-go golang-golang-x-tools gcc-mingw-w64-x86-64-win32 \
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross mono-complete wine64 qemu-user-static musl-tools strace >/dev/null
if [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" = bookworm ]; then
  apt-get install -y -qq --no-install-recommends -t bookworm-backports golang-1.21-go golang-1.22-go golang-1.23-go >/dev/null
  apt-get install -y -qq --no-install-recommends -t trixie golang-1.24-go golang-1.24-src >/dev/null
  apt-get install -y -qq --no-install-recommends -t trixie-backports golang-1.25-go golang-1.25-src golang-1.26-go \
    golang-1.26-src golang-1.27-go golang-1.27-src >/dev/null
else
  apt-get install -y -qq --no-install-recommends golang-1.21-go golang-1.22-go golang-1.23-go golang-1.24-go \
    golang-1.25-go golang-1.26-go golang-1.27-go >/dev/null
fi
for v in "${versions[@]}"; do
  [ -x "/usr/lib/go-$v/bin/go" ] || { echo "prereqs: /usr/lib/go-$v/bin/go still missing after apt-get" >&2; exit 1; }
  echo "prereqs: $(/usr/lib/go-$v/bin/go version)"
done
command -v stringer >/dev/null 2>&1 || { echo "prereqs: stringer still missing after apt-get (golang-golang-x-tools)" >&2; exit 1; }
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || { echo "prereqs: x86_64-w64-mingw32-gcc still missing after apt-get (gcc-mingw-w64-x86-64-win32)" >&2; exit 1; }
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || { echo "prereqs: aarch64-linux-gnu-gcc still missing after apt-get (gcc-aarch64-linux-gnu)" >&2; exit 1; }
command -v mono >/dev/null 2>&1 || { echo "prereqs: mono still missing after apt-get (mono-complete)" >&2; exit 1; }
[ -x /usr/lib/wine/wine64 ] || { echo "prereqs: /usr/lib/wine/wine64 still missing after apt-get (wine64)" >&2; exit 1; }
command -v qemu-aarch64-static >/dev/null 2>&1 || { echo "prereqs: qemu-aarch64-static still missing after apt-get (qemu-user-static)" >&2; exit 1; }
command -v musl-gcc >/dev/null 2>&1 || { echo "prereqs: musl-gcc still missing after apt-get (musl-tools)" >&2; exit 1; }
