package portal

import (
	"math"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// Progress of a project, computed from its milestones and their tasks (X6), never typed by hand.
//
// Each step contributes a share of its weight (store's stepContribution, kept on write in
// thousandths of a weight unit): all of it once delivered or validated; while in progress, the
// share of its tasks that are finished, internal ones included; nothing otherwise. Then
//
//	percent = round(100 × Σ contributions / Σ weight(all))
//
// rounded to the nearest whole number, except that it shows 0 only when nothing counts and 100
// only when every step is delivered or validated: a step in progress whose tasks are all
// finished still leaves the project at 99 % at most. A project without milestones is at 0 %.
// Steps counts milestones, whatever their weight: « étape Done sur Total ».
type Progress struct {
	Percent int
	Done    int
	Total   int
}

// milli is the unit of the contributions: a thousandth of a weight unit.
const milli = 1000

// ComputeProgress applies the formula above to the project's counters: the sum of the
// contributions (thousandths), the sum of the weights, the steps delivered and all steps.
func ComputeProgress(progressMilli, weightTotal, done, total int) Progress {
	p := Progress{Done: done, Total: total}
	if total > 0 && done >= total {
		p.Percent = 100
		return p
	}
	if weightTotal <= 0 || progressMilli <= 0 {
		return p
	}
	whole := milli * weightTotal
	p.Percent = (200*progressMilli + whole) / (2 * whole) // round half up, in integers
	p.Percent = min(max(p.Percent, 1), 99)
	return p
}

// StepShare explains what one step adds to its project's percentage (« pourquoi 42 % »).
type StepShare struct {
	MilestoneID int64
	Title       string
	State       string
	Weight      int
	// Counted is the part of the step's weight that counts, in percent: 100 when delivered,
	// the share of its finished tasks while in progress, 0 otherwise.
	Counted int
	// Points is the step's share of the project's percentage, to a tenth of a point.
	Points float64
}

// ExplainProgress lists each step's share, in the steps' order.
func ExplainProgress(ms []store.Milestone, weightTotal int) []StepShare {
	out := make([]StepShare, 0, len(ms))
	for _, m := range ms {
		sh := StepShare{MilestoneID: m.ID, Title: m.Title, State: m.State, Weight: m.Weight}
		if m.Weight > 0 {
			sh.Counted = m.ContributionMilli * 100 / (milli * m.Weight)
		}
		if weightTotal > 0 {
			sh.Points = math.Round(float64(m.ContributionMilli)*1000/float64(milli*weightTotal)) / 10
		}
		out = append(out, sh)
	}
	return out
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
