package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// MainScreen is the unlocked app: Today, Journal and Settings as tabs, with a
// Lock button.
type MainScreen struct {
	u        *App
	content  fyne.CanvasObject
	tabs     *container.AppTabs
	today    *TodayScreen
	journal  *JournalScreen
	settings *SettingsScreen
	progress *ProgressScreen
	lock     *widget.Button
}

func newMainScreen(u *App) *MainScreen {
	m := &MainScreen{u: u}
	m.today = newTodayScreen(u)
	m.journal = newJournalScreen(u)
	m.settings = newSettingsScreen(u)
	m.progress = newProgressScreen(u)
	m.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Today", theme.DocumentCreateIcon(), m.today.content),
		container.NewTabItemWithIcon("Journal", theme.ListIcon(), m.journal.content),
		container.NewTabItemWithIcon("Progress", theme.GridIcon(), m.progress.content),
		container.NewTabItemWithIcon("Settings", theme.SettingsIcon(), m.settings.content),
	)
	m.tabs.OnSelected = func(t *container.TabItem) {
		u.touch()
		if t.Text == "Progress" {
			m.progress.refresh()
		}
	}
	m.lock = widget.NewButtonWithIcon("Lock", theme.LoginIcon(), u.Lock)
	m.lock.Importance = widget.LowImportance
	bar := container.NewHBox(layout.NewSpacer(), m.lock)
	m.content = container.NewBorder(nil, nil, nil, nil, container.NewStack(m.tabs, container.NewVBox(bar)))
	return m
}

// selectTab shows tab n (0-based), for Ctrl+1..4.
func (m *MainScreen) selectTab(n int) {
	if n >= 0 && n < len(m.tabs.Items) {
		m.tabs.SelectIndex(n)
	}
}

func countText(n int) string {
	switch n {
	case 0:
		return "No entries yet."
	case 1:
		return "1 entry."
	}
	return fmt.Sprintf("%d entries.", n)
}
