# Sourced by the benchmark scripts: gen makes a large jrnl journal to import.

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
