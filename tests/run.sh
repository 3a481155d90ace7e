#!/usr/bin/env bash
# tests/run.sh - the whole test suite, on a fresh Linux machine with only the .NET SDK.
#
#   1. installs what the tests need from Debian's packages (the S3 server's Ceph packages and
#      the `mysql` client used as a third-party client of the FE simulator);
#   2. starts the project's own S3 server (tests/tools/s3-server.sh) and exports S3_*;
#   3. assembles the module layout (out/StarRocksBackup/<version>/, with its compiled help) and runs
#      `dotnet test` over the solution (which also builds the FE simulator the Pester suites start);
#   4. installs PowerShell 7.6.10 and Pester 5.7.1 from the NuGet feed when they are missing
#      (tests/tools/install-pwsh.sh: `dotnet tool install --tool-path .tools/pwsh PowerShell --version 7.6.10` + build/tools/Tools.proj into the ignored .tools/), then runs
#      EVERY Pester suite of tests/pester against that built module with `build.ps1 -Task PesterTest`
#      (no second build). Integration-tagged suites need a real StarRocks and are excluded (not counted);
#   5. stops the S3 server and prints one line: "N passed, N failed, N skipped" (xunit + Pester).
#
# Exit status: 0 only when every suite ran and nothing failed. Under CI=true a pwsh or Pester that cannot be
# installed is a failure; elsewhere it is reported and counted as one skipped suite.
# Options: any arguments are passed to `dotnet test` (e.g. --filter FullyQualifiedName~Simulator); the
# Pester suites always run in full.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
log() { echo "tests/run.sh: $*" >&2; }

# --- 1. packages ---------------------------------------------------------------------------
need=()
command -v mysql >/dev/null 2>&1 || need+=(mariadb-client)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        log "installing ${need[*]} ..."
        apt_log=$(mktemp)
        if ! DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=120 install --no-install-recommends "${need[@]}" >"$apt_log" 2>&1; then
            { apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=120 install --no-install-recommends "${need[@]}"; } >>"$apt_log" 2>&1 \
                || { tail -n 20 "$apt_log" >&2; log "could not install ${need[*]}; tests that need them will say so"; }
        fi
    else
        log "not root: cannot install ${need[*]}; tests that need them will skip and say so"
    fi
fi

# --- 2. S3 server --------------------------------------------------------------------------
export S3_STATE_DIR=${S3_STATE_DIR:-/tmp/starrocksbackup-s3}
s3_started=0
if [ -z "${S3_ENDPOINT:-}" ]; then
    # Stop it at the end only if this run started it (a developer's running server is left alone).
    tests/tools/s3-server.sh status >/dev/null 2>&1 && s3_was_running=1 || s3_was_running=0
    if exports=$(tests/tools/s3-server.sh start); then
        eval "$exports"
        [ "$s3_was_running" = 1 ] || s3_started=1
    else
        log "the S3 server did not start; S3 tests will fail in CI and skip elsewhere"
    fi
fi
cleanup() { [ "$s3_started" = 1 ] && tests/tools/s3-server.sh stop >/dev/null 2>&1; }
trap cleanup EXIT

# --- 3. module layout, then dotnet test -------------------------------------------------------
# out/StarRocksBackup/<version>/ is what ships; StarRocksBackup.Module.Tests checks that layout.
assemble_rc=0
dotnet msbuild build/AssembleModule.proj -p:Configuration=Release -nologo -v:m || assemble_rc=$?

out=$(mktemp)
dotnet test StarRocksBackup.sln -c Release --nologo "$@" 2>&1 | tee "$out"
dotnet_rc=${PIPESTATUS[0]}

# "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: ..." per assembly.
read -r passed failed skipped suites < <(awk '
    /(Passed|Failed)! *- *Failed: *[0-9]+, *Passed: *[0-9]+, *Skipped: *[0-9]+/ {
        line=$0; gsub(/[^0-9,]/, " ", line); split(line, n, ",");
        f+=n[1]; p+=n[2]; s+=n[3]; k++ }
    END { printf "%d %d %d %d\n", p, f, s, k }' "$out")
expected_suites=$(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | wc -l)
if [ "$dotnet_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    log "dotnet test exited $dotnet_rc without a failed test (build error or crashed test host)"
    failed=$((failed + 1))
fi
if [ "$assemble_rc" -ne 0 ]; then
    log "build/AssembleModule.proj failed (exit $assemble_rc): the module layout was not built"
    failed=$((failed + 1))
fi
if [ "$suites" -lt "$expected_suites" ]; then
    log "only $suites of $expected_suites test assemblies reported results"
    failed=$((failed + expected_suites - suites))
fi

# --- 4. Pester: every suite, in the real pwsh, against the module assembled in step 3 ------------
pwsh_exports=""
if pwsh_exports=$(bash tests/tools/install-pwsh.sh); then
    eval "$pwsh_exports"
    log "running the Pester suites with $(command -v pwsh) ($(pwsh -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()'))"
    pester_out=$(mktemp)
    pwsh -NoLogo -NoProfile -NonInteractive -File ./build.ps1 -Task PesterTest 2>&1 | tee "$pester_out"
    pester_rc=${PIPESTATUS[0]}
    read -r pp pf ps < <(sed -n 's/^Pester: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$pester_out" | tail -n 1)
    if [ -z "${pp:-}" ]; then
        log "the Pester run printed no 'Pester: N passed, N failed, N skipped' line (exit $pester_rc)"
        failed=$((failed + 1))
    else
        passed=$((passed + pp)); failed=$((failed + pf)); skipped=$((skipped + ps))
        if [ "$pester_rc" -ne 0 ] && [ "$pf" -eq 0 ]; then
            log "the Pester run exited $pester_rc without a failed test"
            failed=$((failed + 1))
        fi
    fi
elif [ "${CI:-}" = "true" ]; then
    log "FAILED: PowerShell 7 and Pester could not be installed (tests/tools/install-pwsh.sh); under CI=true that is a failure"
    failed=$((failed + 1))
else
    log "SKIPPED the Pester suites: PowerShell 7 and Pester could not be installed (tests/tools/install-pwsh.sh); counted as one skipped suite"
    skipped=$((skipped + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
