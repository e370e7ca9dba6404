#!/usr/bin/env bash
# c2v-agent --shard and --collect without Slurm, against the scripted LLM
# server: two shards of one knowledge file in one output folder at the same
# time (each in its own PID namespace where the machine allows, so both have
# the same process id, as two nodes of a cluster may), sharing the TeX cache;
# a finished shard run again makes no call and renders nothing; --collect's
# summary, with a missing and a failed topic and the shards to run again; a
# shard count that disagrees with the folder is refused; the CLI's checks.
# usage: test_shard.sh PATH/TO/c2v-agent SOURCE_DIR
set -u
AGENT=$(realpath "$1")
SRC=$(realpath "$2")
. "$SRC/tests/common/checks.sh"
. "$SRC/tests/slurm/common.sh"
trap 'server_stop; rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
server_start || { echo "llm_server.py did not start" >&2; exit 1; }
export XDG_CACHE_HOME=$WORK/cache # the TeX cache both shards share
SECTION=$SRC/tests/slurm/fixtures/section_tex.json

rules=""
for i in 1 2 3 4 5; do rules+=$(topic_rules "Shard topic $i" "$SECTION"); done
scenario shard "{'rules': [$rules {'contains': 'Shard broken', 'responses': [{'reply': 'No JSON here.', 'usage': [2, 2]}]}],
  'responses': [{'status': 500, 'body': {'error': {'message': 'unexpected request'}}}]}"
scenario none "{'responses': [{'status': 500, 'body': {'error': {'message': 'no call was expected'}}}]}"
printf '["Shard topic 1", "Shard topic 2", "Shard topic 3", "Shard topic 4"]\n' >topics.json
# The same batch grown by two topics: a shard's topics stay its own.
printf '["Shard topic 1", "Shard topic 2", "Shard topic 3", "Shard topic 4", "Shard topic 5", "Shard broken"]\n' >topics6.json

agent() { # agent CONFIG NAME ARGS...: c2v-agent, stdout NAME.out, stderr NAME.err
  local config=$1 name=$2
  shift 2
  "$AGENT" --config "$WORK/config-$config.json" --api test --backoff_ms 10 --output CASES --folder_prefix sh \
    --video_quality l --no-audio "$@" >"$name.out" 2>"$name.err"
}
# Each shard in a PID namespace of its own when unshare can make one: both
# are then process 1, so temporary names made of the process id alone would
# collide in the shared cache.
NS=()
if unshare --pid --fork true 2>/dev/null; then NS=(unshare --pid --fork); else echo "note: no PID namespaces here (unshare failed): the shards run with distinct process ids" >&2; fi
spawn_shard() { # spawn_shard I: shard I/2 in the background
  "${NS[@]}" "$AGENT" --config "$WORK/config-shard.json" --api test --backoff_ms 10 --output CASES --folder_prefix sh \
    --video_quality l --no-audio --knowledge_file topics.json --shard "$1/2" >"shard$1.out" 2>"shard$1.err" &
}

# 1. Two shards at once, one output folder.
spawn_shard 0
p0=$!
spawn_shard 1
p1=$!
wait $p0
rc0=$?
wait $p1
rc1=$?
check "shard 0/2 exits 0 (got $rc0, see shard0.err)" [ $rc0 = 0 ]
check "shard 1/2 exits 0 (got $rc1, see shard1.err)" [ $rc1 = 0 ]
[ $rc0 = 0 ] || tail -20 shard0.err >&2
[ $rc1 = 0 ] || tail -20 shard1.err >&2
check "shard 0 ran topics 1 and 3" grep -q "shard 0/2: 2 topics" shard0.err
for i in 1 2 3 4; do
  dir=CASES/sh/$i-Shard_topic_$i
  shard=$(((i - 1) % 2))
  d=$(duration "$dir/Shard_topic_$i.mp4")
  check "topic $i: the MP4 decodes ($d s)" positive "$d"
  check "topic $i: usage.json ok" [ "$(jget "$dir/usage.json" 'd["status"]')" = ok ]
  check "topic $i: ran as shard $shard/2" [ "$(jget "$dir/usage.json" 'd["runs"][0]["shard"]')" = "$shard/2" ]
  check "topic $i: made by shard $shard's process" grep -q "\[$i Shard topic $i\] start" "shard$shard.err"
  check "topic $i: one outline call" [ "$(requests shard "Shard topic $i" 'Plan a short educational video')" = 1 ]
  check "topic $i: usage.json's row (1/1 sections)" [ "$(jget "$dir/usage.json" '[d["sections"], d["sections_ok"]]')" = "[1, 1]" ]
