//go:build !unix

package markdown

import "time"

// processCPU is not measured here.
func processCPU() time.Duration { return 0 }
