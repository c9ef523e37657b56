#!/usr/bin/env bash
# Measures the performance contract (spec §7, issue 14) on a generated solution of the shape people have, side by side
# with the same work done without the package, and writes docs/performance.md.
#
#   bash build/benchmark.sh            full: 40 C# projects (10 per Go module), medians of 5 runs, a 2,000-file module
#   bash build/benchmark.sh --quick    a smoke test: 8 projects, medians of 2 runs, a 300-file module; writes
#                                      artifacts/benchmark/performance-quick.md instead of docs/performance.md
#   options: --runs N  --projects-per-module N  --big-files N  --out FILE  --keep (keep the work folder)
#            --reuse-feed DIR (use the GoToolchain.Build package already in DIR instead of packing one)
#
# Environment: GOROOT_FOR_BENCH (default /usr/lib/go-1.23). Needs dotnet, that Go, gcc, strace and stringer
# (build/prereqs.sh installs them), and the TraceEvent package from the machine's NuGet sources (for MSBuildEvents).
# Offline: the generated Go code uses only the standard library; NuGet restores from the local feed this script packs
# into, plus the machine's configured sources.
#
# Exit status: 0 when every build succeeded and the counts hold (a no-op build starts no go process, a cold build starts
# exactly one `go env` per distinct toolchain and environment, the hanging-proxy build fails with GOTB210); 1 otherwise,
# after writing the report. The timing goals are only reported (PASS/MISS): timings vary with the machine, the counts
# must not. Evidence (binlogs, straces, build logs, the per-task times) is kept in artifacts/benchmark/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1

mode=full runs=5 per_module=10 big_files=2000 out="" keep=0 go_hang_limit=130 reuse_feed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick runs=2 per_module=2 big_files=300 go_hang_limit=10 ;;
    --runs) runs="$2"; shift ;;
    --projects-per-module) per_module="$2"; shift ;;
    --big-files) big_files="$2"; shift ;;
    --out) out="$2"; shift ;;
    --keep) keep=1 ;;
    --reuse-feed) reuse_feed="$2"; shift ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
  esac
  shift
done
[ -n "$out" ] || { [ "$mode" = full ] && out="docs/performance.md" || out="artifacts/benchmark/performance-quick.md"; }
goroot="${GOROOT_FOR_BENCH:-/usr/lib/go-1.23}"
go="$goroot/bin/go"
modules=(alpha tool colors beta)   # project i uses modules[(i-1) % 4]: every prefix of the solution mixes the kinds
projects=$((per_module * ${#modules[@]}))
scale_steps=(1 "$per_module" "$projects")
started_at=$(date +%s)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

for tool in dotnet gcc strace stringer "$go"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "benchmark: $tool is missing (bash build/prereqs.sh installs it)" >&2; exit 1; }
done

evidence="$root/artifacts/benchmark"
rm -rf "$evidence"; mkdir -p "$evidence"
work="$(mktemp -d "${TMPDIR:-/tmp}/gotb-bench.XXXXXX")"
background=()
cleanup() {
  for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "$keep" = 1 ]; then echo "benchmark: work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
# Everything the builds cache lives in the work folder: the package's per-user store and go generate state (under the
# temp folder), NuGet's extracted packages, go's build cache. The machine's own caches are neither used nor touched.
mkdir -p "$work/tmp" "$work/gocache"
export TMPDIR="$work/tmp" NUGET_PACKAGES="$work/packages" GOCACHE="$work/gocache"
package_state="$TMPDIR/GoToolchain.Build-$(id -un)"
status=0
phase() { echo "benchmark [$(( $(date +%s) - started_at )) s]: $*" >&2; }

# --- helpers -------------------------------------------------------------------------------------------------------
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# median of the numbers on stdin (mean of the middle two for an even count)
median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "n/a" || b == "n/a") print "n/a"; else printf "%.3f\n", a / b }'; }
secs() { awk -v ms="$1" 'BEGIN { if (ms == "n/a") print "n/a"; else printf "%.2f s\n", ms / 1000 }'; }
# PASS when $1 <= $2 (both numbers)
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a") print "n/a"; else print ((a + 0 <= b + 0) ? "PASS" : "MISS") }'; }
# Runs a build, its output in a log file; a failing build stops the benchmark with the log's tail.
must() {
  local log="$evidence/build-$(date +%s%N).log"   # (a counter would not survive the subshells of $(...))
  printf '%s\n' "$*" > "$log"
  if ! "$@" >>"$log" 2>&1; then
    echo "benchmark: a build failed: $*" >&2; tail -40 "$log" >&2; exit 1
  fi
}
# The milliseconds one build takes (it must succeed).
timed() { local s; s=$(now_ms); must "$@"; echo $(( $(now_ms) - s )); }
dotnet_build() { dotnet build "$@" -m -nr:false -tl:off -v:q; }
# go processes in an strace of a command: "<started by>\t<subcommand>\t<argv>" per process (benchtool goprocs)
traced() {
  local trace="$1"; shift
  # strace runs programs, not shell functions
  if [ "$1" = dotnet_build ]; then shift; set -- dotnet build "$@" -m -nr:false -tl:off -v:q; fi
  # -v (with strace_verbose=1): every exec's environment too
  must strace -f -qq ${strace_verbose:+-v} -s 4096 --seccomp-bpf -e trace=execve,clone,clone3,fork,vfork -e signal=none \
    -o "$trace" "$@"
  "$work/benchtool" goprocs "$trace" > "$trace.go"
}
rm_build_outputs() { find "$1/src" -mindepth 2 -maxdepth 2 -type d \( -name bin -o -name obj \) -exec rm -rf {} +; }

