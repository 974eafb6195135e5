package portal

import (
	"context"
	"fmt"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// « À traiter » (issue 14, §4): what waits for whom.
//
// For the client: the versions awaiting its decision, the retours resolved awaiting its
// confirmation, and the questions the staff asked it: retours of kind « question » opened by
// staff, neither resolved nor closed, in whose thread no user of the client has written yet.
//
// For the staff: the retours new or reopened (not yet taken into account), the bloquants
// neither resolved nor closed, and of the new or reopened ones those unchanged for longer than
// the response delay (alerts.retour_response_days working days). A staff question the client
// has not answered waits for the client only, so it is in none of the staff's lists.

// DefaultRetourResponseDays is the response delay when the configuration sets none.
const DefaultRetourResponseDays = 2

// todoLimit is how many entries each list shows; its total says how many there are.
const todoLimit = 20

// WaitingRetours is one list of retours of « À traiter ».
type WaitingRetours struct {
	Items []WaitingRetour
	Total int
}

// WaitingRetour is a retour of a list and the whole working days since its last change.
type WaitingRetour struct {
	Retour
	WaitingDays int
}

// ClientTodo is what waits for a client.
type ClientTodo struct {
	Versions            WaitingVersions
	Resolved, Questions WaitingRetours
}

// WaitingVersions is the list of versions awaiting the client's decision.
type WaitingVersions struct {
	Items []store.VersionWithContext
	Total int
}

// StaffTodo is what waits for the staff, and the response delay in working days.
type StaffTodo struct {
	New, Blocking, Late WaitingRetours
	DelayDays           int
}

// ClientTodo lists what waits for the actor's client. Every list is filtered by the client in SQL.
func (s *Service) ClientTodo(ctx context.Context, a Actor) (ClientTodo, error) {
	var t ClientTodo
	if err := s.authorize(ctx, a, ActViewProjects); err != nil {
		return t, err
	}
	if a.Role != RoleClient || a.ClientID == 0 {
		return t, ErrForbidden
	}
	var err error
	if t.Versions.Items, t.Versions.Total, err = s.db.VersionsAwaiting(ctx, a.ClientID, todoLimit); err != nil {
		return t, err
	}
	if t.Resolved, err = s.waiting(ctx, a, store.WaitingFilter{List: store.WaitingResolved, ClientID: a.ClientID}); err != nil {
		return t, err
	}
	if t.Questions, err = s.waiting(ctx, a, store.WaitingFilter{List: store.WaitingQuestions, ClientID: a.ClientID}); err != nil {
		return t, err
	}
	return t, s.countUnread(ctx, a, waitingItems(&t.Resolved, &t.Questions))
}

// waitingItems are the retours of lists, to count their unread messages at once.
func waitingItems(lists ...*WaitingRetours) []*Retour {
	var out []*Retour
	for _, l := range lists {
		for i := range l.Items {
			out = append(out, &l.Items[i].Retour)
		}
	}
	return out
}

// StaffTodo lists what waits for the staff, across every client.
func (s *Service) StaffTodo(ctx context.Context, a Actor) (StaffTodo, error) {
	t := StaffTodo{DelayDays: s.responseDays}
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return t, err
	}
	var err error
	if t.New, err = s.waiting(ctx, a, store.WaitingFilter{List: store.WaitingNew}); err != nil {
		return t, err
	}
	if t.Blocking, err = s.waiting(ctx, a, store.WaitingFilter{List: store.WaitingBlocking}); err != nil {
		return t, err
	}
	if t.Late, err = s.waiting(ctx, a, store.WaitingFilter{List: store.WaitingLate, Before: s.responseCutoff()}); err != nil {
		return t, err
	}
	return t, s.countUnread(ctx, a, waitingItems(&t.New, &t.Blocking, &t.Late))
}

func (s *Service) waiting(ctx context.Context, a Actor, f store.WaitingFilter) (WaitingRetours, error) {
	if f.Limit == 0 {
		f.Limit = todoLimit
	}
	items, total, err := s.db.WaitingRetours(ctx, f)
	w := WaitingRetours{Total: total}
	now := s.now()
	for _, r := range items {
		w.Items = append(w.Items, WaitingRetour{Retour: a.retourSeen(r), WaitingDays: WorkingDaysWaited(r.UpdatedAt, now, s.tz)})
	}
	return w, err
}

// responseCutoff is the last change time of a retour that has waited the response delay now.
func (s *Service) responseCutoff() time.Time {
	return SubtractWorkingDays(s.now(), s.responseDays, s.tz)
}

// WorkingDaysWaited is how many whole working days passed from since to now: a working day
// is 24 hours of a Monday to Friday in loc; Saturdays and Sundays do not count.
func WorkingDaysWaited(since, now time.Time, loc *time.Location) int {
	var worked time.Duration
	for t := now; t.After(since); {
		from := dayStart(t, loc)
		if since.After(from) {
			from = since
		}
		if isWeekday(from.In(loc)) {
			worked += t.Sub(from)
		}
		t = from
	}
	return int(worked / (24 * time.Hour))
}

// SubtractWorkingDays is the latest time from which days working days (as WorkingDaysWaited
// counts them) have passed by now: a retour last changed at or before it has waited the delay.
// From Friday 15:00, two working days pass on Tuesday at 15:00; from a Saturday, on Wednesday
// at midnight.
func SubtractWorkingDays(now time.Time, days int, loc *time.Location) time.Time {
	left := time.Duration(days) * 24 * time.Hour
	for t := now; ; {
		from := dayStart(t, loc)
		if isWeekday(from.In(loc)) {
			if t.Sub(from) >= left {
				return t.Add(-left)
			}
			left -= t.Sub(from)
		}
		t = from
	}
}

// dayStart is the midnight that starts the day of the instant just before t, so that [dayStart,
// t) lies in one day of loc.
func dayStart(t time.Time, loc *time.Location) time.Time {
	local := t.Add(-time.Nanosecond).In(loc)
	return time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
}

func isWeekday(t time.Time) bool { return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday }

// AlertLateRetours notifies the staff of each retour past the response delay (the project's
// staff and the admins, in the portal and by e-mail as their « retours » preference says),
// once per retour and day. Clients are never alerted: the delay is the staff's.
func (s *Service) AlertLateRetours(ctx context.Context) (string, error) {
	today := s.today()
	cutoff := s.responseCutoff()
	late, _, err := s.db.WaitingRetours(ctx, store.WaitingFilter{List: store.WaitingLate, Before: cutoff, Limit: store.ListTotalCap})
	if err != nil {
		return "", err
	}
	alerted, err := alertEach(ctx, s, late, func(r store.Retour) alert {
		return alert{r.ProjectID, func(ctx context.Context) (bool, error) { return s.db.ClaimLateRetourAlert(ctx, r.ID, today, s.now()) },
			note{kind: NoteRetour, params: NoteParams{ProjectID: r.ProjectID, Project: r.ProjectName, Client: r.ClientName, RetourID: r.ID,
				Retour: r.Title, Event: RetourEventLate, Priority: r.Priority, Days: WorkingDaysWaited(r.UpdatedAt, s.now(), s.tz)}}}
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d retours past the response delay of %d working days, %d alerted today", len(late), s.responseDays, alerted), nil
}

// RetourEventLate is the event of a retour notification that says it waits past the delay.
const RetourEventLate = "late"
