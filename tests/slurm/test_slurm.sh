#!/usr/bin/env bash
# A knowledge file as a Slurm job array, for real: a one-node Slurm from
# Debian's slurm-wlm and munge (munged, slurmctld, slurmd on 127.0.0.1, own
# ports, everything in a temporary folder, stopped and removed at exit even
# on failure), the array submitted with scripts/slurm/submit.sh over three
# topics against the scripted LLM server. Checked: each topic ran as its
# array task (the Slurm job ids c2v-agent recorded in usage.json, as
# scontrol reports them), every MP4 decodes, --collect's summary; a task
# cancelled (scancel) while its storyboard call waits (the server holds that
# reply for 60 s) and submitted again finishes without redoing its outline
# (the server's log and usage.json's runs and invocations). Then one lesson's
# sections as an array (scripts/slurm/submit-sections.sh: c2v-render
# --section per task, a join job after the array): the joined MP4 holds the
# clips' very packets (no re-encoding), and a resubmitted task keeps its clip.
# Exit 77 (CTest's SKIP_RETURN_CODE) with the reason where Slurm cannot start.
# usage: test_slurm.sh PATH/TO/c2v-agent SOURCE_DIR PATH/TO/c2v-render
set -u
AGENT=$(realpath "$1")
SRC=$(realpath "$2")
RENDER=$(realpath "$3")
skip() {
  echo "SKIPPED: $*" >&2
  exit 77
}
for tool in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
  command -v "$tool" >/dev/null ||
    skip "no $tool: Slurm is not installed (Debian 12: slurm-wlm and munge, which ./build.sh deps installs)"
done
[ "$(id -u)" = 0 ] || skip "slurmd must run as root to start jobs, and this test runs as $(id -un)"
. "$SRC/tests/common/checks.sh"
. "$SRC/tests/slurm/common.sh"
S=$WORK/slurm
mkdir -p "$S/state" "$S/spool"
chmod 755 "$WORK" # munged wants its socket's folders searchable by all
export SLURM_CONF=$S/slurm.conf

