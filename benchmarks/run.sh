#!/usr/bin/env bash
# Runs the htmlrewriter benchmark suite next to its alternatives and writes, into the results folder,
#   latest.json  (JMH JSON, every run)
#   latest.md    (tables: htmlrewriter ÷ lol-html per page first, then MB/s per workload per engine, chunk sizes,
#                 allocation, latency and memory)
#   latest.svg   (bar chart, MB/s per workload per engine)
#   latest.log   (console output), lolhtml-*.tsv (lol-html's raw tables)
# A full run writes benchmarks/results/ (the committed results); --quick writes benchmarks/target/quick-results/.
#
# Usage: benchmarks/run.sh [--quick] [--results DIR] [--no-build] [--no-lolhtml]
#   --quick        smoke test, about 3 minutes on 2 cores (fewer workloads, the corpus only, iterations of a fraction
#                  of a second): its numbers are not comparable with a full run, and its report says so
#   --results DIR  write the results there instead (never benchmarks/results/ with --quick)
#   --no-build     use the existing benchmarks/target/benchmarks.jar
#   --no-lolhtml   skip the lol-html (Bun) comparison (the ratio table is then left empty)
# Full run: about 10 minutes on a quiet 2-core machine (fork 1, short iterations). Absolute numbers depend on the
# machine and on whatever else runs; compare ratios measured in one run.
#
# Environment: HTMLREWRITER_SHARED=DIR (the ../shared folder: corpus and oracle), BUN=path/to/bun, BENCH_JAR=jar,
#              ORACLE_DIR=DIR (installed copy of ../shared/oracle, default ~/oracle), JAVA=path/to/java.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
quick=""
build=1
lolhtml=1
results=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --results) [[ $# -ge 2 ]] || { echo "--results needs a folder" >&2; exit 2; }; results="$2"; shift ;;
    --no-build) build=0 ;;
    --no-lolhtml) lolhtml=0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

java="${JAVA:-java}"
jar="${BENCH_JAR:-$here/target/benchmarks.jar}"
if [[ -z "$results" ]]; then
  if [[ -n "$quick" ]]; then results="$here/target/quick-results"; else results="$here/results"; fi
fi
mkdir -p "$results"
results="$(cd "$results" && pwd)"
if [[ -n "$quick" && "$results" == "$here/results" ]]; then
  echo "--quick does not write to benchmarks/results/: its numbers are a smoke test" >&2; exit 2
fi
log="$results/latest.log"
: > "$log"
say() { echo "$*" | tee -a "$log"; }
if [[ -n "$quick" ]]; then
  say "QUICK RUN: smoke-test numbers, not comparable with a full run; results go to $results"
fi

# 1. Build if the jar is missing or older than any source of the modules it contains.
if [[ $build == 1 ]]; then
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$repo/pom.xml" "$here/pom.xml" "$here/src/main" "$repo/rewriter-core/src/main" \
        "$repo/rewriter-selectors/src/main" "$repo/rewriter-netty-adapter/src/main" "$repo/rewriter-cli/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    say "building benchmarks.jar ..."
    (cd "$repo" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests) 2>&1 | tee -a "$log"
  fi
fi
[[ -f "$jar" ]] || { say "missing $jar (build: mvn -B -ntp -pl benchmarks -am package -DskipTests)"; exit 1; }

# 2. Locate ../shared (the corpus and the lol-html oracle), as the Java side does.
shared="${HTMLREWRITER_SHARED:-}"
if [[ -z "$shared" ]]; then
  d="$repo"
  while [[ "$d" != "/" ]]; do
    if [[ -d "$d/shared/html5lib-tests" ]]; then shared="$d/shared"; break; fi
    d="$(dirname "$d")"
  done
fi
shared_opt=()
if [[ -n "$shared" && -d "$shared" ]]; then
  shared="$(cd "$shared" && pwd)"
  shared_opt=("-Dhtmlrewriter.shared=$shared")
  say "shared folder: $shared"
else
  say "NOTE: ../shared not found: no corpus (generated pages only), no lol-html comparison."
fi

