#!/usr/bin/env bash
# Bootstraps the admin dashboard on its EC2 instance (Amazon Linux 2023, ARM64). The instance's user data exports
# the settings below and runs this script as root; running it again installs the release it names (a deploy).
#
# Required:  STAGE, AWS_REGION, RELEASE_URI (s3://bucket/key of dist/admin-release.tar.gz),
#            DB_SECRET_ARN (Secrets Manager JSON with username, password, host, port, dbname: the writer),
#            READER_HOST (the cluster's reader endpoint: analytics), CATALOG_TABLE
# Optional:  REDIS_URL_SECRET_ARN (a secret holding the rediss:// URL with its auth token), PAYMENTS_URL,
#            IMAGES_BUCKET, IMAGES_PUBLIC_URL, SEARCH_SERVICE_URL, SERVICE_URLS, TRUSTED_PROXY_HOPS (default 1)
# ROOT (tests only) prefixes every path written, so the script can be exercised without touching the machine.
set -euo pipefail

: "${STAGE:?set STAGE}" "${AWS_REGION:?set AWS_REGION}" "${RELEASE_URI:?set RELEASE_URI}"
: "${DB_SECRET_ARN:?set DB_SECRET_ARN}" "${READER_HOST:?set READER_HOST}" "${CATALOG_TABLE:?set CATALOG_TABLE}"
ROOT="${ROOT:-}"
APP_DIR="$ROOT/opt/shop-admin"
CONFIG_DIR="$ROOT/etc/shop-admin"
UNIT_DIR="$ROOT/etc/systemd/system"
RDS_CA_URL="https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"
export AWS_REGION AWS_DEFAULT_REGION="$AWS_REGION"

log() { echo "shop-admin bootstrap: $*"; }

log "installing Node.js 20 and jq"
dnf install -y -q nodejs20 nodejs20-npm jq
# Amazon Linux names the binaries node-20 / npm-20; the unit runs /usr/bin/node.
if [ ! -e "$ROOT/usr/bin/node" ] && command -v node-20 >/dev/null; then
  ln -s "$(command -v node-20)" "$ROOT/usr/bin/node"
fi
NPM="$(command -v npm-20 || command -v npm)"

if ! id shop-admin >/dev/null 2>&1; then
  log "creating the shop-admin system user"
  useradd --system --no-create-home --shell /sbin/nologin shop-admin
fi

release="$(date -u +%Y%m%dT%H%M%SZ)"
log "installing release $RELEASE_URI as $release"
mkdir -p "$APP_DIR/releases/$release" "$CONFIG_DIR" "$UNIT_DIR"
aws s3 cp --only-show-errors "$RELEASE_URI" "$APP_DIR/releases/$release.tar.gz"
tar -xzf "$APP_DIR/releases/$release.tar.gz" -C "$APP_DIR/releases/$release"
rm "$APP_DIR/releases/$release.tar.gz"
(cd "$APP_DIR/releases/$release" && "$NPM" ci --omit=dev --no-audit --no-fund --loglevel=error)

log "reading the database credentials from Secrets Manager"
secret="$(aws secretsmanager get-secret-value --secret-id "$DB_SECRET_ARN" --query SecretString --output text)"
curl -fsS -o "$CONFIG_DIR/rds-ca.pem" "$RDS_CA_URL"
# The password is percent-encoded into the URL; TLS is verified against the RDS certificate authorities.
tls="sslmode=verify-full&sslrootcert=/etc/shop-admin/rds-ca.pem"
database_url="$(jq -r --arg tls "$tls" \
  '"postgres://\(.username|@uri):\(.password|@uri)@\(.host):\(.port // 5432)/\(.dbname // "postgres")?\($tls)"' \
  <<<"$secret")"
replica_url="$(jq -r --arg tls "$tls" --arg reader "$READER_HOST" \
  '"postgres://\(.username|@uri):\(.password|@uri)@\($reader):\(.port // 5432)/\(.dbname // "postgres")?\($tls)"' \
  <<<"$secret")"
redis_url=""
if [ -n "${REDIS_URL_SECRET_ARN:-}" ]; then
  redis_url="$(aws secretsmanager get-secret-value --secret-id "$REDIS_URL_SECRET_ARN" --query SecretString --output text)"
fi

log "writing $CONFIG_DIR/env (readable by root and shop-admin only)"
umask 077
cat >"$CONFIG_DIR/env.new" <<ENV
STAGE=$STAGE
AWS_REGION=$AWS_REGION
PORT=3001
DATABASE_URL=$database_url
REPLICA_DATABASE_URL=$replica_url
CATALOG_TABLE=$CATALOG_TABLE
REDIS_URL=$redis_url
PAYMENTS_URL=${PAYMENTS_URL:-}
IMAGES_BUCKET=${IMAGES_BUCKET:-}
IMAGES_PUBLIC_URL=${IMAGES_PUBLIC_URL:-}
SEARCH_SERVICE_URL=${SEARCH_SERVICE_URL:-}
SERVICE_URLS=${SERVICE_URLS:-}
TRUSTED_PROXY_HOPS=${TRUSTED_PROXY_HOPS:-1}
SECURE_COOKIES=true
ENV
chown root:shop-admin "$CONFIG_DIR/env.new"
chmod 0640 "$CONFIG_DIR/env.new"
mv "$CONFIG_DIR/env.new" "$CONFIG_DIR/env"

log "switching to release $release"
ln -sfn "$APP_DIR/releases/$release" "$APP_DIR/current.new"
mv -T "$APP_DIR/current.new" "$APP_DIR/current"
install -m 0644 "$APP_DIR/current/deploy/shop-admin.service" "$UNIT_DIR/shop-admin.service"
systemctl daemon-reload
systemctl enable shop-admin.service
systemctl restart shop-admin.service

# Keep the newest three releases, for a quick roll back (point current at an older one, restart).
find "$APP_DIR/releases" -mindepth 1 -maxdepth 1 -type d | sort | head -n -3 | xargs -r rm -rf

for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "http://127.0.0.1:3001/ready"; then
    log "ready on :3001"
    exit 0
  fi
  sleep 2
done
log "not ready after 120 s: journalctl -u shop-admin shows why"
exit 1
