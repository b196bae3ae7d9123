#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database and the folder of files.
#
#   DATABASE_URL=postgres://user@host:5432/name [MEDIA_ROOT=var/media] scripts/restore.sh FOLDER
#
# The database must exist (an empty one, or the one to roll back: its tables are dropped
# and made again, in one transaction, so a failed restore changes nothing). Stop the web
# and worker processes first. The media folder is replaced; the one it replaces is kept
# as MEDIA_ROOT.before-restore until the next restore.
set -euo pipefail

die() { echo "restore: $*" >&2; exit 1; }

src="${1:?restore: give the backup folder (scripts/restore.sh var/backups/<time>)}"
: "${DATABASE_URL:?restore: set DATABASE_URL to the PostgreSQL database to restore into}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) die "DATABASE_URL must be a postgres:// URL" ;;
esac
media="${MEDIA_ROOT:-var/media}"

for file in database.dump media.tar.gz SHA256SUMS; do
  [[ -f "$src/$file" ]] || die "$src/$file is missing"
done
for tool in pg_restore psql tar sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: sudo apt-get install postgresql-client)"
done
(cd "$src" && sha256sum --quiet --check SHA256SUMS) || die "the backup's checksums do not match"

server_major=$(( $(psql "$DATABASE_URL" -XtAc "SHOW server_version_num") / 10000 ))
client_major=$(pg_restore --version | grep -oE '[0-9]+' | head -n 1)
if (( client_major < server_major )); then
  die "pg_restore $client_major is older than the server ($server_major); install postgresql-client-$server_major"
fi

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --dbname="$DATABASE_URL" "$src/database.dump"

# Unpack beside the folder, then swap, so a failed unpack leaves the old files in place.
media="${media%/}"
mkdir -p "$(dirname "$media")"
staging="$media.restoring"
rm -rf "$staging"
mkdir -p "$staging"
tar -C "$staging" -xzf "$src/media.tar.gz"
rm -rf "$media.before-restore"
if [[ -e "$media" ]]; then
  mv "$media" "$media.before-restore"
fi
mv "$staging" "$media"
echo "Restored $src into the database and $media"
