#!/usr/bin/env bash
# Runs the htmlrewriter benchmark suite next to its alternatives and writes
#   benchmarks/results/latest.json  (JMH JSON, every run)
#   benchmarks/results/latest.md    (tables: MB/s per workload per engine, ratios, chunk sizes, allocation)
#   benchmarks/results/latest.svg   (bar chart, MB/s per workload per engine)
#   benchmarks/results/latest.log   (console output)
#
# Usage: benchmarks/run.sh [--quick] [--no-build] [--no-lolhtml]
#   --quick       development run, under 2 minutes on 2 cores (fewer workloads, one input set, tiny iterations)
#   --no-build    use the existing benchmarks/target/benchmarks.jar
#   --no-lolhtml  skip the lol-html (Bun) comparison
# Full run: under 10 minutes on 2 cores (fork 1, short iterations). Absolute numbers depend on the machine and
# on whatever else runs; compare ratios measured in one run.
#
# Environment: HTMLREWRITER_SHARED=DIR (the ../shared folder: corpus and oracle), BUN=path/to/bun, BENCH_JAR=jar,
#              ORACLE_DIR=DIR (installed copy of ../shared/oracle, default ~/oracle), JAVA=path/to/java.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
quick=""
build=1
lolhtml=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick="--quick" ;;
    --no-build) build=0 ;;
    --no-lolhtml) lolhtml=0 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

java="${JAVA:-java}"
jar="${BENCH_JAR:-$here/target/benchmarks.jar}"
results="$here/results"
mkdir -p "$results"
log="$results/latest.log"
: > "$log"
say() { echo "$*" | tee -a "$log"; }

# 1. Build if the jar is missing or older than any source of the modules it contains.
if [[ $build == 1 ]]; then
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$repo/pom.xml" "$here/pom.xml" "$here/src/main" "$repo/rewriter-core/src/main" \
        "$repo/rewriter-selectors/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
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
    if [[ -n "$quick" ]]; then
      bun_opts=(--modes=ab --workloads=P0,S2,R3 --samples=3 --sampleMs=150 --warmupMs=150 --globalWarmupMs=500)
    else
      bun_opts=(--modes=ab --workloads=P0,S1,S2,S3,S4,S5,R1,R2,R3,T1 --samples=5 --sampleMs=200 --warmupMs=200 \
                --globalWarmupMs=1500)
    fi
    if [[ -n "$shared" && -d "$shared/corpus" ]] && ls "$shared/corpus"/*.html >/dev/null 2>&1; then
      files="$(cd "$shared/corpus" && ls *.html | paste -sd, -)"
      say "lol-html (Bun $("$bun" --version)) on the corpus ..."
      "$bun" "$oracle/bench-bun.js" --corpus="$shared/corpus" --files="$files" "${bun_opts[@]}" \
        > "$results/lolhtml-corpus.tsv" 2>>"$log" && lol_args+=(--lolhtml "corpus=$results/lolhtml-corpus.tsv") \
        || say "NOTE: lol-html run on the corpus failed (see $log)"
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
