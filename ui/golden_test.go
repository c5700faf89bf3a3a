package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// goldenShownDir is the journal folder the golden screens show. Every test
// keeps its journal in a folder of its own (two runs at once must not share
// one), so showDirAs puts this fixed name in its place before a screen is
// compared.
const goldenShownDir = "/tmp/candor-golden/journal"

// goldenSize is the size of the window in the golden screens.
var goldenSize = fyne.NewSize(900, 700)

var goldenNow = time.Date(2026, 11, 27, 9, 30, 0, 0, time.Local)

// goldenApp opens a fixed journal in the given theme at a fixed time;
// extra adds entries of its own first.
func goldenApp(t *testing.T, themeName string, extra ...func(*journal.Journal)) *App {
	t.Helper()
	goldenDir := filepath.Join(t.TempDir(), "journal")
	j, err := journal.Init(goldenDir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range journal.Areas {
		_, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 11, Day: 20 + i}, Title: "Golden entry " + string(a),
			Body: "A **bold** start.\n\n- one\n- two", Area: a, Rating: 2 + i, Role: journal.RoleLeader, Tags: []string{"golden"}})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range extra {
		f(j)
	}
	j.Close()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefTheme, themeName)
	w := test.NewTempWindow(t, nil)
	u := New(a, w, Config{Dir: goldenDir, Version: "0.0.0-golden", options: cheap(), now: func() time.Time { return goldenNow }})
	w.Resize(goldenSize)
	queueUI(u, 64)
	t.Cleanup(func() { u.session.lock(false) })
	u.Start()
	return u
}

// showDirAs writes shown in place of the journal folder dir wherever a label
// in w shows it, then lays w out again at the golden size (a longer folder
// name may have made it grow).
func showDirAs(w fyne.Window, dir, shown string) {
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			if strings.Contains(v.Text, dir) {
				v.SetText(strings.ReplaceAll(v.Text, dir, shown))
			}
		case *fyne.Container:
			for _, child := range v.Objects {
				walk(child)
			}
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(v).Objects() {
				walk(child)
			}
		}
	}
	walk(w.Content())
	w.SetContent(w.Content())
	w.Resize(goldenSize)
}

func TestGoldenScreens(t *testing.T) {
	for _, th := range []string{themeLight, themeDark} {
		t.Run(th, func(t *testing.T) {
			u := goldenApp(t, th)
			c := u.win.Canvas()
			showDirAs(u.win, u.cfg.Dir, goldenShownDir)
			test.AssertRendersToMarkup(t, "unlock_"+th+".xml", c)

			u.unlock.pass.SetText(testPass)
			u.unlock.onUnlock()
			settle(u)
			test.AssertRendersToMarkup(t, "today_"+th+".xml", c)
			// Markup names theme colours; the pictures prove each variant.
			test.AssertImageMatches(t, "today_"+th+".png", c.Capture())

			u.main.selectTab(tabJournal)
			u.main.journal.list.Select(1)
			settle(u)
			test.AssertRendersToMarkup(t, "journal_"+th+".xml", c)
			test.AssertImageMatches(t, "journal_"+th+".png", c.Capture())

			u.main.selectTab(tabProgress)
			settle(u)
			test.AssertImageMatches(t, "progress_"+th+".png", c.Capture())

			u.main.selectTab(tabSettings)
			showDirAs(u.win, u.cfg.Dir, goldenShownDir)
			test.AssertRendersToMarkup(t, "settings_"+th+".xml", c)

			// The repair screen, with one automatic backup to offer.
			if _, err := u.session.journal.AutoBackup(journal.Date{Year: 2026, Month: 11, Day: 26}); err != nil {
				t.Fatal(err)
			}
			u.session.lock(false)
			u.showRestore(fmt.Errorf("%w: a test made it so", journal.ErrDamaged))
			showDirAs(u.win, u.cfg.Dir, goldenShownDir)
			test.AssertRendersToMarkup(t, "restore_"+th+".xml", c)
		})
	}
}

// TestGoldenTodaySizes pins Today, and the edit screen, at a small laptop's
// 800×600 and a 1920×1080 monitor: at 800×600 every part shows with the
// editor still the largest; at 1920 the writing column stays at a readable
// width, centred.
func TestGoldenTodaySizes(t *testing.T) {
	for _, th := range []string{themeLight, themeDark} {
		for _, size := range []fyne.Size{fyne.NewSize(800, 600), fyne.NewSize(1920, 1080)} {
			name := fmt.Sprintf("%s_%.0fx%.0f", th, size.Width, size.Height)
			t.Run(name, func(t *testing.T) {
				u := goldenApp(t, th)
				u.unlock.pass.SetText(testPass)
				u.unlock.onUnlock()
				settle(u)
				u.win.Resize(size)
				c := u.win.Canvas()
				s := u.main.today
				if body := s.body.Size(); body.Height < size.Height/3 {
					t.Errorf("the editor is %v in a %v window: it should be the largest thing", body, size)
				}
				if w := s.body.Size().Width; w > readingWidth {
					t.Errorf("the editor is %v wide: lines are too long to read", w)
				}
				test.AssertRendersToMarkup(t, "today_"+name+".xml", c)
				test.AssertImageMatches(t, "today_"+name+".png", c.Capture())

				u.main.selectTab(tabJournal)
				u.main.journal.list.Select(1)
				settle(u)
				test.Tap(u.main.journal.edit)
				test.AssertRendersToMarkup(t, "edit_"+name+".xml", c)
			})
		}
	}
}
