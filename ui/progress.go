package ui

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/journal/report"
	"candor/journal/stats"
	"candor/prompts"
)

// Periods the Progress view offers, with their length in days (0: all).
var periods = []struct {
	name string
	days int
}{{"4 weeks", 28}, {"Quarter", 91}, {"Year", 365}, {"All", 0}}

// progressScreen charts growth in the three areas: average rating per week,
// entries per week, the leading/managing balance with what it means, a
// year of days written, and three summary figures; the coaching figures
// (entries per trait, follow-through, decisions) are in progresscoach.go,
// and one sentence at the top sums the period up. Tapping a week or a day
// opens the Journal filtered to it.
type progressScreen struct {
	d       progressDeps
	content fyne.CanvasObject

	period    *widget.Select
	summary   *widget.Label
	entries   *widget.Label
	strongest *widget.Label
	weakest   *widget.Label
	ratings   *lineChart
	perWeek   *barChart
	balance   *barChart
	roles     *widget.Label
	rolesCard *widget.Card
	coach     *coachFigures
	heat      *heatMap
	streak    *widget.Label
	report    *widget.Button
	scroll    *container.Scroll

	weeks []journal.Date // Monday of each week on the charts
	gen   int
}

func newProgressScreen(d progressDeps) *progressScreen {
	s := &progressScreen{d: d}
	var names []string
	for _, p := range periods {
		names = append(names, p.name)
	}
	s.period = widget.NewSelect(names, nil)
	s.report = widget.NewButtonWithIcon("Progress report…", theme.DocumentSaveIcon(), s.onReport)
	s.summary = wrapped("")
	s.summary.TextStyle = fyne.TextStyle{Bold: true}
	s.entries = heading("")
	s.strongest = wrapped("")
	s.weakest = wrapped("")
	s.ratings = newLineChart(5)
	colours := []color.Color{areaColour(journal.AreaVision), areaColour(journal.AreaMotivation), areaColour(journal.AreaProblemSolving)}
	s.perWeek = newBarChart(colours)
	s.perWeek.OnTapped = s.openWeek
	s.balance = newBarChart([]color.Color{areaColour(journal.AreaVision), areaColour(journal.AreaMotivation)})
	s.balance.OnTapped = s.openWeek
	s.heat = newHeatMap(d.today())
	s.heat.OnTapped = func(day journal.Date) { d.openRange(day, day, day.String()) }
	s.streak = widget.NewLabel("")
	s.roles = wrapped("")
	s.coach = newCoachFigures()
	legend := container.NewHBox()
	for _, a := range journal.Areas {
		legend.Add(swatch(areaColour(a)))
		legend.Add(widget.NewLabel(areaTitle(a)))
	}
	roleLegend := container.NewHBox(swatch(areaColour(journal.AreaVision)), widget.NewLabel("Leading"),
		swatch(areaColour(journal.AreaMotivation)), widget.NewLabel("Managing"))
	parts := []fyne.CanvasObject{
		container.NewHBox(widget.NewLabel("Period:"), s.period, layout.NewSpacer(), s.report),
		s.summary,
		container.NewGridWithColumns(3, s.entries, s.strongest, s.weakest),
		widget.NewCard("Average rating per week", "", container.NewBorder(legend, nil, nil, nil, s.ratings)),
		widget.NewCard("Entries per week", "Tap a week to read it.", s.perWeek),
	}
	parts = append(parts, s.coach.content...)
	s.rolesCard = widget.NewCard("Leading and managing", "", container.NewVBox(wrapped(stats.RolesMeaning), s.roles,
		container.NewBorder(roleLegend, nil, nil, nil, s.balance)))
	parts = append(parts, s.rolesCard,
		widget.NewCard("Days written this year", "", container.NewVBox(s.heat, s.streak)),
	)
	s.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(parts...)))
	s.content = container.New(&growCharts{s: s, scroll: s.scroll}, s.scroll)
	// The figures are read when the tab is shown (refresh), not here: the
	// screen is built at each unlock, and reading every summary then took
	// CPU from painting Today.
	s.period.SetSelectedIndex(0)
	s.period.OnChanged = func(string) { s.refresh() }
	return s
}

// swatch is a small square of colour for legends.
func swatch(c color.Color) fyne.CanvasObject {
	r := canvasRect(c)
	r.SetMinSize(fyne.NewSize(12, 12))
	return container.NewCenter(r)
}

