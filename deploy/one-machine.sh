#!/usr/bin/env bash
# Bring the one-machine production layout up on 127.0.0.1 and smoke-test it (docs/deploy.en.md §2).
#
#   deploy/one-machine.sh up      # PostgreSQL db + Redis db, migrate, collectstatic, gunicorn, worker, beat
#   deploy/one-machine.sh smoke   # HTTP checks through gunicorn, a Celery round trip, beat alive
#   deploy/one-machine.sh down    # stop what `up` started (by its pid files; the databases stay)
#   deploy/one-machine.sh all     # up, smoke, down (exit status = the smoke test's)
#
# It uses the production settings (shouhu.config.settings.production) exactly as a deployment would; the
# only difference from a bureau's machine is that no nginx terminates TLS here, so the smoke test sends
# the header nginx would send (X-Forwarded-Proto: https). PostgreSQL and Redis must already run locally.
# Override anything below through the environment (e.g. SHOUHU_DEPLOY_PORT=8231).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${SHOUHU_VENV:-$ROOT/.venv}"
RUN="${SHOUHU_DEPLOY_DIR:-$ROOT/var/deploy}"          # pid files, logs, the generated env file
PORT="${SHOUHU_DEPLOY_PORT:-8231}"
PGHOST="${PGHOST:-127.0.0.1}"
PGUSER_ADMIN="${PGUSER_ADMIN:-postgres}"
DB_NAME="${SHOUHU_DEPLOY_DB:-shouhu_deploy}"
REDIS_DB="${SHOUHU_DEPLOY_REDIS_DB:-5}"
mkdir -p "$RUN/log"
ENV_FILE="$RUN/shouhu.env"

LEDGER_KEY_FILE="$RUN/ledger.key"  # on a bureau's machine: /etc/shouhu/ledger.key, with a copy off-site

write_env() {
  # the ledger key signs the chain heads; production never generates one (docs/deploy.en.md §4)
  if [ ! -f "$LEDGER_KEY_FILE" ]; then
    (umask 077; "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))' >"$LEDGER_KEY_FILE")
  fi
  [ -f "$ENV_FILE" ] && return
  local key
  key="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
  cat >"$ENV_FILE" <<ENV
DJANGO_SETTINGS_MODULE=shouhu.config.settings.production
SHOUHU_SECRET_KEY=$key
SHOUHU_DATABASE_URL=postgres://$PGUSER_ADMIN@$PGHOST:5432/$DB_NAME
SHOUHU_ALLOWED_HOSTS=127.0.0.1,localhost
SHOUHU_CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$PORT
SHOUHU_CELERY_BROKER_URL=redis://127.0.0.1:6379/$REDIS_DB
SHOUHU_CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/$REDIS_DB
SHOUHU_VAR_DIR=$RUN/var
SHOUHU_LOG_DIR=$RUN/log
SHOUHU_PROXY_COUNT=1
SHOUHU_CACHE_URL=redis://127.0.0.1:6379/$REDIS_DB
SHOUHU_LEDGER_KEY_FILE=$LEDGER_KEY_FILE
ENV
  chmod 600 "$ENV_FILE"
}

load_env() { set -a; # shellcheck disable=SC1090
  . "$ENV_FILE"; set +a; }

started() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

up() {
  write_env; load_env
  mkdir -p "$SHOUHU_VAR_DIR"
  if ! psql -h "$PGHOST" -U "$PGUSER_ADMIN" -tAc "select 1 from pg_database where datname='$DB_NAME'" postgres | grep -q 1; then
    createdb -h "$PGHOST" -U "$PGUSER_ADMIN" "$DB_NAME"
  fi
  redis-cli -h 127.0.0.1 -n "$REDIS_DB" ping >/dev/null
  "$VENV/bin/shouhu" check --deploy --fail-level WARNING
  "$VENV/bin/shouhu" migrate --noinput >"$RUN/log/migrate.log"
  "$VENV/bin/shouhu" collectstatic --noinput >"$RUN/log/collectstatic.log"
  if ! started gunicorn; then
    GUNICORN_BIND="127.0.0.1:$PORT" "$VENV/bin/gunicorn" -c "$ROOT/deploy/gunicorn.conf.py" shouhu.config.wsgi \
      --env DJANGO_SETTINGS_MODULE=shouhu.config.settings.production \
      --access-logfile "$RUN/log/access.log" --error-logfile "$RUN/log/gunicorn.log" \
      --pid "$RUN/gunicorn.pid" --daemon
  fi
  if ! started worker; then
    "$VENV/bin/celery" -A shouhu.config.celery worker --concurrency 1 --hostname "worker@%h" \
      --loglevel INFO --logfile "$RUN/log/worker.log" --pidfile "$RUN/worker.pid" --detach
  fi
  if ! started beat; then
    "$VENV/bin/celery" -A shouhu.config.celery beat --schedule "$SHOUHU_VAR_DIR/celerybeat-schedule" \
      --loglevel INFO --logfile "$RUN/log/beat.log" --pidfile "$RUN/beat.pid" --detach
  fi
  for _ in $(seq 1 30); do
    curl -fs -o /dev/null -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/login/" && break
    sleep 1
  done
  echo "up: gunicorn http://127.0.0.1:$PORT (behind nginx in real life), worker, beat; logs in $RUN/log"
}

smoke() {
  load_env
  "$VENV/bin/python" "$ROOT/deploy/smoke.py" --base "http://127.0.0.1:$PORT" --run-dir "$RUN"
}

down() {
  for name in beat worker gunicorn; do
    if started "$name"; then kill "$(cat "$RUN/$name.pid")" && echo "stopped $name"; fi
  done
}

case "${1:-all}" in
  up) up ;;
  smoke) smoke ;;
  down) down ;;
  all) up; rc=0; smoke || rc=$?; down; exit $rc ;;
  *) echo "usage: $0 up|smoke|down|all" >&2; exit 2 ;;
esac
