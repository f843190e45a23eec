#!/usr/bin/env bash
# Provisions the native boosting libraries cbi-autopilot trains with (`npm run provision`), and
# with --with-browser (what `npm test` runs) Debian's chromium for the report's browser test.
#
# Debian/Ubuntu: XGBoost 3.2.0 (the release Homebrew builds, the default) built once from the
# source in vendor/ into ${CBI_CACHE_DIR:-~/.cache/cbi-autopilot}/xgboost/3.2.0/, and XGBoost 1.7.4
# from Debian (libxgboost0 = the library, xgboost = its CLI: the oldest supported version, and the
# CLI the format-compatibility test and the bench compare with); LightGBM built once from the C++
# sources shipped in the `lightgbm@1.0.27` npm tarball (LightGBM 4.1) into
#   ${CBI_CACHE_DIR:-~/.cache/cbi-autopilot}/lightgbm/<version>/{lib_lightgbm.so,lightgbm,VERSION.txt}
# (the shared library for the adapter, the CLI for the format-compatibility test and the bench).
# CBI_XGBOOST_BUILD=0 skips the XGBoost build (the night then uses Debian's 1.7.4).
# macOS: names the Homebrew formulae. Idempotent: a provisioned machine returns in well under a
# second. Prints one line per library saying where it is.
set -euo pipefail

LIGHTGBM_NPM_VERSION=1.0.27
XGBOOST_SOURCE_VERSION=3.2.0
XGBOOST_SOURCE_SHA256=997867360d780d07d7538db4ff4a94ae2de435fb54ed87ad112ef0dc12e0954b
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_DIR="${CBI_CACHE_DIR:-$HOME/.cache/cbi-autopilot}"
JOBS="${CBI_BUILD_JOBS:-2}"

say() { printf '%s\n' "$*"; }
fail() {
  printf 'provision: %s\n' "$*" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "need root (or sudo) to run: $*"
  fi
}

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || fail "no apt-get: install $* with your package manager"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; then
    [ "$apt_updated" = 1 ] && fail "apt-get install $* failed"
    as_root apt-get update -q >/dev/null
    apt_updated=1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null || fail "apt-get install $* failed"
  fi
}

provision_macos() {
  local missing=() prefix lib
  command -v brew >/dev/null 2>&1 || fail "Homebrew not found: install it, then run: brew install xgboost lightgbm libomp"
  for formula in lightgbm xgboost; do
    prefix="$(brew --prefix "$formula" 2>/dev/null || true)"
    if [ "$formula" = lightgbm ]; then lib="$prefix/lib/lib_lightgbm.dylib"; else lib="$prefix/lib/libxgboost.dylib"; fi
    if [ -n "$prefix" ] && [ -e "$lib" ]; then
      say "$formula: $lib (Homebrew)"
    else
      missing+=("$formula")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    fail "missing ${missing[*]}: run: brew install ${missing[*]} libomp"
  fi
}

provision_xgboost() {
  local lib
  lib="$(ls /usr/lib/*-linux-gnu/libxgboost.so.0 2>/dev/null | head -n1 || true)"
  if [ -z "$lib" ] || ! command -v xgboost >/dev/null 2>&1; then
    apt_install libxgboost0 xgboost
    lib="$(ls /usr/lib/*-linux-gnu/libxgboost.so.0 2>/dev/null | head -n1 || true)"
  fi
  [ -n "$lib" ] || fail "libxgboost0 installed but libxgboost.so.0 not found"
  local version
  version="$(dpkg-query -W -f='${Version}' libxgboost0 2>/dev/null || echo unknown)"
  say "xgboost: $lib (Debian libxgboost0 $version, CLI $(command -v xgboost))"
}

# XGBoost 3.2.0 from vendor/, built once into the cache (the adapter looks there before the
# system's libraries, so this is what the night uses). The build folder is kept until the install
# succeeds, so an interrupted build resumes.
provision_xgboost_source() {
  local version="$XGBOOST_SOURCE_VERSION"
  local target="$CACHE_DIR/xgboost/$version"
  if [ -e "$target/libxgboost.so" ] && [ -e "$target/VERSION.txt" ]; then
    say "xgboost: $target/libxgboost.so ($(cat "$target/VERSION.txt"), $(cat "$target/SOURCE.txt" 2>/dev/null || echo cache))"
    return
  fi
  if [ "${CBI_XGBOOST_BUILD:-1}" = 0 ]; then
    say "xgboost: not building $version (CBI_XGBOOST_BUILD=0): Debian's is used"
    return
  fi
  local tarball="$ROOT/vendor/xgboost-src-$version.tar.gz"
  [ -e "$tarball" ] || fail "$tarball is missing: the XGBoost $version source comes with the repo"
  local sum
  sum="$(sha256sum "$tarball" | cut -d' ' -f1)"
  [ "$sum" = "$XGBOOST_SOURCE_SHA256" ] || fail "$tarball has sha256 $sum, not $XGBOOST_SOURCE_SHA256: restore it from git"
  command -v cmake >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 ||
    apt_install cmake g++ make
  local build="$CACHE_DIR/xgboost/build-$version"
  local src="$build/xgboost-$version"
  mkdir -p "$build"
  [ -e "$src/CMakeLists.txt" ] || tar xzf "$tarball" -C "$build"
  say "xgboost: building XGBoost $version from vendor/ (-j$JOBS; about 7 minutes on 2 idle cores)"
  cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release >"$build/cmake.log" 2>&1 ||
    fail "cmake configure failed: see $build/cmake.log"
  cmake --build "$src/build" -j"$JOBS" >"$build/build.log" 2>&1 || fail "XGBoost build failed: see $build/build.log"
  [ -e "$src/lib/libxgboost.so" ] || fail "XGBoost built but $src/lib/libxgboost.so is missing: see $build/build.log"

  local staging="$CACHE_DIR/xgboost/.staging-$version-$$"
  rm -rf "$staging"
  mkdir -p "$staging"
  cp "$src/lib/libxgboost.so" "$staging/"
  printf '%s\n' "$version" >"$staging/VERSION.txt"
  printf 'built from vendor/xgboost-src-%s.tar.gz\n' "$version" >"$staging/SOURCE.txt"
  rm -rf "$target"
  mv "$staging" "$target"
  rm -rf "$build"
  say "xgboost: $target/libxgboost.so ($version, built from vendor/)"
}