func (s *progressScreen) bounds() (journal.Date, journal.Date) {
	to := s.d.today()
	if days := s.periodDays(); days > 0 {
		return to.AddDays(-days + 1), to
	}
	return journal.Date{}, to
}

// periodDays is the length of the selected period in days, 0 for all.
func (s *progressScreen) periodDays() int {
	for _, p := range periods {
		if p.name == s.period.Selected {
			return p.days
		}
	}
	return 0
}

// refresh computes the figures off the UI thread and redraws the charts.
func (s *progressScreen) refresh() {
	j := s.d.journal()
	if j == nil {
		return
	}
	s.gen++
	gen := s.gen
	from, to := s.bounds()
	today := s.d.today()
	before := periodBefore(s.periodDays())
	var st, prev stats.Stats
	var traits []prompts.Trait
	counts := map[journal.Date]int{}
	var err error
	s.d.bg.run(func() {
		// One read of the summaries serves the period, the previous period
		// and the heat map.
		var sums []journal.Summary
		if sums, err = j.AllSummaries(); err != nil {
			return
		}
		var withTraits stats.Option
		if withTraits, traits, err = traitsOption(j); err != nil {
			return
		}
		if st, err = stats.Of(sums, from, to, today, withTraits); err != nil {
			return
		}
		if !from.IsZero() {
			n := int(to.Time(time.UTC).Sub(from.Time(time.UTC)).Hours()/24) + 1
			if prev, err = stats.Of(sums, from.AddDays(-n), from.AddDays(-1), today); err != nil {
				return
			}
		}
		first := today.AddDays(-7 * heatWeeks)
		for _, sm := range sums {
			if !sm.Date.Before(first) && !sm.Date.After(today) {
				counts[sm.Date]++
			}
		}
	}, func() {
		if gen != s.gen || s.d.journal() == nil {
			return
		}
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.show(st, prev, counts, !from.IsZero(), before, traits)
	})
}

// traitsOption makes the statistics count entries per trait of the
// journal's prompt library (the user's own prompts included, as the
// command line's stats does), and returns the library's traits.
func traitsOption(j *journal.Journal) (stats.Option, []prompts.Trait, error) {
	lib, err := j.Library()
	if err != nil {
		return nil, nil, err
	}
	return stats.WithLibrary(lib), lib.Traits, nil
}

// show puts the figures of st on the screen; prev is the period before,
// of the same length, which before names, when compare.
func (s *progressScreen) show(st, prev stats.Stats, counts map[journal.Date]int, compare bool, before string, traits []prompts.Trait) {
	s.summary.SetText(summarySentence(st, prev, compare, before, traits))
	s.entries.SetText(countText(st.Entries))
	best, worst := journal.AreaNone, journal.AreaNone
	for _, a := range journal.Areas {
		r := st.Areas[a].AvgRating
		if r == 0 {
			continue
		}
		if best == journal.AreaNone || r > st.Areas[best].AvgRating {
			best = a
		}
		if worst == journal.AreaNone || r < st.Areas[worst].AvgRating {
			worst = a
		}
	}
	describe := func(label string, a journal.Area) string {
		if a == journal.AreaNone {
			return label + ": no ratings yet"
		}
		r := st.Areas[a].AvgRating
		text := fmt.Sprintf("%s: %s, %.1f of 5", label, areaTitle(a), r)
		if p := prev.Areas[a]; compare && p != nil && p.AvgRating > 0 {
			text += fmt.Sprintf(" (%+.1f)", r-p.AvgRating)
		}
		return text
	}
	s.strongest.SetText(describe("Strongest", best))
	s.weakest.SetText(describe("Weakest", worst))

	// One slot per ISO week of the period, so gaps show as gaps.
	s.weeks = nil
	var labels []string
	index := map[string]int{}
	start := st.From
	start = start.AddDays(-((int(start.Time(time.UTC).Weekday()) + 6) % 7))
	for d := start; !d.After(st.To); d = d.AddDays(7) {
		index[stats.ISOWeek(d)] = len(s.weeks)
		s.weeks = append(s.weeks, d)
		labels = append(labels, weekLabel(d))
	}
	if len(s.weeks) > 520 { // more than ten years: keep the last ten
		s.weeks, labels = s.weeks[len(s.weeks)-520:], labels[len(labels)-520:]
		for k, v := range index {
			index[k] = v - (len(index) - 520)
		}
	}
	var series []lineSeries
	stacks := make([][]float64, len(s.weeks))
	for i := range stacks {
		stacks[i] = make([]float64, len(journal.Areas))
	}
	for ai, a := range journal.Areas {
		vals := make([]float64, len(s.weeks))
		for i := range vals {
			vals[i] = math.NaN()
		}
		for _, w := range st.Areas[a].Weekly {
			if i, ok := index[w.Week]; ok && i >= 0 && i < len(vals) {
				if w.AvgRating > 0 {
					vals[i] = w.AvgRating
				}
				stacks[i][ai] = float64(w.Entries)
			}
		}
		series = append(series, lineSeries{Name: string(a), Colour: areaColour(a), Values: vals})
	}
	s.ratings.SetData(series, labels)
	s.perWeek.SetData(stacks, labels)
	roles := make([][]float64, len(s.weeks))
	for i := range roles {
		roles[i] = []float64{0, 0}
	}
	for _, rw := range st.Roles.Weekly {
		if i, ok := index[rw.Week]; ok && i >= 0 && i < len(roles) {
			roles[i] = []float64{float64(rw.Leader), float64(rw.Manager)}
		}
	}
	s.balance.SetData(roles, labels)
	s.heat.SetData(s.d.today(), counts)
	s.roles.SetText(st.Roles.Reading())
	s.coach.show(st, traits)
	s.streak.SetText(fmt.Sprintf("Current streak %s, longest %s.", plural(st.StreakCurrent, "day", "days"), plural(st.StreakLongest, "day", "days")))
	// The texts above change heights (wrapped lines): lay the page out
	// again now rather than at the next frame.
	s.scroll.Refresh()
}

