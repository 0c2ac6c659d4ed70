#!/usr/bin/env bash
# Cross-builds the Windows exe (x86_64-pc-windows-gnu) on Debian/Ubuntu with mingw-w64.
#   scripts/build-windows.sh            release exe -> target/x86_64-pc-windows-gnu/release/bianzhi.exe
#   scripts/build-windows.sh --dev      dev profile (what CI builds: faster, same code)
# The exe needs no DLLs beside it: copy it anywhere (a USB stick) and run it.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
[ "${1:-}" = "--dev" ] && profile=dev

need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
command -v x86_64-w64-mingw32-windres >/dev/null || need+=(binutils-mingw-w64-x86-64)
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu

cargo build --profile "$profile" --target x86_64-pc-windows-gnu --bin bianzhi
dir=$([ "$profile" = dev ] && echo debug || echo release)
exe="${CARGO_TARGET_DIR:-target}/x86_64-pc-windows-gnu/$dir/bianzhi.exe"
ls -l "$exe"
# Only Windows' own DLLs may be imported.
if command -v x86_64-w64-mingw32-objdump >/dev/null; then
    x86_64-w64-mingw32-objdump -p "$exe" | awk '/DLL Name/ {print $3}' | sort -u > /tmp/bianzhi-dlls.txt
    echo "imports: $(tr '\n' ' ' < /tmp/bianzhi-dlls.txt)"
    if grep -iE 'libgcc|libstdc|libwinpthread|sqlite' /tmp/bianzhi-dlls.txt; then
        echo "the exe depends on a mingw DLL" >&2
        exit 1
    fi
fi