# --- the package, the helpers ---------------------------------------------------------------------------------------
if [ -n "$reuse_feed" ]; then
  mkdir -p "$work/feed"; cp "$reuse_feed"/GoToolchain.Build.*.nupkg "$work/feed/"
  version=$(ls "$work/feed" | sed -n 's/^GoToolchain\.Build\.\(.*\)\.nupkg$/\1/p' | head -1)
  phase "using GoToolchain.Build $version from $reuse_feed"
else
  version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
  phase "packing GoToolchain.Build $version"
  must dotnet pack src/GoToolchain.Build/GoToolchain.Build.csproj -c Release -nr:false -tl:off -v:q "-p:Version=$version" \
    -o "$work/feed"
fi
(cd build/benchmark/benchtool && GOTOOLCHAIN=local "$go" build -o "$work/benchtool" .)
# The C# helpers, built outside the repository so its Directory.Build.props/targets do not apply: <dir>/out/<name>.dll.
build_helper() { # name under build/benchmark/, folder
  mkdir -p "$2"
  cp "build/benchmark/$1"/*.cs "build/benchmark/$1"/*.csproj "$2/"
  printf '<Project />\n' > "$2/Directory.Build.props"; printf '<Project />\n' > "$2/Directory.Build.targets"
  must dotnet build "$2" -c Release -nr:false -tl:off -v:q -o "$2/out"
}
build_helper TaskTimes "$work/tasktimes"
# MSBuild's own EventSource, read from EventPipe traces: the no-op's targets and tasks with no logger attached.
build_helper MSBuildEvents "$work/msbuildevents"
task_times() { # binlog -> tsv (see TaskTimesLogger)
  must dotnet msbuild "$1" -noconlog "-logger:TaskTimes.TaskTimesLogger,$work/tasktimes/out/TaskTimes.dll;$2"
}

# --- the solutions -------------------------------------------------------------------------------------------------
# Go: alpha and beta are c-shared libraries, tool an exe shipped beside the app, colors an exe with a go generate step
# (stringer). big and small: one exe module each, of big_files and of 10 .go files, both with one go generate directive.
tfm="net$(dotnet --version | cut -d. -f1).0"
write_go_modules() {
  local dir="$1"
  for name in alpha beta; do
    mkdir -p "$dir/go/$name"
    printf 'module example.com/%s\n\ngo 1.22\n' "$name" > "$dir/go/$name/go.mod"
    cat > "$dir/go/$name/$name.go" <<EOF
package main

import "C"

//export ${name^}Add
func ${name^}Add(a, b C.int) C.int { return a + b + C.int(offset()) }

func main() {}
EOF
    printf 'package main\n\nfunc offset() int { return len("%s") - %d }\n' "$name" "${#name}" > "$dir/go/$name/offset.go"
  done
  mkdir -p "$dir/go/tool"
  printf 'module example.com/tool\n\ngo 1.22\n' > "$dir/go/tool/go.mod"
  printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("tool") }\n' > "$dir/go/tool/main.go"
  for name in colors small big; do
    mkdir -p "$dir/go/$name"
    printf 'module example.com/%s\n\ngo 1.22\n' "$name" > "$dir/go/$name/go.mod"
    cat > "$dir/go/$name/color.go" <<'EOF'
package main

import "fmt"

//go:generate stringer -type=Color

// Color is what stringer writes a String method for (color_string.go).
type Color int

const (
	Red Color = iota
	Green
	Blue
)

func main() { fmt.Println(Red, Green, Blue) }
EOF
  done
  "$work/benchtool" gofiles "$dir/go/small" 10
  "$work/benchtool" gofiles "$dir/go/big" "$big_files"
}
output_of() { case "$1" in alpha|beta) echo "lib$1.so" ;; *) echo "$1" ;; esac; }
mode_of() { case "$1" in alpha|beta) echo c-shared ;; *) echo exe ;; esac; }
project_name() { printf 'P%02d' "$1"; }
module_of() { echo "${modules[$(( ($1 - 1) % ${#modules[@]} ))]}"; }
write_slnx() { # file, project names...
  local file="$1"; shift
  { echo '<Solution>'; for p in "$@"; do echo "  <Project Path=\"src/$p/$p.csproj\" />"; done; echo '</Solution>'; } > "$file"
}
write_solutions() {
  local dir="$1" names=() i
  for i in $(seq "$projects"); do names+=("$(project_name "$i")"); done
  write_slnx "$dir/Bench.slnx" "${names[@]}"
  for i in "${scale_steps[@]}"; do write_slnx "$dir/Bench-$i.slnx" "${names[@]:0:$i}"; done
  write_slnx "$dir/Big.slnx" Big
  write_slnx "$dir/Small.slnx" Small
}
write_project() { # tree dir, project name, module, body (extra XML)
  mkdir -p "$1/src/$2"
  printf 'System.Console.WriteLine("%s");\n' "$2" > "$1/src/$2/Program.cs"
  cat > "$1/src/$2/$2.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>$tfm</TargetFramework>
  </PropertyGroup>
$4
</Project>
EOF
}
# The package's tree (built with the package on, and, as a copy, with GoToolchainEnabled=false and the Go outputs
# prebuilt: None items with CopyToOutputDirectory, the same copying work the package's _GoAddNativeFilesToOutput does).
package_project_body() { # module
  local output; output=$(output_of "$1")
  cat <<EOF
  <ItemGroup>
    <GoModule Include="../../go/$1" BuildMode="$(mode_of "$1")" />
  </ItemGroup>
  <ItemGroup Condition="'\$(GoToolchainEnabled)' == 'false'">
    <None Include="$work/prebuilt/$output" Link="$output" CopyToOutputDirectory="PreserveNewest" Visible="false" />
  </ItemGroup>
EOF
}
write_package_tree() {
  local dir="$1" i
  write_go_modules "$dir"
  cat > "$dir/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="gotoolchain-bench" value="$work/feed" /></packageSources></configuration>
EOF
  cat > "$dir/Directory.Build.props" <<EOF
<Project>
  <PropertyGroup>
    <GoRoot>$goroot</GoRoot>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="GoToolchain.Build" Version="$version" PrivateAssets="all" />
  </ItemGroup>
</Project>
EOF
  printf '<Project />\n' > "$dir/Directory.Build.targets"
  for i in $(seq "$projects"); do write_project "$dir" "$(project_name "$i")" "" "$(package_project_body "$(module_of "$i")")"; done
  write_project "$dir" Big "" "$(package_project_body big)"
  write_project "$dir" Small "" "$(package_project_body small)"
  write_solutions "$dir"
}
# The hand-written tree: no package; each project runs go (generate and) build with Exec targets, incremental by
# Inputs/Outputs, and copies the result to its output like any None item.
write_exec_tree() {
  local dir="$1" i name
  write_go_modules "$dir"
  printf '<Project />\n' > "$dir/Directory.Build.props"
  cat > "$dir/Directory.Build.targets" <<EOF
<Project>
  <PropertyGroup>
    <GoModuleDir>\$([MSBuild]::NormalizeDirectory('\$(MSBuildProjectDirectory)', '../../go/\$(GoModuleName)'))</GoModuleDir>
  </PropertyGroup>
  <ItemGroup>
    <GoSource Include="\$(GoModuleDir)**/*.go;\$(GoModuleDir)go.mod" />
  </ItemGroup>
  <Target Name="GoPathsByHand">
    <PropertyGroup>
      <GoOutput>\$(MSBuildProjectDirectory)/\$(IntermediateOutputPath)go/\$(GoOutputName)</GoOutput>
    </PropertyGroup>
  </Target>
  <Target Name="GoGenerateByHand" Condition="Exists('\$(GoModuleDir)color.go')"
          Inputs="\$(GoModuleDir)color.go" Outputs="\$(GoModuleDir)color_string.go">
    <Exec Command="$go generate ./..." WorkingDirectory="\$(GoModuleDir)" EnvironmentVariables="GOTOOLCHAIN=local" />
  </Target>
  <Target Name="GoBuildByHand" BeforeTargets="AssignTargetPaths" DependsOnTargets="GoPathsByHand;GoGenerateByHand"
          Inputs="@(GoSource)" Outputs="\$(GoOutput)">
    <MakeDir Directories="\$([System.IO.Path]::GetDirectoryName('\$(GoOutput)'))" />
    <Exec Command="$go build -buildmode=\$(GoBuildMode) -trimpath -o \$(GoOutput) ." WorkingDirectory="\$(GoModuleDir)"
          EnvironmentVariables="GOTOOLCHAIN=local" />
  </Target>
  <Target Name="GoOutputByHand" BeforeTargets="AssignTargetPaths" DependsOnTargets="GoBuildByHand">
    <ItemGroup>
      <None Include="\$(GoOutput)" Link="\$(GoOutputName)" CopyToOutputDirectory="PreserveNewest" Visible="false" />
      <FileWrites Include="\$(GoOutput)" />
    </ItemGroup>
  </Target>
</Project>
EOF
  for i in $(seq "$projects"); do
    name=$(module_of "$i")
    write_project "$dir" "$(project_name "$i")" "" "  <PropertyGroup>
    <GoModuleName>$name</GoModuleName>
    <GoBuildMode>$(mode_of "$name")</GoBuildMode>
    <GoOutputName>$(output_of "$name")</GoOutputName>
  </PropertyGroup>"
  done
  write_solutions "$dir"
}
on="$work/on" off="$work/off" exec_tree="$work/exec"
phase "generating $projects projects ($per_module per Go module) three times: package on, package off, Exec by hand"
write_package_tree "$on"
write_exec_tree "$exec_tree"
build_on=(dotnet_build "$on/Bench.slnx")
build_off=(dotnet_build "$off/Bench.slnx" -p:GoToolchainEnabled=false)
build_exec=(dotnet_build "$exec_tree/Bench.slnx")

