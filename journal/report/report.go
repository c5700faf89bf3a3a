// Package report writes a progress report: report.md with the figures of a
// period, and PNG charts of ratings and entries per week beside it, drawn
// with the standard library's image packages. The report is plaintext by
// the user's choice: files 0600 in a folder 0700, written atomically.
package report

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"candor/journal"
	"candor/journal/internal/fsx"
	"candor/journal/stats"
)

// Report chart files, written beside report.md.
const (
	reportFile        = "report.md"
	reportRatingsPNG  = "ratings.png"
	reportEntriesPNG  = "entries.png"
	reportChartWidth  = 900
	reportChartHeight = 320
)

// Colours of the areas in report charts (the app uses the same).
var reportColours = map[journal.Area]color.NRGBA{
	journal.AreaVision:         {0x3b, 0x82, 0xc4, 0xff},
	journal.AreaMotivation:     {0xe0, 0x90, 0x2f, 0xff},
	journal.AreaProblemSolving: {0x3a, 0x9d, 0x6e, 0xff},
}

// Write writes a progress report for st into the folder out: report.md
// with the figures, and the charts as PNG images beside it. The folder is
// built under a temporary name beside out and renamed into place, so an
// interrupted report leaves nothing half-written; files are 0600, the folder
// 0700. out must not exist, or be an empty folder: anything else there (a
// folder that holds anything, a file, a symbolic link, a device) is refused
// with an error that matches journal.ErrOutputExists, and left untouched.
func Write(out string, st stats.Stats, generated time.Time) error {
	out = filepath.Clean(out)
	emptyDir, err := checkOut(out)
	if err != nil {
		return err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", parent, err)
	}
	fsx.RemoveLeftovers(out)
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return fmt.Errorf("creating the report: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up after a failure
	weeks := reportWeeks(st)
	files := map[string][]byte{
		reportFile:       []byte(reportMarkdown(st, weeks, generated)),
		reportRatingsPNG: ratingsChart(st, weeks),
		reportEntriesPNG: entriesChart(st, weeks),
	}
	for name, data := range files {
		if err := fsx.WriteNewFile(filepath.Join(tmp, name), data, true); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	if err := fsx.SyncDir(tmp); err != nil {
		return err
	}
	if err := fsx.Rename(tmp, out); err != nil {
		// Some systems do not rename over an empty folder: remove it first,
		// when it is still one (os.Remove would delete a file just as well).
		info, lerr := os.Lstat(out)
		if !emptyDir || lerr != nil || !info.IsDir() || !fsx.IsEmptyDir(out) {
			return fmt.Errorf("moving the report into place: %w", err)
		}
		os.Remove(out)
		if err := fsx.Rename(tmp, out); err != nil {
			return fmt.Errorf("moving the report into place: %w", err)
		}
	}
	return fsx.SyncDir(parent)
}

// outputError says why a report cannot go where it was asked to; it
// matches journal.ErrOutputExists.
type outputError string

// Error implements error.
func (e outputError) Error() string { return string(e) }

// Is makes errors.Is(err, journal.ErrOutputExists) hold.
func (e outputError) Is(target error) bool { return target == journal.ErrOutputExists }

// checkOut refuses an out that exists and is not an empty folder, and
// reports whether it is one. It never follows a symbolic link.
func checkOut(out string) (emptyDir bool, err error) {
	info, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cannot look at %s: %w", out, err)
	}
	m := info.Mode()
	switch {
	case m&fs.ModeSymlink != 0:
		return false, outputError(fmt.Sprintf("%s exists and is a symbolic link, not a folder", out))
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return false, outputError(fmt.Sprintf("%s exists and is a device, not a folder", out))
	case m.IsRegular():
		return false, outputError(fmt.Sprintf("%s exists and is a file, not a folder", out))
	case !m.IsDir():
		return false, outputError(fmt.Sprintf("%s exists and is not a folder", out))
	case !fsx.IsEmptyDir(out):
		return false, fmt.Errorf("%w: %s", journal.ErrOutputExists, out)
	}
	return true, nil
}

// reportWeeks lists the ISO weeks of the period (at most the last 104).
func reportWeeks(st stats.Stats) []string {
	var weeks []string
	if st.From.IsZero() || st.To.IsZero() {
		return weeks
	}
	d := st.From.AddDays(-((int(st.From.Time(time.UTC).Weekday()) + 6) % 7))
	for ; !d.After(st.To); d = d.AddDays(7) {
		weeks = append(weeks, stats.ISOWeek(d))
	}
	if len(weeks) > 104 {
		weeks = weeks[len(weeks)-104:]
	}
	return weeks
}

func reportMarkdown(st stats.Stats, weeks []string, generated time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Candor progress report\n\nPeriod: %s to %s. Written %s.\n\n## Summary\n\n", st.From, st.To, generated.Format("2 January 2006 15:04"))
	fmt.Fprintf(&b, "- %s on %s.\n- Current streak %s; longest %s.\n", plural(st.Entries, "entry", "entries"), plural(st.DaysWritten, "day", "days"), plural(st.StreakCurrent, "day", "days"), plural(st.StreakLongest, "day", "days"))
	if n := st.Roles.Leader + st.Roles.Manager; n > 0 {
		fmt.Fprintf(&b, "- Leading and managing: %s %s\n", st.Roles.Reading(), stats.RolesMeaning)
	}
	if f := st.FollowThrough; f.Due > 0 {
		fmt.Fprintf(&b, "- Follow-through: of %s that came due, %d done, %d partly, %d not done, %d still open.\n", plural(f.Due, "next step", "next steps"), f.Done, f.Partly, f.Not, f.Open)
	}
	if d := st.Decisions; d.Made > 0 {
		fmt.Fprintf(&b, "- Decisions: %d made, %d reviewed (%d right, %d wrong, %d mixed).\n", d.Made, d.Reviewed, d.Right, d.Wrong, d.Mixed)
	}
	b.WriteString(calibrationMarkdown(st.Decisions))
	b.WriteString(traitsMarkdown(st.Traits))
	b.WriteString("\n## Areas\n\n| Area | Entries | Average rating | Trend |\n|---|---:|---:|---|\n")
	for _, a := range journal.Areas {
		as := st.Areas[a]
		avg := "–"
		if as.AvgRating > 0 {
			avg = fmt.Sprintf("%.2f", as.AvgRating)
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", a, as.Entries, avg, as.Trend)
	}
	fmt.Fprintf(&b, "\n![Average rating per week, by area](%s)\n\n![Entries per week, by area](%s)\n\n", reportRatingsPNG, reportEntriesPNG)
	b.WriteString("Colours: vision blue, motivation amber, problem-solving green.\n\n## Week by week\n\n| Week | Vision | Motivation | Problem-solving |\n|---|---|---|---|\n")
	for _, w := range weeks {
		cells := make([]string, len(journal.Areas))
		any := false
		for i, a := range journal.Areas {
			cells[i] = "–"
			for _, ws := range st.Areas[a].Weekly {
				if ws.Week == w {
					any = true
					cells[i] = fmt.Sprintf("%d", ws.Entries)
					if ws.AvgRating > 0 {
						cells[i] += fmt.Sprintf(" (%.1f)", ws.AvgRating)
					}
				}
			}
		}
		if any {
			fmt.Fprintf(&b, "| %s | %s |\n", w, strings.Join(cells, " | "))
		}
	}
	b.WriteString("\nEntries per week, with the average rating in brackets.\n")
	return b.String()
}

// chart is a small raster canvas for the report's charts.
type chart struct {
	img              *image.RGBA
	x0, y0, w, h     int // plot area
	axis, grid, text color.NRGBA
}

func newChart(title string) *chart {
	c := &chart{img: image.NewRGBA(image.Rect(0, 0, reportChartWidth, reportChartHeight)), x0: 40, y0: 30,
		w: reportChartWidth - 60, h: reportChartHeight - 70,
		axis: color.NRGBA{0x55, 0x55, 0x55, 0xff}, grid: color.NRGBA{0xe4, 0xe4, 0xe4, 0xff}, text: color.NRGBA{0x22, 0x22, 0x22, 0xff}}
	draw.Draw(c.img, c.img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	c.label(c.x0, 18, title)
	return c
}

func (c *chart) label(x, y int, s string) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(c.text), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func (c *chart) rect(x0, y0, x1, y1 int, col color.Color) {
	draw.Draw(c.img, image.Rect(x0, y0, x1, y1), image.NewUniform(col), image.Point{}, draw.Src)
}

// line draws a two-pixel line.
func (c *chart) line(x0, y0, x1, y1 int, col color.Color) {
	steps := max(abs(x1-x0), abs(y1-y0), 1)
	for i := 0; i <= steps; i++ {
		x := x0 + (x1-x0)*i/steps
		y := y0 + (y1-y0)*i/steps
		c.rect(x-1, y-1, x+1, y+1, col)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func (c *chart) frame(yMax float64, ticks int, labels []string, at func(i, n int) int) {
	for i := 0; i <= ticks; i++ {
		y := c.y0 + c.h - c.h*i/ticks
		c.rect(c.x0, y, c.x0+c.w, y+1, c.grid)
		c.label(8, y+4, fmt.Sprintf("%g", math.Round(yMax*float64(i)/float64(ticks)*10)/10))
	}
	c.rect(c.x0, c.y0, c.x0+1, c.y0+c.h, c.axis)
	c.rect(c.x0, c.y0+c.h, c.x0+c.w, c.y0+c.h+1, c.axis)
	step := max(1, len(labels)/10)
	for i := 0; i < len(labels); i += step {
		c.label(at(i, len(labels))-14, c.y0+c.h+18, labels[i][5:])
	}
}

func (c *chart) xAt(i, n int) int {
	if n <= 1 {
		return c.x0 + c.w/2
	}
	return c.x0 + 10 + (c.w-20)*i/(n-1)
}

// slotCentre is the middle of bar i of n.
func (c *chart) slotCentre(i, n int) int {
	slot := c.w / max(n, 1)
	return c.x0 + slot*i + slot/2
}

func (c *chart) png() []byte {
	var buf bytes.Buffer
	_ = png.Encode(&buf, c.img) // writing to memory cannot fail
	return buf.Bytes()
}

func weekly(st stats.Stats, a journal.Area) map[string]stats.WeekStats {
	m := map[string]stats.WeekStats{}
	for _, w := range st.Areas[a].Weekly {
		m[w.Week] = w
	}
	return m
}

// ratingsChart draws the average rating per week of each area as lines.
func ratingsChart(st stats.Stats, weeks []string) []byte {
	c := newChart("Average rating per week (1-5)")
	c.frame(5, 5, weeks, c.xAt)
	for _, a := range journal.Areas {
		col := reportColours[a]
		m := weekly(st, a)
		px, py := -1, -1
		for i, w := range weeks {
			ws, ok := m[w]
			if !ok || ws.AvgRating == 0 {
				continue
			}
			x := c.xAt(i, len(weeks))
			y := c.y0 + c.h - int(float64(c.h)*ws.AvgRating/5)
			c.rect(x-3, y-3, x+3, y+3, col)
			if px >= 0 {
				c.line(px, py, x, y, col)
			}
			px, py = x, y
		}
	}
	return c.png()
}

// entriesChart draws entries per week as bars stacked by area.
func entriesChart(st stats.Stats, weeks []string) []byte {
	c := newChart("Entries per week")
	top := 1
	per := make([][]int, len(weeks))
	for i, w := range weeks {
		per[i] = make([]int, len(journal.Areas))
		sum := 0
		for k, a := range journal.Areas {
			if ws, ok := weekly(st, a)[w]; ok {
				per[i][k] = ws.Entries
				sum += ws.Entries
			}
		}
		top = max(top, sum)
	}
	c.frame(float64(top), min(top, 5), weeks, c.slotCentre)
	n := len(weeks)
	if n == 0 {
		return c.png()
	}
	slot := c.w / n
	bw := min(max(2, slot-4), 48)
	for i := range weeks {
		x := c.x0 + slot*i + (slot-bw)/2
		y := c.y0 + c.h
		for k, a := range journal.Areas {
			hgt := c.h * per[i][k] / top
			if hgt > 0 {
				c.rect(x, y-hgt, x+bw, y, reportColours[a])
				y -= hgt
			}
		}
	}
	return c.png()
}

// plural writes n with the singular or plural noun: "1 day", "3 days".
// calibrationMarkdown is the table of how often decisions made with each
// confidence were right, once there are stats.MinCalibrationReviews
// reviewed decisions with a confidence; nothing before.
func calibrationMarkdown(d stats.Decisions) string {
	n := 0
	for _, b := range d.Calibration {
		n += b.Reviewed
	}
	if n < stats.MinCalibrationReviews {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n## Calibration\n\n| Confidence | Reviewed | Right |\n|---|---:|---:|\n")
	for _, c := range d.Calibration {
		fmt.Fprintf(&b, "| %s %% | %d | %d |\n", c.Band, c.Reviewed, c.Right)
	}
	return b.String()
}

// traitsMarkdown is the table of entries per trait, most practised first,
// with the traits never touched last; nothing when traits were not counted.
func traitsMarkdown(traits map[string]int) string {
	if len(traits) == 0 {
		return ""
	}
	names := make([]string, 0, len(traits))
	for t := range traits {
		names = append(names, t)
	}
	sort.Slice(names, func(a, b int) bool {
		if traits[names[a]] != traits[names[b]] {
			return traits[names[a]] > traits[names[b]]
		}
		return names[a] < names[b]
	})
	var b strings.Builder
	b.WriteString("\n## Traits\n\n| Trait | Entries |\n|---|---:|\n")
	for _, t := range names {
		fmt.Fprintf(&b, "| %s | %d |\n", t, traits[t])
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
