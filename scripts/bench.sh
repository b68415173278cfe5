#!/usr/bin/env bash
# Reproduce every figure of BENCHMARKS.md, end to end, and print a summary.
#
#   scripts/bench.sh                  # everything
#   scripts/bench.sh index startup    # some sections: index store startup memory search cli fts
#   scripts/bench.sh million          # issue 13 budget 5 on 1,000,000 articles (never by default:
#                                     # 3.4 GB of files, a 2.3 GB index, about an hour here)
#
# Corpora (10,000 and 100,000 articles, ~550 MB) are generated on first use
# by ../shared/tools/gen_corpus.py into $CARGO_TARGET_DIR/bench-corpora (or
# target/bench-corpora), and indexed once; later runs reuse them.
# The full log goes to $TARGET/bench-results/<date>.log.
set -euo pipefail

cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
case "$TARGET" in /*) ;; *) TARGET="$PWD/$TARGET" ;; esac
export CARGO_TARGET_DIR="$TARGET"
BIN="$TARGET/release/xemtin"
MEASURE="$TARGET/release/examples/pty_measure"
SECTIONS=("$@")
[ ${#SECTIONS[@]} -eq 0 ] && SECTIONS=(index store startup memory search cli fts)

mkdir -p "$TARGET/bench-results"
LOG="$TARGET/bench-results/$(date +%Y%m%d-%H%M%S).log"
SUMMARY="$(mktemp)"
trap 'rm -f "$SUMMARY"' EXIT

say() { echo "$*" | tee -a "$LOG"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
note() { echo "$*" >> "$SUMMARY"; }

want() {
  local s
  for s in "${SECTIONS[@]}"; do [ "$s" = "$1" ] && return 0; done
  return 1
}

say "# xemtin benchmarks, $(date -Is), $(nproc) cores, $(uname -srm)"
say "# commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load at start: $(load)"

say "## build (release)"
cargo build --release --bin xemtin --example pty_measure --example index_timing --example search_timing --example fts_options 2>&1 | tail -n 2 | tee -a "$LOG"

for n in 10000 100000; do
  "$MEASURE" prepare "$n" | tee -a "$LOG"
done
CORPUS="$("$MEASURE" prepare 100000 | sed -n 's/^articles: //p')"
HOME100="$("$MEASURE" prepare 100000 | sed -n 's/^home: //p')"

if want index; then
  say "## cold index of 100,000 articles (xemtin index --rebuild into a fresh file); load $(load)"
  raw=$(du -sb "$CORPUS/" | cut -f1)
  say "raw text: $((raw / 1000000)) MB (du -sb $CORPUS/)"
  note "raw text of 100k: $((raw / 1000000)) MB"
  scratch="$(mktemp -d)"
  if [ -x /usr/bin/time ]; then
    for run in 1 2 3; do
      rm -rf "$scratch"/*
      HOME="$scratch" XDG_CACHE_HOME="$scratch/cache" XDG_DATA_HOME="$scratch/data" \
        XDG_CONFIG_HOME="$scratch/config" \
        /usr/bin/time -v "$BIN" --data "$CORPUS" --index "$scratch/index.sqlite" index --rebuild \
        >"$scratch/out.txt" 2>"$scratch/time.txt"
      cat "$scratch/out.txt" | tee -a "$LOG"
      wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$scratch/time.txt")
      rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$scratch/time.txt")
      cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$scratch/time.txt")
      size=$(sed -n 's/^index: .*(\(.*\))$/\1/p' "$scratch/out.txt")
      say "cold index run $run: wall $wall, peak RSS $((rss / 1024)) MB, CPU $cpu, index $size, load $(load)"
      note "cold index 100k run $run: wall $wall (budget 8 s), peak RSS $((rss / 1024)) MB, index $size, load $(load)"
    done
  else
    say "(/usr/bin/time is missing: wall time and VmHWM polled by pty_measure)"
    for run in 1 2 3; do
      "$MEASURE" index 100000 | tee -a "$LOG" | grep '^summary:' >>"$SUMMARY"
    done
  fi
  say "## the two stages of a cold index (list complete, all searchable): examples/index_timing"
  "$TARGET/release/examples/index_timing" "$CORPUS" "$scratch/stages" | tee -a "$LOG" |
    sed 's/^/stages 100k: /' >>"$SUMMARY"
  rm -rf "$scratch"
  say "## the cached index the TUI uses (xemtin index, nothing to do)"
  HOME="$HOME100" XDG_CACHE_HOME="$HOME100/cache" XDG_DATA_HOME="$HOME100/data" \
    XDG_CONFIG_HOME="$HOME100/config" "$BIN" --data "$CORPUS" index | tee -a "$LOG" |
    sed 's/^/cached 100k: /' >>"$SUMMARY"
fi

if want store; then
  say "## cargo bench --bench store; load $(load)"
  cargo bench --bench store 2>&1 | tee -a "$LOG" | tee "$SUMMARY.store"
  note "cargo bench --bench store (times per iteration; load after: $(load)):"
  grep -E '(─|│)' "$SUMMARY.store" >>"$SUMMARY" || true
  rm -f "$SUMMARY.store"
fi

if want startup; then
  for n in 10000 100000; do
    say "## warm start of the binary in a pty, $n articles; load $(load)"
    "$MEASURE" startup "$n" 11 | tee -a "$LOG" | grep '^summary:' >>"$SUMMARY"
  done
fi

if want memory; then
  say "## peak memory of the TUI, 100,000 articles, index built; load $(load)"
  "$MEASURE" memory 100000 | tee -a "$LOG" | grep '^summary:' >>"$SUMMARY"
  say "## peak memory of the TUI building the index of 100,000 articles (memory-cold); load $(load)"
  "$MEASURE" memory-cold 100000 | tee -a "$LOG" | grep -E '^(summary:|memory .*cold index)' >>"$SUMMARY"
fi

if want search; then
  say "## cargo bench --bench search; load $(load)"
  cargo bench --bench search 2>&1 | tee -a "$LOG" | grep -E '^(summary:|search .*SKIPPED)' >>"$SUMMARY" || true
  say "## examples/search_timing: the catalog's answers per keystroke, both orders"
  for q in "chiem hoa" "na hang" "lam binh"; do
    "$TARGET/release/examples/search_timing" "$CORPUS" "$HOME100" "$q" | tee -a "$LOG" |
      grep 'every keystroke' | sed "s/^/search_timing '$q': /" >>"$SUMMARY"
  done
fi

if want cli; then
  say "## command line on an unchanged folder (100,000 articles, index built); load $(load)"
  first=$(find "$CORPUS/" -name '*.txt' | sort | head -n 1)
  first="${first#"$CORPUS/"}"
  run_cli() {
    HOME="$HOME100" XDG_CACHE_HOME="$HOME100/cache" XDG_DATA_HOME="$HOME100/data" \
      XDG_CONFIG_HOME="$HOME100/config" "$BIN" --data "$CORPUS" "$@"
  }
  run_cli index >/dev/null
  for cmd in "search|na hang|--json" "list|--date|12/2020|--json" "show|$first" "mark|$first|--star"; do
    IFS='|' read -r -a args <<<"$cmd"
    if [ -x /usr/bin/time ]; then
      for run in 1 2 3 4 5 6 7 8 9 10 11; do
        /usr/bin/time -f "%e %U %S" -o "$SUMMARY.t" bash -c 'HOME="$1" XDG_CACHE_HOME="$1/cache" XDG_DATA_HOME="$1/data" XDG_CONFIG_HOME="$1/config" "$2" --data "$3" "${@:4}" >/dev/null' _ "$HOME100" "$BIN" "$CORPUS" "${args[@]}"
        cat "$SUMMARY.t"
      done | sort -n | awk -v c="${args[*]}" '{w[NR]=$1; u[NR]=$2+$3} END {printf "cli %s: wall median %.3f s (min %.3f, max %.3f), cpu of the median run %.3f s, %d runs\n", c, w[int((NR+1)/2)], w[1], w[NR], u[int((NR+1)/2)], NR}' | tee -a "$LOG" >>"$SUMMARY"
      rm -f "$SUMMARY.t"
    fi
  done
fi

if want million; then
  N=1000000
  MC="$("$MEASURE" prepare-corpus "$N" | sed -n 's/^articles: //p')"
  say "## 1,000,000 articles: $(du -sb "$MC/" | cut -f1) bytes of files; load $(load)"
  say "## reading every file with cat, two at a time (the reference of the list's budget); load $(load)"
  /usr/bin/time -f "cat: %e s wall, %U s user, %S s sys" bash -c 'find "$1" -type f -print0 | xargs -0 -P2 -n 500 cat >/dev/null' _ "$MC" 2>&1 | tee -a "$LOG" >>"$SUMMARY"
  say "## the TUI building the index (list complete, peak memory while indexing and after); load $(load)"
  "$MEASURE" memory-cold "$N" | tee -a "$LOG" | grep -E '^(summary|memory .*(complete|ended|kept))' >>"$SUMMARY"
  say "## warm start, memory on the built index, search per keystroke; load $(load)"
  "$MEASURE" startup "$N" 7 | tee -a "$LOG" | grep '^summary:' >>"$SUMMARY"
  "$MEASURE" memory "$N" | tee -a "$LOG" | grep '^summary:' >>"$SUMMARY"
  MH="$(dirname "$MC")/home"
  for q in "chiem hoa" "na hang" "lam binh"; do
    "$TARGET/release/examples/search_timing" "$MC" "$MH" "$q" | tee -a "$LOG" | sed "s/^/search 1M $q: /" | grep -E 'median|p95' >>"$SUMMARY" || true
  done
  say "## command line on the unchanged folder; load $(load)"
  first=$(find "$MC/" -name '*.txt' | sort | head -n 1)
  first="${first#"$MC/"}"
  for cmd in "index" "search|na hang|--json" "list|--date|12/2020|--json" "list|--date|1/12/2020|--json" "show|$first" "mark|$first|--star"; do
    IFS='|' read -r -a args <<<"$cmd"
    for run in 1 2 3; do
      /usr/bin/time -f "%e %U %S" -o "$SUMMARY.t" bash -c 'HOME="$1" XDG_CACHE_HOME="$1/cache" XDG_DATA_HOME="$1/data" XDG_CONFIG_HOME="$1/config" "$2" --data "$3" "${@:4}" >/dev/null' _ "$MH" "$BIN" "$MC" "${args[@]}"
      cat "$SUMMARY.t"
    done | sort -n | awk -v c="${args[*]}" '{w[NR]=$1; u[NR]=$2+$3} END {printf "cli 1M %s: wall median %.3f s (min %.3f, max %.3f), cpu of the median run %.3f s\n", c, w[int((NR+1)/2)], w[1], w[NR], u[int((NR+1)/2)]}' | tee -a "$LOG" >>"$SUMMARY"
    rm -f "$SUMMARY.t"
  done
fi

if want fts; then
  say "## full-text layouts side by side (examples/fts_options): the folded text of 100,000 articles; load $(load)"
  FOLDED="$TARGET/bench-corpora/folded-100000.sqlite"
  [ -f "$FOLDED" ] || "$TARGET/release/examples/fts_options" fold "$CORPUS" "$FOLDED" | tee -a "$LOG" >>"$SUMMARY"
  scratch="$(mktemp -d)"
  for v in "prefix123|1|prefix = '1 2 3'" "prefix3|1|prefix = '3'" "prefix2|1|prefix = '2'" "none|1|" "none-2-tables|2|" "detail-column|1|detail = column"; do
    IFS='|' read -r name shards options <<<"$v"
    "$TARGET/release/examples/fts_options" build "$FOLDED" "$scratch" "$name" "$shards" "$options" | tee -a "$LOG" >>"$SUMMARY"
    rm -f "$scratch"/*
  done
  rm -rf "$scratch"
fi

say ""
say "# summary (full log: $LOG)"
tee -a "$LOG" <"$SUMMARY"
