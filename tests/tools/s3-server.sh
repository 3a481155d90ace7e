#!/usr/bin/env bash
# s3-server.sh - throw-away S3-compatible object store for StarRocksBackup's tests.
#
# The project's own copy (tests/run.sh and .ci/run use it; nothing depends on ../shared).
# Modelled on the workplace's shared tool; kept in step with it by hand.
#
# Runs Ceph's S3 gateway (Debian package radosgw, Ceph 16 "Pacific") on a
# minimal one-node RADOS cluster: one monitor, one OSD keeping its data in
# memory (memstore), no manager, authentication between daemons disabled.
# Everything listens on 127.0.0.1 only.
#
#   s3-server.sh start    install packages if missing, create a fresh cluster,
#                         start it, create the bucket and print
#                         `export S3_...=...` on stdout
#   s3-server.sh stop     stop the daemons started by `start` (by recorded pid)
#   s3-server.sh status   show daemon and endpoint state (exit 0 if all up)
#
# Usage in a test script:   eval "$(s3-server.sh start)"
#
# Environment (all optional):
#   S3_STATE_DIR  config, data, logs, pids       (default /tmp/s3-server)
#   S3_PORT       S3 endpoint port                (default 9000); the monitor
#                 uses S3_PORT+1 and the OSD ports in S3_PORT+2 .. S3_PORT+11
#   S3_BUCKET     bucket created on start         (default backups)
#   S3_REGION     region printed for clients      (default us-east-1; the
#                 gateway accepts any region in SigV4 signatures)
#
# Each `start` of a stopped server creates a new, empty cluster: objects are
# kept in memory (at most MEMSTORE_BYTES) and do not survive `stop`.
# Progress and errors go to stderr; only the export line goes to stdout.
set -euo pipefail

STATE_DIR=${S3_STATE_DIR:-/tmp/starrocksbackup-s3}
PORT=${S3_PORT:-9000}
BUCKET=${S3_BUCKET:-backups}
REGION=${S3_REGION:-us-east-1}

ACCESS_KEY=s3test
SECRET_KEY=s3test-secret
MEMSTORE_BYTES=$((8 * 1024 * 1024 * 1024))   # capacity cap, not preallocated

MON_PORT=$((PORT + 1))
OSD_PORT_MIN=$((PORT + 2))
OSD_PORT_MAX=$((PORT + 11))

CONF=$STATE_DIR/ceph.conf
LOG_DIR=$STATE_DIR/log
RUN_DIR=$STATE_DIR/run
ENDPOINT=http://127.0.0.1:$PORT

PACKAGES=(ceph-mon ceph-osd radosgw curl)
# Start order; `stop` uses the reverse order.
DAEMONS=(mon osd rgw)
START_TIMEOUT=90               # seconds to wait for the gateway

log() { echo "s3-server: $*" >&2; }
die() { log "error: $*"; exit 1; }

# --- packages ----------------------------------------------------------------

ensure_packages() {
    local missing=() p sudo=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "need root to install: ${missing[*]}"
        sudo=(sudo)
    fi
    log "installing ${missing[*]} ..."
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y
               -o DPkg::Lock::Timeout=120)
    local apt_log=$STATE_DIR/apt.log
    mkdir -p "$STATE_DIR"
    # Try with the current package lists first; refresh them only if needed.
    if ! "${apt[@]}" install --no-install-recommends "${missing[@]}" >"$apt_log" 2>&1; then
        { "${apt[@]}" update && "${apt[@]}" install --no-install-recommends "${missing[@]}"; } \
            >>"$apt_log" 2>&1 || { tail -n 20 "$apt_log" >&2; die "apt-get failed (see $apt_log)"; }
    fi
}

# --- process bookkeeping -------------------------------------------------------

# Start time of a live process (field 22 of /proc/PID/stat; empty for a
# zombie); with the pid it identifies the process even if the pid is reused.
start_time() {
    local state stime
    read -r state stime < <(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1,20) || return 0
    [ "$state" = Z ] || echo "$stime"
}

# spawn NAME CMD...: run CMD in the background, record "pid starttime".
spawn() {
    local name=$1; shift
    nohup "$@" >"$LOG_DIR/$name.out" 2>&1 </dev/null &
    local pid=$!
    echo "$pid $(start_time "$pid")" >"$RUN_DIR/$name.pid"
}

