#!/usr/bin/env bash
# Starts the local PostgreSQL cluster when the benchmark targets 127.0.0.1 and nothing answers
# there (a fresh machine); a remote DATABASE_URL is left to its owner.
set -euo pipefail
url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/roret_bench}"
case "$url" in
  *@127.0.0.1*|*@localhost*) ;;
  *) exit 0 ;;
esac
if pg_isready -h 127.0.0.1 -p 5432 -q; then
  exit 0
fi
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && exit 0
  sleep 1
done
echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
exit 1
