//go:build !unix

package importers

import "errors"

// mkfifo is not available here (Windows has no FIFOs among plain paths).
func mkfifo(string) error { return errors.ErrUnsupported }
