#!/usr/bin/env bash
# Audit of issue 15 ("bad input, signals and stalls"): runs every concrete
# case the issue lists under "What we measured", plus other malformed inputs,
# against the built CLI (node dist/cli/numasim.js) and prints, for each case,
# a header with the case and the command, then the exit status, the first
# lines of stdout and stderr, and the files the command left behind.
#
#   npm run build && bash tools/audit/issue15-audit.sh            # every case
#   bash tools/audit/issue15-audit.sh 'E[0-9]'                    # cases whose id matches
#   AUDIT_LINES=20 bash tools/audit/issue15-audit.sh C1           # more output lines
#
# Everything runs in a temporary folder that is removed at the end. Long
# commands are kept short (small --runs, timeout, signals after ~2 s).
# Not covered: the 64 agents x 100,000 accesses memory case (a long soak;
# see the soak-64 bench scenario and docs/performance.md).
set -u
set -m # background jobs keep SIGINT (non-interactive bash would ignore it in them)

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CLI="$REPO/dist/cli/numasim.js"
if [ ! -f "$CLI" ]; then
  echo "issue15-audit: $CLI missing; run npm run build first" >&2
  exit 2
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/numasim-audit15-XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
LINES_SHOWN=${AUDIT_LINES:-6}
ONLY=${1:-.}
FIX="$WORK/fixtures"
mkdir -p "$FIX"

export REPO CLI
numasim() { node "$CLI" "$@"; }

selected() { [[ "$1" =~ $ONLY ]]; }

# Files under the current folder, with sizes (what a command left behind).
snapshot() { find . -mindepth 1 -printf '%p %s\n' 2>/dev/null | sort; }

# indent FILE: the first LINES_SHOWN lines of FILE, indented, then a count of the rest.
indent() {
  local n
  n=$(wc -l <"$1")
  [ -s "$1" ] && [ -n "$(tail -c1 "$1")" ] && n=$((n + 1))
  head -n "$LINES_SHOWN" "$1" | cut -c1-220 | sed 's/^/    | /'
  [ "$n" -gt "$LINES_SHOWN" ] && echo "    | … ($((n - LINES_SHOWN)) more line(s))"
  return 0
}

# report ID TITLE STATUS SECONDS: prints a case's result from $D/.out, $D/.err and the snapshots.
report() {
  local id=$1 title=$2 status=$3 secs=$4
  echo "    exit $status (${secs} s)"
  if [ -s "$D/.out" ]; then
    echo "    stdout ($(wc -l <"$D/.out") line(s)):"
    indent "$D/.out"
  else echo "    stdout: (empty)"; fi
  if [ -s "$D/.err" ]; then
    echo "    stderr ($(wc -l <"$D/.err") line(s)):"
    indent "$D/.err"
    grep -qE '^\s+at .*(\.js|\.ts|node:)' "$D/.err" && echo "    !! stack trace on stderr"
  else echo "    stderr: (empty)"; fi
  local added
  added=$(cd "$D" && comm -13 .before <(snapshot | grep -v '^\./\.\(out\|err\|before\)'))
  if [ -n "$added" ]; then
    echo "    new files:"
    echo "$added" | sed 's/^/      /'
  else echo "    new files: none"; fi
  echo
}

# prep ID: a fresh folder for case ID with the fixtures copied in; sets D.
prep() {
  D="$WORK/case-$1"
  rm -rf "$D"
  mkdir -p "$D"
  cp -r "$FIX"/. "$D"/
}

# show ID TITLE [SECONDS] -- ARGS…: runs numasim ARGS in a fresh folder (killed after SECONDS, default 120).
show() {
  local id=$1 title=$2 limit=120
  shift 2
  if [ "$1" != "--" ]; then
    limit=$1
    shift
  fi
  shift
  selected "$id" || return 0
  prep "$id"
  echo "=== [$id] $title"
  printf '  $ numasim'
  printf ' %q' "$@"
  echo
  (cd "$D" && snapshot | grep -v '^\./\.\(out\|err\|before\)' >.before)
  local t0 t1 status
  t0=$(date +%s.%N)
  (cd "$D" && timeout -s KILL "$limit" node "$CLI" "$@" >.out 2>.err)
  status=$?
  t1=$(date +%s.%N)
  [ "$status" = 137 ] && echo "    !! killed after ${limit} s (hang?)"
  report "$id" "$title" "$status" "$(printf '%.1f' "$(echo "$t1 - $t0" | bc)")"
}