installed_lightgbm() {
  local dir
  for dir in "$CACHE_DIR"/lightgbm/*/; do
    [ -e "$dir/lib_lightgbm.so" ] && [ -x "$dir/lightgbm" ] && [ -e "$dir/VERSION.txt" ] && {
      printf '%s\n' "${dir%/}"
      return 0
    }
  done
  return 1
}

provision_lightgbm() {
  local dir
  if dir="$(installed_lightgbm)"; then
    say "lightgbm: $dir/lib_lightgbm.so ($(cat "$dir/VERSION.txt"), CLI $dir/lightgbm)"
    return
  fi
  command -v cmake >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 ||
    apt_install cmake g++ make
  command -v npm >/dev/null 2>&1 || fail "npm not found: it fetches the LightGBM sources (lightgbm@$LIGHTGBM_NPM_VERSION)"

  # The build folder is kept until the install succeeds, so an interrupted build resumes.
  local build="$CACHE_DIR/lightgbm/build-$LIGHTGBM_NPM_VERSION"
  mkdir -p "$build"
  if [ ! -e "$build/package/dependencies/LightGBM/CMakeLists.txt" ]; then
    say "lightgbm: fetching lightgbm@$LIGHTGBM_NPM_VERSION sources"
    (cd "$build" && npm pack --silent "lightgbm@$LIGHTGBM_NPM_VERSION" >/dev/null && tar xzf "lightgbm-$LIGHTGBM_NPM_VERSION.tgz")
  fi
  local src="$build/package/dependencies/LightGBM"
  local version
  version="$(tr -d '[:space:]' <"$src/VERSION.txt")"
  say "lightgbm: building LightGBM $version (lib + CLI, -j$JOBS; a few minutes on 2 cores)"
  cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_CLI=ON >"$build/cmake.log" 2>&1 ||
    fail "cmake configure failed: see $build/cmake.log"
  cmake --build "$src/build" -j"$JOBS" >"$build/build.log" 2>&1 || fail "LightGBM build failed: see $build/build.log"

  local target="$CACHE_DIR/lightgbm/$version"
  local staging="$CACHE_DIR/lightgbm/.staging-$version-$$"
  rm -rf "$staging"
  mkdir -p "$staging"
  cp "$src/lib_lightgbm.so" "$src/lightgbm" "$staging/"
  printf '%s\n' "$version" >"$staging/VERSION.txt"
  printf 'built from npm lightgbm@%s (dependencies/LightGBM)\n' "$LIGHTGBM_NPM_VERSION" >"$staging/SOURCE.txt"
  rm -rf "$target"
  mv "$staging" "$target"
  rm -rf "$build"
  say "lightgbm: $target/lib_lightgbm.so ($version, CLI $target/lightgbm)"
}

# The report's browser test (npm test): Debian's chromium, driven by playwright-core; never a
# browser download. Elsewhere the test says it is skipped and why.
provision_browser() {
  if [ -x /usr/bin/chromium ]; then
    say "chromium: /usr/bin/chromium (for the report's browser test)"
    return
  fi
  if command -v apt-get >/dev/null 2>&1; then
    say "chromium: installing Debian's chromium for the report's browser test"
    apt_install --no-install-recommends chromium fonts-dejavu-core
    say "chromium: /usr/bin/chromium"
  else
    say "chromium: not installed (no apt-get): the report's browser test will be skipped"
  fi
}

case "$(uname -s)" in
  Darwin) provision_macos ;;
  Linux)
    provision_xgboost
    provision_lightgbm
    provision_xgboost_source
    # an if, not `&&`: as the last command a false test would be the script's exit status
    if [ "${1:-}" = "--with-browser" ]; then provision_browser; fi
    ;;
  *) fail "unsupported system $(uname -s): install LightGBM 4.x and XGBoost 1.7 to 3.x, then set CBI_LIGHTGBM_LIB and CBI_XGBOOST_LIB" ;;
esac