done
check "no run-level usage.json written by a shard" [ ! -e CASES/sh/usage.json ]
check "shard 0's usage file: topics 1 and 3" [ "$(jget CASES/sh/usage.shard-0-of-2.json 'sorted(d["topics"])')" = '["Shard topic 1", "Shard topic 3"]' ]
check "shard 1's usage file: topics 2 and 4" [ "$(jget CASES/sh/usage.shard-1-of-2.json 'sorted(d["topics"])')" = '["Shard topic 2", "Shard topic 4"]' ]
check "shard 0's calls: 6" [ "$(jget CASES/sh/usage.shard-0-of-2.json 'd["total"]["calls"]')" = 6 ]
check "no temporary file left in the output folder" [ -z "$(temp_left CASES)" ]
TEX_CACHE=cache/c2v/tex
check "no temporary file left in the TeX cache" [ -z "$(temp_left $TEX_CACHE)" ]
ncache=$(find $TEX_CACHE -name '*.svg' | wc -l)
check "the TeX cache holds the formula ($ncache files)" [ "$ncache" -ge 1 ]
check "every TeX cache file is a whole SVG" python3 -c '
import glob, sys, xml.etree.ElementTree as E
for p in glob.glob(sys.argv[1] + "/*.svg"):
    assert E.parse(p).getroot().tag.endswith("svg"), p' "$TEX_CACHE"
check "nothing but SVGs in the TeX cache" [ -z "$(find $TEX_CACHE -type f ! -name '*.svg')" ]

# 2. A finished shard again: no call, no render, the video untouched.
before=$(stat -c %Y.%y CASES/sh/1-Shard_topic_1/Shard_topic_1.mp4 CASES/sh/3-Shard_topic_3/sections/section-01.mp4)
agent none again --knowledge_file topics.json --shard 0/2 --resume
rc=$?
check "finished shard again exits 0 (got $rc, see again.err)" [ $rc = 0 ]
check "finished shard again: no LLM call" [ "$(requests none)" = 0 ]
check "finished shard again: renders nothing" [ "$(grep -c -e ': rendering' -e 'join: [0-9]' again.err)" = 0 ]
check "finished shard again: the sections reused" [ "$(grep -c 's01: reused' again.err)" = 2 ]
check "finished shard again: the videos reused" [ "$(grep -c 'join: reused' again.err)" = 2 ]
check "finished shard again: the files untouched" [ "$(stat -c %Y.%y CASES/sh/1-Shard_topic_1/Shard_topic_1.mp4 CASES/sh/3-Shard_topic_3/sections/section-01.mp4)" = "$before" ]
check "finished shard again: 2 runs recorded, calls kept" [ "$(jget CASES/sh/1-Shard_topic_1/usage.json '[len(d["runs"]), d["topics"]["Shard topic 1"]["invocations"], d["total"]["calls"]]')" = "[2, 2, 3]" ]

# 3. --collect over the finished batch.
agent none collect --knowledge_file topics.json --collect
rc=$?
check "collect exits 0 (got $rc, see collect.err)" [ $rc = 0 ]
S=CASES/sh/summary.json
check "summary: 4 topics, 4 ok, complete" [ "$(jget $S '[d["topics"], d["ok"], d["failed"], d["missing"], d["complete"]]')" = "[4, 4, 0, 0, true]" ]
check "summary: 2 shards, none to run again" [ "$(jget $S '[d["shards"], d["rerun_shards"]]')" = "[2, []]" ]
check "summary: each topic's shard" [ "$(jget $S '[r["shard"] for r in d["table"]]')" = "[0, 1, 0, 1]" ]
check "summary: the videos" [ "$(jget $S 'd["table"][2]["video"]')" = CASES/sh/3-Shard_topic_3/Shard_topic_3.mp4 ]
check "collect: usage.json sums the server's tokens" [ "$(jget CASES/sh/usage.json 'd["total"]["prompt_tokens"]')" = "$(reported shard)" ]
check "collect: usage.json's calls: 12" [ "$(jget CASES/sh/usage.json 'd["total"]["calls"]')" = 12 ]
check "collect: the table on stdout" [ "$(grep -c '  ok  ' collect.out)" = 4 ]
check "collect: made no call" [ "$(requests none)" = 0 ]

