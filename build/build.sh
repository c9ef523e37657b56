#!/usr/bin/env bash
# Repository entry point. Usage: ./build/build.sh <command>
#   prereqs  install Go 1.19 and 1.21-1.27 and gcc from Debian when missing (as root), else say what to install
#   pack     pack GoToolchain.Build and GoToolchain.Build.Templates with one unique version into artifacts/feed
#   sample   prereqs + pack, then build and run samples/GreeterApp (a C# app calling a Go c-shared library)
#   sample-aot  the same, published with Native AOT for linux-x64 (needs the ILCompiler packages from a NuGet feed)
#   test     prereqs, then every test (unit, real toolchains, end to end); ends with "N passed, N failed"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1

prereqs() { bash "$root/build/prereqs.sh"; }

pack() {
  version="0.1.0-dev.$(date -u +%Y%m%d%H%M%S)"
  # Both packages with one version: the templates reference that GoToolchain.Build by default.
  for project in src/GoToolchain.Build/GoToolchain.Build.csproj src/GoToolchain.Build.Templates/GoToolchain.Build.Templates.csproj; do
    dotnet pack "$project" -c Release -nr:false -tl:off -v:q "-p:Version=$version" -o "$root/artifacts/feed" >&2
  done
  echo "$version"
}

# The sample finds go through GoRoot: GOROOT_FOR_SAMPLE=/usr/lib/go-1.NN selects a toolchain (every supported one,
# 1.19 and 1.21-1.27, builds it); by default the newest installed one, the Go our users have.
sample_goroot() {
  if [ -n "${GOROOT_FOR_SAMPLE:-}" ]; then echo "$GOROOT_FOR_SAMPLE"; return; fi
  local newest
  newest="$(ls -d /usr/lib/go-1.* 2>/dev/null | sort -V | tail -n1)"
  [ -n "$newest" ] || { echo "sample: no Go in /usr/lib/go-1.NN; run ./build/build.sh prereqs" >&2; exit 1; }
  echo "$newest"
}

sample() {
  prereqs
  version="$(pack)"
  echo "Packed GoToolchain.Build $version into artifacts/feed"
  # Its own package folder, so a stale extraction of an earlier pack can never be used.
  export NUGET_PACKAGES="$root/artifacts/nuget-packages"
  goroot="$(sample_goroot)"
  dotnet build samples/GreeterApp/GreeterApp.csproj -nr:false -tl:off "-p:GoToolchainBuildVersion=$version" "-p:GoRoot=$goroot"
  dotnet samples/GreeterApp/bin/Debug/net10.0/GreeterApp.dll
}

sample_aot() {
  prereqs
  version="$(pack)"
  export NUGET_PACKAGES="$root/artifacts/nuget-packages"
  goroot="$(sample_goroot)"
  dotnet publish samples/GreeterApp/GreeterApp.csproj -r linux-x64 -p:PublishAot=true -nr:false -tl:off \
    "-p:GoToolchainBuildVersion=$version" "-p:GoRoot=$goroot"
  samples/GreeterApp/bin/Release/net10.0/linux-x64/publish/GreeterApp
}

run_tests() {
  prereqs
  mkdir -p artifacts/test-results
  local log=artifacts/test-results/test.log status=0
  if ! dotnet build GoToolchain.Build.sln -nr:false -tl:off -v:q; then
    echo "0 passed, 1 failed"
    return 1
  fi
  for project in tests/GoToolchain.Build.Tests tests/GoToolchain.Build.EndToEnd; do
    dotnet test "$project" --no-build -nr:false 2>&1 | tee -a "$log" || status=1
  done
  # VSTest prints one summary per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
  # (|| true: under pipefail a grep that matches nothing would end the script before the closing line.)
  local passed failed skipped summaries lines
  lines=$(grep -E '^(Passed|Failed)! +- Failed: ' "$log" || true)
  summaries=$(printf '%s' "$lines" | grep -c . || true)
  passed=$(printf '%s\n' "$lines" | grep -oE 'Passed: +[0-9]+' | awk '{s+=$2} END {print s+0}' || true)
  failed=$(printf '%s\n' "$lines" | grep -oE 'Failed: +[0-9]+' | awk '{s+=$2} END {print s+0}' || true)
  skipped=$(printf '%s\n' "$lines" | grep -oE 'Skipped: +[0-9]+' | awk '{s+=$2} END {print s+0}' || true)
  if [ "$summaries" -ne 2 ]; then
    echo "A test project did not report a summary (crashed or did not build); see $log" >&2
    failed=$((failed + 1)); status=1
  fi
  if [ "$skipped" -ne 0 ]; then
    echo "$skipped tests were skipped: nothing may be skipped" >&2
    status=1
  fi
  echo "$passed passed, $failed failed"
  return $status
}

case "${1:-}" in
  prereqs) prereqs ;;
  pack) pack ;;
  sample) sample ;;
  sample-aot) sample_aot ;;
  test) rm -f artifacts/test-results/test.log; run_tests ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
