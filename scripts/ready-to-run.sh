#!/usr/bin/env bash
# Compiles an installation's assemblies (the engine's and its plugins') ahead of time into ReadyToRun images with
# crossgen2, in place, so the engine starts on precompiled code instead of jitting it all at its first requests.
#   scripts/ready-to-run.sh CROSSGEN2 FRAMEWORK_VERSION INSTALL_DIR CACHE_DIR
# Each image is kept in CACHE_DIR under the SHA-256 of the IL it came from, and each image's own hash is recorded:
# a rebuild that copies an unchanged assembly again costs a copy, and an image already in place costs nothing.
# An assembly crossgen2 cannot compile stays as it is (the runtime jits it as before); nothing here fails the build.
set -uo pipefail
crossgen="$1" version="$2" install="${3%/}" cache="${4%/}"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
framework="$dotnet_root/shared/Microsoft.NETCore.App/$version"
aspnet="$dotnet_root/shared/Microsoft.AspNetCore.App/$version"
if [ ! -x "$crossgen" ] || [ ! -d "$framework" ] || [ ! -d "$aspnet" ]; then
  echo "ready-to-run: skipped (no crossgen2 at $crossgen or no shared framework $version under $dotnet_root)" >&2
  exit 0
fi
mkdir -p "$cache"

compile() { # $1 = assembly; its folder's other assemblies are references too (a plugin's own dependencies)
  local dll="$1" hash dir out
  hash=$(sha256sum "$dll" | cut -c1-64)
  [ -e "$cache/$hash.image" ] && return 0          # already an image this script made
  [ -e "$cache/$hash.skip" ] && return 0           # crossgen2 could not compile it before
  if [ ! -e "$cache/$hash.dll" ]; then
    dir=$(dirname "$dll")
    out=$(mktemp "$cache/tmp.XXXXXX")
    if "$crossgen" "$dll" -o "$out" --targetos:linux --targetarch:x64 -O \
         -r "$framework/*.dll" -r "$aspnet/*.dll" -r "$install/*.dll" -r "$dir/*.dll" >"$out.log" 2>&1; then
      mv "$out" "$cache/$hash.dll"
    else
      rm -f "$out"; mv "$out.log" "$cache/$hash.skip"; return 0
    fi
    rm -f "$out.log"
  fi
  cp "$cache/$hash.dll" "$dll.r2r" && mv "$dll.r2r" "$dll"
  touch "$cache/$(sha256sum "$dll" | cut -c1-64).image"
}
export -f compile
export crossgen framework aspnet install cache

find "$install" -maxdepth 1 -name '*.dll' -print0 > "$cache/list"
[ -d "$install/plugins" ] && find "$install/plugins" -mindepth 2 -maxdepth 2 -name '*.dll' -print0 >> "$cache/list"
xargs -0 -n 1 -P "$(nproc)" bash -c 'compile "$0"' < "$cache/list"
rm -f "$cache/list"
