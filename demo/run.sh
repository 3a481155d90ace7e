#!/usr/bin/env bash
# demo/run.sh - the module's daily job on an embedded default: the StarRocks FE simulator (in-process)
# plus the project's local S3 server. Starts the S3 server if needed (installing Ceph's S3 gateway from
# Debian's packages on a fresh machine), runs demo/StarRocksBackup.Demo, stops the server it started.
# Options go to the demo: --version 3.3.9|3.4.5|4.2.0, --phase-ms N, --verbose.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export S3_STATE_DIR=${S3_STATE_DIR:-/tmp/starrocksbackup-s3}
started=0
if [ -z "${S3_ENDPOINT:-}" ]; then
    tests/tools/s3-server.sh status >/dev/null 2>&1 && running=1 || running=0
    exports=$(tests/tools/s3-server.sh start) || { echo "demo/run.sh: the S3 server did not start" >&2; exit 1; }
    eval "$exports"
    [ "$running" = 1 ] || started=1
fi
cleanup() { [ "$started" = 1 ] && tests/tools/s3-server.sh stop >/dev/null 2>&1; }
trap cleanup EXIT
dotnet run -c Release --project demo/StarRocksBackup.Demo -- "$@"
