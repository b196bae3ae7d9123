#!/usr/bin/env bash
# Back up the platform: the PostgreSQL database (pg_dump's custom format) and the folder of
# uploaded and generated files, into one folder with their checksums.
#
#   DATABASE_URL=postgres://user@host:5432/name [MEDIA_ROOT=var/media] scripts/backup.sh [FOLDER]
#
# FOLDER defaults to var/backups/<UTC time>. It receives database.dump, media.tar.gz and
# SHA256SUMS; scripts/restore.sh reads them back. The dump is consistent (one snapshot) and
# the site may keep serving while it runs; files uploaded during the run may or may not be
# in the archive. With S3 storage (AWS_STORAGE_BUCKET_NAME) back the bucket up with its own
# tools (versioning or replication): this script saves the local folder only.
set -euo pipefail

die() { echo "backup: $*" >&2; exit 1; }

: "${DATABASE_URL:?backup: set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) die "DATABASE_URL must be a postgres:// URL (SQLite: copy var/db.sqlite3 while the site is stopped)" ;;
esac
media="${MEDIA_ROOT:-var/media}"
dest="${1:-var/backups/$(date -u +%Y%m%dT%H%M%SZ)}"

for tool in pg_dump psql tar sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: sudo apt-get install postgresql-client)"
done

# pg_dump cannot read a server newer than itself: say which client to install.
server_major=$(( $(psql "$DATABASE_URL" -XtAc "SHOW server_version_num") / 10000 ))
client_major=$(pg_dump --version | grep -oE '[0-9]+' | head -n 1)
if (( client_major < server_major )); then
  die "pg_dump $client_major is older than the server ($server_major); install postgresql-client-$server_major"
fi

mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file="$dest/database.dump" "$DATABASE_URL"
if [[ -d "$media" ]]; then
  tar -C "$media" -czf "$dest/media.tar.gz" .
else
  echo "backup: no media folder at $media; the archive is empty" >&2
  tar -czf "$dest/media.tar.gz" -T /dev/null
fi
(cd "$dest" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "Backup written to $dest"