func (s *progressScreen) openWeek(i int) {
	if i < 0 || i >= len(s.weeks) {
		return
	}
	mon := s.weeks[i]
	s.d.openRange(mon, mon.AddDays(6), "week "+strings.TrimSpace(stats.ISOWeek(mon)))
}

// onReport asks for a folder and writes the progress report of the period
// into a new folder inside it.
func (s *progressScreen) onReport() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		s.writeReport(filepath.Join(dir.Path(), "Candor report "+s.d.today().String()))
	}, s.d.win)
	s.d.dlg.show(d)
}

// writeReport writes the report of the selected period into out.
func (s *progressScreen) writeReport(out string) {
	j, today, now := s.d.journal(), s.d.today(), s.d.now()
	from, to := s.bounds()
	var err error
	s.d.bg.run(func() {
		var st stats.Stats
		if st, err = stats.Read(j, from, to, today); err == nil {
			err = report.Write(out, st, now)
		}
	}, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.d.dlg.show(dialog.NewInformation("Report written", "The report is in "+out+". It is not encrypted: keep it somewhere private.", s.d.win))
	})
}

func (s *progressScreen) wipe() {
	s.gen++
	for _, l := range []*widget.Label{s.summary, s.entries, s.strongest, s.weakest, s.roles, s.streak} {
		l.SetText("")
	}
	s.coach.wipe()
	s.ratings.SetData(nil, nil)
	s.perWeek.SetData(nil, nil)
	s.balance.SetData(nil, nil)
	s.heat.SetData(s.d.today(), map[journal.Date]int{})
}

// weekLabel names the ISO week of d with its year, as "W45 2026": a chart
// that spans New Year stays unambiguous.
func weekLabel(d journal.Date) string {
	w := stats.ISOWeek(d) // "2026-W45"
	return w[5:] + " " + w[:4]
}

// growCharts lays out the Progress view: its scroll fills the view, and as
// the view changes size the charts get a share of its height and the heat
// map larger days, so a big window shows big charts instead of flat strips.
type growCharts struct {
	s      *progressScreen
	scroll *container.Scroll
	last   fyne.Size
}

// Layout implements fyne.Layout.
func (g *growCharts) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size != g.last {
		g.last = size
		h := min(max((size.Height-260)/2.4, 160), 480)
		g.s.ratings.MinHeight, g.s.perWeek.MinHeight, g.s.balance.MinHeight = h, h*0.8, h*0.6
		g.s.heat.CellSize = min(max((size.Width-heatLabelWidth-64)/heatWeeks, 9), 22)
		g.s.ratings.Refresh()
		g.s.perWeek.Refresh()
		g.s.balance.Refresh()
		g.s.heat.Refresh()
		g.scroll.Content.Refresh()
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (g *growCharts) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }
