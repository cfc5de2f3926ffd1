#!/bin/sh
# Install what lunabgp needs to build and test, if it is missing (Debian 12).
set -e
pkgs="build-essential cmake pkg-config luajit libluajit-5.1-dev libev-dev lua-lpeg lua-busted libedit-dev"
[ "${1:-}" = "--test" ] && pkgs="$pkgs procps iproute2 clang libclang-rt-14-dev"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq $missing >/dev/null