# go's own wait against a proxy that accepts and never answers, measured in the background (it only waits).
"$work/benchtool" hang "$work/hang.port" 3600 & background+=($!)
for _ in $(seq 100); do [ -s "$work/hang.port" ] && break; sleep 0.1; done
hang_url="http://127.0.0.1:$(cat "$work/hang.port")"
mkdir -p "$work/use"
printf 'module example.com/use\n\ngo 1.21\n\nrequire example.com/m v1.0.0\n' > "$work/use/go.mod"
( cd "$work/use"; s=$(now_ms)
  GOPROXY="$hang_url" GOSUMDB=off GOTOOLCHAIN=local GOMODCACHE="$work/modcache-hang" \
    timeout "$go_hang_limit" "$go" mod download example.com/m@v1.0.0 >/dev/null 2>&1 || true
  echo $(( $(now_ms) - s )) > "$work/go-hang.ms" ) & background+=($!)

phase "first builds (restore, go build, warm GOCACHE)"
must "${build_on[@]}"
mkdir -p "$work/prebuilt"
for i in $(seq ${#modules[@]}); do
  cp "$on/src/$(project_name "$i")/bin/Debug/$tfm/$(output_of "$(module_of "$i")")" "$work/prebuilt/"
done
cp -r "$on" "$off"; rm_build_outputs "$off"
# The Exec tree generates like the package did (its go generate target then finds color_string.go newer and skips).
cp "$on/go/colors/color_string.go" "$exec_tree/go/colors/"
must "${build_off[@]}"
must "${build_exec[@]}"
must dotnet_build "$on/Big.slnx"
must dotnet_build "$on/Small.slnx"
# A second round settles what a first build leaves newer than its outputs (none expected; it costs one no-op).
must "${build_on[@]}"; must "${build_off[@]}"

# --- 1. no-op builds, package on and off, interleaved; 5. how they grow -------------------------------------------------
phase "no-op builds: $runs runs each of 1, $per_module, $projects projects, on and off; the ${big_files}-file module"
declare -A noop
for r in $(seq "$runs"); do
  for n in "${scale_steps[@]}"; do
    # Which of the two goes first alternates by round: a build right after another one is not timed like one after a
    # pause (the previous build's node processes still exiting, the page cache it warmed), and neither side should
    # always get the same position.
    if [ $((r % 2)) = 1 ]; then
      noop[on,$n]+="$(timed dotnet_build "$on/Bench-$n.slnx") "
      noop[off,$n]+="$(timed dotnet_build "$off/Bench-$n.slnx" -p:GoToolchainEnabled=false) "
    else
      noop[off,$n]+="$(timed dotnet_build "$off/Bench-$n.slnx" -p:GoToolchainEnabled=false) "
      noop[on,$n]+="$(timed dotnet_build "$on/Bench-$n.slnx") "
    fi
  done
  noop[big]+="$(timed dotnet_build "$on/Big.slnx") "
  noop[small]+="$(timed dotnet_build "$on/Small.slnx") "
done
med() { printf '%s\n' ${noop[$1]} | median; }
declare -A noop_ms
for n in "${scale_steps[@]}"; do noop_ms[on,$n]=$(med "on,$n"); noop_ms[off,$n]=$(med "off,$n"); done
big_ms=$(med big); small_ms=$(med small)
noop_on_ms=${noop_ms[on,$projects]} noop_off_ms=${noop_ms[off,$projects]}
# Where a no-op build's time goes: the package's tasks and targets in one binlog.
must dotnet_build "$on/Bench.slnx" "-bl:$evidence/noop.binlog"
task_times "$evidence/noop.binlog" "$evidence/noop-task-times.tsv"
package_tasks='ReuseLastGoBuild|RecordLastGoBuild|ValidateGoSettings|ValidateGoroot|PlanGoBuilds|BuildGoModule|EnsureLoopvarExperiment|CheckGoProxy|RunGoGenerate|GenerateGoBindings'
noop_package_task_ms=$(awk -F'\t' -v re="^($package_tasks)\$" '$1 == "task" && $2 ~ re { s += $4 } END { print s + 0 }' \
  "$evidence/noop-task-times.tsv")
# The same without any logger: a binlog (like -clp:PerformanceSummary) makes MSBuild forward every event, which adds to
# what it measures. One more no-op with only the Microsoft-Build EventSource on, traced by the runtime in every MSBuild
# process; a target's time there is its own (its dependencies run before it starts), a task's includes its creation.
# Twice, the first untimed: the tracing variables are part of the build's environment, so the first build with them is
# not a no-op to the package (it builds in full and records that environment; docs/design.md, "The no-op build").
rm -rf "$work/noop-events"; mkdir -p "$work/noop-events"
( export DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$work/noop-events/msbuild.{pid}.nettrace" \
    DOTNET_EventPipeConfig='Microsoft-Build:0xFFFFFFFFFFFFFFFF:5'
  must dotnet_build "$on/Bench.slnx"
  rm -f "$work"/noop-events/*.nettrace
  must dotnet_build "$on/Bench.slnx" )
must dotnet "$work/msbuildevents/out/MSBuildEvents.dll" "$evidence/noop-msbuild-events.tsv" "$work"/noop-events/*.nettrace
package_targets='_Go.*|GoValidate|GoGenerate|GoBuild'
read -r events_package_targets_ms events_all_targets_ms events_package_tasks_ms < <(awk -F'\t' -v re="^($package_targets)\$" \
  -v tre="^($package_tasks)\$" '$1 == "target" { all += $3; if ($2 ~ re) pkg += $3 } $1 == "task" && $2 ~ tre { t += $3 }
  END { printf "%.0f %.0f %.0f\n", pkg, all, t }' "$evidence/noop-msbuild-events.tsv")
events_target_list=$(awk -F'\t' -v re="^($package_targets)\$" '$1 == "target" && $2 ~ re && n < 7 {
  printf "%s`%s` %.0f ms", sep, $2, $3; sep = ", "; n++ }' "$evidence/noop-msbuild-events.tsv")

# --- 2. go processes: a no-op build (none), a cold build (one go env per toolchain and environment) ---------------------
phase "counting go processes with strace: a no-op build, then a cold build"
traced "$evidence/noop.strace" "${build_on[@]}"
noop_go=$(grep -c . "$evidence/noop.strace.go" || true)
rm_build_outputs "$on"; rm -rf "$package_state"
traced "$evidence/cold.strace" "${build_on[@]}"
by_package() { awk -F'\t' -v sub_="$1" '$1 == "dotnet" && $2 == sub_' "$evidence/cold.strace.go" | grep -c . || true; }
cold_env=$(by_package env)
cold_build=$(by_package build)
cold_all=$(awk -F'\t' '$1 == "dotnet"' "$evidence/cold.strace.go" | grep -c . || true)
cold_other=$(awk -F'\t' '$1 != "dotnet"' "$evidence/cold.strace.go" | grep -c . || true)
cold_summary=$(awk -F'\t' '$1 == "dotnet" { n[$2]++ } END { for (s in n) { printf "%s%d go %s", sep, n[s], s; sep = ", " } }' \
  "$evidence/cold.strace.go")
# One toolchain (GoRoot) and one environment for every project of the solution: one probe.
expected_env=1
[ "$noop_go" = 0 ] || { echo "benchmark: CHECK FAILED: the no-op build started $noop_go go process(es):" >&2
  cat "$evidence/noop.strace.go" >&2; status=1; }
[ "$cold_env" = "$expected_env" ] || { echo "benchmark: CHECK FAILED: the cold build started $cold_env go env process(es)" \
  "for $expected_env toolchain(s)/environment(s)" >&2; status=1; }
must "${build_on[@]}"

# --- 3. one .go file touched: the whole build, and each GoBuild task against its go build ------------------------------
phase "touching go/alpha/alpha.go: $runs timed builds, $runs binlog builds, $runs go builds by hand"
touched="$on/go/alpha/alpha.go"
touched_ms=$(for _ in $(seq "$runs"); do touch "$touched"; timed "${build_on[@]}"; done | median)
gobuild_task=() gobuild_process=() gobuild_waits=() gobuild_reacquire=()
for r in $(seq "$runs"); do
  touch "$touched"
  must "${build_on[@]}" "-bl:$evidence/touched-$r.binlog"
  task_times "$evidence/touched-$r.binlog" "$evidence/touched-$r-task-times.tsv"
  # The GoBuild task that ran go build (the others of the module's projects copy its result from the shared store).
  line=$(awk -F'\t' '$1 == "gobuild" && $4 != ""' "$evidence/touched-$r-task-times.tsv" | head -1)
  # Its time after its last message is the wait to get its node back (Reacquire after the yield around go build):
  # MSBuild ran other projects on that node meanwhile, so it is shown apart from the task's own work.
  reacquire=$(awk -F'\t' -v p="$(cut -f2 <<<"$line")" '$1 == "instance" && $2 == "BuildGoModule" && $3 == p { print $5; exit }' \
    "$evidence/touched-$r-task-times.tsv")
  gobuild_task+=("$(( $(cut -f3 <<<"$line") - ${reacquire:-0} ))"); gobuild_process+=("$(cut -f4 <<<"$line")")
  gobuild_reacquire+=("${reacquire:-0}")
  gobuild_waits+=("$(awk -F'\t' '$1 == "gobuild" && $4 == "" { s += $3; n++ } END { printf "%d %d", n, s }' \
    "$evidence/touched-$r-task-times.tsv")")
done
gobuild_task_ms=$(printf '%s\n' "${gobuild_task[@]}" | grep -E '^[0-9]+$' | median)
gobuild_process_ms=$(printf '%s\n' "${gobuild_process[@]}" | grep -E '^[0-9]+$' | median)
gobuild_reacquire_ms=$(printf '%s\n' "${gobuild_reacquire[@]}" | median)
other_gobuild_count=$(cut -d' ' -f1 <<<"${gobuild_waits[-1]}")
other_gobuild_ms=$(printf '%s\n' "${gobuild_waits[@]}" | cut -d' ' -f2 | median)
# The same go build by hand: exactly the argv and environment the package gave go build (one more touched build,
# under strace -v), its -o aimed elsewhere, in the module folder where the package runs it.
touch "$touched"
strace_verbose=1 traced "$evidence/touched.strace" "${build_on[@]}"
hand_env=() hand_argv=() hand_shown=()
while IFS= read -r l; do
  case "$l" in
    "env "*) v="${l#env }"; hand_env+=("$v")
             # shown: the Go variables the package set or changed in the build's own environment
             case "$v" in GO*|CGO_*) [ "$(printenv "${v%%=*}" || true)" = "${v#*=}" ] || hand_shown+=("$v") ;; esac ;;
    "arg "*) hand_argv+=("${l#arg }") ;;
  esac
done < <("$work/benchtool" gocommand "$evidence/touched.strace" build)
for i in "${!hand_argv[@]}"; do [ "${hand_argv[$i]}" = -o ] && hand_argv[$((i + 1))]="$work/hand/libalpha.so"; done
mkdir -p "$work/hand"
hand_ms=$(for _ in $(seq "$runs"); do
  touch "$touched"; s=$(now_ms)
  (cd "$on/go/alpha" && env -i "${hand_env[@]}" "${hand_argv[@]}" > "$evidence/hand-go-build.log" 2>&1) ||
    { echo "benchmark: go build by hand failed: $(cat "$evidence/hand-go-build.log")" >&2; exit 1; }
  echo $(( $(now_ms) - s ))
done | median)
hand_plus_off_ms=$((hand_ms + noop_off_ms))
hand_command="${hand_shown[*]} ${hand_argv[*]}"
must "${build_on[@]}"

# --- 3b. one .go file's content edited: go must link again, in the package's build and by hand alike ----------------
# A touched file with the same content lets go keep the linked output (its build ID still matches); an edit that changes
# the compiled code does not. The same argv and environment as above.
phase "editing go/alpha/offset.go: $runs timed builds, $runs go builds by hand"
edited="$on/go/alpha/offset.go"
edit_original=$(cat "$edited")
edit_content() { printf '%s\n\nvar editMark = "edit %s"\n' "$edit_original" "$(date +%s%N)" > "$edited"; }
edited_ms=$(for _ in $(seq "$runs"); do edit_content; timed "${build_on[@]}"; done | median)
hand_edited_ms=$(for _ in $(seq "$runs"); do
  edit_content; s=$(now_ms)
  (cd "$on/go/alpha" && env -i "${hand_env[@]}" "${hand_argv[@]}" > "$evidence/hand-go-build.log" 2>&1) ||
    { echo "benchmark: go build by hand failed: $(cat "$evidence/hand-go-build.log")" >&2; exit 1; }
  echo $(( $(now_ms) - s ))
done | median)
printf '%s\n' "$edit_original" > "$edited"
must "${build_on[@]}"
hand_edited_plus_off_ms=$((hand_edited_ms + noop_off_ms))

# --- 4. cold first builds: the package against hand-written Exec targets ----------------------------------------------
phase "cold builds (empty bin/ and obj/, warm GOCACHE): $runs each, package and Exec, interleaved"
cold_on=() cold_exec=()
for _ in $(seq "$runs"); do
  rm_build_outputs "$on"; rm -rf "$package_state"
  cold_on+=("$(timed "${build_on[@]}")")
  rm_build_outputs "$exec_tree"
  cold_exec+=("$(timed "${build_exec[@]}")")
done
cold_on_ms=$(printf '%s\n' "${cold_on[@]}" | median)
cold_exec_ms=$(printf '%s\n' "${cold_exec[@]}" | median)

# --- 6. a hanging module proxy: CheckGoProxy's verdict against go's own wait ---------------------------------------------
phase "a module behind a proxy that never answers (GoProxyTimeoutSeconds=3)"
proxy_dir="$work/proxy"
mkdir -p "$proxy_dir/src/Proxy" "$proxy_dir/go/use"
cp "$on/nuget.config" "$on/Directory.Build.props" "$on/Directory.Build.targets" "$proxy_dir/"
printf 'module example.com/use\n\ngo 1.22\n\nrequire example.com/m v1.0.0\n' > "$proxy_dir/go/use/go.mod"
printf 'package main\n\nimport _ "example.com/m"\n\nfunc main() {}\n' > "$proxy_dir/go/use/main.go"
# go.sum lists the module (go build would otherwise stop at "missing go.sum entry" before any download), so the build
# must download it: the check probes the proxy. The hashes are never checked: nothing is ever downloaded.
printf 'example.com/m v1.0.0 h1:%s=\nexample.com/m v1.0.0/go.mod h1:%s=\n' "$(printf 'A%.0s' {1..43})" "$(printf 'A%.0s' {1..43})" \
  > "$proxy_dir/go/use/go.sum"
write_project "$proxy_dir" Proxy "" '  <ItemGroup><GoModule Include="../../go/use" BuildMode="exe" /></ItemGroup>'
s=$(now_ms)
GOPROXY="$hang_url" GOMODCACHE="$work/modcache-hang" dotnet build "$proxy_dir/src/Proxy" -nr:false -tl:off -v:n \
  -p:GoProxyTimeoutSeconds=3 > "$evidence/proxy.log" 2>&1 || true
proxy_build_ms=$(( $(now_ms) - s ))
proxy_check_s=$(sed -n 's/.*CheckGoProxy: [0-9]* network request(s), \([0-9.]*\) s.*/\1/p' "$evidence/proxy.log" | head -1)
grep -q GOTB210 "$evidence/proxy.log" || { echo "benchmark: the hanging-proxy build did not fail with GOTB210" >&2; status=1; }
wait "${background[1]}" 2>/dev/null || true
go_hang_ms=$(cat "$work/go-hang.ms" 2>/dev/null || echo n/a)
if [ "$go_hang_ms" != n/a ] && [ "$go_hang_ms" -ge $(( (go_hang_limit - 1) * 1000 )) ]; then
  go_hang_text="still waiting after $(secs "$go_hang_ms"), when the benchmark stopped it"
else
  go_hang_text="$(secs "$go_hang_ms")"
fi

# --- the report ------------------------------------------------------------------------------------------------------
phase "writing $out"
step_ratios() { # on|off -> "t1 → t10 (×r) → t40 (×r)"
  local prev="" n text=""
  for n in "${scale_steps[@]}"; do
    text+="${prev:+ → }$n: $(secs "${noop_ms[$1,$n]}")"
    [ -n "$prev" ] && text+=" (×$(ratio "${noop_ms[$1,$n]}" "${noop_ms[$1,$prev]}") for ×$(ratio "$n" "$prev" | sed 's/\.000$//') projects)"
    prev=$n
  done
  echo "$text"
}
linear="PASS"
prev=""
for n in "${scale_steps[@]}"; do
  if [ -n "$prev" ]; then
    [ "$(verdict "$(ratio "${noop_ms[on,$n]}" "${noop_ms[on,$prev]}")" "$(ratio "$n" "$prev")")" = PASS ] || linear="MISS"
  fi
  prev=$n
done
big_added_ms=$((big_ms - small_ms))
gobuild_ratio=$(ratio "$gobuild_task_ms" "$gobuild_process_ms")
touched_ratio=$(ratio "$touched_ms" "$hand_plus_off_ms")
noop_ratio=$(ratio "$noop_on_ms" "$noop_off_ms")
cold_ratio=$(ratio "$cold_on_ms" "$cold_exec_ms")
count_verdict() { [ "$1" = "$2" ] && echo PASS || echo MISS; }
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
ram=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os_name=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- src 2>/dev/null | grep -q . && echo " (with uncommitted changes under src/)" || true)
msbuild_version=$(dotnet msbuild -version -nologo 2>/dev/null | tail -1)
elapsed=$(( $(date +%s) - started_at ))
quick_note=""
[ "$mode" = quick ] && quick_note="
**Quick mode** (\`--quick\`): a smoke test of the script, not a measurement to quote."
row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }
package_task_list=$(awk -F'\t' -v re="^($package_tasks)\$" '$1 == "task" && $2 ~ re { printf "%s%s %d ms", sep, $2, $4; sep = ", " }' \
  "$evidence/noop-task-times.tsv")
goals_table=$(
  row goal measured ""; row --- --- ---
  row "a GoBuild task (to its last message) ≤ 1.05× its go build process" \
    "$gobuild_task_ms ms vs $gobuild_process_ms ms: ×$gobuild_ratio" "$(verdict "$gobuild_ratio" 1.05)"
  row "rebuild after a .go edit ≤ 1.05× (go build by hand + package-off no-op)" \
    "$(secs "$touched_ms") vs $hand_ms ms + $(secs "$noop_off_ms") = $(secs "$hand_plus_off_ms"): ×$touched_ratio" \
    "$(verdict "$touched_ratio" 1.05)"
  row "$projects-project no-op ≤ 1.03× package off" "$(secs "$noop_on_ms") vs $(secs "$noop_off_ms"): ×$noop_ratio" \
    "$(verdict "$noop_ratio" 1.03)"
  row "0 go processes in a no-op build" "$noop_go" "$(count_verdict "$noop_go" 0)"
  row "\`go env\` probes in a cold build = distinct toolchains and environments" "$cold_env for $expected_env" \
    "$(count_verdict "$cold_env" "$expected_env")"
  row "the no-op grows at most linearly with the projects" "$(step_ratios on)" "$linear"
  row "a ${big_files}-file module adds ≤ 50 ms to a no-op" \
    "+$big_added_ms ms ($(secs "$big_ms") vs $(secs "$small_ms") with a 10-file module)" "$(verdict "$big_added_ms" 50)"
  row "spec §7: a proxy that never answers is reported within GoProxyTimeoutSeconds (3 s) + 1 s" \
    "${proxy_check_s:-?} s (GOTB210; go itself: $go_hang_text)" "$(verdict "${proxy_check_s:-n/a}" 4)"
)
details_table=$(
  row what package "side by side"; row --- --- ---
  row "no-op build, $projects projects" "$(secs "$noop_on_ms")" "$(secs "$noop_off_ms") package off"
  row "no-op growth, package" "$(step_ratios on)" ""
  row "no-op growth, package off" "$(step_ratios off)" ""
  row "the package's tasks in one $projects-project no-op (binlog, summed over projects)" "$noop_package_task_ms ms" \
    "$package_task_list"
  row "of which after each task's last message (a yielded task waiting to get its node back), summed" \
    "$(awk -F'\t' -v re="^($package_tasks)\$" '$1 == "instance" && $2 ~ re { s += $5 } END { print s + 0 }' \
      "$evidence/noop-task-times.tsv") ms" "$(awk -F'\t' '$1 == "instance" && $5 > 20 { n[$2] += $5 }
      END { for (t in n) { printf "%s%s %d ms", sep, t, n[t]; sep = ", " } }' "$evidence/noop-task-times.tsv")"
  row "the package's targets in one $projects-project no-op with no logger attached (MSBuild's EventSource, summed over projects)" \
    "$events_package_targets_ms ms ($(awk -v a="$events_package_targets_ms" -v b="$events_all_targets_ms" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }') % of all targets' $(secs "$events_all_targets_ms")), $events_package_tasks_ms ms of it in its tasks" \
    "$events_target_list"
  row "go processes in a no-op build (strace -f, any parent)" "$noop_go" ""
  row "go processes the package started in a cold build" "$cold_all: $cold_summary" \
    "plus $cold_other started by go or a generator (compile, link, stringer's go list)"
  row "go build processes in a cold build of $projects projects on ${#modules[@]} modules" "$cold_build" \
    "one per module: the other projects copy from the shared-build store"
  row "touched \`go/alpha/alpha.go\`: whole build" "$(secs "$touched_ms")" \
    "$hand_ms ms go build by hand + $(secs "$noop_off_ms") package-off no-op"
  row "the GoBuild task that ran go build, to its last message" "$gobuild_task_ms ms, of which the go build process $gobuild_process_ms ms; then $gobuild_reacquire_ms ms waiting to get its node back" \
    "$hand_ms ms the same go build by hand"
  row "the other $other_gobuild_count GoBuild tasks of alpha's projects (they copy the result; summed)" "$other_gobuild_ms ms" ""
  row "edited \`go/alpha/offset.go\` (the code changes, so go links again): whole build" "$(secs "$edited_ms")" \
    "$hand_edited_ms ms go build by hand + $(secs "$noop_off_ms") package-off no-op = $(secs "$hand_edited_plus_off_ms"): ×$(ratio "$edited_ms" "$hand_edited_plus_off_ms")"
  row "cold first build (empty bin/ and obj/, empty package store, warm GOCACHE)" "$(secs "$cold_on_ms")" \
    "$(secs "$cold_exec_ms") Exec targets: ×$cold_ratio"
  row "CheckGoProxy against a proxy that accepts and never answers (GoProxyTimeoutSeconds=3)" \
    "${proxy_check_s:-?} s (the whole failing build: $(secs "$proxy_build_ms"))" "\`go mod download\`: $go_hang_text"
)
mkdir -p "$(dirname "$out")"
# Sections written by hand (a "## " heading followed by the "Written by hand" comment) are carried over to the end of
# the new file: they explain what the script cannot measure by itself.
hand_sections=""
if [ -f "$out" ]; then
  hand_sections=$(awk '/^## / { heading = $0; pending = 1; next }
    pending && NF { pending = 0; if ($0 ~ /Written by hand/) { keep = 1; print ""; print heading; print "" } }
    keep' "$out")
fi
cat > "$out" <<EOF
# Performance

Generated by \`bash build/benchmark.sh$( [ "$mode" = quick ] && echo " --quick")\` on $(date -u +%Y-%m-%d) in \
$((elapsed / 60)) min $((elapsed % 60)) s;
regenerate it with the script, do not edit it by hand. Times are medians of $runs runs.$quick_note

* Machine: $(nproc) cores, $cpu, $ram RAM; $os_name, Linux $(uname -r); load average (1, 5, 15 min) $load_at_start at the
  start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (anything else running makes the times noisy; the counts do not care)
* .NET SDK $(dotnet --version) (MSBuild $msbuild_version); $("$go" version | sed 's/^go version //') ($goroot)
* GoToolchain.Build $version, packed by the script from commit $commit$dirty

## The solution

$projects C# console projects (\`$tfm\`), $per_module referencing each of $((${#modules[@]})) Go modules (standard library
only, \`go 1.22\`): \`alpha\` and \`beta\` are c-shared libraries, \`tool\` an exe shipped beside the app, \`colors\` an exe
with a \`//go:generate stringer\` step. One \`Bench.slnx\`; \`Bench-N.slnx\` hold its first N projects (each prefix mixes the
four kinds). Three copies of the tree:

* **package**: \`<PackageReference Include="GoToolchain.Build" Version="$version" />\` and \`<GoRoot>$goroot</GoRoot>\`
  in Directory.Build.props, a \`<GoModule Include="../../go/<module>" BuildMode="..."/>\` per project;
* **package off**: the same tree built with \`-p:GoToolchainEnabled=false\`; the Go outputs are prebuilt and each project
  copies its one with \`<None Include="prebuilt/..." CopyToOutputDirectory="PreserveNewest" />\`, the copying work the
  package's own None item does;
* **Exec**: no package; each project has hand-written targets, incremental by Inputs/Outputs:
  \`<Exec Command="go build -buildmode=... -trimpath -o \$(IntermediateOutputPath)go/<output> ." />\` before
  AssignTargetPaths (and \`go generate ./...\` when \`color_string.go\` is older than \`color.go\`), the output a None item.

Every build: \`dotnet build <tree>/Bench.slnx -m -nr:false -tl:off -v:q\` (restore included, as people run it) with
\`MSBUILDDISABLENODEREUSE=1\`, and \`GOCACHE\`, \`NUGET_PACKAGES\` and \`TMPDIR\` (so the package's shared-build store and
go generate state) inside the benchmark's work folder. Package on and off, and package and Exec, run interleaved; in the
no-op rounds the side that goes first alternates.

## Goals (issue 14)

$goals_table

## Details

$details_table

The go build by hand, run in \`go/alpha\` with \`env -i\`: exactly the argv and environment the package gave go build (read
from an \`strace -v\` of one more touched build), its \`-o\` aimed elsewhere; the Go variables the package set:
\`$hand_command\`.

A GoBuild task's time beyond its go build process is the package's own work around it (the staging folder, the
shared-build store, the checks). A touched module rebuilds in every project that uses it: the first runs go build, the
others wait for it on the store's lock and copy the result, which is the "other GoBuild tasks" row.

How it was measured: wall times with \`date +%s%N\` around each command; task times from binlogs
(\`-bl\`, in separate builds so the timed ones carry no binlog), replayed through build/benchmark/TaskTimes, and with no
logger at all from MSBuild's own EventSource in one more no-op (\`DOTNET_EnableEventPipe=1\`, only the \`Microsoft-Build\`
provider, read by build/benchmark/MSBuildEvents with TraceEvent); process
counts from \`strace -f -e trace=execve,clone,clone3,fork,vfork\` (in separate builds), each go process attributed to the
program that started it by build/benchmark/benchtool. Never asserted in tests (spec §7).
EOF
# cat -s: the blank line before each carried heading is printed anew, so one already kept would pile up run after run.
[ -z "$hand_sections" ] || printf '%s\n' "$hand_sections" | cat -s >> "$out"
cat "$out"
phase "done in $elapsed s; exit status $status"
exit "$status"
