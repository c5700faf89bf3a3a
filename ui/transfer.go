package ui

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/journal/importers"
	"candor/journal/imports"
	"candor/journal/markdown"
)

// Export formats offered in the export dialog.
const (
	exportFolder = "A folder, one file per entry"
	exportSingle = "One Markdown file"
)

// transfers runs the export and import dialogs and the work behind them.
type transfers struct {
	unlockedDeps
	// openURL opens a link in the desktop's file manager or browser.
	openURL func(*url.URL) error
	// imported is called after an import wrote entries.
	imported func()

	// lastExport and lastImport record the last results, for tests.
	lastExport string
	lastImport imports.Summary
}

// Import formats offered in the import dialog.
var importFormats = []string{"Markdown folder (Candor or other)", "jrnl journal file", "Day One export (JSON, zip or Classic folder)"}

// pathField is a path typed by the user, or chosen with a Browse… button
// that opens Fyne's picker and fills the field.
func pathField(placeholder string, browse func(set func(string))) (*widget.Entry, fyne.CanvasObject) {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	b := widget.NewButtonWithIcon("Browse…", theme.FolderOpenIcon(), func() { browse(e.SetText) })
	return e, container.NewBorder(nil, nil, nil, b, e)
}

// expandPath turns a typed path into an absolute one: a leading ~ is the
// home folder, and a relative path is taken from the home folder too (the
// app has no working folder a user would know).
func expandPath(p string) string {
	p = strings.TrimSpace(p)
	home, _ := os.UserHomeDir()
	switch {
	case p == "~":
		return home
	case strings.HasPrefix(p, "~/") || strings.HasPrefix(p, "~\\"):
		return filepath.Join(home, p[2:])
	case p != "" && !filepath.IsAbs(p) && home != "":
		return filepath.Join(home, p)
	}
	return p
}

// showExport asks what to export and where (a typed path or one picked
// with Browse…), then exports off the UI thread with a progress bar.
func (t *transfers) showExport() {
	name := "Candor export " + t.today().String()
	target := widget.NewEntry()
	target.SetPlaceHolder("Folder or file to write")
	kind := widget.NewRadioGroup([]string{exportFolder, exportSingle}, nil)
	kind.Required = true
	home, _ := os.UserHomeDir()
	suggest := func() string {
		if kind.Selected == exportSingle {
			return filepath.Join(home, name+".md")
		}
		return filepath.Join(home, name)
	}
	suggested := ""
	kind.OnChanged = func(string) {
		// Follow the kind while the user has not typed a path of their own.
		if target.Text == suggested {
			suggested = suggest()
			target.SetText(suggested)
		}
	}
	kind.SetSelected(exportFolder)
	browse := widget.NewButtonWithIcon("Browse…", theme.FolderOpenIcon(), func() {
		if kind.Selected == exportSingle {
			save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
				if err != nil || w == nil {
					return
				}
				path := w.URI().Path()
				w.Close()
				os.Remove(path) // the export writes it atomically itself
				target.SetText(path)
			}, t.win)
			save.SetFileName(name + ".md")
			save.Show()
			return
		}
		dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err == nil && dir != nil {
				target.SetText(filepath.Join(dir.Path(), name))
			}
		}, t.win).Show()
	})
	targetRow := container.NewBorder(nil, nil, nil, browse, target)
	from := widget.NewEntry()
	from.SetPlaceHolder("From YYYY-MM-DD (optional)")
	to := widget.NewEntry()
	to.SetPlaceHolder("To YYYY-MM-DD (optional)")
	area := widget.NewSelect(append([]string{"All areas"}, areaTitle(journal.AreaVision), areaTitle(journal.AreaMotivation), areaTitle(journal.AreaProblemSolving)), nil)
	area.SetSelectedIndex(0)
	warn := wrapped("The export is not encrypted: anyone who can read these files can read your journal. Keep them somewhere private.")
	form := container.NewVBox(kind, widget.NewLabel("Write to:"), targetRow, container.NewGridWithColumns(2, from, to), area, warn)
	d := dialog.NewCustomConfirm("Export to Markdown", "Export", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		opt := markdown.Options{SingleFile: kind.Selected == exportSingle}
		var err error
		if from.Text != "" {
			if opt.From, err = journal.ParseDate(strings.TrimSpace(from.Text)); err != nil {
				t.dlg.showError(err)
				return
			}
		}
		if to.Text != "" {
			if opt.To, err = journal.ParseDate(strings.TrimSpace(to.Text)); err != nil {
				t.dlg.showError(err)
				return
			}
		}
		for _, a := range journal.Areas {
			if areaTitle(a) == area.Selected {
				opt.Area = a
			}
		}
		out := expandPath(target.Text)
		if out == "" {
			t.dlg.info("Nothing exported", "Type or choose where to write the export.")
			return
		}
		t.runExport(out, opt)
	}, t.win)
	d.Resize(fyne.NewSize(560, 420))
	t.dlg.show(d)
}

