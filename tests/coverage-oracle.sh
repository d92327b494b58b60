#!/usr/bin/env bash
# Coverage oracle for the derived code sets: every source file a stage executes on the
# smoke data, as coverlet sees it, must be in the code set the runner derives for that stage from
# the IL (`stages`). Files the harness itself executes (params loading, the catalog, every stage's
# constructor) are measured once with no stage run and subtracted. Takes several minutes; not in CI.
# Usage: tests/coverage-oracle.sh [stage ...]   (default: every stage)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet cake --target=Report --profile=smoke >/dev/null      # the smoke data every stage reads
runner="dotnet stages/bin/Release/net10.0/linux-x64/WeightSpace.Stages.dll"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
$runner stages --profile=smoke > "$out/stages.txt"
stages=("$@")
[ ${#stages[@]} -gt 0 ] || mapfile -t stages < <($runner stages --names | cut -f1)
dotnet build tests/WeightSpace.Tests -c Debug --nologo -v q >/dev/null

covered() { # $1: label, $2: stage name ("" for the harness alone) -> $out/$1.files
  WEIGHTSPACE_ORACLE_STAGE="$2" dotnet test tests/WeightSpace.Tests --no-build --nologo -v q \
    --filter "FullyQualifiedName~CoverageOracleHarness" --collect:"XPlat Code Coverage" --results-directory "$out/$1" >/dev/null
  python3 - "$out/$1" "$PWD" > "$out/$1.files" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
root = sys.argv[2].rstrip('/') + '/'
files = set()
for report in glob.glob(os.path.join(sys.argv[1], '**', 'coverage.cobertura.xml'), recursive=True):
    tree = ET.parse(report)
    sources = [s.text.rstrip('/') + '/' for s in tree.iter('source') if s.text]
    for c in tree.iter('class'):
        if any(int(l.get('hits', '0')) > 0 for l in c.iter('line')):
            name = c.get('filename')
            full = name if os.path.isabs(name) else next((s + name for s in sources if os.path.exists(s + name)), name)
            files.add(full[len(root):] if full.startswith(root) else full)
print('\n'.join(sorted(files)))
PY
}

covered baseline ""
failed=0
for stage in "${stages[@]}"; do
  covered "$stage" "$stage"
  # The stage's derived set: the indented "path (members)" lines under its entry in `stages`.
  awk -v s="$stage:" '$1==s {on=1; next} /^[a-z]/ {on=0} on && /^            / {print $1}' "$out/stages.txt" | sort > "$out/$stage.derived"
  missing=$(comm -23 <(comm -23 "$out/$stage.files" "$out/baseline.files") "$out/$stage.derived")
  n=$(comm -23 "$out/$stage.files" "$out/baseline.files" | wc -l)
  if [ -n "$missing" ]; then
    echo "$stage: executed files outside its derived set:"; echo "$missing" | sed 's/^/  /'; failed=1
  else
    echo "$stage: $n executed file(s), all in its derived set of $(wc -l < "$out/$stage.derived")"
  fi
done
exit $failed