# pid_of NAME: print the recorded pid if that very process is still alive.
pid_of() {
    local file=$RUN_DIR/$1.pid pid stime
    [ -f "$file" ] || return 1
    read -r pid stime <"$file" || return 1
    [ -n "$pid" ] && [ "$(start_time "$pid")" = "$stime" ] || return 1
    echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true; }
endpoint_up() { [ "$(http_code "$ENDPOINT/")" = 200 ]; }

# wait_for CHECK...: poll until CHECK succeeds; fail early if a daemon died.
wait_for() {
    local deadline=$((SECONDS + START_TIMEOUT)) d
    until "$@"; do
        for d in "${DAEMONS[@]}"; do
            [ -f "$RUN_DIR/$d.pid" ] || continue     # not started yet
            if ! pid_of "$d" >/dev/null; then
                tail -n 20 "$LOG_DIR/$d.out" "$LOG_DIR/$d.log" >&2 2>/dev/null || true
                die "$d exited during startup (logs: $LOG_DIR)"
            fi
        done
        [ $SECONDS -lt "$deadline" ] || die "'$*' still failing after ${START_TIMEOUT}s (logs: $LOG_DIR)"
        sleep 0.2
    done
}

# --- configuration and cluster creation ------------------------------------------

write_config() {   # write_config FSID
    cat >"$CONF" <<EOF
[global]
fsid = $1
mon_host = v2:127.0.0.1:$MON_PORT
public_addr = 127.0.0.1
ms_bind_ipv6 = false
ms_bind_msgr1 = false
ms_bind_port_min = $OSD_PORT_MIN
ms_bind_port_max = $OSD_PORT_MAX
# no cephx between daemons (loopback only); S3 requests are still signed
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
keyring = $STATE_DIR/keyring
run_dir = $RUN_DIR
admin_socket = $RUN_DIR/\$name.asok
log_file = $LOG_DIR/\$name.log
mon_cluster_log_to_file = false
mon_data = $STATE_DIR/mon/\$name
osd_data = $STATE_DIR/osd/\$name
# one OSD: single replica, one placement group per pool, fast map updates
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_pool_default_pg_num = 1
osd_pool_default_pgp_num = 1
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
paxos_propose_interval = 0.05
# do not stop the monitor when the host disk is nearly full
mon_data_avail_warn = 1
mon_data_avail_crit = 0
osd_objectstore = memstore
memstore_device_bytes = $MEMSTORE_BYTES

[client]
# radosgw defaults to "secure" monitor connections, which need cephx
ms_mon_client_mode = crc

[client.rgw]
rgw_frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
rgw_data = $STATE_DIR/rgw
rgw_thread_pool_size = 64
# reclaim space of deleted/overwritten objects after a minute, not hours
rgw_gc_obj_min_wait = 60
rgw_gc_processor_period = 60
EOF
}

# Fresh monitor and OSD stores; the gateway creates its pools on first start.
create_cluster() {
    rm -rf "$STATE_DIR/mon" "$STATE_DIR/osd" "$STATE_DIR/rgw" "$LOG_DIR" "$RUN_DIR" \
        "$STATE_DIR/keyring" "$STATE_DIR/monmap"
    mkdir -p "$STATE_DIR/mon" "$STATE_DIR/osd/osd.0" "$STATE_DIR/rgw" "$LOG_DIR" "$RUN_DIR"
    local fsid; fsid=$(cat /proc/sys/kernel/random/uuid)
    write_config "$fsid"
    ceph-authtool --create-keyring "$STATE_DIR/keyring" --gen-key -n mon. \
        --cap mon 'allow *' >/dev/null
    monmaptool --create --fsid "$fsid" --addv a "v2:127.0.0.1:$MON_PORT" \
        "$STATE_DIR/monmap" >/dev/null
    ceph-mon -c "$CONF" -i a --mkfs --monmap "$STATE_DIR/monmap" \
        --keyring "$STATE_DIR/keyring" >"$LOG_DIR/mon-mkfs.out" 2>&1 ||
        { cat "$LOG_DIR/mon-mkfs.out" >&2; die "ceph-mon --mkfs failed"; }
}