# showsh ID TITLE SCRIPT: runs a shell snippet (with numasim defined) in a fresh folder.
showsh() {
  local id=$1 title=$2 body=$3
  selected "$id" || return 0
  prep "$id"
  echo "=== [$id] $title"
  echo "$body" | sed 's/^/  $ /'
  (cd "$D" && snapshot | grep -v '^\./\.\(out\|err\|before\)' >.before)
  local t0 t1 status
  t0=$(date +%s.%N)
  (cd "$D" && CLI="$CLI" timeout -s KILL 300 bash -c "numasim() { node \"\$CLI\" \"\$@\"; }; $body" >.out 2>.err)
  status=$?
  t1=$(date +%s.%N)
  report "$id" "$title" "$status" "$(printf '%.1f' "$(echo "$t1 - $t0" | bc)")"
}

# signal ID TITLE SIGNAL AFTER -- ARGS…: starts numasim ARGS, sends SIGNAL after AFTER seconds,
# reports how long it took to exit after the signal.
signal() {
  local id=$1 title=$2 sig=$3 after=$4
  shift 5
  selected "$id" || return 0
  prep "$id"
  echo "=== [$id] $title"
  printf '  $ numasim'
  printf ' %q' "$@"
  echo "   # then kill -$sig after ${after} s"
  (cd "$D" && snapshot | grep -v '^\./\.\(out\|err\|before\)' >.before)
  local pid status t0 t1 tmps
  (cd "$D" && exec node "$CLI" "$@" >.out 2>.err) &
  pid=$!
  sleep "$after"
  tmps=$(cd "$D" && find . -name '*.tmp*' | tr '\n' ' ')
  [ -n "$tmps" ] && echo "    temp files while running: $tmps"
  t0=$(date +%s.%N)
  kill -s "$sig" "$pid" 2>/dev/null || echo "    (process had already exited)"
  (sleep 60 && kill -s KILL "$pid" 2>/dev/null) &
  local guard=$!
  wait "$pid"
  status=$?
  t1=$(date +%s.%N)
  kill "$guard" 2>/dev/null
  wait "$guard" 2>/dev/null
  echo "    exited $(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s after the signal"
  report "$id" "$title" "$status" "-"
}

# tty ID TITLE SIGNAL AFTER -- ARGS…: as signal, on a pseudo-terminal (script(1)); shows escape sequences.
tty() {
  local id=$1 title=$2 sig=$3 after=$4
  shift 5
  selected "$id" || return 0
  prep "$id"
  echo "=== [$id] $title"
  printf '  $ numasim'
  printf ' %q' "$@"
  echo "   # on a terminal; kill -$sig after ${after} s"
  (cd "$D" && snapshot | grep -v '^\./\.\(out\|err\|before\)' >.before)
  local cmd status
  cmd="timeout --foreground --preserve-status -s $sig $after node $(printf '%q ' "$CLI" "$@")"
  (cd "$D" && COLUMNS=100 script -qec "$cmd" /dev/null >.raw 2>.err </dev/null)
  status=$?
  # Make the terminal control sequences visible: ESC[?25l hide cursor, ESC[?25h show, ESC[?7l/h wrap.
  sed -e 's/\x1b\[?25l/<hide-cursor>/g; s/\x1b\[?25h/<show-cursor>/g; s/\x1b\[?7l/<wrap-off>/g; s/\x1b\[?7h/<wrap-on>/g' \
    -e 's/\x1b\[[0-9;]*[A-Za-z]/<esc>/g' -e 's/\r/\n/g' "$D/.raw" | grep -v '^\s*$' >"$D/.out"
  local last
  last=$(grep -o '<hide-cursor>\|<show-cursor>' "$D/.out" | tail -1)
  echo "    last cursor sequence: ${last:-none}; wrap: $(grep -o '<wrap-off>\|<wrap-on>' "$D/.out" | tail -1)"
  rm -f "$D/.raw"
  report "$id" "$title" "$status" "-"
}

