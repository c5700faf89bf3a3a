#!/usr/bin/env bash
# Typing lag of the real app, measured the way a person feels it: start
# candor under Xvfb (1280x800), unlock, put a 3,000-word entry in Today's
# editor (pasted with Ctrl+V, then the caret at its end), and type 40
# characters at 20 per second. The shared `settle` tool screenshots the
# display until it stops changing and the app goes quiet; after_command_ms
# is how long the screen lagged behind the last key (target: 100 ms).
# Prints one line per round in `go test -bench` form, so make bench adds
# them to its table.
#
# Usage: .ci/typing_lag.sh [BINARY] [SETTLE]
#   SETTLE defaults to ../shared/tools/settle; without it the script says so
#   and exits 0 (the measure needs it, the build does not).
set -euo pipefail
cd "$(dirname "$0")/.."
settle=${2:-../shared/tools/settle}
if [ ! -x "$settle" ]; then
  echo "typing_lag: $settle is missing; skipped" >&2
  exit 0
fi
settle=$(realpath "$settle")
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  bin="$work/candor"
  go build -o "$bin" ./cmd/candor
fi
for tool in Xvfb xdotool xdpyinfo xclip xwd; do
  command -v "$tool" >/dev/null || { echo "typing_lag: $tool is missing (make deps-test installs it)" >&2; exit 1; }
done
export LANG=en_US.UTF-8
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export TMPDIR="$work/tmp"
mkdir -p "$HOME/.config/fyne" "$TMPDIR"
# The caret blinks forever otherwise, and the screen would never settle.
echo '{"no_animations":true}' > "$HOME/.config/fyne/settings.json"
unset CANDOR_PASSPHRASE CANDOR_JOURNAL
pass="typing lag passphrase"
printf '%s\n' "$pass" > "$work/pass"
chmod 600 "$work/pass"
journal="$work/journal"
"$bin" --journal "$journal" --passphrase-file "$work/pass" init >/dev/null

# 3,000 words in paragraphs of 60, from a small vocabulary.
awk 'BEGIN { srand(7); split("team vision goal people coach listen decide problem courage trust plan week meeting feedback honest clear growth mentor risk choice", w, " ");
  for (i = 1; i <= 3000; i++) { printf "%s%s", w[int(rand() * 20) + 1], (i % 60 == 0 ? "\n\n" : " ") } }' > "$work/long.txt"

disp=""
for n in $(seq 150 199); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "typing_lag: no free X display number" >&2; exit 1; }
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp -noreset -r >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$disp
for _ in $(seq 1 300); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

"$bin" --journal "$journal" >"$work/app.log" 2>&1 &
app=$!
pids+=($app)
win=""
for _ in $(seq 1 750); do
  win=$(xdotool search --onlyvisible --name '^Candor$' 2>/dev/null | head -n1 || true)
  [ -n "$win" ] && break
  sleep 0.02
done
[ -n "$win" ] || { echo "typing_lag: the window never mapped" >&2; exit 1; }
xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win" 2>/dev/null || true
sleep 1
xdotool type --delay 20 "$pass"
xdotool key Return
"$settle" -q 1500 -m 60000 -p "$app" -- true >/dev/null

# The long entry: Ctrl+N puts the caret in the body; paste; Ctrl+End.
xclip -selection clipboard -in < "$work/long.txt"
xdotool key ctrl+n
sleep 0.3
xdotool key ctrl+v
"$settle" -q 1500 -m 60000 -p "$app" -- true >/dev/null
xdotool key ctrl+End
"$settle" -q 1000 -m 60000 -p "$app" -- true >/dev/null

rounds=${TYPING_ROUNDS:-5}
for r in $(seq 1 "$rounds"); do
  line=$("$settle" -q 1000 -m 60000 -p "$app" -o "$work/typed$r.png" -- \
    xdotool type --delay 50 " forty characters typed at twenty a sec")
  lag=$(sed -n 's/.*after_command_ms=\([0-9-]*\).*/\1/p' <<<"$line")
  cpu=$(sed -n 's/.*cpu_ms=\([0-9]*\).*/\1/p' <<<"$line")
  echo "BenchmarkTypingLagXvfb3000Words 1 ${lag} lag_ms ${cpu} cpu_ms"
done
[ -z "${TYPING_SHOT:-}" ] || cp "$work/typed$rounds.png" "$TYPING_SHOT"