create_osd() {
    local uuid id
    uuid=$(cat /proc/sys/kernel/random/uuid)
    id=$(ceph -c "$CONF" --connect-timeout 30 osd new "$uuid") ||
        die "could not register the OSD with the monitor"
    [ "$id" = 0 ] || die "unexpected OSD id $id"
    ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$uuid" >"$LOG_DIR/osd-mkfs.out" 2>&1 ||
        { cat "$LOG_DIR/osd-mkfs.out" >&2; die "ceph-osd --mkfs failed"; }
}

# --- S3 user and bucket ------------------------------------------------------------

create_user() {
    radosgw-admin -c "$CONF" user create --uid=s3test --display-name=s3test \
        --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" \
        >"$LOG_DIR/user-create.out" 2>&1 ||
        { cat "$LOG_DIR/user-create.out" >&2; die "radosgw-admin user create failed"; }
}

# PUT Bucket with a SigV4-signed request (curl signs; RGW also needs the
# x-amz-content-sha256 header, here the hash of the empty body).
create_bucket() {
    local out code
    out=$(curl -sS -m 30 -X PUT -w '\n%{http_code}' \
              --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
              -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
              "$ENDPOINT/$BUCKET") || die "creating bucket $BUCKET: request failed"
    code=${out##*$'\n'}
    case $code in
        200) ;;
        409) grep -q BucketAlreadyOwnedByYou <<<"$out" || die "bucket $BUCKET: $out" ;;
        *) die "creating bucket $BUCKET: HTTP $code ${out%$'\n'*}" ;;
    esac
}

print_exports() {
    echo "export S3_ENDPOINT=$ENDPOINT S3_ACCESS_KEY=$ACCESS_KEY S3_SECRET_KEY=$SECRET_KEY S3_REGION=$REGION S3_BUCKET=$BUCKET"
}

# --- subcommands ---------------------------------------------------------------------

all_running() {
    local d
    for d in "${DAEMONS[@]}"; do pid_of "$d" >/dev/null || return 1; done
}

cmd_start() {
    [[ $BUCKET =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || die "invalid bucket name: $BUCKET"
    if all_running; then
        log "already running (state dir $STATE_DIR)"
        create_bucket
        print_exports
        return 0
    fi
    [ ! -d "$RUN_DIR" ] || cmd_stop 2>/dev/null   # clean up a partial instance
    ensure_packages
    local p
    for p in "$PORT" "$MON_PORT"; do
        ! port_open "$p" || die "port $p on 127.0.0.1 is already in use"
    done

    create_cluster
    spawn mon ceph-mon -c "$CONF" -i a -f
    wait_for port_open "$MON_PORT"
    create_osd
    spawn osd ceph-osd -c "$CONF" -i 0 -f
    # The gateway waits for the OSD by itself while it creates its pools.
    spawn rgw radosgw -c "$CONF" -n client.rgw -f
    wait_for endpoint_up
    create_user
    create_bucket
    log "ready at $ENDPOINT (bucket $BUCKET, state dir $STATE_DIR)"
    print_exports
}

# Stop in reverse start order, each daemon before the next (the OSD shuts
# down quickly only while the monitor is still there).
cmd_stop() {
    local i d pid n
    for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do
        d=${DAEMONS[i]}
        if pid=$(pid_of "$d"); then
            kill -TERM "$pid" 2>/dev/null || true
            for ((n = 0; n < 100; n++)); do           # up to 10 s, then SIGKILL
                pid_of "$d" >/dev/null || break
                sleep 0.1
            done
            if pid_of "$d" >/dev/null; then
                kill -KILL "$pid" 2>/dev/null || true
                log "killed $d (pid $pid)"
            else
                log "stopped $d (pid $pid)"
            fi
        fi
        rm -f "$RUN_DIR/$d.pid"
    done
}

cmd_status() {
    local d pid rc=0
    for d in "${DAEMONS[@]}"; do
        if pid=$(pid_of "$d"); then
            echo "$d: running (pid $pid)"
        else
            echo "$d: stopped"; rc=3
        fi
    done
    if endpoint_up; then echo "endpoint: $ENDPOINT up"; else echo "endpoint: $ENDPOINT down"; rc=3; fi
    return $rc
}

case ${1:-} in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
