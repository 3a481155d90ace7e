#!/usr/bin/env bash
# demo/run.sh - the module's daily job, run through its cmdlets in PowerShell 7 against an embedded default:
# the StarRocks FE simulator (with sample databases) and the project's local S3 server.
#
#   bash demo/run.sh [--version 3.3.9|3.4.5|4.2.0] [--phase-ms 200] [--build | --no-build]
#
# 1. PowerShell 7.6.10 and Pester from the NuGet feed (tests/tools/install-pwsh.sh; ~10 s the first time);
# 2. the S3 server (tests/tools/s3-server.sh) when S3_ENDPOINT is not set - stopped again at the end;
# 3. the module layout out/StarRocksBackup/<version>/ (build/AssembleModule.proj) and the simulator, each only when
#    a source is newer than what was built (--build: always; --no-build: never, as the Pester test of this script does);
# 4. the simulator on a free port with --sample-data (sales, crm, web);
# 5. demo/demo.ps1 in pwsh: Connect-SrServer, New-SrRepository, Get-SrDatabase | Start-SrBackup | Wait-SrJob,
#    Get-SrSnapshot, Restore-SrSnapshot -WhatIf, the module's errors, a restore into a scratch database, rows.
# Exit status: 0 only when every step succeeded.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

version=3.3.9
phase_ms=200
build=auto
while [ $# -gt 0 ]; do
    case "$1" in
        --version) version=${2:?--version needs a value}; shift 2 ;;
        --phase-ms) phase_ms=${2:?--phase-ms needs a value}; shift 2 ;;
        --no-build) build=never; shift ;;
        --build) build=always; shift ;;
        *) echo "usage: demo/run.sh [--version 3.3.9|3.4.5|4.2.0] [--phase-ms 200] [--build | --no-build]" >&2; exit 2 ;;
    esac
done
say() { echo "demo/run.sh: $*" >&2; }

eval "$(bash tests/tools/install-pwsh.sh)" || { say "PowerShell could not be installed"; exit 1; }

export S3_STATE_DIR=${S3_STATE_DIR:-/tmp/starrocksbackup-s3}
s3_started=0
sim_pid=""
work=$(mktemp -d)
cleanup() {
    if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
    if [ "$s3_started" = 1 ]; then tests/tools/s3-server.sh stop >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${S3_ENDPOINT:-}" ]; then
    running=0
    tests/tools/s3-server.sh status >/dev/null 2>&1 && running=1
    exports=$(tests/tools/s3-server.sh start) || { say "the S3 server did not start"; exit 1; }
    eval "$exports"
    [ "$running" = 1 ] || s3_started=1
fi

# True when $1 is missing or any build input under the other arguments is newer (bin/ and obj/ ignored).
stale() {
    local output=$1; shift
    [ "$build" = always ] && return 0
    [ "$build" = never ] && return 1
    [ -f "$output" ] || return 0
    [ -n "$(find "$@" \( -name bin -o -name obj \) -prune -o -newer "$output" -type f \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.proj' -o -name '*.psd1' -o -name '*.ps1xml' -o -name '*.md' \) \
        -print -quit 2>/dev/null)" ]
}

version_dir=$(sed -n "s/^[[:space:]]*ModuleVersion[[:space:]]*=[[:space:]]*['\"]\([0-9.]*\)['\"].*/\1/p" StarRocksBackup.psd1 | head -n 1)
module_dll="$root/out/StarRocksBackup/$version_dir/StarRocksBackup.dll"
sim_dll="$root/tests/StarRocksBackup.Simulator/bin/Release/net10.0/StarRocksBackup.Simulator.dll"
if stale "$module_dll" src module docs/en-US StarRocksBackup.psd1 Directory.Build.props Directory.Packages.props build; then
    say "building the module (out/StarRocksBackup/$version_dir) ..."
    dotnet msbuild build/AssembleModule.proj -p:Configuration=Release -nologo -v:q >"$work/build.log" 2>&1 \
        || { cat "$work/build.log" >&2; say "the module did not build"; exit 1; }
fi
if stale "$sim_dll" tests/StarRocksBackup.Simulator Directory.Build.props Directory.Packages.props; then
    say "building the FE simulator ..."
    dotnet build tests/StarRocksBackup.Simulator -c Release -nologo -v:q >"$work/sim-build.log" 2>&1 \
        || { cat "$work/sim-build.log" >&2; say "the simulator did not build"; exit 1; }
fi
[ -f "$module_dll" ] || { say "$module_dll is missing (run without --no-build)"; exit 1; }
[ -f "$sim_dll" ] || { say "$sim_dll is missing (run without --no-build)"; exit 1; }

dotnet "$sim_dll" --port 0 --version "$version" --phase-ms "$phase_ms" --sample-data >"$work/sim.log" 2>&1 &
sim_pid=$!
port=""
for _ in $(seq 1 600); do
    port=$(sed -n 's/.* listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/sim.log" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$sim_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    cat "$work/sim.log" >&2
    say "the FE simulator did not start"
    exit 1
fi
sed -n '1,2p' "$work/sim.log"

pwsh -NoLogo -NoProfile -NonInteractive -File demo/demo.ps1 -Server 127.0.0.1 -Port "$port"
