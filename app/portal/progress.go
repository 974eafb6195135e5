package portal

import (
	"time"
)

// Progress of a project, computed from its milestones (X6), never typed by hand.
//
// Percent is the weighted share of milestones delivered or validated:
//
//	percent = round(100 × Σ weight(delivered or validated) / Σ weight(all))
//
// rounded to the nearest whole number, except that it shows 0 only when nothing is done and 100
// only when everything is (99.6 % of the work is shown as 99 %, 0.3 % as 1 %). A project without
// milestones is at 0 %. Steps counts milestones, whatever their weight: « étape Done sur Total ».
type Progress struct {
	Percent int
	Done    int
	Total   int
}

// ComputeProgress applies the formula above.
func ComputeProgress(weightDone, weightTotal, done, total int) Progress {
	p := Progress{Done: done, Total: total}
	if weightTotal <= 0 || weightDone <= 0 {
		return p
	}
	if weightDone >= weightTotal {
		p.Percent = 100
		return p
	}
	p.Percent = (200*weightDone + weightTotal) / (2 * weightTotal) // round half up, in integers
	p.Percent = min(max(p.Percent, 1), 99)
	return p
}

// Schedule says whether a project keeps its dates.
type Schedule string

const (
	OnTime Schedule = "on_time" // « Dans les temps »
	AtRisk Schedule = "at_risk" // « À risque »
	Late   Schedule = "late"    // « En retard »
)

// Dates are calendar days. A day d is over once the portal's time zone has reached d+1: a
// milestone due on the 25th is overdue from the 26th at 00:00 local time.

// Today returns the calendar day of now in loc, as midnight UTC (how DATE columns are read).
func Today(now time.Time, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Overdue reports whether a milestone due on due, in state, is past due on today.
func Overdue(due *time.Time, state string, today time.Time) bool {
	return due != nil && (state == "a_venir" || state == "en_cours") && due.Before(today)
}

// ProjectSchedule computes a project's schedule on today:
//   - Late: not Terminé and its deadline is over;
//   - AtRisk: not Terminé, not late, and either a milestone is overdue (the earliest due date of
//     the milestones not delivered is over), or the share of time elapsed between start and
//     deadline exceeds the progress by more than 25 points;
//   - OnTime: everything else, and always once Terminé.
func ProjectSchedule(status string, start, deadline, nextDue *time.Time, progress int, today time.Time) Schedule {
	if status == "termine" {
		return OnTime
	}
	if deadline != nil && deadline.Before(today) {
		return Late
	}
	if nextDue != nil && nextDue.Before(today) {
		return AtRisk
	}
	if start != nil && deadline != nil && deadline.After(*start) && !today.Before(*start) {
		span := deadline.Sub(*start).Hours()
		elapsed := today.Sub(*start).Hours()
		if 100*elapsed/span-float64(progress) > 25 {
			return AtRisk
		}
	}
	return OnTime
}
