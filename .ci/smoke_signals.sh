# Sourced by smoke.sh once its scripted session has ended: the signal test.
# It uses smoke.sh's journal, display, helpers (offline_app, candor) and
# reference screenshots (locked.png, unlocked.png).
#
# For each of SIGTERM, SIGINT and SIGHUP, the app is started on the smoke
# journal and unlocked by typing the passphrase; a unique text is typed
# into the Today editor and never saved with Ctrl+S; the signal follows as
# soon as the editor is seen to hold the text, well before the autosave
# (3 s after the first change). The app must exit 0 within 20 s with nothing
# alarming in its output, and `candor check` must call the journal healthy.
# The next run (the next signal's, then a last one) must find the draft back
# in the editor, exactly as it was when the signal came.
#
# Every wait is for something seen, with a time limit, never a fixed sleep:
# - the window is mapped and has the keyboard focus (xdotool);
# - the screen looks like the unlock screen, then like the unlocked one
#   (screenshots compared with smoke.sh's two references);
# - what the editor holds: Ctrl+A, Ctrl+C, then the clipboard is read with
#   xclip. X delivers the keys in order, so a clipboard that ends with the
#   text typed last proves every key typed before reached the editor. A
#   signal sent before that may overtake keys still queued for the app
#   (Fyne's loop takes its quit call and its input polling in either order),
#   and the draft would then rightly lack them: the flakiness of a test that
#   signals a fixed time after typing.
# The clipboard lives in the X server's memory, never on disk.

command -v xclip >/dev/null || { echo "smoke: xclip is missing (make deps-test installs it)" >&2; exit 1; }

# now_ms prints the time in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# wait_until SECONDS COMMAND...: runs COMMAND every 50 ms until it succeeds;
# fails once SECONDS have passed.
wait_until() {
  local end=$(($(now_ms) + $1 * 1000))
  shift
  until "$@"; do
    [ "$(now_ms)" -lt "$end" ] || return 1
    sleep 0.05
  done
}

# looks_like REF OTHER: the screen is much closer to the screenshot REF than
# to OTHER (fewer than a third as many pixels differ).
looks_like() {
  import -window root "$work/probe.png" 2>/dev/null || return 1
  local a b
  a=$(compare -metric AE "$work/probe.png" "$1" null: 2>&1 || true)
  b=$(compare -metric AE "$work/probe.png" "$2" null: 2>&1 || true)
  awk -v a="${a%% *}" -v b="${b%% *}" 'BEGIN { exit !(a + 0 < (b + 0) / 3) }'
}

# clipboard prints the clipboard's text (nothing when no one owns it).
clipboard() { timeout 5 xclip -o -selection clipboard 2>/dev/null || true; }

# editor_is TEXT: after Ctrl+A and Ctrl+C the clipboard holds exactly TEXT.
editor_is() {
  xdotool key ctrl+a ctrl+c
  [ "$(clipboard)" = "$1" ]
}

# editor_ends_with TEXT: after Ctrl+A and Ctrl+C the clipboard ends with
# TEXT; the clipboard is kept in $held.
editor_ends_with() {
  xdotool key ctrl+a ctrl+c
  held=$(clipboard)
  [ -n "$held" ] && [ "${held%"$1"}" != "$held" ]
}

window_up() { sigwin=$(xdotool search --onlyvisible --name '^Candor$' 2>/dev/null | head -n1 || true); [ -n "$sigwin" ]; }
window_focused() { [ "$(xdotool getwindowfocus 2>/dev/null || true)" = "$sigwin" ]; }
# descends_from PID ANCESTOR: ANCESTOR is PID or one of its ancestors.
descends_from() {
  local p=$1
  while [ -n "$p" ] && [ "$p" -gt 1 ]; do
    [ "$p" = "$2" ] && return 0
    p=$(awk '{ print $4 }' "/proc/$p/stat" 2>/dev/null || true)
  done
  return 1
}
gone() { ! kill -0 "$1" 2>/dev/null; }

sig_fail() {
  echo "smoke: signals: $*" >&2
  [ -n "${siglog:-}" ] && [ -f "$siglog" ] && head -n 20 "$siglog" >&2
  exit 1
}

