#!/usr/bin/env bash
# Memory and idle CPU of the real app: for each size (10,000 and 100,000
# entries unless RSS_SIZES says otherwise), make a journal with the shipped
# key derivation (`candor init`, then `candor import --format jrnl` of a
# generated jrnl file of ~1 KB entries), start the app under Xvfb at
# 1280x800, and read /proc/PID of the app:
#   locked_MiB   VmRSS of the locked window, focused, settled (CPU quiet,
#                then 10 s idle)
#   lockcpu_%    CPU over those 10 s locked, in % of one core (the caret
#                blinks in the passphrase field)
#   unlock_MiB   VmRSS unlocked, settled (CPU quiet after unlocking and
#                indexing, then 10 s idle)
#   added_MiB    unlock_MiB - locked_MiB
#   backup_MiB   VmRSS added once today's backup (20 s after this first
#                unlock of the day) has run and the app is quiet again
#   peak_MiB     VmHWM at the end: the most the process ever held, the
#                Argon2id arena of unlocking (64 MiB, handed back after) and
#                the index build included
#   idle_cpu_%   utime+stime over 30 s unlocked and idle, after the
#                backup, in % of one core (the window focused, the caret in
#                Today's editor)
#   map_ms       exec to the window mapped (20 ms polling)
#   open_ms      Return pressed to the journal's files open (key derivation
#                with the shipped parameters, then Badger's open)
# It prints one line per size in `go test -bench` form, so that make bench
# adds them to its table. With RSS_FOCUS=1 it also measures idle CPU with
# the window unfocused (the root window takes the keyboard), with the title
# field focused (a Fyne Entry: its caret blinks) and unfocused, and with
# nothing focused (a click on a label).
#
# Usage: .ci/bench_rss.sh [BINARY]   (without one, it builds ./cmd/candor)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/lib.sh
. .ci/lib.sh
TOOLS="Xvfb xdotool xdpyinfo xwininfo" bench_setup bench_rss "${1:-}"
pass="bench passphrase words"
printf '%s\n' "$pass" > "$work/pass"
chmod 600 "$work/pass"
tck=$(getconf CLK_TCK)

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# kb FIELD: a field of /proc/$app/status, in kB.
kb() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$app/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# ticks: the app's CPU time so far (utime + stime), in clock ticks. The
# fields are counted from the end of the command name, which may hold spaces.
ticks() { sed 's/^.*) //' "/proc/$app/stat" | awk '{ print $12 + $13 }'; }
# quiet: waits (at most $1 s) until the app used under 15 % of a core in
# each of 3 seconds in a row (unlocking, indexing and the daily backup use a
# core or more; a blinking caret costs a few % on Mesa's software renderer).
quiet() {
  local end=$(($(now_ms) + $1 * 1000)) calm=0 a b
  a=$(ticks)
  while [ "$(now_ms)" -lt "$end" ]; do
    sleep 1
    b=$(ticks)
    if [ $(((b - a) * 100)) -lt $((15 * tck)) ]; then calm=$((calm + 1)); else calm=0; fi
    a=$b
    [ "$calm" -ge 3 ] && return 0
  done
  echo "bench_rss: the app never went quiet in $1 s" >&2
  return 1
}
# cpu SECONDS: the app's CPU use over SECONDS, in % of one core.
cpu() {
  local a b
  a=$(ticks)
  sleep "$1"
  b=$(ticks)
  awk -v d=$((b - a)) -v t="$tck" -v s="$1" 'BEGIN { printf "%.2f", 100 * d / t / s }'
}

start_xvfb
root=$(LC_ALL=C xwininfo -root | awk '/Window id:/ { print $4 }')

# focus_cpu LABEL: idle CPU over 30 s, printed as a note; with RSS_SHOTS set
# to a folder, a screenshot of each state goes there.
shots=0
focus_cpu() {
  if [ -n "${RSS_SHOTS:-}" ]; then
    shots=$((shots + 1))
    mkdir -p "$RSS_SHOTS" && import -window root "$RSS_SHOTS/$size-$shots.png"
  fi
  echo "bench_rss: $size entries, idle CPU over 30 s, $1: $(cpu 30) % of a core" >&2
}

