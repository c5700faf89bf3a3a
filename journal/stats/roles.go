package stats

import (
	"fmt"
	"math"
)

// Reading says how the moments the user marked split between leading
// and managing, and what the split means.
func (r Roles) Reading() string {
	n := r.Leader + r.Manager
	if n == 0 {
		return "No entry says yet whether you led or managed: mark it when you write (Leading or Managing) to see the balance."
	}
	lead := int(math.Round(100 * float64(r.Leader) / float64(n)))
	s := fmt.Sprintf("You marked %s: %d leading (%d%%) and %d managing (%d%%), ",
		moments(n), r.Leader, lead, r.Manager, 100-lead)
	switch {
	case lead >= 70:
		return s + "mostly setting direction. Check that the planning and follow-up are not slipping."
	case lead <= 30:
		return s + "mostly keeping the work running. Look for a moment to step back and set direction."
	}
	return s + "a mix of both."
}

// RolesMeaning says what leading and managing mean, beside their chart.
const RolesMeaning = "Leading is setting direction, motivating people and deciding with courage. " +
	"Managing is keeping the work running: planning, tracking, organising. A team needs both."

// moments writes "1 moment" or "n moments".
func moments(n int) string {
	if n == 1 {
		return "1 moment"
	}
	return fmt.Sprintf("%d moments", n)
}
