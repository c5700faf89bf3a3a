#!/usr/bin/env bash
# How the real app keeps up, measured the way a person feels it, under Xvfb
# (1280x800) with the shared `settle` tool, which screenshots the display
# until it stops changing and the app goes quiet:
#   lag_ms  typing: a 3,000-word entry in Today's editor (pasted with
#           Ctrl+V, the caret at its end), 40 characters typed at 20 per
#           second; how long the screen lagged behind the last key
#           (target: 100 ms)
#   end_ms  a journal of 10,000 entries: End in the Journal list, from the
#           key to the oldest entry shown in list and pane (target: 500 ms)
#   cal_ms  the same journal: Space on the calendar button, from the key to
#           the month painted with its written days (target: 50 ms)
#   unlock_ms  the same journal, its first unlock: Return on the passphrase
#           to the screen settled (the key derivation, Today painted, then
#           the index, its check and the day's backup)
# Each is measured over several rounds, one line per round in `go test
# -bench` form, so make bench adds them to its table.
#
# Usage: .ci/window_lag.sh [BINARY] [SETTLE]
#   SETTLE defaults to ../shared/tools/settle; without it the script says so
#   and exits 0 (the measure needs it, the build does not).
set -euo pipefail
cd "$(dirname "$0")/.."
settle=${2:-../shared/tools/settle}
if [ ! -x "$settle" ]; then
  echo "window_lag: $settle is missing; skipped" >&2
  exit 0
fi
settle=$(realpath "$settle")
# shellcheck source=.ci/lib.sh
. .ci/lib.sh
TOOLS="Xvfb xdotool xdpyinfo xclip xwd" bench_setup window_lag "${1:-}"
mkdir -p "$HOME/.config/fyne"
# The caret blinks forever otherwise, and the screen would never settle.
echo '{"no_animations":true}' > "$HOME/.config/fyne/settings.json"
pass="typing lag passphrase"
printf '%s\n' "$pass" > "$work/pass"
chmod 600 "$work/pass"
journal="$work/journal"
"$bin" --journal "$journal" --passphrase-file "$work/pass" init >/dev/null

# 3,000 words in paragraphs of 60, from a small vocabulary.
awk 'BEGIN { srand(7); split("team vision goal people coach listen decide problem courage trust plan week meeting feedback honest clear growth mentor risk choice", w, " ");
  for (i = 1; i <= 3000; i++) { printf "%s%s", w[int(rand() * 20) + 1], (i % 60 == 0 ? "\n\n" : " ") } }' > "$work/long.txt"

start_xvfb

# open JOURNAL [NAME]: start the app on JOURNAL, unlock it, wait until it
# settles; with NAME, print how long from Return to settled as benchmark NAME.
open() {
  start_app "$1"
  xdotool windowfocus "$win" 2>/dev/null || true
  sleep 1
  xdotool type --delay 20 "$pass"
  if [ -n "${2:-}" ]; then
    measure "$2" unlock_ms xdotool key Return # Return to settled
  else
    xdotool key Return
  fi
  "$settle" -q 1500 -m 60000 -p "$app" -- true >/dev/null
}
# quit: end the app with Ctrl+Q.
quit() {
  xdotool key ctrl+q
  wait "$app" 2>/dev/null || true
}
# measure NAME UNIT CMD...: one settle run, printed as a benchmark line.
measure() {
  local name=$1 unit=$2 line lag cpu
  shift 2
  line=$("$settle" -q 1000 -m 60000 -p "$app" -- "$@")
  lag=$(sed -n 's/.*after_command_ms=\([0-9-]*\).*/\1/p' <<<"$line")
  settled=$(sed -n 's/.*settled_ms=\([0-9]*\).*/\1/p' <<<"$line")
  cpu=$(sed -n 's/.*cpu_ms=\([0-9]*\).*/\1/p' <<<"$line")
  case $unit in
    lag_ms) echo "$name 1 ${lag} lag_ms ${cpu} cpu_ms" ;;
    *) echo "$name 1 ${settled} $unit ${cpu} cpu_ms" ;;
  esac
}

open "$journal"

# The long entry: Ctrl+N puts the caret in the body; paste; Ctrl+End.
xclip -selection clipboard -in < "$work/long.txt"
xdotool key ctrl+n
sleep 0.3
xdotool key ctrl+v
"$settle" -q 1500 -m 60000 -p "$app" -- true >/dev/null
xdotool key ctrl+End
"$settle" -q 1000 -m 60000 -p "$app" -- true >/dev/null

rounds=${LAG_ROUNDS:-5}
for _ in $(seq 1 "$rounds"); do
  measure BenchmarkTypingLagXvfb3000Words lag_ms xdotool type --delay 50 " forty characters typed at twenty a sec"
done
[ -z "${LAG_SHOTS:-}" ] || import -window root "$LAG_SHOTS/typing.png"
quit

# 10,000 entries: End in the list, then the calendar.
big="$work/big"
gen 10000 "$work/source.txt"
"$bin" --journal "$big" --passphrase-file "$work/pass" init >/dev/null
"$bin" --journal "$big" --passphrase-file "$work/pass" import --format jrnl "$work/source.txt" >/dev/null
open "$big" BenchmarkUnlockXvfb10k
xdotool key ctrl+2 # the Journal view; its list has the focus
"$settle" -q 1000 -m 60000 -p "$app" -- true >/dev/null
for _ in $(seq 1 "$rounds"); do
  xdotool key Home
  "$settle" -q 800 -m 60000 -p "$app" -- true >/dev/null
  measure BenchmarkJournalEndXvfb10k end_ms xdotool key End
done
[ -z "${LAG_SHOTS:-}" ] || import -window root "$LAG_SHOTS/end.png"
xdotool key ctrl+f Tab Tab # search, Filters, the calendar button
"$settle" -q 800 -m 60000 -p "$app" -- true >/dev/null
for _ in $(seq 1 "$rounds"); do
  measure BenchmarkOpenCalendarXvfb10k cal_ms xdotool key space
  [ -z "${LAG_SHOTS:-}" ] || import -window root "$LAG_SHOTS/calendar.png"
  xdotool key space # closed again
  "$settle" -q 800 -m 60000 -p "$app" -- true >/dev/null
done
quit