# sig_start NAME: starts the app (traced, offline) with its output in
# $work/sig-NAME.log, waits for its window and the keyboard focus, unlocks
# it by typing the passphrase and waits for the unlocked screen. Sets
# $tracer (the PID to wait for: the subshell that runs strace, which exits
# with the app's status), $apppid (the app's own PID, from its window,
# under the tracer) and $siglog.
sig_start() {
  siglog="$work/sig-$1.log"
  offline_app "$bin" --journal "$journal" >"$siglog" 2>&1 &
  tracer=$!
  pids+=($tracer)
  wait_until 30 window_up || sig_fail "$1: the window never mapped"
  apppid=$(xdotool getwindowpid "$sigwin")
  descends_from "$apppid" "$tracer" || sig_fail "$1: window $sigwin belongs to PID $apppid, not to the app just started"
  xdotool windowfocus "$sigwin" 2>/dev/null || true
  wait_until 10 window_focused || sig_fail "$1: the window never got the keyboard focus"
  wait_until 30 looks_like "$out/locked.png" "$out/unlocked.png" || sig_fail "$1: the unlock screen never showed"
  xdotool type --delay 20 "$pass"
  xdotool key Return
  wait_until 30 looks_like "$out/unlocked.png" "$out/locked.png" || sig_fail "$1: the journal never unlocked"
}

# sig_end NAME HOW: waits up to 20 s for the app to exit (HOW says what
# ended it), then checks its status and its output.
sig_end() {
  wait_until 20 gone "$tracer" || sig_fail "$1: the app was still running 20 s after $2"
  local rc=0
  wait "$tracer" || rc=$?
  [ "$rc" = 0 ] || sig_fail "$1: the app exited with status $rc after $2, want 0"
  if grep -nE 'panic|goroutine|NotInitialized|GLFW' "$siglog" >&2; then sig_fail "$1: the app's output (above) after $2"; fi
  [ -z "$(clipboard)" ] || sig_fail "$1: the clipboard still holds text after the app ended"
}

sig_t0=$(now_ms)
sig_runs=0
draft="" # what the editor held when the last signal came
for sig in TERM INT HUP; do
  text="Signal $sig draft ${secret}sig$sig"
  sig_start "$sig"
  sig_runs=$((sig_runs + 1))
  if [ -n "$draft" ]; then
    wait_until 15 editor_is "$draft" || sig_fail "$sig: the draft left by the last signal did not come back (the editor holds '$(clipboard)')"
  fi
  # Replace whatever the editor holds (the draft just checked) with the
  # new text; the first key arms the autosave.
  xdotool key ctrl+a
  typed=$(now_ms)
  xdotool type --delay 12 "$text"
  wait_until 10 editor_ends_with "$text" || sig_fail "$sig: the editor never held the text typed (it holds '$(clipboard)')"
  draft=$held
  sent=$(now_ms)
  kill -s "$sig" "$apppid"
  after=$((sent - typed))
  if [ "$after" -ge 3000 ]; then
    echo "smoke: signals: note: SIG$sig came ${after} ms after the first key; the autosave (3 s) may have saved the draft first"
  fi
  sig_end "$sig" "SIG$sig"
  candor check > "$work/check.out" || sig_fail "$sig: candor check failed after SIG$sig: $(cat "$work/check.out")"
  grep -q 'The journal is healthy' "$work/check.out" || sig_fail "$sig: candor check after SIG$sig: $(cat "$work/check.out")"
  rm "$work/check.out"
  echo "smoke: signals: SIG$sig ${after} ms after the first key typed: exit 0, journal healthy"
done
# A last run finds the last draft; Ctrl+L must empty the clipboard that
# holds it, and Ctrl+Q quits.
sig_start last
sig_runs=$((sig_runs + 1))
wait_until 15 editor_is "$draft" || sig_fail "last: the draft left by SIGHUP did not come back (the editor holds '$(clipboard)')"
xdotool key ctrl+l
wait_until 10 eval '[ -z "$(clipboard)" ]' || sig_fail "last: Ctrl+L left the draft on the clipboard"
xdotool key ctrl+q
sig_end last "Ctrl+Q"
rm -f "$work/probe.png"
echo "smoke: signals: TERM, INT and HUP each kept the draft typed just before; $sig_runs app runs took $(($(now_ms) - sig_t0)) ms"
