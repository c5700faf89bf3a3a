// Package assets embeds Candor's icon and other files shipped inside the
// binary.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is Candor's application icon: an open journal under a guiding star,
// with three rising bars for the three areas.
var Icon fyne.Resource = fyne.NewStaticResource("candor.png", iconPNG)