# 4. The batch grown by two topics: shard 1 makes topic 2 and 4 again from
# its folders and fails topic 6; topic 5 (shard 0's) never ran.
agent shard grown --knowledge_file topics6.json --shard 1/2 --resume
rc=$?
check "shard 1 of the grown batch exits 1 (got $rc)" [ $rc = 1 ]
check "the grown batch: topic 2 reused" grep -q "\[2 Shard topic 2\] join: reused" grown.err
agent none collect2 --knowledge_file topics6.json --collect
rc=$?
check "collect with a missing and a failed topic exits 1 (got $rc)" [ $rc = 1 ]
check "summary: 4 ok, 1 failed, 1 missing, not complete" [ "$(jget $S '[d["ok"], d["failed"], d["missing"], d["complete"]]')" = "[4, 1, 1, false]" ]
check "summary: topic 5 missing, shard 0" [ "$(jget $S '[d["table"][4]["status"], d["table"][4]["shard"]]')" = '["missing", 0]' ]
check "summary: topic 6 failed, shard 1, says why" [ "$(jget $S '[d["table"][5]["status"], d["table"][5]["shard"], "JSON" in d["table"][5]["error"]]')" = '["failed", 1, true]' ]
check "summary: shards 0 and 1 to run again" [ "$(jget $S '[d["rerun_shards"], d["rerun_array"]]')" = '[[0, 1], "0,1"]' ]
check "collect: says which shards to run again" grep -q "shards to run again (of 2): 0,1" collect2.err
check "collect: the table says missing" grep -q "^missing: Shard topic 5: " collect2.out
check "collect: the table says failed" grep -q "^failed: Shard broken: " collect2.out

# 5. Another shard count over the same folder is refused (it would deal the
# topics out differently).
agent none mismatch --knowledge_file topics.json --shard 0/3 --resume
rc=$?
check "--shard 0/3 over a 2-shard folder exits 1 (got $rc)" [ $rc = 1 ]
check "--shard 0/3: says why and what to do" grep -q "usage.shard-.-of-2.json: this batch was dealt out in 2 shards, not 3.*--shard I/2 as before" mismatch.err
check "--shard 0/3: no call" [ "$(requests none)" = 0 ]
check "--shard 0/3: no shard file of 3" [ ! -e CASES/sh/usage.shard-0-of-3.json ]

# 6. The command line.
agent none cli --knowledge_file topics.json --folder_prefix empty --shard 6/7
rc=$?
check "a shard with no topic exits 0 (got $rc)" [ $rc = 0 ]
check "a shard with no topic says so" grep -q "shard 6/7: no topic (the batch has 4), nothing to do" cli.err
for bad in 2/2 -1/2 1 1/0 a/b 0/2x; do
  agent none cli --knowledge_file topics.json --shard "$bad"
  rc=$?
  check "--shard $bad is bad usage (exit $rc)" [ $rc = 2 ]
done
agent none cli --knowledge_point x --shard 0/2
check "--shard without --knowledge_file is bad usage" [ $? = 2 ]
agent none cli --knowledge_file topics.json --shard 0/2 --collect
check "--shard with --collect is bad usage" [ $? = 2 ]
"$AGENT" --help >help.out
check "--help tells of --shard" grep -q -e "--shard I/N" help.out
check "--help tells of --collect" grep -q -e "--collect " help.out
check "--help tells --collect's exit status" grep -q "With --collect: 0 every topic made" help.out
check "no call in all the command line checks" [ "$(requests none)" = 0 ]
checks_done agent_shard
