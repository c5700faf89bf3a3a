package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"candor/journal"
)

// Area colours, chosen to read on both the light and the dark theme (as
// swatches and bars, with text beside them rather than on them).
var areaColours = map[journal.Area]color.NRGBA{
	journal.AreaVision:         {R: 0x3b, G: 0x82, B: 0xc4, A: 0xff}, // blue
	journal.AreaMotivation:     {R: 0xe0, G: 0x90, B: 0x2f, A: 0xff}, // amber
	journal.AreaProblemSolving: {R: 0x3a, G: 0x9d, B: 0x6e, A: 0xff}, // green
}

// Outcome colours, for what became of next steps and decisions: good,
// half-way, bad and not yet known. Muted like the area colours, so they read
// on both themes, where Fyne's success and error colours glare.
var (
	colourGood    color.Color = color.NRGBA{R: 0x3a, G: 0x9d, B: 0x6e, A: 0xff} // green
	colourHalf    color.Color = color.NRGBA{R: 0xe0, G: 0x90, B: 0x2f, A: 0xff} // amber
	colourBad     color.Color = color.NRGBA{R: 0xc9, G: 0x4f, B: 0x4f, A: 0xff} // red
	colourUnknown color.Color = color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff} // grey
)

// areaColour returns the colour of area, or a neutral grey for none.
func areaColour(a journal.Area) color.Color {
	if c, ok := areaColours[a]; ok {
		return c
	}
	return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
}

// areaTitle is the area's name for display.
func areaTitle(a journal.Area) string {
	switch a {
	case journal.AreaVision:
		return "Vision"
	case journal.AreaMotivation:
		return "Motivation"
	case journal.AreaProblemSolving:
		return "Problem-solving"
	}
	return "No area"
}

// Theme choices in Settings.
const (
	themeSystem = "System"
	themeLight  = "Light"
	themeDark   = "Dark"
)

// candorTheme is Fyne's theme with a fixed variant when the user picks light
// or dark, and the system's otherwise.
type candorTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
	fixed   bool
}

func newTheme(choice string) fyne.Theme {
	t := &candorTheme{Theme: theme.DefaultTheme()}
	switch choice {
	case themeLight:
		t.variant, t.fixed = theme.VariantLight, true
	case themeDark:
		t.variant, t.fixed = theme.VariantDark, true
	}
	return t
}

// Color implements fyne.Theme.
func (t *candorTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.fixed {
		v = t.variant
	}
	if n == theme.ColorNamePrimary {
		return color.NRGBA{R: 0x2f, G: 0x6f, B: 0xb5, A: 0xff}
	}
	return t.Theme.Color(n, v)
}
