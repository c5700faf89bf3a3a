package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	jsync "candor/journal/sync"
)

// syncAs syncs j through folder as the computer name at time at.
func syncAs(t *testing.T, j *journal.Journal, folder, name string, at time.Time) jsync.Report {
	t.Helper()
	r, err := jsync.Sync(j, folder, &jsync.Options{Name: name, Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// joinAs joins the journal synced through folder into a new folder, as the
// computer name at time at.
func joinAs(t *testing.T, folder, name string, at time.Time) *journal.Journal {
	t.Helper()
	j, _, err := jsync.Join(filepath.Join(t.TempDir(), name), folder, []byte(testPass), cheap(), &jsync.Options{Name: name, Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// makeConflict syncs a (one entry at least) through folder with a second
// computer, "Laptop", and has both edit a's first entry before seeing the
// other's edit: the later edit (Laptop's) wins, and a keeps a's edit as a
// conflict copy. It returns the entry and its copy.
func makeConflict(t *testing.T, a *journal.Journal, folder string, at time.Time) (orig, copy journal.Entry) {
	t.Helper()
	syncAs(t, a, folder, "Desk", at)
	b := joinAs(t, folder, "Laptop", at.Add(time.Minute))
	defer b.Close()
	list, err := a.List(journal.Query{})
	if err != nil || len(list) == 0 {
		t.Fatalf("no entry to edit (%v)", err)
	}
	ea := list[0]
	ea.Body = "Written on the desk"
	if _, err := a.Update(ea); err != nil {
		t.Fatal(err)
	}
	eb, _ := b.Get(ea.ID)
	eb.Body = "Written on the laptop, later"
	if _, err := b.Update(eb); err != nil {
		t.Fatal(err)
	}
	syncAs(t, a, folder, "Desk", at.Add(2*time.Minute))
	syncAs(t, b, folder, "Laptop", at.Add(3*time.Minute))
	if r := syncAs(t, a, folder, "Desk", at.Add(4*time.Minute)); r.Conflicts != 1 {
		t.Fatalf("%d conflict copies, want 1", r.Conflicts)
	}
	copies, err := a.Matching(journal.Filter{Tag: jsync.ConflictTag})
	if err != nil || len(copies) != 1 {
		t.Fatalf("conflict copies: %v (%v)", copies, err)
	}
	if orig, err = a.Get(ea.ID); err != nil {
		t.Fatal(err)
	}
	if copy, err = a.Get(copies[0].ID); err != nil {
		t.Fatal(err)
	}
	return orig, copy
}

// pump runs u's queued UI work, timers' included, until done reports
// true or d has passed; it reports done's last answer.
func pump(u *App, d time.Duration, done func() bool) bool {
	q := uiQueue(u)
	deadline := time.After(d)
	for !done() {
		select {
		case f := <-q:
			f()
		case <-deadline:
			return done()
		}
	}
	return true
}

// syncCard scrolls Settings to its Sync card.
func syncCard(u *App) *syncSection {
	u.main.selectTab(tabSettings)
	s := u.main.settings
	s.content.(*container.Scroll).ScrollToOffset(fyne.NewPos(0, s.sync.content.Position().Y))
	return s.sync
}

func TestSyncSettingsChooseFolderAndSyncNow(t *testing.T) {
	folder := t.TempDir()
	a := unlocked(t, 1)
	sec := syncCard(a)
	settle(a)
	if !strings.HasPrefix(sec.folder.Text, "No folder chosen") || !sec.now.Disabled() || sec.choose.Disabled() {
		t.Fatalf("before a folder: %q, Sync now disabled %v", sec.folder.Text, sec.now.Disabled())
	}
	sec.chooseFolder(folder) // what the folder dialog hands on
	if sec.message.Text != "Syncing…" || !sec.now.Disabled() || !sec.choose.Disabled() {
		t.Fatalf("while syncing: %q", sec.message.Text)
	}
	settle(a)
	if sec.message.Text != "Synced: 1 change sent, 0 changes received." || sec.message.Importance == widget.DangerImportance {
		t.Fatalf("after choosing the folder: %q", sec.message.Text)
	}
	if sec.folder.Text != "Folder: "+folder || sec.now.Disabled() || !strings.HasPrefix(sec.last.Text, "Last sync: today at ") ||
		sec.computers.Text != "No other computer seen yet." || sec.pending.Text != "Every change made here has gone out." {
		t.Fatalf("status: %q, %q, %q, %q", sec.folder.Text, sec.last.Text, sec.pending.Text, sec.computers.Text)
	}
	if st, _ := jsync.StatusOf(a.session.journal); st.Folder != folder {
		t.Fatalf("the journal remembers %q", st.Folder)
	}

	// A second computer joins, and opens its own Candor.
	b := joinAs(t, folder, "Laptop", time.Now())
	bdir := b.Dir()
	b.Close()
	ub := unlockedIn(t, bdir)
	if ub.main.journal.count.Text != "1 entry." {
		t.Fatalf("B after joining: %q", ub.main.journal.count.Text)
	}

	// A writes, and syncs now; B syncs now and shows it.
	today := a.main.today
	test.Type(today.title, "Written on A")
	test.Type(today.body, "Carried by the folder.")
	test.Tap(today.save)
	settle(a)
	test.Tap(sec.now)
	settle(a)
	if sec.message.Text != "Synced: 1 change sent, 0 changes received." {
		t.Fatalf("A's sync now: %q", sec.message.Text)
	}
	bsec := syncCard(ub)
	settle(ub)
	if bsec.now.Disabled() {
		t.Fatal("B's Sync now is disabled")
	}
	test.Tap(bsec.now)
	settle(ub)
	if bsec.message.Text != "Synced: 0 changes sent, 1 change received." {
		t.Fatalf("B's sync now: %q", bsec.message.Text)
	}
	js := ub.main.journal
	if js.count.Text != "2 entries." {
		t.Fatalf("B's list after the sync: %q", js.count.Text)
	}
	ub.main.selectTab(tabJournal)
	settle(ub)
	found := false
	for _, h := range js.heads {
		found = found || h == "Written on A"
	}
	if !found {
		t.Fatalf("B's list does not show A's entry: %v", js.heads)
	}
	if !strings.Contains(bsec.computers.Text, "Other computers:") {
		t.Fatalf("B's computers: %q", bsec.computers.Text)
	}
}

func TestSyncErrorIsOneSentence(t *testing.T) {
	folder := t.TempDir()
	a := unlocked(t, 1)
	sec := syncCard(a)
	sec.chooseFolder(folder)
	settle(a)
	if err := os.RemoveAll(folder); err != nil {
		t.Fatal(err)
	}
	test.Tap(sec.now)
	settle(a)
	msg := sec.message.Text
	if sec.message.Hidden || sec.message.Importance != widget.DangerImportance || !strings.HasPrefix(msg, "The sync folder ") || !strings.HasSuffix(msg, ".") || strings.Count(msg, ". ") > 0 {
		t.Fatalf("a missing folder says %q", msg)
	}
	if sec.now.Disabled() {
		t.Fatal("Sync now stays disabled after a failed sync")
	}
	// The folder comes back (a USB stick plugged in again): the automatic
	// syncs go on.
	if as := a.session.sync; !as.folderSet || as.timer == nil {
		t.Fatal("a failed sync stopped the automatic syncs")
	}
}

func TestSyncSectionKeyboard(t *testing.T) {
	a := unlocked(t, 1)
	sec := syncCard(a)
	sec.chooseFolder(t.TempDir())
	settle(a)
	c := a.win.Canvas()
	c.Focus(a.main.settings.focus)
	reached := map[fyne.Focusable]bool{}
	for i := 0; i < 40 && !reached[sec.now]; i++ {
		test.FocusNext(c)
		reached[c.Focused()] = true
	}
	if !reached[sec.choose] || !reached[sec.now] {
		t.Fatalf("Tab did not reach Choose folder (%v) and Sync now (%v)", reached[sec.choose], reached[sec.now])
	}
	runs := a.session.sync.runs
	c.Focus(sec.now)
	sec.now.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if a.session.sync.runs != runs+1 {
		t.Fatal("Space on Sync now did not sync")
	}
	settle(a)
}

func TestSyncAfterSavesIsDebounced(t *testing.T) {
	folder := t.TempDir()
	dir := makeJournal(t, 1)
	j, err := journal.Open(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	syncAs(t, j, folder, "Desk", time.Now())
	j.Close()
	u := unlockedIn(t, dir)
	as := u.session.sync
	if as.runs != 1 || !as.folderSet || as.running {
		t.Fatalf("after unlock: %d syncs, folder set %v", as.runs, as.folderSet)
	}
	as.afterSave, as.every = time.Second, time.Hour
	s := u.main.today
	for i := 1; i <= 3; i++ {
		test.Type(s.body, "Save "+string(rune('0'+i)))
		test.Tap(s.save)
		settle(u)
	}
	if as.runs != 1 {
		t.Fatalf("a sync started at once after a save: %d", as.runs)
	}
	if !pump(u, 5*time.Second, func() bool { return as.runs == 2 }) {
		t.Fatal("no sync followed the saves")
	}
	settle(u)
	pump(u, 800*time.Millisecond, func() bool { return as.runs > 2 })
	if as.runs != 2 {
		t.Fatalf("%d syncs after three saves, want one", as.runs-1)
	}
	st, err := jsync.StatusOf(u.session.journal)
	if err != nil || st.Pending != 0 {
		t.Fatalf("after the sync, %d entries wait to go out (%v)", st.Pending, err)
	}
}

func TestSyncAtLock(t *testing.T) {
	folder := t.TempDir()
	dir := makeJournal(t, 1)
	j, err := journal.Open(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	syncAs(t, j, folder, "Desk", time.Now())
	j.Close()
	u := unlockedIn(t, dir)
	s := u.main.today
	test.Type(s.body, "Written just before the lock")
	test.Tap(s.save)
	settle(u)
	u.lock()
	if u.session.journal != nil {
		t.Fatal("did not lock")
	}
	b := joinAs(t, folder, "Laptop", time.Now())
	defer b.Close()
	if n, _ := b.Count(); n != 2 {
		t.Fatalf("the folder carries %d entries, want the one saved before the lock too", n)
	}
}

func TestNoSyncWithoutFolder(t *testing.T) {
	u := unlocked(t, 1)
	as := u.session.sync
	if as.folderSet || as.timer != nil {
		t.Fatal("a journal that never synced has a sync timer")
	}
	s := u.main.today
	test.Type(s.body, "Not synced")
	test.Tap(s.save)
	settle(u)
	if as.timer != nil || as.runs != 1 {
		t.Fatalf("a save armed a sync (%d runs) in a journal without a folder", as.runs)
	}
}

func TestConflictBanner(t *testing.T) {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local)
	for _, keep := range []string{"this", "both"} {
		t.Run(keep, func(t *testing.T) {
			dir := makeJournal(t, 2)
			j, err := journal.Open(dir, []byte(testPass), cheap())
			if err != nil {
				t.Fatal(err)
			}
			orig, cp := makeConflict(t, j, t.TempDir(), at)
			j.Close()
			u := unlockedIn(t, dir)
			u.main.selectTab(tabJournal)
			js := u.main.journal
			settle(u)
			if !js.copies[cp.ID] || js.copies[orig.ID] {
				t.Fatalf("the list marks copies %v; want the copy only", js.copies)
			}
			u.main.showEntry(orig.ID)
			settle(u)
			if js.conflictBar.Visible() {
				t.Fatal("the conflict bar shows over the entry itself")
			}
			u.main.showEntry(cp.ID)
			settle(u)
			if !js.conflictBar.Visible() || js.selected == nil || js.selected.ID != cp.ID {
				t.Fatal("no conflict bar over the conflict copy")
			}
			// Tab reaches both buttons.
			c := u.win.Canvas()
			c.Focus(js.list)
			reached := map[fyne.Focusable]bool{}
			for i := 0; i < 20; i++ {
				test.FocusNext(c)
				reached[c.Focused()] = true
			}
			if !reached[js.keepThis] || !reached[js.keepBoth] {
				t.Fatal("Tab does not reach Keep this one and Keep both")
			}
			jr := u.session.journal
			if keep == "this" {
				test.Tap(js.keepThis)
				settle(u)
				got, err := jr.Get(orig.ID)
				if err != nil || got.Body != cp.Body || got.HasTag(jsync.ConflictTag) {
					t.Fatalf("the entry after Keep this one: %q %v (%v)", got.Body, got.Tags, err)
				}
				if _, err := jr.Get(cp.ID); err == nil {
					t.Fatal("the copy stayed after Keep this one")
				}
				if js.selected == nil || js.selected.ID != orig.ID || js.selected.Body != cp.Body {
					t.Fatal("Keep this one does not show the entry")
				}
			} else {
				test.Tap(js.keepBoth)
				settle(u)
				got, err := jr.Get(cp.ID)
				if err != nil || got.HasTag(jsync.ConflictTag) || got.Body != cp.Body {
					t.Fatalf("the copy after Keep both: %q %v (%v)", got.Body, got.Tags, err)
				}
				if o, _ := jr.Get(orig.ID); o.Body != orig.Body {
					t.Fatalf("Keep both changed the entry: %q", o.Body)
				}
				if js.selected == nil || js.selected.ID != cp.ID {
					t.Fatal("Keep both left the entry")
				}
				if js.copies[cp.ID] {
					t.Fatal("the list still marks the kept copy")
				}
			}
			if js.conflictBar.Visible() {
				t.Fatal("the conflict bar stayed after settling")
			}
			if n, _ := jr.Matching(journal.Filter{Tag: jsync.ConflictTag}); len(n) != 0 {
				t.Fatalf("%d conflict copies left", len(n))
			}
		})
	}
}

func TestJoinOnFirstRun(t *testing.T) {
	// Another computer's journal, synced through folder.
	folder := t.TempDir()
	other := makeJournal(t, 3)
	j, err := journal.Open(other, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	syncAs(t, j, folder, "Desk", time.Now())
	j.Close()

	dir := filepath.Join(t.TempDir(), "fresh")
	u, w := newTestApp(t, dir)
	test.Tap(u.setup.join)
	s := u.join
	if s == nil || u.current != s.content || w.Canvas().Focused() != s.choose {
		t.Fatal("Join a synced journal did not show the join screen, its folder button focused")
	}
	// Tab: the folder, the passphrase, Back, Join.
	test.FocusNext(w.Canvas())
	if w.Canvas().Focused() != s.pass {
		t.Fatalf("Tab from Choose folder went to %T", w.Canvas().Focused())
	}
	test.Tap(s.join)
	if !strings.Contains(s.message.Text, "Choose the folder") {
		t.Fatalf("no folder: %q", s.message.Text)
	}

	// A folder without a synced journal.
	s.pickFolder(t.TempDir())
	test.Type(s.pass, testPass)
	test.Tap(s.join)
	settle(u)
	if !strings.HasPrefix(s.message.Text, "This folder holds no synced Candor journal.") || u.main != nil {
		t.Fatalf("an empty folder: %q", s.message.Text)
	}
	// The wrong passphrase.
	s.pickFolder(folder)
	if w.Canvas().Focused() != s.pass {
		t.Fatal("after the folder, the passphrase field does not have the focus")
	}
	test.Type(s.pass, "not the passphrase")
	s.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(u)
	if !strings.HasPrefix(s.message.Text, "That passphrase opens no journal") || u.main != nil {
		t.Fatalf("a wrong passphrase: %q", s.message.Text)
	}
	if s.pass.Text != "" {
		t.Fatal("the passphrase stays in the field")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("a failed join left the journal folder behind (%v)", err)
	}
	// Back and forth, then the right passphrase: into Today.
	test.Tap(s.back)
	if u.setup == nil || u.current != u.setup.content {
		t.Fatal("Back did not return to the first-run screen")
	}
	test.Tap(u.setup.join)
	s = u.join
	s.pickFolder(folder)
	test.Type(s.pass, testPass)
	test.Tap(s.join)
	settle(u)
	if u.main == nil || u.current != u.main.content || u.main.tabs.SelectedIndex() != tabToday {
		t.Fatalf("the right passphrase did not open Today: %q", s.message.Text)
	}
	if u.main.journal.count.Text != "3 entries." {
		t.Fatalf("the joined journal: %q", u.main.journal.count.Text)
	}
	if st, _ := jsync.StatusOf(u.session.journal); st.Folder != folder || len(st.Computers) != 1 || st.Computers[0].Name != "Desk" {
		t.Fatalf("the joined journal's status: %+v", st)
	}
}

func TestJoinFailureLeavesFolderAsFound(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".DS_Store"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	removeAdded(dir, namesIn(dir)) // nothing added: nothing removed
	if _, err := os.Stat(filepath.Join(dir, ".DS_Store")); err != nil {
		t.Fatal("removeAdded removed what was there before")
	}
	before := namesIn(dir)
	os.WriteFile(filepath.Join(dir, "journal.key"), []byte("x"), 0o600)
	os.MkdirAll(filepath.Join(dir, "db", "x"), 0o700)
	removeAdded(dir, before)
	if names := namesIn(dir); len(names) != 1 || !names[".DS_Store"] {
		t.Fatalf("after removeAdded: %v", names)
	}
}

// goldenSyncFolder is the sync folder the golden Sync card shows.
const goldenSyncFolder = "/tmp/candor-golden/sync"

func TestGoldenSyncSettings(t *testing.T) {
	for _, th := range []string{themeLight, themeDark} {
		t.Run(th, func(t *testing.T) {
			folder := t.TempDir()
			u := goldenApp(t, th, func(j *journal.Journal) {
				makeConflict(t, j, folder, goldenNow.Add(-2*time.Hour))
			})
			u.unlock.pass.SetText(testPass)
			u.unlock.onUnlock()
			settle(u)
			syncCard(u)
			settle(u)
			showDirAs(u.win, folder, goldenSyncFolder)
			showDirAs(u.win, u.cfg.Dir, goldenShownDir)
			syncCard(u)
			test.AssertRendersToMarkup(t, "settings_sync_"+th+".xml", u.win.Canvas())
		})
	}
}

func TestPassphraseChangeReachesSyncFolder(t *testing.T) {
	folder := t.TempDir()
	a := unlocked(t, 1)
	sec := syncCard(a)
	sec.chooseFolder(folder)
	settle(a)
	s := a.main.settings
	const newPass = "a new passphrase for both computers"
	s.changeTo(testPass, newPass)
	settle(a)
	if !strings.HasPrefix(s.passMsg.Text, "Passphrase changed.") {
		t.Fatalf("after the change: %q", s.passMsg.Text)
	}
	j, _, err := jsync.Join(filepath.Join(t.TempDir(), "b"), folder, []byte(newPass), cheap(), nil)
	if err != nil {
		t.Fatalf("joining with the new passphrase: %v", err)
	}
	j.Close()
}

// relayout lays w out again at the golden size, as the next frames of a
// real window would: a word-wrapped label knows its height only once it
// has its width.
func relayout(w fyne.Window) {
	w.Resize(goldenSize.SubtractWidthHeight(1, 1))
	w.Resize(goldenSize)
}

func TestGoldenJoin(t *testing.T) {
	for _, th := range []string{themeLight, themeDark} {
		t.Run(th, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "journal")
			folder := t.TempDir()
			a := test.NewTempApp(t)
			a.Preferences().SetString(prefTheme, th)
			w := test.NewTempWindow(t, nil)
			u := New(a, w, Config{Dir: dir, Version: "0.0.0-golden", options: cheap(), now: func() time.Time { return goldenNow }})
			w.Resize(goldenSize)
			queueUI(u, 16)
			u.Start()
			showDirAs(w, dir, goldenShownDir)
			relayout(w)
			test.AssertRendersToMarkup(t, "setup_"+th+".xml", w.Canvas())
			test.Tap(u.setup.join)
			u.join.pickFolder(folder)
			test.Tap(u.join.join)
			showDirAs(w, dir, goldenShownDir)
			showDirAs(w, folder, goldenSyncFolder)
			relayout(w)
			test.AssertRendersToMarkup(t, "join_"+th+".xml", w.Canvas())
		})
	}
}
