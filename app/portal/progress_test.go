package portal

import (
	"testing"
	"time"
)

func TestComputeProgress(t *testing.T) {
	cases := []struct {
		wDone, wTotal, done, total int
		want                       int
	}{
		{0, 0, 0, 0, 0},       // no milestones
		{0, 3, 0, 3, 0},       // nothing done
		{1, 3, 1, 3, 33},      // one of three equal steps
		{2, 3, 2, 3, 67},      // rounds to nearest
		{3, 3, 3, 3, 100},     // all done
		{1, 2, 1, 2, 50},      // exact half
		{5, 8, 1, 3, 63},      // weights count, not steps: 62.5 rounds up
		{199, 200, 9, 10, 99}, // 99.5 % is not finished: never 100 before the end
		{1, 300, 1, 50, 1},    // 0.33 % of work done shows as 1 %, not 0
		{1, 201, 1, 2, 1},     // 0.49 rounds to 0 but something is done
	}
	for _, c := range cases {
		got := ComputeProgress(c.wDone, c.wTotal, c.done, c.total)
		if got.Percent != c.want || got.Done != c.done || got.Total != c.total {
			t.Errorf("ComputeProgress(%d/%d, %d/%d) = %+v, want %d %%", c.wDone, c.wTotal, c.done, c.total, got, c.want)
		}
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
	paris, _ := time.LoadLocation("Europe/Paris")
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
	paris, _ := time.LoadLocation("Europe/Paris")
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
