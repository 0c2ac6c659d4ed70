#!/usr/bin/env bash
# Runs the Windows exe under wine on Debian/Ubuntu: the CLI (demo, stats --json, check) and
# the desktop window under Xvfb, once per wgpu backend setting, with a screenshot of each.
#   scripts/wine-test.sh                  tests target/x86_64-pc-windows-gnu/debug/bianzhi.exe
#   scripts/wine-test.sh path/to/bianzhi.exe
#   scripts/wine-test.sh --no-gui [exe]   CLI only
# Build the exe first: scripts/build-windows.sh --dev (or without --dev for release).
# Environment: WINE_TEST_DIR (work dir, default /tmp/bianzhi-wine; holds the wine prefix,
# the database, logs and screenshots), GUI_WAIT (seconds before the screenshot, default 15),
# BACKENDS (default "default vulkan gl": values for WGPU_BACKEND, "default" = unset).
#
# Debian's wine 8.0 has no bcryptprimitives.dll, which Rust's std imports (ProcessPrng), so
# every Rust exe exits at once under it. The prefix gets a test-only stand-in built from
# scripts/wine/bcryptprimitives.c; it is never shipped with the app.
#
# Under wine a GUI-subsystem (release) exe inherits the terminal's stdout, so the CLI prints
# here whether or not AttachConsole works: this does not test the console on real Windows.
set -euo pipefail
cd "$(dirname "$0")/.."

gui=1
[ "${1:-}" = "--no-gui" ] && { gui=0; shift; }
exe=$(realpath "${1:-${CARGO_TARGET_DIR:-target}/x86_64-pc-windows-gnu/debug/bianzhi.exe}")
[ -f "$exe" ] || { echo "no exe at $exe: run scripts/build-windows.sh --dev first" >&2; exit 2; }
dir=${WINE_TEST_DIR:-/tmp/bianzhi-wine}
wait_s=${GUI_WAIT:-15}
backends=${BACKENDS:-default vulkan gl}
mkdir -p "$dir"
dir=$(realpath "$dir")

# --- tools --------------------------------------------------------------------------------
need=()
command -v wine >/dev/null || need+=(wine wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
if [ $gui = 1 ]; then
    command -v Xvfb >/dev/null || need+=(xvfb)
    command -v import >/dev/null || need+=(imagemagick)
    command -v xdotool >/dev/null || need+=(xdotool)
    [ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || need+=(mesa-vulkan-drivers)
fi
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# --- wine prefix with the bcryptprimitives stand-in ----------------------------------------
export WINEPREFIX="$dir/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
sys32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -d "$sys32" ]; then
    echo "== creating wine prefix $WINEPREFIX"
    wineboot -i >"$dir/wineboot.log" 2>&1 || true
    wineserver -w
fi
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$sys32/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives.c scripts/wine/bcryptprimitives.def -ladvapi32

xvfb_pid=""
cleanup() {
    wineserver -k 2>/dev/null || true # only this script's prefix
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

fail=0
winpath() { echo "Z:${1//\//\\}"; }
db="$dir/c.db"
rm -f "$db" "$db"-*
wdb=$(winpath "$db")
echo "== exe: $exe ($(stat -c %s "$exe") bytes)"
echo "== wine: $(wine --version 2>/dev/null)"

# --- CLI ----------------------------------------------------------------------------------
run_cli() { # name, args...
    local name=$1; shift
    local t0 t1 rc=0
    t0=$(date +%s.%N)
    wine "$exe" --db "$wdb" "$@" >"$dir/$name.out" 2>"$dir/$name.err" || rc=$?
    t1=$(date +%s.%N)
    printf '== %-6s exit %d, %.2f s, %d bytes of output\n' "$name" "$rc" \
        "$(awk "BEGIN{print $t1 - $t0}")" "$(stat -c %s "$dir/$name.out")"
    [ $rc -eq 0 ] || { fail=1; sed 's/^/   stderr: /' "$dir/$name.err" | head -20; }
}
run_cli demo demo
head -3 "$dir/demo.out" | sed 's/^/   /'
run_cli stats stats --json
keys=(as_of totals orgs reserve pools years)
for k in "${keys[@]}"; do
    grep -q "^  \"$k\":" "$dir/stats.out" || { echo "   stats --json: no top-level key $k" >&2; fail=1; }
done
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("   keys:", " ".join(d))' \
        "$dir/stats.out" || fail=1
fi
run_cli check check
if [ "$(tr -d '\r' <"$dir/check.out")" = ok ]; then echo "   check printed: ok"; else
    echo "   check printed: $(head -c 300 "$dir/check.out")" >&2; fail=1
fi

[ $gui = 1 ] || { [ $fail = 0 ] && echo "== CLI passed" || echo "== CLI FAILED"; exit $fail; }

# --- GUI under Xvfb -----------------------------------------------------------------------
n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp >"$dir/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=":$n"
sleep 2
applog="$WINEPREFIX/drive_c/users/$(whoami)/AppData/Roaming/bianzhi/bianzhi.log"

# Which renderer drew the frames, read from wine's trace: Vulkan presents mean wgpu+Vulkan;
# WGL swaps with the context released between frames mean wgpu+GL (wgpu's GL backend makes
# its context current only while it works); swaps with the context kept current mean glow,
# the app's fallback when wgpu cannot start.
renderer() { # trace file
    local t=$1 vk gl rel
    vk=$(grep -c 'thunk64_vkQueuePresentKHR' "$t" || true)
    gl=$(grep -c 'wglSwapBuffers' "$t" || true)
    rel=$(awk '/wglSwapBuffers/{s=1} s && /wglMakeCurrent \(\(nil\),\(nil\)\)/{n++} END{print n+0}' "$t")
    if [ "$vk" -gt 0 ]; then echo "wgpu + Vulkan ($vk presents)"
    elif [ "$gl" -gt 0 ] && [ "$rel" -gt 0 ]; then echo "wgpu + OpenGL ($gl swaps)"
    elif [ "$gl" -gt 0 ]; then echo "glow / OpenGL, the fallback after wgpu failed ($gl swaps)"
    else echo "none: no frame was presented"; fi
}

for b in $backends; do
    rm -f "$applog"
    envs=(); [ "$b" = default ] || envs=(WGPU_BACKEND="$b")
    shot="$dir/shot-$b.png"
    env "${envs[@]}" WINEDEBUG=+loaddll,+vulkan,+wgl,+d3d12 \
        wine "$exe" --db "$wdb" >"$dir/gui-$b.out" 2>"$dir/gui-$b.trace" &
    pid=$!
    sleep "$wait_s"
    alive=yes; kill -0 $pid 2>/dev/null || alive="no (exited)"
    win=$(xdotool search --name '^编制通$' 2>/dev/null | head -1 || true)
    import -window root "$shot"
    r=$(renderer "$dir/gui-$b.trace")
    echo "== GUI WGPU_BACKEND=$b: running $alive, window ${win:-not found}, renderer: $r"
    echo "   screenshot: $shot"
    { grep -E 'err:d3dcompiler|hlsl_compile_shader|err:vulkan' "$dir/gui-$b.trace" || true; } |
        sort -u | head -3 | sed 's/^/   wine: /'
    if [ -f "$applog" ]; then sed 's/^/   bianzhi.log: /' "$applog"; fi
    case "$r" in none*) fail=1 ;; esac
    [ -n "$win" ] || fail=1
    kill $pid 2>/dev/null || true
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
done

[ $fail = 0 ] && echo "== all wine checks passed" || echo "== some wine checks FAILED"
exit $fail