for size in ${RSS_SIZES:-10000 100000}; do
  journal="$work/journal-$size"
  t0=$(now_ms)
  gen "$size" "$work/source.txt"
  "$bin" --journal "$journal" --passphrase-file "$work/pass" init >/dev/null
  "$bin" --journal "$journal" --passphrase-file "$work/pass" import --format jrnl "$work/source.txt" >/dev/null
  rm "$work/source.txt"
  echo "bench_rss: $size entries generated and imported in $(($(now_ms) - t0)) ms" >&2

  t0=$(now_ms)
  start_app "$journal"
  map_ms=$(($(now_ms) - t0))
  # The window takes the keyboard, as a window manager would give it.
  xdotool windowfocus "$win"
  for _ in $(seq 1 100); do [ "$(xdotool getwindowfocus)" = "$win" ] && break; sleep 0.05; done
  quiet 60
  locked_cpu=$(cpu 10)
  locked=$(kb VmRSS)

  xdotool type --delay 20 "$pass"
  t0=$(now_ms)
  xdotool key Return
  # Open: Badger's files are open (the locked app holds none of them).
  for _ in $(seq 1 3000); do
    ls -l "/proc/$app/fd" 2>/dev/null | grep -q "$journal/db/" && break
    sleep 0.01
  done
  ls -l "/proc/$app/fd" | grep -q "$journal/db/" || { echo "bench_rss: the journal never opened" >&2; cat "$work/app.log" >&2; exit 1; }
  open_ms=$(($(now_ms) - t0))
  quiet 300
  sleep 10
  unlocked=$(kb VmRSS)
  # Today's backup: the idle CPU is measured with nothing left to do.
  for _ in $(seq 1 600); do
    ls "$journal/backups/"*.backup >/dev/null 2>&1 && break
    sleep 0.1
  done
  ls "$journal/backups/"*.backup >/dev/null 2>&1 || { echo "bench_rss: today's backup was never written" >&2; exit 1; }
  quiet 300
  backed=$(kb VmRSS)
  idle=$(cpu 30)
  peak=$(kb VmHWM)
  if [ "${RSS_FOCUS:-0}" = 1 ]; then
    echo "bench_rss: $size entries, idle CPU over 30 s, window focused, caret in Today's editor: $idle % of a core" >&2
    xdotool windowfocus "$root"; sleep 1
    focus_cpu "window unfocused, Today's editor focused inside"
    xdotool windowfocus "$win"; sleep 1
    focus_cpu "window focused again, caret in Today's editor"
    xdotool key shift+Tab; sleep 1 # from the editor back to the title field
    focus_cpu "window focused, caret in the title field (a Fyne Entry)"
    xdotool windowfocus "$root"; sleep 1
    focus_cpu "window unfocused, title field focused inside"
    xdotool windowfocus "$win"; sleep 0.5
    geo=$(xdotool getwindowgeometry "$win" | awk '/Geometry:/ { print $2 }')
    # A click on the prompt card's heading, a label: nothing is focused.
    xdotool mousemove --window "$win" 60 100 click 1; sleep 1
    focus_cpu "window focused, nothing focused (window $geo)"
  fi
  grep -iE 'panic|goroutine' "$work/app.log" >&2 && { echo "bench_rss: the app logged the above" >&2; exit 1; }
  kill "$app"
  wait "$app" 2>/dev/null || true
  printf 'BenchmarkAppRSS/%dk 1 %s peak_MiB %s locked_MiB %s unlock_MiB %s added_MiB %s backup_MiB %s idle_cpu_%% %s lockcpu_%% %d map_ms %d open_ms\n' \
    $((size / 1000)) "$(mib "$peak")" "$(mib "$locked")" "$(mib "$unlocked")" "$(mib $((unlocked - locked)))" "$(mib $((backed - locked)))" "$idle" "$locked_cpu" "$map_ms" "$open_ms"
  rm -rf "$journal"
done
