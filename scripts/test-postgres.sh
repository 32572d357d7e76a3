#!/usr/bin/env bash
# `npm run test:postgres`: the database tests on PostgreSQL. With DATABASE_URL set, against that cluster
# (each test file creates and drops a database openpa_test_<random> on it: the role needs CREATEDB).
# Without it, on a throwaway cluster from Debian's `postgresql` package: initdb in a temporary folder as an
# unprivileged user (initdb refuses root), on a free local port and a private socket folder, stopped and
# removed afterwards whatever the outcome. Extra arguments go to jest. JEST_CONFIG names another jest
# configuration to run on the same kind of cluster (`npm run test:conformance:postgres` runs the PAS
# conformance tests this way).
set -euo pipefail
cd "$(dirname "$0")/.."

run_tests() {
  npx jest --config "${JEST_CONFIG:-jest.postgres.config.js}" "$@"
}

if [ -n "${DATABASE_URL:-}" ]; then
  run_tests "$@"
  exit $?
fi

bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
  bindir="$(pg_config --bindir)"
else
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "PostgreSQL is not installed: install Debian's package (apt-get install postgresql) or set DATABASE_URL=postgres://... to a cluster where the role may create databases." >&2
  exit 1
fi

# initdb and postgres refuse to run as root: as root, the cluster belongs to the package's postgres user
# (or to a system user made for the purpose).
as_owner=()
if [ "$(id -u)" = "0" ]; then
  owner=postgres
  if ! id "$owner" >/dev/null 2>&1; then
    owner=openpa-test-pg
    id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
  fi
  as_owner=(runuser -u "$owner" --)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/openpa-pg.XXXXXX")"
chmod 755 "$work"
mkdir -p "$work/data" "$work/socket"
[ "${#as_owner[@]}" -gt 0 ] && chown -R "$owner" "$work"

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

stop_cluster() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop_cluster EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$work/data" -U openpa --auth=trust --encoding=UTF8 --locale=C >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
# A throwaway cluster: durability switched off, since it is deleted at the end anyway.
"${as_owner[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $port -k $work/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$work/postgres.log" >&2; exit 1; }
echo "Throwaway PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (in $work)"

export DATABASE_URL="postgres://openpa@127.0.0.1:$port/postgres"
run_tests "$@"