# 3. lol-html through Bun's HTMLRewriter, on the same pages (optional).
lol_args=()
if [[ $lolhtml == 1 ]]; then
  oracle="${ORACLE_DIR:-$HOME/oracle}"
  bun="${BUN:-}"
  if [[ -z "$bun" ]]; then
    if [[ -x "$oracle/node_modules/.bin/bun" ]]; then bun="$oracle/node_modules/.bin/bun";
    elif command -v bun >/dev/null 2>&1; then bun="$(command -v bun)"; fi
  fi
  if [[ -n "$bun" && -f "$oracle/bench-bun.js" ]]; then
    workloads=P0,S1,S2,S3,S4,S5,R1,R2,R3,T1  # every workload of the ratio table (lol-html has no T2)
    if [[ -n "$quick" ]]; then
      bun_opts=(--modes=ab --workloads=$workloads --samples=3 --sampleMs=100 --warmupMs=100 --globalWarmupMs=500)
    else
      bun_opts=(--modes=ab --workloads=$workloads --samples=5 --sampleMs=200 --warmupMs=200 --globalWarmupMs=1500)
    fi
    # Exactly the benchmark's pages (BenchInputs.CORPUS_PAGES), whatever else the folder holds.
    files="$("$java" -cp "$jar" org.htmlrewriter.bench.BenchInputs --corpus-pages)"
    missing=""
    for f in ${files//,/ }; do [[ -n "$shared" && -f "$shared/corpus/$f" ]] || missing="$missing $f"; done
    if [[ -z "$missing" ]]; then
      say "lol-html (Bun $("$bun" --version)) on the corpus ($files) ..."
      "$bun" "$oracle/bench-bun.js" --corpus="$shared/corpus" --files="$files" "${bun_opts[@]}" \
        > "$results/lolhtml-corpus.tsv" 2>>"$log" && lol_args+=(--lolhtml "corpus=$results/lolhtml-corpus.tsv") \
        || say "NOTE: lol-html run on the corpus failed (see $log)"
    else
      say "NOTE: corpus page(s) not found:$missing; lol-html not run on the corpus."
    fi
    if [[ -z "$quick" || ${#lol_args[@]} -eq 0 ]]; then
      gen_dir="$(mktemp -d)"
      files="$("$java" -cp "$jar" org.htmlrewriter.bench.BenchInputs "$gen_dir")"
      say "lol-html on the generated pages ..."
      "$bun" "$oracle/bench-bun.js" --corpus="$gen_dir" --files="$files" "${bun_opts[@]}" \
        > "$results/lolhtml-generated.tsv" 2>>"$log" && lol_args+=(--lolhtml "generated=$results/lolhtml-generated.tsv") \
        || say "NOTE: lol-html run on the generated pages failed (see $log)"
      rm -rf "$gen_dir"
    fi
  else
    say "NOTE: bun or the oracle not found (install: see ../shared/oracle/README.md); lol-html not compared."
  fi
fi

# 4. Latency, held input, retained memory, and the heap a long stream needs (outside JMH).
rm -f "$results/latency-memory.md" "$results/stream-heap.md"
probe_rc=0; "$java" -cp "$jar" org.htmlrewriter.bench.api.LatencyMemoryProbe >/dev/null 2>&1 || probe_rc=$?
if [[ $probe_rc == 2 ]]; then  # exit 2 = its usage message: the API benchmarks are in the jar
  say "latency and memory probe ..."
  "$java" "${shared_opt[@]}" -Xmx512m -cp "$jar" org.htmlrewriter.bench.api.LatencyMemoryProbe latency "$results" \
    2>&1 | tee -a "$log" || say "NOTE: latency probe failed"
  if [[ -n "$quick" ]]; then stream_bytes=100000000; else stream_bytes=1000000000; fi
  for heap in 8 16 32 64 256; do
    say "R3 over a ${stream_bytes}-byte generated stream with -Xmx${heap}m ..."
    if out="$("$java" -Xmx${heap}m -cp "$jar" org.htmlrewriter.bench.api.LatencyMemoryProbe stream "$stream_bytes" 2>&1)"; then
      say "$out"
      printf '## Heap for a long stream\n\nR3 over one generated document of %s bytes, 1 KiB chunks: completes with `-Xmx%sm` (smallest of 8/16/32/64/256 MiB tried). %s\n\n' \
        "$stream_bytes" "$heap" "$out" > "$results/stream-heap.md"
      break
    fi
    say "  failed with -Xmx${heap}m: $(echo "$out" | grep -m1 -E 'Error|Exception' || true)"
  done
fi

# 5. The JMH suite and the report.
say "JMH suite ${quick:-(full)} ..."
"$java" "${shared_opt[@]}" -cp "$jar" org.htmlrewriter.bench.BenchMain $quick --results "$results" "${lol_args[@]}" \
  2>&1 | tee -a "$log"
say "done: $results/latest.md"
if [[ -n "$quick" ]]; then
  say "QUICK RUN: smoke-test numbers, not comparable with a full run (benchmarks/results/ untouched)"
fi
