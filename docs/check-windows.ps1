# Candor's checks on a real Windows machine: what CI on Linux cannot run.
# Run from the repository root in PowerShell 5.1 or 7, with Go 1.26+:
#
#   powershell -ExecutionPolicy Bypass -File docs\check-windows.ps1
#       the test suite, then a smoke test of the command line
#   powershell -ExecutionPolicy Bypass -File docs\check-windows.ps1 -Mode powercut-write
#       keeps saving entries until you cut the power of this (virtual)
#       machine; then, after it boots:
#   powershell -ExecutionPolicy Bypass -File docs\check-windows.ps1 -Mode powercut-verify
#       every entry acknowledged before the cut must be in the journal
#
# No C compiler is needed: the tests run with CGO_ENABLED=0 and -tags ci
# (Fyne's headless driver). The real windowed app is built on Linux by
# `make cross`; try dist\windows\Candor.exe by hand (see the end).
param([ValidateSet("test", "powercut-write", "powercut-verify")] [string]$Mode = "test",
      [string]$Work = (Join-Path $env:TEMP "candor-check"))
$ErrorActionPreference = "Stop"
$env:CGO_ENABLED = "0"
$pass = "windows check passphrase"

function Fail($msg) { Write-Host "FAIL: $msg" -ForegroundColor Red; exit 1 }

# candor runs the console build with the passphrase file; it returns
# stdout and fails on a non-zero exit unless -Code says otherwise.
function candor([string[]]$a, [int]$Code = 0, [string]$In = "") {
    $out = $In | & $script:bin --journal $script:journal --passphrase-file $script:pf @a 2>$script:errf
    if ($LASTEXITCODE -ne $Code) { Fail "candor $a exited $LASTEXITCODE, want ${Code}: $(Get-Content -Raw $script:errf)" }
    return ($out -join "`n")
}

New-Item -ItemType Directory -Force $Work | Out-Null
$script:bin = Join-Path $Work "candor.exe"
$script:pf = Join-Path $Work "pass phrase.txt"
$script:errf = Join-Path $Work "stderr.txt"
$script:journal = Join-Path $Work "Journal with spaces"
Set-Content -NoNewline -Path $pf -Value "$pass`r`n"

if ($Mode -eq "test") {
    Write-Host "== go vet and go test (CGO_ENABLED=0, -tags ci)"
    go vet -tags ci ./...
    if ($LASTEXITCODE -ne 0) { Fail "go vet" }
    # The Windows-only tests among them: access lists (TestAccessListsOnWindows),
    # real drive, \\?\ and UNC paths (TestCLIWindowsPaths, TestResolveDirOnWindows),
    # the two-rename restore and its recovery (TestRestoreCutShortIsFinished).
    go test -tags ci -count=1 ./...
    if ($LASTEXITCODE -ne 0) { Fail "go test" }

    Write-Host "== command line smoke test in $Work"
    go build -tags ci -o $bin ./cmd/candor
    if ($LASTEXITCODE -ne 0) { Fail "go build" }
    Remove-Item -Recurse -Force $journal -ErrorAction SilentlyContinue
    candor @("init") | Out-Null
    $id = candor @("add", "--date", "2026-01-02", "--title", "From Windows", "--tag", "smoke") -In "Line one`r`nLine two`r`n"
    if ((candor @("show", $id.Trim())) -notmatch "Line two") { Fail "show" }
    $export = Join-Path $Work "export dir"
    Remove-Item -Recurse -Force $export -ErrorAction SilentlyContinue
    candor @("export", "--out", $export) | Out-Null
    $backup = Join-Path $Work "smoke.backup"
    Remove-Item -Force $backup -ErrorAction SilentlyContinue
    candor @("backup", "--out", $backup) | Out-Null
    candor @("check") | Out-Null
    # The journal folder's access list: only this account (icacls prints it;
    # the names below are those of an English Windows, so look at it too).
    $acl = icacls $journal
    Write-Host ($acl -join "`n")
    if (($acl | Select-String -SimpleMatch "Everyone", "BUILTIN\Users", "Authenticated Users").Count -gt 0) { Fail "the journal folder lets other accounts in" }
    # Restore into a new folder, through the \\?\ form of its path.
    $restored = "\\?\" + (Join-Path $Work "restored")
    Remove-Item -Recurse -Force (Join-Path $Work "restored") -ErrorAction SilentlyContinue
    & $bin --journal $restored --passphrase-file $pf restore $backup
    if ($LASTEXITCODE -ne 0) { Fail "restore" }
    if ((& $bin --journal $restored --passphrase-file $pf list) -notmatch "From Windows") { Fail "restored journal" }
    Write-Host "`nAll automatic checks passed. By hand (see docs/macos.md for the Mac):"
    Write-Host " 1. candor.com init in a console (dist\windows from make cross): the passphrase prompt shows"
    Write-Host "    no echo and accepts letters beyond ASCII."
    Write-Host " 2. Double-click dist\windows\Candor.exe (built by make cross): icon, window, unlock,"
    Write-Host "    write and save an entry, the tray menu (Show, New entry, Lock), a reminder notification."
    Write-Host " 3. Explorer > journal folder > Properties > Security: only your account."
    exit 0
}

if ($Mode -eq "powercut-write") {
    go build -tags ci -o $bin ./cmd/candor
    if (-not (Test-Path (Join-Path $journal "journal.key"))) { candor @("init") | Out-Null }
    $acked = [System.IO.FileStream]::new((Join-Path $Work "acked.txt"), "Append", "Write", "Read")
    $n = 0
    Write-Host "Saving entries; cut the power now (Hyper-V: Turn Off; VirtualBox: Power Off)."
    while ($true) {
        $n++
        $id = (candor @("add", "--date", "2026-01-02", "--title", "cut $n") -In "body $n").Trim()
        # The ID is written only after candor acknowledged the save, and
        # flushed to disk (FileStream.Flush($true) calls FlushFileBuffers).
        $b = [System.Text.Encoding]::ASCII.GetBytes("$id`r`n")
        $acked.Write($b, 0, $b.Length)
        $acked.Flush($true)
    }
}

if ($Mode -eq "powercut-verify") {
    $ids = Get-Content (Join-Path $Work "acked.txt") | Where-Object { $_ -match '^\w+$' }
    $list = candor @("list", "--json") | ConvertFrom-Json
    $have = @{}
    foreach ($e in $list) { $have[$e.id] = $true }
    $missing = @($ids | Where-Object { -not $have[$_] })
    candor @("check") | Out-Null
    if ($missing.Count -gt 0) { Fail "$($missing.Count) of $($ids.Count) acknowledged entries are gone: $($missing -join ', ')" }
    Write-Host "All $($ids.Count) acknowledged entries survived the power cut; the journal checks healthy."
}
