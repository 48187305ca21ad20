#!/bin/sh
# Sets the application up: needs the database password (--db-pass PASSWORD).
set -e
[ "$1" = --db-pass ] && [ -n "$2" ] || { echo "usage: ./setup.sh --db-pass PASSWORD" >&2; exit 2; }
cd "$(dirname "$0")"
echo "configured $(date -u +%Y-%m-%d)" > setup.done
