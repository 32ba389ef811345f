# shellcheck shell=bash
# Throwaway PostgreSQL 15 and MariaDB servers for Strata's tests.
#
# Sourced by scripts/test and scripts/dev-servers; not run on its own. Each server lives
# in a directory of its own, listens on 127.0.0.1 on a free port, and is stopped by
# strata_stop_servers. Callers set `set -euo pipefail`.
#
# After strata_start_postgres / strata_start_mariadb these are set:
#   STRATA_TEST_POSTGRES_URL, STRATA_TEST_MYSQL_URL (exported)
#   STRATA_PG_DIR, STRATA_MARIADB_DIR, STRATA_MARIADB_PID

STRATA_PG_BIN=${STRATA_PG_BIN:-/usr/lib/postgresql/15/bin}
strata_apt_updated=0

strata_log() { printf '[strata-test] %s\n' "$*" >&2; }

# Runs apt-get install without letting packages start their own services.
strata_apt_install() {
    if [[ $strata_apt_updated == 0 ]]; then
        strata_log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        strata_apt_updated=1
    fi
    local policy=/usr/sbin/policy-rc.d restore=""
    if [[ -e $policy ]]; then
        restore=$(mktemp)
        cp -p "$policy" "$restore"
    fi
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    strata_log "apt-get install $*"
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null || rc=$?
    if [[ -n $restore ]]; then mv "$restore" "$policy"; else rm -f "$policy"; fi
    return "$rc"
}

strata_mariadbd() {
    if command -v mariadbd >/dev/null 2>&1; then command -v mariadbd
    elif [[ -x /usr/sbin/mariadbd ]]; then echo /usr/sbin/mariadbd
    else return 1
    fi
}