pid_of() { cat "$S/$1.pid" 2>/dev/null; }
stop_slurm() {
  if [ -n "$(pid_of slurmctld)" ]; then
    scancel --quiet --user=root 2>/dev/null # only this cluster's jobs: SLURM_CONF is ours
    for _ in $(seq 1 100); do
      [ -z "$(squeue -h 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
  local p
  for d in slurmd slurmctld munged; do
    p=$(pid_of $d)
    [ -n "$p" ] && kill "$p" 2>/dev/null
  done
  for d in slurmd slurmctld munged; do
    p=$(pid_of $d)
    for _ in $(seq 1 50); do
      [ -n "$p" ] && kill -0 "$p" 2>/dev/null || break
      sleep 0.1
    done
  done
}
cleanup() {
  stop_slurm
  server_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- a one-node Slurm --------------------------------------------------------
host=$(hostname -s)
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
dd if=/dev/urandom of="$S/munge.key" bs=1024 count=1 2>/dev/null && chmod 400 "$S/munge.key"
munged --key-file="$S/munge.key" --socket="$S/munge.sock" --pid-file="$S/munged.pid" --log-file="$S/munged.log" \
  --seed-file="$S/munge.seed" 2>"$S/munged.err" ||
  skip "munged does not start here: $(cat "$S/munged.err" 2>/dev/null | tr '\n' ' ')"
cat >"$SLURM_CONF" <<EOF
ClusterName=c2vtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$S/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
KillWait=5
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=c2v Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -c -f "$SLURM_CONF" 2>"$S/slurmctld.err" && slurmd -f "$SLURM_CONF" 2>"$S/slurmd.err" ||
  skip "slurmctld or slurmd does not start here: $(tail -3 "$S"/slurm*.err "$S"/slurm*.log 2>/dev/null | tr '\n' ' ')"
up=0
for _ in $(seq 1 300); do
  [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && up=1 && break
  sleep 0.1
done
[ $up = 1 ] || skip "the Slurm node did not come up within 30 s: sinfo says '$(sinfo -h -o %T 2>&1)'; $(tail -3 "$S/slurmd.log" 2>/dev/null | tr '\n' ' ')"
echo "one-node Slurm up: $host, slurmctld on port $ctld_port, slurmd on $slurmd_port" >&2

# ---- the batch -------------------------------------------------------------------
cd "$WORK" || exit 1
server_start || { echo "llm_server.py did not start" >&2; exit 1; }
SECTION=$FIXTURES/section1.json
scenario slurm "{'rules': [$(topic_rules 'Slurm topic 1' "$SECTION") $(topic_rules 'Slurm topic 2' "$SECTION" "'delay_ms': 60000") $(topic_rules 'Slurm topic 3' "$SECTION")],
  'responses': [{'status': 500, 'body': {'error': {'message': 'unexpected request'}}}]}"
scenario again "{'rules': [$(topic_rules 'Slurm topic 2' "$SECTION")],
  'responses': [{'status': 500, 'body': {'error': {'message': 'unexpected request'}}}]}"
printf '["Slurm topic 1", "Slurm topic 2", "Slurm topic 3"]\n' >topics.json
B=CASES/batch
submit() { # submit CONFIG [submit.sh options]: the array job's id
  local config=$1
  shift
  "$SRC/scripts/slurm/submit.sh" --knowledge_file topics.json --output CASES --prefix batch --config "config-$config.json" \
    --cpus 1 --time 00:10:00 --agent "$AGENT" --logs logs "$@" -- --api test --backoff_ms 10 --video_quality l --no-audio \
    2>>submit.err
}
# wait_for SECONDS COMMAND...: polls COMMAND every 0.2 s.
wait_for() {
  local n=$(($1 * 5))
  shift
  for _ in $(seq 1 $n); do
    "$@" && return 0
    sleep 0.2
  done
  return 1
}
queue_empty() { [ -z "$(squeue -h -j "$1" 2>/dev/null)" ]; }
storyboard_waiting() { [ "$(requests slurm 'Slurm topic 2' 'into a storyboard')" -ge 1 ]; }
job_field() { # job_field JOBSPEC FIELD: FIELD of scontrol show job
  scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1
}
show_state() {
  echo "--- squeue:" >&2
  squeue >&2
  for f in logs/*.out; do echo "--- $f:" >&2; tail -5 "$f" >&2; done
}

id=$(submit slurm)
check "the array is submitted (job $id, see submit.err)" [ -n "$id" ]
waiting=0
wait_for 90 storyboard_waiting && waiting=1
check "task 1's storyboard call reached the server" [ $waiting = 1 ]
[ $waiting = 1 ] || show_state
cancelled=$(job_field "${id}_1" JobId)
scancel "${id}_1"
done1=0
wait_for 120 queue_empty "$id" && done1=1
check "the array ran to its end" [ $done1 = 1 ]
[ $done1 = 1 ] || show_state
check "task 1 was cancelled (scontrol: $(job_field "${id}_1" JobState))" [ "$(job_field "${id}_1" JobState)" = CANCELLED ]
for t in 0 2; do
  check "task $t completed (scontrol: $(job_field "${id}_$t" JobState))" [ "$(job_field "${id}_$t" JobState)" = COMPLETED ]
  check "task $t's log says shard $t/3" grep -q "shard $t/3" "logs/c2v-${id}_$t.out"
done
for i in 1 3; do
  dir=$B/$i-Slurm_topic_$i
  task=$((i - 1))
  d=$(duration "$dir/Slurm_topic_$i.mp4")
  check "topic $i: the MP4 decodes ($d s)" positive "$d"
  job=$(jget "$dir/usage.json" 'd["runs"][0]["slurm_job_id"]')
  check "topic $i: ran as job $job, array $id task $task (scontrol)" \
    [ "$(job_field "$job" ArrayJobId)/$(job_field "$job" ArrayTaskId)" = "$id/$task" ]
  check "topic $i: usage.json names the array task" \
    [ "$(jget "$dir/usage.json" '[d["runs"][0]["slurm_array_job_id"], d["runs"][0]["slurm_array_task_id"], d["runs"][0]["shard"]]')" = "[\"$id\", \"$task\", \"$task/3\"]" ]
done
T2=$B/2-Slurm_topic_2
check "topic 2: stopped cleanly by scancel's SIGTERM (usage.json 'interrupted')" [ "$(jget $T2/usage.json 'd["status"]')" = interrupted ]
check "topic 2: the outline was done" [ -s $T2/outline.json ]
check "topic 2: the outline and the cancelled storyboard call counted" [ "$(jget $T2/usage.json 'd["total"]["calls"]')" = 2 ]
check "topic 2: ran as the cancelled job $cancelled" [ "$(jget $T2/usage.json 'd["runs"][0]["slurm_job_id"]')" = "$cancelled" ]
check "topic 2: no temporary file left" [ -z "$(temp_left $T2)" ]
"$AGENT" --collect --knowledge_file topics.json --output CASES --folder_prefix batch >collect1.out 2>collect1.err
rc=$?
check "collect with a task cancelled exits 1 (got $rc)" [ $rc = 1 ]
check "summary: 2 ok, topic 2 stopped, shard 1 to run again" \
  [ "$(jget $B/summary.json '[d["ok"], d["table"][1]["status"], d["rerun_shards"]]')" = '[2, "stopped", [1]]' ]

# ---- task 1 again ----------------------------------------------------------------------
id2=$(submit again --shards 3 --array 1)
check "task 1 is submitted again (job $id2)" [ -n "$id2" ]
done2=0
wait_for 120 queue_empty "$id2" && done2=1
check "the resubmitted task ran to its end" [ $done2 = 1 ]
[ $done2 = 1 ] || show_state
check "the resubmitted task completed (scontrol: $(job_field "$id2" JobState))" [ "$(job_field "$id2" JobState)" = COMPLETED ]
check "the resubmitted task reused the outline" grep -q "outline: reused outline.json" "logs/c2v-${id2}_1.out"
check "the resubmission made 2 LLM calls (storyboard, section)" [ "$(requests again)" = 2 ]
check "the resubmission asked for no outline" [ "$(requests again 'Plan a short educational video')" = 0 ]
d=$(duration $T2/Slurm_topic_2.mp4)
check "topic 2: the MP4 decodes ($d s)" positive "$d"
check "topic 2: usage.json ok, 2 invocations, 4 calls" \
  [ "$(jget $T2/usage.json '[d["status"], d["topics"]["Slurm topic 2"]["invocations"], d["total"]["calls"]]')" = '["ok", 2, 4]' ]
check "topic 2: its runs, the cancelled one and the resubmitted one" \
  [ "$(jget $T2/usage.json '[[r["status"], r["slurm_array_job_id"], r["slurm_array_task_id"]] for r in d["runs"]]')" = "[[\"interrupted\", \"$id\", \"1\"], [\"ok\", \"$id2\", \"1\"]]" ]
"$AGENT" --collect --knowledge_file topics.json --output CASES --folder_prefix batch >collect2.out 2>collect2.err
rc=$?
check "collect exits 0 (got $rc)" [ $rc = 0 ]
check "summary: 3 ok topics, complete, nothing to run again" \
  [ "$(jget $B/summary.json '[d["topics"], d["ok"], d["complete"], d["rerun_shards"], [r["status"] for r in d["table"]]]')" = '[3, 3, true, [], ["ok", "ok", "ok"]]' ]
check "the table on stdout: 3 ok" [ "$(grep -c '  ok  ' collect2.out)" = 3 ]

# ---- one lesson's sections on several tasks, joined without re-encoding ----------------
cp "$SRC/tests/video/two_sections.json" lesson.json
mapfile -t jobs < <("$SRC/scripts/slurm/submit-sections.sh" --spec lesson.json --clips clips --output lesson.mp4 \
  --cpus 1 --time 00:10:00 --render "$RENDER" --logs logs -- -q l --no-audio 2>>submit.err)
arr=${jobs[0]:-} join=${jobs[1]:-}
check "the sections' array is submitted (job $arr)" [ -n "$arr" ]
check "the join is submitted (job $join)" [ -n "$join" ]
done3=0
wait_for 120 queue_empty "$arr,$join" && done3=1
check "the sections and the join ran to their end" [ $done3 = 1 ]
[ $done3 = 1 ] || show_state
check "section 0 rendered by task 0" grep -q "section first -> .*/clips/01-first.mp4" "logs/c2v-sections-${arr}_0.out"
check "section 1 rendered by task 1" grep -q "section second -> .*/clips/02-second.mp4" "logs/c2v-sections-${arr}_1.out"
check "the join job completed (scontrol: $(job_field "$join" JobState))" [ "$(job_field "$join" JobState)" = COMPLETED ]
packets() { # the video packets' sizes and MD5s, in order, without their parameter sets
  # (the concat demuxer repeats each clip's SPS/PPS in its first packet; the
  # coded pictures are what a re-encoding would change)
  ffmpeg -nostdin -v error -i "$1" -map 0:v -c copy -bsf:v 'filter_units=remove_types=6|7|8' -f framemd5 - |
    grep -v '^#' | awk -F', *' '{ print $5, $6 }'
}
check "clip 1 has video packets" [ -n "$(packets clips/01-first.mp4)" ]
check "clip 2 has video packets" [ -n "$(packets clips/02-second.mp4)" ]
check "the joined lesson holds the clips' packets, none re-encoded" \
  [ "$(packets lesson.mp4)" = "$(packets clips/01-first.mp4; packets clips/02-second.mp4)" ]
sum=$(awk -v a="$(duration clips/01-first.mp4)" -v b="$(duration clips/02-second.mp4)" 'BEGIN { print a + b }')
check "the joined lesson lasts as long as its clips ($(duration lesson.mp4) s, clips $sum s)" near "$(duration lesson.mp4)" "$sum" 0.1
check "no temporary file beside the lesson" [ -z "$(find . -maxdepth 1 -name 'lesson.mp4.part-*')" ]
before=$(stat -c %y clips/02-second.mp4)
mapfile -t jobs < <("$SRC/scripts/slurm/submit-sections.sh" --spec lesson.json --clips clips --no-join --array 1 \
  --cpus 1 --time 00:10:00 --render "$RENDER" --logs logs -- -q l --no-audio 2>>submit.err)
arr2=${jobs[0]:-}
done4=0
wait_for 60 queue_empty "$arr2" && done4=1
check "the section submitted again ran to its end" [ $done4 = 1 ]
check "a section submitted again keeps its clip" grep -q "02-second.mp4 is there and newer than the spec: kept" "logs/c2v-sections-${arr2}_1.out"
check "a section submitted again: the clip untouched" [ "$(stat -c %y clips/02-second.mp4)" = "$before" ]
checks_done slurm_array
