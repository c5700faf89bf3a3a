package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"candor/journal"
)

// widgetCanvas shows o alone, unpadded, in a window of the given size, under
// Candor's theme in the named variant.
func widgetCanvas(t *testing.T, themeName string, o fyne.CanvasObject, size fyne.Size) fyne.Canvas {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme(themeName))
	w := test.NewTempWindow(t, o)
	w.SetPadded(false)
	w.Resize(size)
	return w.Canvas()
}

// assertWidget compares c with the goldens testdata/widgets/name_theme.xml
// and .png: the markup pins the layout, the picture the colours of the
// variant.
func assertWidget(t *testing.T, c fyne.Canvas, name, themeName string) {
	t.Helper()
	base := "widgets/" + name + "_" + themeName
	test.AssertRendersToMarkup(t, base+".xml", c)
	test.AssertImageMatches(t, base+".png", c.Capture())
}

// goldenWeeks are six ISO-week labels for the chart goldens.
var goldenWeeks = []string{"W40", "W41", "W42", "W43", "W44", "W45"}

func TestGoldenLineChart(t *testing.T) {
	nan := math.NaN()
	for _, th := range []string{themeLight, themeDark} {
		t.Run(th, func(t *testing.T) {
			c := newLineChart(5)
			c.SetData([]lineSeries{
				{Name: "vision", Colour: areaColour(journal.AreaVision), Values: []float64{2, 3, nan, 4, 4.5, 5}},
				{Name: "motivation", Colour: areaColour(journal.AreaMotivation), Values: []float64{nan, 1, 2, 2, nan, 3}},
				{Name: "problem-solving", Colour: areaColour(journal.AreaProblemSolving), Values: []float64{3, nan, nan, nan, nan, 1}},
			}, goldenWeeks)
			assertWidget(t, widgetCanvas(t, th, c, fyne.NewSize(360, 200)), "line_chart", th)
		})
	}
}

func TestGoldenBarChart(t *testing.T) {
	for _, th := range []string{themeLight, themeDark} {
		t.Run(th, func(t *testing.T) {
			c := newBarChart([]color.Color{areaColour(journal.AreaVision), areaColour(journal.AreaMotivation), areaColour(journal.AreaProblemSolving)})
			c.SetData([][]float64{{1, 0, 2}, {0, 0, 0}, {2, 1, 1}, {0, 3, 0}, {1, 1, 1}, {4, 0, 0}}, goldenWeeks)
			assertWidget(t, widgetCanvas(t, th, c, fyne.NewSize(360, 180)), "bar_chart", th)
		})
	}
}

func TestGoldenHeatMap(t *testing.T) {
	end := journal.Date{Year: 2026, Month: 11, Day: 27} // a Friday: the last column is cut short
	counts := map[journal.Date]int{}
	for i := 0; i < 120; i++ {
		if n := (i * 7) % 5; n < 4 {
			counts[end.AddDays(-3*i)] = n
		}
	}
	for _, th := range []string{themeLight, themeDark} {
		t.Run(th, func(t *testing.T) {
			h := newHeatMap(end)
			h.SetData(end, counts)
			assertWidget(t, widgetCanvas(t, th, h, fyne.NewSize(heatWeeks*9, 7*9)), "heat_map", th)
		})
	}
}

func TestGoldenRatingPicker(t *testing.T) {
	for _, th := range []string{themeLight, themeDark} {
		t.Run(th, func(t *testing.T) {
			r := newRatingPicker()
			c := widgetCanvas(t, th, r, r.MinSize())
			assertWidget(t, c, "rating_none", th)
			test.Tap(r.Star(3))
			assertWidget(t, c, "rating_3", th)
		})
	}
}

func TestGrouped(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 10000: "10,000",
		123456: "123,456", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := grouped(n); got != want {
			t.Errorf("grouped(%d) = %q, want %q", n, got, want)
		}
	}
	if got := countText(10000); got != "10,000 entries." {
		t.Errorf("countText(10000) = %q", got)
	}
}
