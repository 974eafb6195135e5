package portal

import (
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/timetest"
)

func TestComputeProgress(t *testing.T) {
	// Contributions are in thousandths of a weight unit: 1000 is one whole step of weight 1.
	cases := []struct {
		milli, wTotal, done, total int
		want                       int
	}{
		{0, 0, 0, 0, 0},              // no milestones
		{0, 3, 0, 3, 0},              // nothing done
		{1000, 3, 1, 3, 33},          // one of three equal steps
		{2000, 3, 2, 3, 67},          // rounds to nearest
		{3000, 3, 3, 3, 100},         // all done
		{1000, 2, 1, 2, 50},          // exact half
		{5000, 8, 1, 3, 63},          // weights count, not steps: 62.5 rounds up
		{199000, 200, 9, 10, 99},     // 99.5 % is not finished: never 100 before the end
		{1000, 300, 1, 50, 1},        // 0.33 % of work done shows as 1 %, not 0
		{1000, 201, 1, 2, 1},         // 0.49 rounds to 0 but something is done
		{1500, 3, 1, 3, 50},          // one step delivered, the next half of its tasks finished
		{2000, 2, 1, 2, 99},          // the last step in progress has all its tasks finished: not 100 yet
		{250, 4, 0, 1, 6},            // a step in progress with a quarter of its tasks finished, weight 1 of 4
		{333, 1, 0, 1, 33},           // one step, a third of its tasks
		{2, 1, 0, 1, 1},              // two thousandths count as something done
		{1000 * 100, 100, 0, 1, 99},  // even a whole weight in progress is not the end
		{1000 * 50, 100, 0, 2, 50},   // half the weight, in tasks only
		{1000 * 100, 150, 1, 2, 67},  // a step delivered of weight 100 among 150
		{1000 * 150, 150, 2, 2, 100}, // both delivered
	}
	for _, c := range cases {
		got := ComputeProgress(c.milli, c.wTotal, c.done, c.total)
		if got.Percent != c.want || got.Done != c.done || got.Total != c.total {
			t.Errorf("ComputeProgress(%d/%d, %d/%d) = %+v, want %d %%", c.milli, c.wTotal, c.done, c.total, got, c.want)
		}
	}
}

func TestExplainProgress(t *testing.T) {
	ms := []store.Milestone{
		{ID: 1, Title: "Cahier des charges", State: StepValidated, Weight: 1, ContributionMilli: 1000},
		{ID: 2, Title: "Développement", State: StepStarted, Weight: 2, TasksTotal: 12, TasksDone: 7, ContributionMilli: 2 * 1000 * 7 / 12},
		{ID: 3, Title: "Recette", State: StepUpcoming, Weight: 1, TasksTotal: 4, TasksDone: 4},
	}
	got := ExplainProgress(ms, 4)
	want := []struct {
		counted int
		points  float64
	}{{100, 25}, {58, 29.2}, {0, 0}}
	for i, w := range want {
		if got[i].Counted != w.counted || got[i].Points != w.points || got[i].MilestoneID != ms[i].ID || got[i].Weight != ms[i].Weight {
			t.Errorf("step %d: %+v, want counted %d, points %v", i+1, got[i], w.counted, w.points)
		}
	}
	// The lines add up to the percentage shown (to rounding).
	if p := ComputeProgress(1000+2*1000*7/12, 4, 1, 3).Percent; p != 54 || got[0].Points+got[1].Points != 54.2 {
		t.Errorf("percent %d, lines %v", p, got[0].Points+got[1].Points)
	}
	if len(ExplainProgress(nil, 0)) != 0 || ExplainProgress(ms[:1], 0)[0].Points != 0 {
		t.Error("no weight: no points")
	}
}

func day(s string) *time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &d
}

func TestTodayFollowsTheTimeZone(t *testing.T) {
	paris := timetest.Paris(t)
	dakar, _ := time.LoadLocation("Africa/Dakar")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	// 23:30 UTC on 25 Nov is already the 26th in Paris (UTC+1) and Tokyo, still the 25th in Dakar (UTC+0).
	now := time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC)
	for loc, want := range map[*time.Location]string{paris: "2026-11-26", dakar: "2026-11-25", tokyo: "2026-11-26", time.UTC: "2026-11-25"} {
		if got := Today(now, loc); !got.Equal(*day(want)) {
			t.Errorf("Today in %s = %s, want %s", loc, got.Format("2006-01-02"), want)
		}
	}
	// Summer time: 22:30 UTC on 30 June is 00:30 on 1 July in Paris (UTC+2).
	if got := Today(time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), paris); !got.Equal(*day("2026-07-01")) {
		t.Errorf("summer time: %s", got)
	}
}

func TestOverdue(t *testing.T) {
	today := *day("2026-11-25")
	cases := []struct {
		due   *time.Time
		state string
		want  bool
	}{
		{day("2026-11-24"), "a_venir", true}, // yesterday
		{day("2026-11-24"), "en_cours", true},
		{day("2026-11-25"), "en_cours", false}, // due today: still on time until midnight
		{day("2026-11-26"), "a_venir", false},
		{day("2026-11-01"), "livree", false}, // delivered late is no longer overdue
		{day("2026-11-01"), "validee", false},
		{nil, "a_venir", false}, // no due date
	}
	for _, c := range cases {
		if got := Overdue(c.due, c.state, today); got != c.want {
			t.Errorf("Overdue(%v, %s) = %v, want %v", c.due, c.state, got, c.want)
		}
	}
	// The same milestone crosses midnight in the portal's time zone, not in UTC.
	paris := timetest.Paris(t)
	due := day("2026-11-25")
	if Overdue(due, "a_venir", Today(time.Date(2026, 11, 25, 22, 59, 0, 0, time.UTC), paris)) {
		t.Error("overdue at 23:59 Paris time on its due day")
	}
	if !Overdue(due, "a_venir", Today(time.Date(2026, 11, 25, 23, 0, 0, 0, time.UTC), paris)) {
		t.Error("not overdue at 00:00 Paris time the next day")
	}
}

func TestProjectSchedule(t *testing.T) {
	today := *day("2026-11-25")
	cases := []struct {
		name                  string
		status                string
		start, deadline, next *time.Time
		progress              int
		want                  Schedule
	}{
		{"finished, even past its deadline", "termine", day("2026-01-01"), day("2026-06-01"), day("2026-05-01"), 60, OnTime},
		{"deadline yesterday", "en_cours", day("2026-01-01"), day("2026-11-24"), nil, 90, Late},
		{"deadline today is not late", "en_cours", day("2026-11-01"), day("2026-11-25"), nil, 100, OnTime},
		{"paused projects can be late", "en_pause", nil, day("2026-11-01"), nil, 10, Late},
		{"an overdue milestone", "en_cours", day("2026-11-01"), day("2026-12-31"), day("2026-11-20"), 80, AtRisk},
		{"time runs faster than work", "en_cours", day("2026-11-01"), day("2026-12-01"), day("2026-11-30"), 10, AtRisk}, // 80 % of time, 10 % done
		{"keeping pace", "en_cours", day("2026-11-01"), day("2026-12-01"), day("2026-11-30"), 70, OnTime},
		{"not started yet", "en_cours", day("2026-12-01"), day("2027-01-01"), nil, 0, OnTime},
		{"no dates at all", "en_cours", nil, nil, nil, 0, OnTime},
	}
	for _, c := range cases {
		if got := ProjectSchedule(c.status, c.start, c.deadline, c.next, c.progress, today); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