# Installs PostgreSQL 15 and MariaDB when they are missing.
strata_install_servers() {
    local pkgs=()
    [[ -x $STRATA_PG_BIN/initdb && -x $STRATA_PG_BIN/pg_ctl && -x $STRATA_PG_BIN/psql ]] || pkgs+=(postgresql-15 postgresql-client-15)
    strata_mariadbd >/dev/null || pkgs+=(mariadb-server mariadb-client)
    command -v mariadb-install-db >/dev/null 2>&1 || [[ " ${pkgs[*]} " == *" mariadb-server "* ]] || pkgs+=(mariadb-server)
    if ((${#pkgs[@]})); then
        if [[ $(id -u) != 0 ]]; then
            strata_log "missing ${pkgs[*]}; run as root or install them"
            return 1
        fi
        strata_apt_install "${pkgs[@]}"
    fi
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# Prints a TCP port on 127.0.0.1 that nothing listens on.
# Below the kernel's ephemeral range: a port that an outgoing connection holds as its local
# port answers no probe, yet the server cannot bind it.
strata_free_port() {
    local port tries=0 low=32768
    if [[ -r /proc/sys/net/ipv4/ip_local_port_range ]]; then
        read -r low _ </proc/sys/net/ipv4/ip_local_port_range || low=32768
    fi
    ((low > 11000)) || low=32768
    while ((tries++ < 200)); do
        port=$((10000 + (RANDOM * 32768 + RANDOM) % (low - 10000)))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    strata_log "no free port found"
    return 1
}

strata_password() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

strata_mask() { sed -E 's#(://[^:/@]*:)[^@]*@#\1***@#' <<<"$1"; }

# Runs a command as the postgres OS user (initdb and pg_ctl refuse root).
strata_as_postgres() {
    if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# strata_make_certificates DIR: a throwaway CA (DIR/ca.crt) and a server certificate for
# 127.0.0.1 and localhost signed by it (DIR/server.crt, DIR/server.key).
strata_make_certificates() {
    local dir=$1
    command -v openssl >/dev/null 2>&1 || return 1
    mkdir -p "$dir"
    {
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=strata test CA" \
            -keyout "$dir/ca.key" -out "$dir/ca.crt" &&
            openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
                -keyout "$dir/server.key" -out "$dir/server.csr" &&
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$dir/ext.cnf" &&
            openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
                -days 2 -extfile "$dir/ext.cnf" -out "$dir/server.crt"
    } >"$dir/openssl.log" 2>&1 || return 1
    chmod 600 "$dir/server.key"
    chmod 644 "$dir/ca.crt"
}

# strata_start_postgres DIR: initdb in DIR/pg, start on a free port, create strata_test.
strata_start_postgres() {
    local dir="$1/pg" port password
    mkdir -p "$dir/sock"
    password=$(strata_password)
    printf '%s\n' "$password" >"$dir/pwfile"
    [[ $(id -u) == 0 ]] && chown -R postgres: "$dir"
    chmod 700 "$dir"
    STRATA_PG_DIR=$dir
    if ! strata_as_postgres "$STRATA_PG_BIN/initdb" -D "$dir/data" -U strata --pwfile="$dir/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$dir/initdb.log" 2>&1; then
        strata_log "initdb failed:"
        tail -n 30 "$dir/initdb.log" >&2
        return 1
    fi
    rm -f "$dir/pwfile"
    local opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir/sock"
    if strata_make_certificates "$dir/tls"; then
        [[ $(id -u) == 0 ]] && chown -R postgres: "$dir/tls"
        opts+=" -c ssl=on -c ssl_cert_file=$dir/tls/server.crt -c ssl_key_file=$dir/tls/server.key"
        export STRATA_TEST_POSTGRES_SSLROOTCERT="$dir/tls/ca.crt"
    else
        strata_log "openssl missing or failed: PostgreSQL runs without TLS (TLS tests are skipped)"
        unset STRATA_TEST_POSTGRES_SSLROOTCERT
    fi
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    opts+=" -c shared_buffers=64MB -c max_locks_per_transaction=256"
    # A port taken between the probe and the bind: another one, up to three times.
    local attempt started=0
    for attempt in 1 2 3; do
        port=$(strata_free_port)
        if strata_as_postgres "$STRATA_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "-c port=$port $opts" \
            -w -t 60 start >"$dir/pg_ctl.log" 2>&1; then
            started=1
            break
        fi
        grep -q "could not bind\|Address already in use" "$dir/postgres.log" 2>/dev/null || break
        strata_log "PostgreSQL could not bind port $port (taken); trying another"
    done
    if ((started == 0)); then
        strata_log "PostgreSQL failed to start; log tail:"
        tail -n 30 "$dir/pg_ctl.log" "$dir/postgres.log" >&2 || true
        return 1
    fi
    if ! strata_as_postgres "$STRATA_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U strata -d postgres \
        -c "CREATE DATABASE strata_test" >"$dir/psql.log" 2>&1; then
        strata_log "creating database strata_test failed:"
        cat "$dir/psql.log" >&2
        return 1
    fi
    echo "$port" >"$dir/port"
    # connect_timeout=60: on a 2-core machine with every suite connecting at once, TLS
    # handshakes queue past the 10 s default. Tests that set their own still win (last one).
    export STRATA_TEST_POSTGRES_URL="postgres://strata:$password@127.0.0.1:$port/strata_test?connect_timeout=60"
}

strata_stop_postgres() {
    local dir=${1:-${STRATA_PG_DIR:-}}
    [[ -n $dir && -f $dir/data/postmaster.pid ]] || return 0
    strata_as_postgres "$STRATA_PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}

# strata_start_mariadb DIR: install a data directory in DIR/mariadb, start on a free port,
# create user strata (all privileges) and database strata_test.
strata_start_mariadb() {
    local dir="$1/mariadb" port password mariadbd
    mariadbd=$(strata_mariadbd)
    mkdir -p "$dir/tmp"
    STRATA_MARIADB_DIR=$dir
    if ! mariadb-install-db --no-defaults --user=root --datadir="$dir/data" \
        --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1; then
        strata_log "mariadb-install-db failed:"
        tail -n 30 "$dir/install.log" >&2
        return 1
    fi
    password=$(strata_password)
    local attempt i
    # A port taken between the probe and the bind: another one, up to three times.
    for attempt in 1 2 3; do
        port=$(strata_free_port)
        : >"$dir/mariadb.err"
        # setsid: the server survives the caller's terminal (dev-servers) and gets no SIGINT from it.
        setsid "$mariadbd" --no-defaults --user=root --datadir="$dir/data" --socket="$dir/mariadb.sock" \
            --port="$port" --bind-address=127.0.0.1 --pid-file="$dir/mariadb.pid" --log-error="$dir/mariadb.err" \
            --tmpdir="$dir/tmp" --skip-log-bin --skip-name-resolve --performance-schema=OFF \
            --innodb-buffer-pool-size=128M --innodb-log-file-size=48M --innodb-flush-log-at-trx-commit=0 \
            --innodb-doublewrite=0 --innodb-use-native-aio=0 --max-connections=300 \
            --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
            </dev/null >"$dir/mariadbd.out" 2>&1 &
        STRATA_MARIADB_PID=$!
        echo "$STRATA_MARIADB_PID" >"$dir/launcher.pid"
        for ((i = 0; i < 120; i++)); do
            if mariadb-admin --no-defaults --socket="$dir/mariadb.sock" -uroot ping >/dev/null 2>&1; then break; fi
            if ! kill -0 "$STRATA_MARIADB_PID" 2>/dev/null; then i=999; break; fi
            sleep 0.5
        done
        ((i >= 120)) && grep -q "Address already in use" "$dir/mariadb.err" "$dir/mariadbd.out" 2>/dev/null || break
        strata_log "MariaDB could not bind port $port (taken); trying another"
    done
    if ((i >= 120)); then
        strata_log "MariaDB failed to start; log tail:"
        tail -n 30 "$dir/mariadb.err" "$dir/mariadbd.out" >&2 || true
        return 1
    fi
    if ! mariadb --no-defaults --socket="$dir/mariadb.sock" -uroot >"$dir/setup.log" 2>&1 <<SQL; then
CREATE USER 'strata'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('$password');
CREATE USER 'strata'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('$password');
GRANT ALL PRIVILEGES ON *.* TO 'strata'@'%' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'strata'@'localhost' WITH GRANT OPTION;
CREATE DATABASE strata_test CHARACTER SET utf8mb4;
FLUSH PRIVILEGES;
SQL
        strata_log "MariaDB setup failed:"
        cat "$dir/setup.log" >&2
        return 1
    fi
    echo "$port" >"$dir/port"
    export STRATA_TEST_MYSQL_URL="mysql://strata:$password@127.0.0.1:$port/strata_test?connect_timeout=60"
}

strata_stop_mariadb() {
    local dir=${1:-${STRATA_MARIADB_DIR:-}} pid=""
    [[ -n $dir ]] || return 0
    if [[ -f $dir/mariadb.pid ]]; then pid=$(cat "$dir/mariadb.pid"); elif [[ -f $dir/launcher.pid ]]; then pid=$(cat "$dir/launcher.pid"); fi
    [[ -n $pid ]] || return 0
    kill "$pid" 2>/dev/null || return 0
    local i
    for ((i = 0; i < 60; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
}
