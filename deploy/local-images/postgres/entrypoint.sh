#!/bin/sh
# The official image's start-up, in short: a new cluster with POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB on
# the first start, then the server as the postgres user, listening on every address with password logins.
set -eu
user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}
chown postgres:postgres "$PGDATA" /run/postgresql
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
    printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
    chown postgres /tmp/pwfile
    runuser -u postgres -- initdb -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f /tmp/pwfile
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    if [ "$database" != postgres ]; then
        runuser -u postgres -- postgres --single -D "$PGDATA" postgres <<SQL >/dev/null
CREATE DATABASE "$database" OWNER "$user";
SQL
    fi
fi
exec runuser -u postgres -- "$@" -D "$PGDATA" -c listen_addresses='*'