# ---------------------------------------------------------------- fixtures
if true; then
  (cd "$FIX" && numasim fuzz --fault skip-flush --seed 1 --runs 300 --failure-file good.json >/dev/null 2>&1)
  (cd "$FIX" && numasim fuzz --fault skip-flush --seed 1 --runs 30 --shard 1/2 --json >shard1.json 2>/dev/null)
  (cd "$FIX" && numasim fuzz --fault skip-flush --seed 1 --runs 30 --shard 2/2 --json >shard2.json 2>/dev/null)
  (cd "$FIX" && numasim fuzz --seed 2 --runs 30 --shard 1/2 --json >other-shard1.json 2>/dev/null)
  [ -s "$FIX/good.json" ] || echo "!! fixture good.json not written" >&2
fi
config() { printf '%s' "$2" >"$FIX/$1"; }
config l2-neg.json '{"components":{"l2":{"totalBytes":-1}}}'
config l2-3.json '{"components":{"l2":{"totalBytes":3}}}'
config l2-1e15.json '{"components":{"l2":{"totalBytes":1e15}}}'
config l2-ways0.json '{"components":{"l2":{"ways":0}}}'
config l1-total0.json '{"components":{"l1":{"totalBytes":0}}}'
config l1tlb-sets0.json '{"components":{"l1tlb":{"numSets":0}}}'
config line3.json '{"components":{"l1":{"lineSize":3}}}'
config typo.json '{"components":{"l2":{"totlBytes":8192}}}'
config string.json '{"components":{"l2":{"totalBytes":"8192"}}}'
config neglat.json '{"components":{"l2":{"bankLatency":-5}}}'
config neglat-mmu.json '{"components":{"mmu":{"latency":-1}}}'
config indexing.json '{"components":{"l1":{"indexing":"xor"}}}'
config tlb1.json '{"components":{"l1tlb":{"latency":1}}}'
config seed5.json '{"seed":5,"accesses":200}'
config maxcycles.json '{"maxCycles":5000000}'
config bad-json.json '{"agents": 2,'
config array.json '[{"agents":2}]'
config null.json 'null'
config empty.json ''
config top-typo.json '{"agnets":2}'
config float.json '{"agents":1.5}'
config bom.json $'\xef\xbb\xbf{"agents":2,"accesses":100}'
mkdir -p "$FIX/a-dir"

# ------------------------------------------------------------ A. stack traces, leftover files
echo "############ A. stack traces and leftover files"
show A1 "run --trace '' (empty trace path)" -- run --trace '' --seed 1 --accesses 100
show A2 "replay --trace '' (empty trace path)" -- replay good.json --trace ''
show A3 "fuzz --failure-file DIR (a directory)" -- fuzz --fault skip-flush --seed 1 --runs 300 --failure-file a-dir
show A4 "fuzz --failure-file missing/dir/f.json" -- fuzz --fault skip-flush --seed 1 --runs 300 --failure-file missing/dir/f.json

