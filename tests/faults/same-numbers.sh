#!/usr/bin/env bash
# Reproducible math (docs/reproducibility.md): the smoke pipeline run twice in
# clean copies, once as usual and once with the CPU's wider features hidden from MKL, oneDNN, ATen
# and .NET, must give byte-identical zoo files and metrics.json. A control run without the pins
# (WEIGHTSPACE_UNPINNED_MATH=1) shows the hidden features do change the numbers on this machine.
# Usage: tests/faults/same-numbers.sh [--no-control]
source "$(dirname "$0")/lib.sh"
ws_build
work=$(mktemp -d /tmp/ws-same-XXXXXX)
trap 'rm -rf "$work"' EXIT

# What there is to hide on this CPU. Without AVX-512 the comparison below proves nothing about
# AVX-512 paths (on such a machine the automatic choices already are the AVX2 ones): say so, do not fail.
avx512=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep '^avx512' | sort | tr '\n' ' ' || true)
echo "CPU: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "CPU: avx512 flags in /proc/cpuinfo: ${avx512:-none}"
# ATen picks avx512 only with F, BW, VL and DQ; it prints nothing about it, so this is derived from the flags.
aten="avx512 (F, BW, VL, DQ present)"
for f in avx512f avx512bw avx512vl avx512dq; do [[ " $avx512" == *" $f "* ]] || aten="avx2 (no AVX-512 F/BW/VL/DQ)"; done
echo "ATen: would choose $aten unpinned; pinned to avx2"
isa() { grep -m1 -o 'isa:[^,]*' || echo "isa: (oneDNN printed none)"; }
echo "oneDNN pinned:   $(cd "$repo" && ONEDNN_VERBOSE=1 dotnet "$runner" cpu-features | isa)"
echo "oneDNN unpinned: $(cd "$repo" && WEIGHTSPACE_UNPINNED_MATH=1 ONEDNN_VERBOSE=1 dotnet "$runner" cpu-features | isa)"
(cd "$repo" && dotnet "$runner" cpu-features | grep -v '^onednn_verbose' | sed 's/^/pinned /')
(cd "$repo" && env DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0 dotnet "$runner" cpu-features | grep '^.NET' | sed 's/^/hidden /')
if [ -z "$avx512" ]; then
  echo "NOTE: this machine has no AVX-512: the check below shows AVX2 against SSE paths only and proves nothing about AVX-512 paths; run it on an AVX-512 machine for that (docs/reproducibility.md)"
fi
# What an AVX2-only machine would choose, and less: MKL without AVX, .NET without AVX2 (Vector<T> halves).
hidden=(MKL_ENABLE_INSTRUCTIONS=SSE4_2 ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0)
# The control hides ATen's vector kernels entirely: on this AMD EPYC, MKL's and ATen's automatic
# choices already equal their AVX2 ones, so only that shows a kernel-path change reaches the bytes.
control=("${hidden[@]}" ATEN_CPU_CAPABILITY=default)

if [ "${1:-}" != "--no-control" ]; then
  ws_copy "$work/c1"; ws_copy "$work/c2"
  WEIGHTSPACE_UNPINNED_MATH=1 dotnet "$runner" run tetris-images zoo-tetris-seed --profile=smoke --root="$work/c1" >/dev/null &
  env WEIGHTSPACE_UNPINNED_MATH=1 "${control[@]}" dotnet "$runner" run tetris-images zoo-tetris-seed --profile=smoke --root="$work/c2" >/dev/null &
  wait %1 && wait %2 || fail "a control run failed"
  if cmp -s "$work/c1/data/zoos/tetris-seed/weights.npy" "$work/c2/data/zoos/tetris-seed/weights.npy"; then
    fail "control: without the pins, a different ATen kernel path left weights.npy unchanged; the comparison would prove nothing"
  else
    echo "control: without the pins, another kernel path (${control[-1]}) changes zoo-tetris-seed's weights.npy"
  fi
fi

# MKL picks its kernels by vendor too (generic paths on non-Intel CPUs): the second run also tells MKL
# it runs on an Intel CPU (mkl-as-intel.c, preloaded), where a C compiler is at hand.
as_intel=()
if command -v cc >/dev/null && cc -shared -fPIC -O2 -o "$work/mkl-as-intel.so" "$(dirname "$0")/mkl-as-intel.c"; then
  as_intel=(LD_PRELOAD="$work/mkl-as-intel.so")
else
  echo "NOTE: no C compiler: the second run does not also emulate MKL on an Intel CPU"
fi

ws_copy "$work/a"; ws_copy "$work/b"
# Side by side: half the wall time on two cores, and the runs cannot share anything but the machine.
ws_run "$work/a" >"$work/a.log" 2>&1 &
env "${hidden[@]}" "${as_intel[@]}" OMP_WAIT_POLICY=ACTIVE dotnet "$runner" run $(ws_stages "$work/b") --profile=smoke --root="$work/b" >"$work/b.log" 2>&1 &
wait %1 || { cat "$work/a.log"; fail "smoke run failed"; }
wait %2 || { cat "$work/b.log"; fail "smoke run with hidden CPU features failed"; }
files=0
for f in reports/smoke/metrics.json $(cd "$work/a" && find data/zoos -type f | sort); do
  cmp "$work/a/$f" "$work/b/$f" || fail "$f differs between the usual run and the one with CPU features hidden (${hidden[*]})"
  files=$((files + 1))
done
grep -q '"MKL_CBWR": "COMPATIBLE"' "$work/a/data/pipeline.lock.json" || fail "the lock file does not record the math pins"
echo "same numbers: $files files byte-identical (reports/smoke/metrics.json and every zoo file) with ${hidden[*]}${as_intel:+, MKL told it runs on an Intel CPU} and OpenMP threads spinning (OMP_WAIT_POLICY=ACTIVE) instead of sleeping"
