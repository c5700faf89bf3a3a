# Sourced by the benchmark scripts (bench_rss.sh, window_lag.sh), from the
# repository's root: a private work folder and home, the binary, a display
# of their own, and a large journal to import.

# bench_setup NAME [BINARY]: a work folder removed at exit with every process
# in pids, the binary given (else one built into it), and HOME, TMPDIR and
# the language pointed inside it; fails naming each missing tool in $TOOLS.
bench_setup() {
  name=$1
  work=$(mktemp -d)
  pids=()
  trap bench_cleanup EXIT
  if [ -n "${2:-}" ]; then
    bin=$(realpath "$2")
  else
    bin="$work/candor"
    go build -o "$bin" ./cmd/candor
  fi
  for tool in $TOOLS; do
    command -v "$tool" >/dev/null || { echo "$name: $tool is missing (make deps-test installs it)" >&2; exit 1; }
  done
  export LANG=en_US.UTF-8
  export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
  export TMPDIR="$work/tmp"
  mkdir -p "$HOME/.config" "$TMPDIR"
  unset CANDOR_PASSPHRASE CANDOR_JOURNAL
}

# bench_cleanup ends the processes in pids and removes the work folder.
bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# start_xvfb: an Xvfb of 1280x800 on a free display, in DISPLAY. -noreset
# and -r (no auto-repeat of keys held up on a loaded machine): see smoke.sh.
start_xvfb() {
  local disp="" n
  for n in $(seq 150 199); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
  done
  [ -n "$disp" ] || { echo "$name: no free X display number" >&2; exit 1; }
  Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp -noreset -r >"$work/xvfb.log" 2>&1 &
  pids+=($!)
  export DISPLAY=$disp
  for _ in $(seq 1 300); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  xdpyinfo >/dev/null 2>&1 || { echo "$name: Xvfb on $disp did not start" >&2; exit 1; }
}

# start_app JOURNAL: start the app on JOURNAL (its pid in app, its log in
# $work/app.log) and wait, at most 30 s, for its window (in win); fails
# with the log when the app exits first.
start_app() {
  "$bin" --journal "$1" >"$work/app.log" 2>&1 &
  app=$!
  pids+=($app)
  win=""
  for _ in $(seq 1 1500); do
    win=$(xdotool search --onlyvisible --name '^Candor$' 2>/dev/null | head -n1 || true)
    [ -n "$win" ] && return 0
    kill -0 "$app" 2>/dev/null || { echo "$name: the app exited:" >&2; cat "$work/app.log" >&2; exit 1; }
    sleep 0.02
  done
  echo "$name: the window never mapped" >&2
  exit 1
}

# gen N FILE: a jrnl journal of N entries of 150 words (about 1 KB), spread
# evenly from 2000-01-01 to 2026-10-31, the same every time.
gen() {
  awk -v n="$1" '
    function days(y, m, d,   era, yoe, doy) { # days since 1970-01-01
      y -= m <= 2; era = int(y / 400); yoe = y - era * 400
      doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
      return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
    }
    function civil(z,   era, doe, yoe, doy, mp) { # sets Y, M, D
      z += 719468; era = int(z / 146097); doe = z - era * 146097
      yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
      doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100)); mp = int((5 * doy + 2) / 153)
      D = doy - int((153 * mp + 2) / 5) + 1; M = mp + (mp < 10 ? 3 : -9); Y = yoe + era * 400 + (M <= 2)
    }
    BEGIN {
      srand(1)
      nw = split("team vision goal listen mentor courage feedback decision risk change meeting plan coach trust people problem root cause learn growth direction clarity story energy focus priority customer quality delivery retro hiring conflict", w, " ")
      first = days(2000, 1, 1); span = days(2026, 10, 31) - first
      for (i = 0; i < n; i++) {
        civil(first + int(i * span / n))
        printf "[%04d-%02d-%02d %02d:%02d] Entry %d.\n", Y, M, D, 7 + i % 14, i % 60, i
        for (k = 1; k <= 150; k++) printf "%s%s", w[1 + int(rand() * nw)], (k % 15 ? " " : "\n")
        printf "\n"
      }
    }' > "$2"
}
