#!/usr/bin/env bash
# The shared cache remote (docs/remote.md) against a real S3 API (npm's s3rver on 127.0.0.1, started
# by build/start-s3rver.sh and stopped by its pid) and a folder: the smoke run computed in one copy of
# the repository and pushed; a second, fresh copy pulls, its dry run says every stage restores, its
# run computes nothing and writes a byte-identical reports/smoke/metrics.json. Then a flipped byte in
# a remote object: refused by the pull, that stage recomputes (same bytes), and a push heals the
# remote. An unreachable remote (no such folder, connection refused) is one warning line, exit 0.
# Usage: tests/faults/remote.sh   (needs node and npm, or root to install them)
source "$(dirname "$0")/lib.sh"
ws_build
remote_dll="$repo/remote/bin/Release/net10.0/linux-x64/WeightSpace.Remote.dll"
[ -f "$remote_dll" ] || dotnet build "$repo/remote/WeightSpace.Remote.csproj" -c Release --nologo -v q >/dev/null
work=$(mktemp -d /tmp/ws-remote-XXXXXX)
s3_pid=
trap '[ -n "$s3_pid" ] && kill "$s3_pid" 2>/dev/null; rm -rf "$work"' EXIT
port=${WS_S3_PORT:-4568}
s3_pid=$(bash "$repo/build/start-s3rver.sh" "$work/s3" "$port" cache)
echo "s3rver 3.7.1 on 127.0.0.1:$port (pid $s3_pid), bucket 'cache'"
# Credentials only from the environment, as a user's would be: s3rver's defaults.
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER

# ws_params ROOT: the copy's params point S3 remotes at the local server (section cache, in no stage's key).
ws_params() {
  python3 - "$1/params.json" "$port" <<'PY'
import json, sys
path, port = sys.argv[1], sys.argv[2]
p = json.load(open(path))
p["cache"]["s3_endpoint"] = f"http://127.0.0.1:{port}"
p["cache"]["s3_path_style"] = True
json.dump(p, open(path, "w"), indent=2)
PY
}
remote() { dotnet "$remote_dll" "$1" --profile=smoke --root="$2" --remote="$3"; }
stages=$(dotnet "$runner" stages --names --root="$repo" | wc -l)

# fresh_copy_restores NAME REMOTE: a fresh copy pulls from REMOTE, its dry run says every stage
# restores, its run computes nothing, and its metrics.json equals the computing copy's.
fresh_copy_restores() {
  local root="$work/$1" out
  ws_copy "$root"; ws_params "$root"
  out=$(remote pull "$root" "$2" 2>&1); echo "$out" | tail -n 1
  grep -q "^pulled $stages run-cache entries" <<<"$out" || fail "$1: the pull did not fetch all $stages stages: $out"
  out=$(ws_run "$root" --dry-run 2>&1)
  [ "$(grep -c 'would restore from run-cache' <<<"$out")" -eq "$stages" ] || fail "$1: the dry run does not restore every stage: $(grep -v 'would restore' <<<"$out" | head -n 3)"
  echo "$1: --dry-run says all $stages stages restore"
  out=$(ws_run "$root" 2>&1)
  ! grep -q '\] running:' <<<"$out" || fail "$1: a stage computed: $(grep '\] running:' <<<"$out" | head -n 3)"
  [ "$(grep -c '\] restored ' <<<"$out")" -eq "$stages" ] || fail "$1: not every stage restored"
  cmp "$work/a/reports/smoke/metrics.json" "$root/reports/smoke/metrics.json" || fail "$1: metrics.json differs"
  echo "$1: the run restored $stages stages, computed none; reports/smoke/metrics.json byte-identical"
}

echo "== the smoke run in copy a, pushed to s3://cache/smoke and to a folder"
ws_copy "$work/a"; ws_params "$work/a"
start=$SECONDS
ws_run "$work/a" >/dev/null 2>&1 || fail "the smoke run in copy a failed"
echo "a: computed the smoke run in $((SECONDS - start)) s"
remote push "$work/a" s3://cache/smoke 2>&1 | tail -n 1
again=$(remote push "$work/a" s3://cache/smoke 2>&1 | tail -n 1); echo "$again"
grep -q "^pushed 0 run-cache entries, 0 object(s)" <<<"$again" || fail "a second push sent something again"
mkdir "$work/folder"
remote push "$work/a" "$work/folder" 2>&1 | tail -n 1

echo "== S3: a fresh copy b pulls"
start=$SECONDS; fresh_copy_restores b s3://cache/smoke; echo "b: pull, dry run and run in $((SECONDS - start)) s"
echo "== folder: a fresh copy c pulls"
fresh_copy_restores c "$work/folder"

echo "== a flipped byte in a remote object (the report's metrics.json, on the folder and in S3)"
hash=$(python3 -c "import json,sys; print(next(f['hash'] for f in json.load(open(sys.argv[1]))['stages']['report']['outs'] if f['path']=='reports/smoke/metrics.json'))" "$work/a/data/pipeline.lock.json")
object="objects/${hash:0:2}/$hash"
ws_flip "$work/folder/$object"
s3_object=$(find "$work/s3/cache" -path "*$hash*" -name '*._S3rver_object' | head -n 1)  # the content, not its .md5 or metadata
[ -n "$s3_object" ] || fail "s3rver keeps no file for $object"
ws_flip "$s3_object"
for r in "d:$work/folder" "e:s3://cache/smoke"; do
  name=${r%%:*} location=${r#*:} root="$work/${r%%:*}"
  ws_copy "$root"; ws_params "$root"
  out=$(remote pull "$root" "$location" 2>&1)
  grep -q "^\[report\] refused remote object $object .*does not match its hash" <<<"$out" || fail "$name: the flipped object was not refused: $out"
  grep "refused remote object" <<<"$out"
  out=$(ws_run "$root" 2>&1)
  [ "$(grep -c '\] running:' <<<"$out")" -eq 1 ] && grep -q '^\[report\] running:' <<<"$out" || fail "$name: not exactly the report recomputed: $(grep '\] running:' <<<"$out")"
  cmp "$work/a/reports/smoke/metrics.json" "$root/reports/smoke/metrics.json" || fail "$name: metrics.json differs after recomputing"
  remote push "$root" "$location" 2>&1 | tail -n 1
  echo "$name: only the report recomputed; metrics.json byte-identical; pushed back"
done
cmp "$work/folder/$object" "$work/a/data/.cache/objects/${hash:0:2}/$hash" || fail "the folder remote's object was not healed"
fresh_copy_restores f s3://cache/smoke
echo "healed: the folder's object equals the computed one, and a fresh copy restores everything from S3 again"

echo "== an unreachable remote is a warning and the run goes on"
ws_copy "$work/g"; ws_params "$work/g"
out=$(remote pull "$work/g" "$work/not-mounted" 2>&1) || fail "a pull from a missing folder failed"
grep '^warning:' <<<"$out" || fail "no warning for a missing folder: $out"
kill "$s3_pid"; wait "$s3_pid" 2>/dev/null || true
s3_pid=
out=$(remote pull "$work/g" s3://cache/smoke 2>&1) || fail "a pull with the server stopped failed"
grep '^warning:' <<<"$out" || fail "no warning with the server stopped: $out"
echo "remote: all checks passed"