// progressDialog shows a bar that background work moves through t.bg.ui.
func (t *transfers) progressDialog(title string, total int) (*widget.ProgressBar, dialog.Dialog) {
	bar := widget.NewProgressBar()
	bar.Max = float64(max(total, 1))
	d := dialog.NewCustomWithoutButtons(title, bar, t.win)
	d.Resize(fyne.NewSize(400, 100))
	t.dlg.show(d)
	return bar, d
}

// runExport exports to out off the UI thread.
func (t *transfers) runExport(out string, opt markdown.Options) {
	j := t.journal()
	if j == nil {
		return
	}
	bar, pd := t.progressDialog("Exporting…", 1)
	opt.Progress = func(n int) {
		if n%50 == 0 {
			t.bg.ui(func() { bar.SetValue(float64(n)) })
		}
	}
	var n int
	var err error
	t.bg.run(func() {
		// Counting reads the whole key space: not on the UI thread.
		if total, cerr := j.Count(); cerr == nil {
			t.bg.ui(func() { bar.Max = float64(max(total, 1)) })
		}
		n, err = markdown.Export(j, out, opt)
	}, func() {
		pd.Hide()
		if err != nil {
			t.dlg.showError(err)
			return
		}
		t.lastExport = out
		open := widget.NewButton("Open", func() {
			if link, perr := url.Parse("file://" + filepath.ToSlash(out)); perr == nil {
				_ = t.openURL(link)
			}
		})
		done := dialog.NewCustom("Export finished", "Close", container.NewVBox(
			wrapped(fmt.Sprintf("%s written to %s. It is not encrypted: keep it somewhere private.", countText(n), out)), open), t.win)
		done.Resize(fyne.NewSize(520, 0))
		t.dlg.show(done)
	})
}

// showImport asks for a format and a source (a typed path or one picked
// with Browse…), then imports.
func (t *transfers) showImport() {
	format := widget.NewRadioGroup(importFormats, nil)
	format.SetSelected(importFormats[0])
	format.Required = true
	source, sourceRow := pathField("Folder or file to import", func(set func(string)) {
		pickFolder := func() {
			dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
				if err == nil && dir != nil {
					set(dir.Path())
				}
			}, t.win).Show()
		}
		pickFile := func() {
			dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
				if err == nil && r != nil {
					set(r.URI().Path())
					r.Close()
				}
			}, t.win).Show()
		}
		switch format.Selected {
		case importFormats[0]:
			pickFolder()
		case importFormats[1]:
			pickFile()
		default:
			var choose dialog.Dialog
			choose = dialog.NewCustom("Day One", "Cancel", container.NewVBox(
				widget.NewButton("A JSON or zip export…", func() { choose.Hide(); pickFile() }),
				widget.NewButton("A Classic folder…", func() { choose.Hide(); pickFolder() })), t.win)
			choose.Show()
		}
	})
	note := wrapped("Everything is read and checked before anything is written. Importing the same source again creates no duplicates.")
	d := dialog.NewCustomConfirm("Import", "Import", "Cancel", container.NewVBox(format, widget.NewLabel("Read from:"), sourceRow, note), func(ok bool) {
		if !ok {
			return
		}
		p := expandPath(source.Text)
		if p == "" {
			t.dlg.info("Nothing imported", "Type or choose the folder or file to import.")
			return
		}
		t.runImport(format.Selected, p)
	}, t.win)
	d.Resize(fyne.NewSize(560, 380))
	t.dlg.show(d)
}

