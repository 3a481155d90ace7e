#!/usr/bin/env bash
# install-pwsh.sh - makes PowerShell 7 and Pester available to the tests and the demo, from the NuGet feed only
# (no PowerShell Gallery, no downloads of prebuilt binaries).
#
#   eval "$(tests/tools/install-pwsh.sh)"
#
# Prints on stdout the lines to evaluate:  export PATH=...  export PSModulePath=...  export SRB_PWSH=...
#   * pwsh: the one on PATH when it is 7.4 or later; otherwise PowerShell 7.6.10, installed as a .NET tool into
#     <repo>/.tools/pwsh (dotnet tool install --tool-path; 7.7.0 does not install here, hence the pin).
#   * Pester: 5.7.1 (build/tools/Tools.proj), restored from the feed and copied to <repo>/.tools/Modules/Pester/5.7.1,
#     which is put first on PSModulePath.
# Progress goes to stderr. Exit status non-zero when either could not be installed (the caller decides whether
# that is a failure: under CI=true the tests treat it as one).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tools="$root/.tools"
pwsh_version=7.6.10
pester_version=$(sed -n 's:.*<PesterVersion>\(.*\)</PesterVersion>.*:\1:p' "$root/build/tools/Tools.proj")
log() { echo "install-pwsh: $*" >&2; }

pwsh_ok() { # $1 = executable; true when it runs and is 7.4+
    local v
    v=$("$1" -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null) || return 1
    case "$v" in 7.[4-9]*|7.[1-9][0-9]*|[8-9].*) return 0 ;; *) return 1 ;; esac
}

pwsh_dir=""
if [ -x "$tools/pwsh/pwsh" ] && pwsh_ok "$tools/pwsh/pwsh"; then
    pwsh_dir="$tools/pwsh"
elif command -v pwsh >/dev/null 2>&1 && pwsh_ok "$(command -v pwsh)"; then
    pwsh_dir=$(dirname "$(command -v pwsh)")
else
    log "installing PowerShell $pwsh_version (dotnet tool) into $tools/pwsh ..."
    rm -rf "$tools/pwsh"
    if ! dotnet tool install --tool-path "$tools/pwsh" PowerShell --version "$pwsh_version" >&2; then
        log "could not install PowerShell $pwsh_version"
        exit 1
    fi
    pwsh_dir="$tools/pwsh"
fi

pester_dir="$tools/Modules/Pester/$pester_version"
if [ ! -f "$pester_dir/Pester.psd1" ]; then
    log "restoring Pester $pester_version from the NuGet feed ..."
    dotnet restore "$root/build/tools/Tools.proj" --nologo -v:q >&2 || { log "could not restore Pester $pester_version"; exit 1; }
    cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
    src="${cache%/}/pester/$pester_version/tools"
    [ -f "$src/Pester.psd1" ] || { log "Pester $pester_version has no tools/Pester.psd1 in $src"; exit 1; }
    rm -rf "$pester_dir" && mkdir -p "$pester_dir" && cp -R "$src/." "$pester_dir/"
fi

printf 'export PATH=%q:"$PATH" PSModulePath=%q SRB_PWSH=%q\n' "$pwsh_dir" "$tools/Modules${PSModulePath:+:$PSModulePath}" "$pwsh_dir/pwsh"
