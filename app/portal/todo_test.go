package portal

import (
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/timetest"
)

// The response delay counts working days, Monday to Friday in the server's time zone, as time:
// a working day is 24 hours of a weekday; Saturdays and Sundays do not count.
func TestWorkingDays(t *testing.T) {
	paris := timetest.Paris(t)
	at := func(day, hour int) time.Time { return time.Date(2026, 12, day, hour, 0, 0, 0, paris) } // 2026-12-04 is a Friday
	cases := []struct {
		name      string
		now       time.Time
		days      int
		cutoff    time.Time // SubtractWorkingDays(now, days)
		sinceWant int       // WorkingDaysWaited(cutoff, now): exactly days
	}{
		{"within a week", at(3, 15), 2, at(1, 15), 2},           // Thursday 15:00 → Tuesday 15:00
		{"over a weekend", at(8, 15), 2, at(4, 15), 2},          // Tuesday 15:00 → Friday 15:00
		{"from Monday morning", at(7, 9), 1, at(4, 9), 1},       // Monday 09:00 → Friday 09:00
		{"on a Saturday", at(5, 11), 2, at(3, 0), 2},            // Saturday: Thursday and Friday, whole
		{"on a Sunday", at(6, 23), 1, at(4, 0), 1},              // Sunday: Friday, whole
		{"Monday midnight", at(7, 0), 1, at(4, 0), 1},           // the weekend does not count
		{"across two weekends", at(15, 10), 7, at(4, 10), 7},    // Tuesday 15th 10:00 → Friday 4th 10:00
		{"no delay", at(1, 12), 0, at(1, 12), 0},                // now itself
		{"a whole week", at(11, 8), 5, at(4, 8), 5},             // Friday to Friday
		{"Wednesday midnight", at(9, 0), 2, at(7, 0), 2},        // Monday and Tuesday: the weekend before adds nothing
		{"Tuesday afternoon", at(8, 18), 2, at(4, 18), 2},       // Friday 18:00
		{"Monday noon, one day", at(7, 12), 1, at(4, 12), 1},    // Friday noon
		{"Monday noon, half a day", at(7, 12), 0, at(7, 12), 0}, // zero days: now
	}
	for _, c := range cases {
		if got := SubtractWorkingDays(c.now, c.days, paris); !got.Equal(c.cutoff) {
			t.Errorf("%s: SubtractWorkingDays(%s, %d) = %s, want %s", c.name, c.now.Format(time.RFC1123), c.days, got.Format(time.RFC1123), c.cutoff.Format(time.RFC1123))
		}
		if got := WorkingDaysWaited(c.cutoff, c.now, paris); got != c.sinceWant {
			t.Errorf("%s: WorkingDaysWaited(%s, %s) = %d, want %d", c.name, c.cutoff.Format(time.RFC1123), c.now.Format(time.RFC1123), got, c.sinceWant)
		}
	}
	// Just before the cutoff has waited the delay; just after, not yet.
	now := at(8, 15)
	cut := SubtractWorkingDays(now, 2, paris)
	if WorkingDaysWaited(cut.Add(time.Minute), now, paris) != 1 || WorkingDaysWaited(cut.Add(-time.Minute), now, paris) != 2 {
		t.Errorf("the cutoff is not where two working days are reached")
	}
	// A weekend alone is no working time at all.
	if got := WorkingDaysWaited(at(5, 0), at(7, 0), paris); got != 0 {
		t.Errorf("a weekend = %d working days", got)
	}
	// Opened on Friday 15:00, a retour has waited 2 working days on Tuesday at 15:00, not before.
	if WorkingDaysWaited(at(4, 15), at(8, 14), paris) != 1 || WorkingDaysWaited(at(4, 15), at(8, 15), paris) != 2 {
		t.Errorf("Friday 15:00 to Tuesday: wrong count")
	}
}
