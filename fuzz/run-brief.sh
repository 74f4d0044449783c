#!/usr/bin/env bash
# Builds the cargo-afl fuzz targets and runs each one briefly from the
# committed seed corpus. Exits non-zero if a target fails to build, afl-fuzz
# aborts (e.g. a seed crashes), or any crash is saved.
#
# Usage: fuzz/run-brief.sh [TARGET...]        (default: all targets)
# Environment: FUZZ_BRIEF_SECONDS (default 20) and FUZZ_BRIEF_EXECS
# (default 200000) bound each run, whichever comes first.
set -eu
cd "$(dirname "$0")"

ALL_TARGETS="token scope timefmt location vault legacy_import audit_redact"
SECONDS_EACH=${FUZZ_BRIEF_SECONDS:-20}
EXECS_EACH=${FUZZ_BRIEF_EXECS:-200000}

# cargo-afl and its AFL++ build (afl-fuzz plus the LLVM runtime the targets
# link against), installed when missing. AFL++ needs a C toolchain and make.
ensure_cargo_afl() {
    if ! cargo afl --version >/dev/null 2>&1; then
        echo "installing cargo-afl" >&2
        cargo install --locked cargo-afl
    fi
    # `cargo install` builds AFL++ already; `config --build` covers a
    # toolchain change and refuses when it is there.
    local out
    if ! out=$(cargo afl config --build 2>&1); then
        case $out in
            *"already built"*) ;;
            *)
                printf '%s\n' "$out" >&2
                return 1
                ;;
        esac
    fi
}

build_targets() {
    local args=()
    for t in "$@"; do args+=(--bin "$t"); done
    cargo afl build --release --locked "${args[@]}"
}

# Prints the value of KEY in an afl-fuzz fuzzer_stats file.
stat_of() {
    sed -n "s/^$2 *: *//p" "$1"
}

# afl-fuzz only warns about a seed that crashes and skips it, so every seed
# is replayed first: a seed that crashes is a regression.
replay_corpus() {
    local t=$1 f ok=0
    for f in "corpus/$t"/*; do
        if ! "target/release/$t" <"$f" >/dev/null 2>&1; then
            echo "fuzz: $t crashes on its seed fuzz/$f:" >&2
            "target/release/$t" <"$f" 2>&1 | grep -A 2 panicked >&2 || true
            ok=1
        fi
    done
    return "$ok"
}

run_one() {
    local t=$1 out=out/brief/$1
    replay_corpus "$t" || return 1
    rm -rf "$out"
    mkdir -p out/brief
    echo "fuzz: $t (${SECONDS_EACH}s or ${EXECS_EACH} execs)" >&2
    AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 \
        AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
        cargo afl fuzz -i "corpus/$t" -o "$out" -t 20000+ \
        -V "$SECONDS_EACH" -E "$EXECS_EACH" "target/release/$t" \
        </dev/null >"$out.log" 2>&1 || {
        tail -n 30 "$out.log" >&2
        echo "fuzz: afl-fuzz failed for $t (log: fuzz/$out.log)" >&2
        return 1
    }
    local stats=$out/default/fuzzer_stats crashes
    crashes=$(stat_of "$stats" saved_crashes)
    echo "fuzz: $t: $(stat_of "$stats" execs_done) execs, $crashes crashes" >&2
    if [ "$crashes" != 0 ]; then
        for f in "$out"/default/crashes/id:*; do
            echo "fuzz: $t crashes on fuzz/$f:" >&2
            "target/release/$t" <"$f" 2>&1 | grep -A 2 panicked >&2 || true
        done
        return 1
    fi
}

main() {
    local targets failed=""
    if [ $# -gt 0 ]; then targets=("$@"); else read -r -a targets <<<"$ALL_TARGETS"; fi
    ensure_cargo_afl
    build_targets "${targets[@]}"
    for t in "${targets[@]}"; do
        run_one "$t" || failed="$failed $t"
    done
    if [ -n "$failed" ]; then
        echo "fuzz: crashes or failures in:$failed" >&2
        return 1
    fi
    echo "fuzz: no crashes" >&2
}

main "$@"