# ------------------------------------------------------------ B. config overrides
echo "############ B. config overrides"
show B1 "config components.l2.totalBytes -1" -- run --config l2-neg.json --accesses 50
show B2 "config components.l2.totalBytes 3" -- run --config l2-3.json --accesses 50
show B3 "config components.l2.totalBytes 1e15" -- run --config l2-1e15.json --accesses 50
show B4 "config components.l2.ways 0" -- run --config l2-ways0.json --accesses 50
show B5 "config components.l1.totalBytes 0" -- run --config l1-total0.json --accesses 50
show B6 "config components.l1tlb.numSets 0" -- run --config l1tlb-sets0.json --accesses 50
show B7 "config components.l1.lineSize 3" -- run --config line3.json --accesses 50
show B8 "config typo key totlBytes" -- run --config typo.json --accesses 50
show B9 'config string "8192"' -- run --config string.json --accesses 50
show B10 "config negative latency (l2.bankLatency -5)" -- run --config neglat.json --accesses 50
show B11 "config negative latency (mmu.latency -1)" -- run --config neglat-mmu.json --accesses 50
show B12 "config unknown indexing value" -- run --config indexing.json --accesses 50
show B13 "config TLB latency 1" -- run --config tlb1.json --accesses 50
showsh B14 "config seed honoured: {seed:5} gives the run of --seed 5" \
  'numasim run --config seed5.json --json | node -pe "JSON.parse(require(\"fs\").readFileSync(0)).traceHash"
numasim run --seed 5 --accesses 200 --json | node -pe "JSON.parse(require(\"fs\").readFileSync(0)).traceHash"'
showsh B15 "a run's --json config fed back through --config gives the same run" \
  'numasim run --accesses 200 --json >a.json
node -e "const r=require(\"./a.json\"); require(\"fs\").writeFileSync(\"c.json\", JSON.stringify(r.config))"
numasim run --config c.json --json >b.json
node -e "const a=require(\"./a.json\"), b=require(\"./b.json\"); console.log(\"seed\", a.config.seed, b.config.seed, \"trace\", a.traceHash, b.traceHash, a.traceHash===b.traceHash ? \"SAME\" : \"DIFFERENT\")"
rm -f a.json b.json c.json'

# ------------------------------------------------------------ C. silent hangs
echo "############ C. silent hangs"
show C1 "run --plan ' drain-robs , copy ' (ROBs never re-enabled: watchdog must fire)" 180 -- run --plan ' drain-robs , copy ' --seed 1
show C1b "run --plan without enable-all (agents stall for good: the watchdog must fire, naming stuck components)" 180 -- run --plan drain-robs,pause-rest,flush-l2,copy,repoint,invalidate --seed 1
show C2 "fuzz --ranges 1099511627776" 30 -- fuzz --ranges 1099511627776 --runs 5
signal C3 "fuzz --ranges 2147483648 (the cap) answers SIGINT" SIGINT 3 -- fuzz --ranges 2147483648 --runs 50 --seed 1
showsh C4 "Simulation.runUntil has a cap (library): its signature and the capped flag" \
  'node -e "