// readSource reads an import source in the given format.
func readSource(format, path string) (imports.Source, error) {
	switch format {
	case importFormats[1]:
		return importers.ReadJrnlSource(path)
	case importFormats[2]:
		return importers.ReadDayOneSource(path)
	}
	return markdown.ReadSource(path)
}

// runImport reads the source off the UI thread; when some files cannot be
// read it lists them all before anything is written, with Import the other
// N; then it imports and reports.
func (t *transfers) runImport(format, path string) {
	if t.journal() == nil {
		return
	}
	var src imports.Source
	var err error
	t.bg.run(func() { src, err = readSource(format, path) }, func() {
		if err != nil {
			t.dlg.showError(err)
			return
		}
		if len(src.Problems) == 0 {
			t.importItems(src)
			return
		}
		list := widget.NewLabel(problemList(src.Problems))
		list.Wrapping = fyne.TextWrapWord
		scroll := container.NewVScroll(list)
		scroll.SetMinSize(fyne.NewSize(520, 220))
		msg := wrapped(fmt.Sprintf("%s cannot be imported. Nothing has been written yet.", plural(len(src.Problems), "file", "files")))
		if len(src.Items) == 0 {
			t.dlg.show(dialog.NewCustom("Nothing to import", "Close", container.NewBorder(msg, nil, nil, nil, scroll), t.win))
			return
		}
		d := dialog.NewCustomConfirm("Some files cannot be imported", fmt.Sprintf("Import the other %d", len(src.Items)), "Cancel",
			container.NewBorder(msg, nil, nil, nil, scroll), func(ok bool) {
				if ok {
					t.importItems(src)
				}
			}, t.win)
		t.dlg.show(d)
	})
}

// problemList is one line per file that cannot be imported, with why.
func problemList(ps []*imports.Problem) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = "• " + p.Error()
	}
	return strings.Join(lines, "\n")
}

// importItems imports what was read, with a progress bar, then reports.
func (t *transfers) importItems(src imports.Source) {
	j := t.journal()
	if j == nil {
		return
	}
	bar, pd := t.progressDialog("Importing…", max(len(src.Items), 1))
	var sum imports.Summary
	var err error
	t.bg.run(func() {
		sum, err = imports.From(j, src.Items, imports.Options{Progress: func(n int) { t.bg.ui(func() { bar.SetValue(float64(n)) }) }})
	}, func() {
		pd.Hide()
		if err != nil {
			t.dlg.showError(err)
			return
		}
		t.lastImport = sum
		t.imported()
		msg := fmt.Sprintf("%s, %d updated, %d unchanged.", plural(sum.Imported, "new entry", "new entries"), sum.Updated, sum.Unchanged)
		if len(src.Skipped) > 0 {
			msg += fmt.Sprintf("\n\n%s skipped: %s", plural(len(src.Skipped), "note", "notes"), problemList(src.Skipped))
		}
		if n := len(sum.Conflicts); n > 0 {
			msg += fmt.Sprintf("\n\n%s changed both here and in the source: your version stays, and the source's is kept beside it, tagged %s.", plural(n, "entry was", "entries were"), imports.ConflictTag)
		}
		label := widget.NewLabel(msg)
		label.Wrapping = fyne.TextWrapWord
		scroll := container.NewVScroll(label)
		scroll.SetMinSize(fyne.NewSize(480, 160))
		t.dlg.show(dialog.NewCustom("Import finished", "Close", scroll, t.win))
	})
}
