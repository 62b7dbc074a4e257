#!/usr/bin/env bash
# Installs the baselines of `entente bench --baselines` on Debian or Ubuntu: PostgreSQL and etcd.
# The bench starts its own throw-away servers on loopback ports; the services the packages
# enable are stopped so they do not compete for the machine during a run. When the bench runs as
# root it starts the servers as the system user entente-bench, created here (PostgreSQL refuses
# to run as root).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (sudo $0)" >&2
  exit 1
fi

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql etcd-server

for service in postgresql etcd; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl stop "$service"
    systemctl disable "$service" || true
  fi
done

if ! id -u entente-bench >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin entente-bench
fi

echo "installed: $(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | head -1), $(command -v etcd)"