const { Simulation } = require(process.env.REPO + \"/dist\");
console.log(Simulation.prototype.runUntil.toString().split(\"\\n\")[0]);
console.log(\"capped flag documented:\", require(\"fs\").readFileSync(process.env.REPO + \"/dist/streams/kernel/simulation.d.ts\", \"utf8\").includes(\"capped\"));
"'

# ------------------------------------------------------------ D. nonsense accepted
echo "############ D. nonsense accepted"
show D1 "run --plan ''" -- run --plan '' --accesses 50
show D2 "run --report r.html --trace r.html" -- run --report r.html --trace r.html --accesses 50
show D3 "orderings --steps ''" -- orderings --steps ''
show D4 "orderings --steps drain-robs,drain-robs" -- orderings --steps drain-robs,drain-robs
show D5 "replay --seed 1 --path 999999:0:0" -- replay --seed 1 --path 999999:0:0
show D6 "replay f.json --fault X (flag the file overrides)" -- replay good.json --fault skip-invalidate
show D7 "replay f.json --fault bogus" -- replay good.json --fault bogus
showsh D8 "reproduce line of a failing run with maxCycles in its config keeps it, and reproduces" \
  'numasim run --config maxcycles.json --fault skip-flush --seed 1 | grep reproduce
line=$(numasim run --config maxcycles.json --fault skip-flush --seed 1 | sed -n "s/^ *reproduce: npx numasim //p")
echo "re-running: $line"
eval "numasim $line" | grep -E "^(PASS|FAIL)|trace "'

# ------------------------------------------------------------ E. signals
echo "############ E. signals"
signal E1 "SIGTERM to fuzz --time 60" SIGTERM 2 -- fuzz --time 60 --seed 1
signal E2 "SIGINT to fuzz --time 60" SIGINT 2 -- fuzz --time 60 --seed 1
signal E3 "SIGTERM to fuzz --json --runs 100000" SIGTERM 2 -- fuzz --runs 100000 --seed 1 --json
signal E4 "SIGINT to fuzz --keep-going with a fault (failure files complete)" SIGINT 3 -- fuzz --fault skip-flush --keep-going --runs 100000 --seed 1
signal E5 "SIGINT to orderings (partial table)" SIGINT 3 -- orderings --seed 1 --jobs 1
signal E6 "SIGTERM to orderings --json" SIGTERM 3 -- orderings --seed 1 --json --jobs 1
signal E7 "SIGINT to orderings --jobs 2" SIGINT 3 -- orderings --seed 1 --jobs 2
signal E8 "SIGINT to teeth (partial rows)" SIGINT 3 -- teeth
signal E9 "SIGTERM to teeth --json (interrupted marker?)" SIGTERM 3 -- teeth --json
signal E10 "SIGINT to run --trace t.json (no leftover .tmp)" SIGINT 2 -- run --trace t.json --accesses 200000 --seed 1
signal E11 "SIGTERM to run --trace t.json (no leftover .tmp)" SIGTERM 2 -- run --trace t.json --accesses 200000 --seed 1
signal E12 "SIGTERM to run --report r.html" SIGTERM 2 -- run --report r.html --accesses 200000 --seed 1
signal E13 "SIGINT to replay --trace (a recorded failure replays in well under a second: likely done first)" SIGINT 1 -- replay good.json --trace t.json
signal E14 "SIGINT to compare-plans" SIGINT 2 -- compare-plans drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all --seed 1
tty E15 "SIGINT to run on a terminal (cursor and line wrap restored)" INT 3 -- run --accesses 200000 --seed 1
tty E16 "SIGINT to fuzz on a terminal" INT 2 -- fuzz --time 60 --seed 1

# ------------------------------------------------------------ F. CLI conventions
echo "############ F. CLI conventions"
show F1 "--version" -- --version
show F2 "help" -- help
show F3 "help run" -- help run
show F4 "numasim fuz (mistyped subcommand)" -- fuz
show F5 "numasim replya (mistyped subcommand)" -- replya
show F6 "error style: unknown option" -- run --bogus
show F7 "error style: bad number" -- fuzz --runs x
show F8 "error style: missing argument" -- run --seed
show F9 "--oracle bogus (run)" -- run --oracle bogus
show F10 "--oracle bogus (fuzz)" -- fuzz --oracle bogus
show F11 "run --seed -1" -- run --seed -1
show F12 "fuzz --seed -1" -- fuzz --seed -1
show F13 "orderings --seed -1" -- orderings --seed -1
showsh F14 "orderings seed default: random, printed in the heading (two runs, killed at 4 s)" \
  'for i in 1 2; do timeout -s INT 4 node "$CLI" orderings --jobs 1 2>&1 | grep -i -m1 seed; done'
showsh F15 "help shows examples and exit codes (run, fuzz, replay, orderings, teeth, compare-plans, merge)" \
  'numasim --help | grep -c -E "^Examples:|^Exit status"
for c in run fuzz replay orderings teeth compare-plans merge; do printf "%s: " $c; numasim help $c | grep -c -E "Exit status|Examples"; done'
show F16 "reproduce line says npx numasim" -- run --fault skip-flush --seed 1
show F17 "fuzz replay lines say npx numasim" -- fuzz --fault skip-flush --seed 1 --runs 300 --failure-file f.json
showsh F18 "seed printed once (run with a random seed; stdout+stderr)" \
  'numasim run --accesses 100 >o.txt 2>e.txt; echo "stdout mentions of seed: $(grep -ci seed o.txt)"; echo "stderr: $(cat e.txt)"; rm o.txt e.txt
numasim fuzz --runs 20 >o.txt 2>e.txt; echo "fuzz stdout mentions of seed: $(grep -ci seed o.txt)"; echo "stderr: $(cat e.txt)"; rm o.txt e.txt'
showsh F19 "digit grouping: numbers of 5+ digits without separators in run --stats / fuzz / summary" \
  'numasim run --seed 1 --stats >o.txt; grep -nE "(^|[^0-9a-fx.,:])[0-9]{5,}([^0-9]|$)" o.txt | grep -v -E "trace [0-9a-f]{16}" | head; echo "(grouped numbers: $(grep -oE "[0-9]{1,3}(,[0-9]{3})+" o.txt | wc -l))"; rm o.txt'
tty F20 "fuzz --time 6 progress by time on a terminal" INT 3 -- fuzz --time 6 --seed 1
tty F21 "orderings progress on a terminal" INT 4 -- orderings --seed 1 --jobs 1
tty F22 "teeth progress on a terminal" INT 4 -- teeth
signal F23 "fuzz --time plain progress lines (not a terminal)" SIGINT 4 -- fuzz --time 6 --seed 1

# ------------------------------------------------------------ G. embedding
echo "############ G. embedding"
showsh G1 "simulate({agents:-1}) errors on subscribe, not at call time" \
  'REPO_DIST='"$REPO"'/dist node -e "
const { simulate } = require(process.env.REPO_DIST);
let o; try { o = simulate({ agents: -1 }); console.log(\"call: no throw\"); } catch (e) { console.log(\"call threw:\", e.message); process.exit(1); }
o.subscribe({ next: () => {}, error: (e) => console.log(\"error channel:\", e.constructor.name, e.message), complete: () => console.log(\"completed?!\") });
"'
showsh G2 "simulate(..., {errorOnFailure:true}) errors when the run fails" \
  'REPO_DIST='"$REPO"'/dist node -e "
const { simulate } = require(process.env.REPO_DIST);
simulate({ seed: 1, faults: [\"skip-flush\"] }, { errorOnFailure: true }).subscribe({ error: (e) => console.log(\"error channel:\", e.constructor.name, e.message.split(\"\\n\")[0]), complete: () => console.log(\"completed?!\") });
"'
showsh G3 "scheduler slices bounded: a 10 ms interval keeps firing during an async run" \
  'REPO_DIST='"$REPO"'/dist node -e "
const { simulate } = require(process.env.REPO_DIST);
const { asyncScheduler } = require(process.env.REPO + \"/node_modules/rxjs\");
let ticks = 0; const iv = setInterval(() => ticks++, 10); const t0 = process.hrtime.bigint();
simulate({ seed: 1, accesses: 300 }, { scheduler: asyncScheduler }).subscribe({ complete: () => { clearInterval(iv); const ms = Number(process.hrtime.bigint() - t0) / 1e6; console.log(\"run\", Math.round(ms), \"ms,\", ticks, \"ticks of 10 ms (ideal\", Math.floor(ms / 10) + \")\"); } });
"'
showsh G4 "README's embedding section states the TypeScript settings" \
  'grep -n -i -E "node16|nodenext|moduleResolution|bundler" '"$REPO"'/README.md | head -5'

# ------------------------------------------------------------ H. packaging
echo "############ H. packaging"
showsh H1 "LICENSE file" 'ls -l '"$REPO"'/LICENSE && head -3 '"$REPO"'/LICENSE'
showsh H2 "pack contents (npm pack --dry-run --ignore-scripts): anything beyond dist/ runtime code?" \
  'cd '"$REPO"' && npm pack --dry-run --ignore-scripts --json 2>/dev/null | node -e "
const [p] = JSON.parse(require(\"fs\").readFileSync(0));
const files = p.files.map((f) => f.path);
console.log(files.length, \"files,\", p.size, \"bytes packed\");
console.log(\"top level:\", [...new Set(files.map((f) => f.split(\"/\").slice(0, f.startsWith(\"dist/\") ? 2 : 1).join(\"/\")))].join(\" \"));
console.log(\"bench/screenshot/tools/test files:\", files.filter((f) => /bench|screenshot|tools\\/|test\\//.test(f)).length);
"'
echo "(H3: the packed manifest has no prepare script and installs without warnings: test/package-install.test.ts)"
echo "(I: 64 agents x 100,000 accesses memory: not run here, a long soak; see bench soak-64 and docs/performance.md)"
echo

# ------------------------------------------------------------ X. other malformed inputs (not in the issue)
echo "############ X. other malformed inputs"
show X1 "config: malformed JSON" -- run --config bad-json.json
show X2 "config: an array" -- run --config array.json
show X3 "config: null" -- run --config null.json
show X4 "config: empty file" -- run --config empty.json
show X5 "config: a directory" -- run --config a-dir
show X6 "config: missing file" -- run --config nope.json
show X7 "config: top-level typo (agnets)" -- run --config top-typo.json
show X8 "config: agents 1.5" -- run --config float.json
show X9 "config: UTF-8 BOM (valid otherwise)" -- run --config bom.json
showsh X10 "replay: truncated failure file" 'head -c 300 good.json >t.json; node "$CLI" replay t.json; echo "exit $?"; rm t.json'
show X11 "replay: a directory" -- replay a-dir
show X12 "replay: a shard result instead of a failure file" -- replay shard1.json
show X13 "replay: missing file" -- replay nope.json
show X14 "replay: file and --seed/--path together" -- replay good.json --seed 1 --path 0
show X15 "replay: --seed without --path" -- replay --seed 1
show X16 "fuzz --jobs 0" -- fuzz --jobs 0 --runs 5
show X17 "fuzz --jobs 1000" -- fuzz --jobs 1000 --runs 5 --seed 1
show X18 "fuzz --shard 0/3" -- fuzz --shard 0/3 --runs 30 --seed 1
show X19 "fuzz --shard 3/2" -- fuzz --shard 3/2 --runs 30 --seed 1
show X20 "fuzz --shard 1/3 without --seed" -- fuzz --shard 1/3 --runs 30
show X21 "fuzz --shard 1/0" -- fuzz --shard 1/0 --runs 30 --seed 1
show X22 "fuzz --shard abc" -- fuzz --shard abc --runs 30 --seed 1
showsh X23 "fuzz with NUMASIM_SHARDS=abc JOB_COMPLETION_INDEX=0" 'NUMASIM_SHARDS=abc JOB_COMPLETION_INDEX=0 node "$CLI" fuzz --runs 30 --seed 1; echo "exit $?"'
showsh X24 "fuzz with JOB_COMPLETION_INDEX=5 NUMASIM_SHARDS=3" 'NUMASIM_SHARDS=3 JOB_COMPLETION_INDEX=5 node "$CLI" fuzz --runs 30 --seed 1; echo "exit $?"'
showsh X25 "merge: a non-JSON file" 'echo "hello" >n.txt; node "$CLI" merge n.txt shard1.json; echo "exit $?"; rm n.txt'
show X26 "merge: shards of two different campaigns" -- merge shard1.json other-shard1.json
show X27 "merge: the same shard twice" -- merge shard1.json shard1.json
show X28 "merge: missing file" -- merge shard1.json nope.json
show X29 "merge: incomplete (1 of 2 shards)" -- merge shard1.json
show X30 "merge: a failure file (not a shard result)" -- merge good.json
showsh X31 "output in a folder that cannot be made (a file as folder) for --trace, --report, --failure-file" \
  'node "$CLI" run --accesses 50 --trace good.json/t.json; echo "exit $?"
node "$CLI" run --accesses 50 --report good.json/r.html; echo "exit $?"
node "$CLI" fuzz --fault skip-flush --seed 1 --runs 300 --failure-file good.json/f.json; echo "exit $?"'
# never /dev/stdout or /dev/null themselves: a build that renames a temporary file over its
# target would replace them (as root); a symlink to fd 1 and a FIFO in the temp folder stand in.
showsh X32 "--json with --report to a symlink to standard output (as /dev/stdout is)" \
  'ln -s /proc/self/fd/1 out-link
node "$CLI" run --accesses 50 --json --report out-link | cut -c1-60 | head -3; echo "exit ${PIPESTATUS[0]}"
[ -L out-link ] && echo "out-link still a symlink" || echo "out-link REPLACED by a regular file"; rm out-link'
showsh X33 "--trace and --report into a FIFO (a named pipe), read by cat" \
  'mkfifo t.fifo r.fifo
(timeout 20 cat t.fifo | wc -c >t.count) & (timeout 20 cat r.fifo | wc -c >r.count) &
node "$CLI" run --accesses 50 --trace t.fifo --report r.fifo --seed 1 | tail -2; echo "exit ${PIPESTATUS[0]}"
wait; echo "bytes through the trace FIFO: $(cat t.count), report FIFO: $(cat r.count)"
for f in t.fifo r.fifo; do [ -p $f ] && echo "$f still a FIFO" || echo "$f REPLACED by a regular file"; done
rm -f t.fifo r.fifo t.count r.count'
showsh X33b "--report to a symlink to a file elsewhere (the link must stay a link)" \
  'mkdir -p elsewhere; ln -s elsewhere/r.html r-link.html
node "$CLI" run --accesses 50 --report r-link.html --seed 1 | tail -1
[ -L r-link.html ] && echo "r-link.html still a symlink; target $(wc -c <elsewhere/r.html) bytes" || echo "r-link.html REPLACED by a regular file"
rm -rf elsewhere r-link.html'
show X34 "--accesses 1e309" -- run --accesses 1e309
show X35 "--accesses 0x10 (hex)" -- run --accesses 0x10
show X36 "--accesses 1.5" -- run --accesses 1.5
show X37 "--accesses 1e3 (exponent, integral)" -- run --accesses 1e3 --seed 1
show X38 "--seed 9007199254740993 (beyond 2^53)" -- run --seed 9007199254740993 --accesses 50
show X39 "--trace-window 5:3 (end before start)" -- run --accesses 50 --trace t.json --trace-window 5:3
show X40 "--trace-sample 0" -- run --accesses 50 --trace t.json --trace-sample 0
show X41 "--trace-window without --trace" -- run --accesses 50 --trace-window 0:100
show X42 "--max-address 3" -- run --max-address 3
show X43 "fuzz --time 0" -- fuzz --time 0
show X44 "fuzz --time -1" -- fuzz --time -1
show X45 "fuzz --runs 0" -- fuzz --runs 0 --seed 1
show X46 "fuzz --ranges 256,,4096" -- fuzz --ranges 256,,4096 --runs 5
show X47 "run --fault skip-flush --fault skip-flush (duplicate)" -- run --fault skip-flush --fault skip-flush --seed 1 --accesses 50
show X48 "compare-plans with the same plan twice / an unknown step" -- compare-plans copy teleport --seed 1
show X49 "compare-plans --devices 1" -- compare-plans drain-robs,copy,enable-all copy --devices 1 --fuzz-runs 0
show X50 "run extra positional argument" -- run extra
show X51 "orderings --steps with 9 steps (9! orderings)" -- orderings --steps drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all,flush-page,drain-page --seed 1 --max-runs 1
show X52 "teeth --seeds 0" -- teeth --seeds 0
show X53 "--config and --report to the same file" -- run --config seed5.json --report seed5.json
show X54 "--trace equal to --config's file" -- run --config seed5.json --trace seed5.json
show X55 "replay --report good.json (overwriting the replayed file)" -- replay good.json --report good.json
show X56 "fuzz --failure-file '' (empty)" -- fuzz --fault skip-flush --seed 1 --runs 300 --failure-file ''
echo "audit done; temporary folder $WORK removed"
