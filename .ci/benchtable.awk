# Turns `go test -bench` output into one table: benchmark, iterations, then
# every metric it reported (ns/op, B/op, allocs/op and custom ones).
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  row = sprintf("%-34s %8s", name, $2)
  for (i = 3; i < NF; i += 2) {
    v = $i; u = $(i+1)
    if (u == "ns/op") { v = sprintf("%.3f", v / 1e6); u = "ms/op" }
    row = row sprintf("  %12s %-11s", v, u)
  }
  rows[++n] = row
}
/^(ok|FAIL|---)/ { status[++m] = $0 }
END {
  printf "%-34s %8s  %s\n", "benchmark", "runs", "metrics"
  for (i = 1; i <= n; i++) print rows[i]
  for (i = 1; i <= m; i++) if (status[i] ~ /FAIL/) { print status[i]; exit 1 }
}
