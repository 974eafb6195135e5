package backup

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/timetest"
)

func TestPrune(t *testing.T) {
	paris := timetest.Paris(t)
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// nightly returns one archive per day at 02:00 UTC from first to last, inclusive.
	nightly := func(first, last string) []time.Time {
		var out []time.Time
		for d := at(first + " 02:00"); !d.After(at(last + " 02:00")); d = d.AddDate(0, 0, 1) {
			out = append(out, d)
		}
		return out
	}
	days := func(ds ...string) []time.Time {
		var out []time.Time
		for _, d := range ds {
			out = append(out, at(d+" 02:00"))
		}
		return out
	}

	cases := []struct {
		name          string
		archives      []time.Time
		daily, weekly int
		now           time.Time
		keep          []time.Time
	}{
		{name: "no archive", daily: 7, weekly: 4, now: at("2026-03-01 03:00")},
		{name: "the newest is always kept", archives: days("2026-02-01", "2026-03-01"), now: at("2026-03-01 03:00"),
			keep: days("2026-03-01")},
		{name: "seven days", archives: nightly("2026-02-20", "2026-03-01"), daily: 7, now: at("2026-03-01 03:00"),
			keep: nightly("2026-02-23", "2026-03-01")},
		{name: "the newest of a day", daily: 2, now: at("2026-03-01 23:00"),
			archives: []time.Time{at("2026-02-28 02:00"), at("2026-02-28 14:00"), at("2026-03-01 02:00"), at("2026-03-01 09:30"), at("2026-03-01 18:00")},
			keep:     []time.Time{at("2026-02-28 14:00"), at("2026-03-01 18:00")}},
		{
			// Eight ISO weeks, Monday 5 January to Sunday 1 March: the last seven days, plus the
			// Sunday of each of the three weeks before.
			name: "seven daily and four weekly", archives: nightly("2026-01-05", "2026-03-01"), daily: 7, weekly: 4, now: at("2026-03-01 03:00"),
			keep: append(days("2026-02-08", "2026-02-15", "2026-02-22"), nightly("2026-02-23", "2026-03-01")...),
		},
		{
			// Weekly only: the newest of each week, whatever the day.
			name: "weekly only", archives: days("2026-02-03", "2026-02-05", "2026-02-10", "2026-02-17", "2026-02-18"), weekly: 2, now: at("2026-02-18 03:00"),
			keep: days("2026-02-10", "2026-02-18"),
		},
		{
			// Backups failed for ten days: the days that have an archive count, not the calendar.
			name: "after a gap", archives: append(nightly("2026-03-01", "2026-03-05"), at("2026-03-16 02:00")), daily: 3, now: at("2026-03-16 03:00"),
			keep: append(days("2026-03-04", "2026-03-05"), at("2026-03-16 02:00")),
		},
		{
			// 23:30 and 22:30 UTC are the same day in UTC but two days in Paris (UTC+1).
			name: "days of now's time zone", archives: []time.Time{at("2026-03-01 22:30"), at("2026-03-01 23:30")}, daily: 2, now: at("2026-03-02 08:00").In(paris),
			keep: []time.Time{at("2026-03-01 22:30"), at("2026-03-01 23:30")},
		},
		{
			name: "same in UTC", archives: []time.Time{at("2026-03-01 22:30"), at("2026-03-01 23:30")}, daily: 2, now: at("2026-03-02 08:00"),
			keep: []time.Time{at("2026-03-01 23:30")},
		},
		{
			// ISO week 1 of 2026 starts on Monday 29 December 2025.
			name: "ISO weeks across the new year", archives: days("2025-12-28", "2025-12-29", "2026-01-02", "2026-01-04", "2026-01-05"), weekly: 3, now: at("2026-01-05 03:00"),
			keep: days("2025-12-28", "2026-01-04", "2026-01-05"),
		},
		{name: "keep more than there is", archives: days("2026-01-01", "2026-02-01"), daily: 30, weekly: 52, now: at("2026-03-01 03:00"),
			keep: days("2026-01-01", "2026-02-01")},
		{name: "negative counts keep the newest", archives: days("2026-01-01", "2026-02-01"), daily: -1, weekly: -1, now: at("2026-03-01 03:00"),
			keep: days("2026-02-01")},
	}
	others := []string{".lock", "notes.txt", "portal-latest.tar.gz", ".portal-20200101-000000.tar.gz.partial", "portal-20200101-000000.tar"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, n := range others {
				if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			for _, a := range c.archives {
				if err := os.WriteFile(filepath.Join(dir, ArchiveName(a)), []byte("archive"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var wantKept, wantRemoved []string
			for _, a := range c.archives {
				if slices.ContainsFunc(c.keep, a.Equal) {
					wantKept = append(wantKept, ArchiveName(a))
				} else {
					wantRemoved = append(wantRemoved, ArchiveName(a))
				}
			}
			removed, err := Prune(dir, c.daily, c.weekly, c.now)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(removed)
			slices.Sort(wantRemoved)
			if !slices.Equal(removed, wantRemoved) {
				t.Errorf("removed %v\nwant    %v", removed, wantRemoved)
			}
			want := append(slices.Clone(others), wantKept...)
			slices.Sort(want)
			if got := dirNames(t, dir); !slices.Equal(got, want) {
				t.Errorf("left %v\nwant %v", got, want)
			}
		})
	}
	if removed, err := Prune(filepath.Join(t.TempDir(), "absent"), 1, 1, time.Now()); err != nil || removed != nil {
		t.Fatalf("Prune of a missing directory = %v, %v", removed, err)
	}
}
