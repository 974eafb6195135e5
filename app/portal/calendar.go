package portal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"time"

	"github.com/bigdatacenter/portal/app/ical"
	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// Calendar feeds (§5 of the tasks issue): each user may turn on a private iCalendar feed of
// the due dates of the steps and tasks of the projects they may see, at a secret URL. The
// secret grants that feed only (it is no session) and is stored hashed.

// How far a feed reaches, and how often it may be read. Calendar programs read a feed every
// 15 minutes to a few hours; 60 reads an hour leaves room for several programs on one feed.
const (
	calendarPast      = 90  // days before today
	calendarFuture    = 400 // days after today
	calendarMaxItems  = 2000
	calendarReads     = 60
	calendarWindow    = time.Hour
	calendarBadTokens = 30 // unknown secrets per IP and hour before that IP waits
)

// CalendarInfo is the state of the actor's feed; URL is given once, when it is made.
type CalendarInfo struct {
	Enabled    bool
	CreatedAt  *time.Time
	LastUsedAt *time.Time
	URL        string
}

// CalendarStatus says whether the actor's feed is on.
func (s *Service) CalendarStatus(ctx context.Context, a Actor) (CalendarInfo, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return CalendarInfo{}, err
	}
	f, err := s.db.CalendarFeedOf(ctx, a.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return CalendarInfo{}, nil
	}
	if err != nil {
		return CalendarInfo{}, err
	}
	return CalendarInfo{Enabled: true, CreatedAt: &f.CreatedAt, LastUsedAt: f.LastUsedAt}, nil
}

// EnableCalendar turns the actor's feed on, or renews its URL: the previous one stops working.
func (s *Service) EnableCalendar(ctx context.Context, a Actor) (CalendarInfo, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return CalendarInfo{}, err
	}
	raw, hash := newToken()
	now := s.now()
	err := s.db.Tx(ctx, func(ctx context.Context) error {
		action := "calendar.enable"
		if _, err := s.db.CalendarFeedOf(ctx, a.UserID); err == nil {
			action = "calendar.renew"
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := s.db.SetCalendarFeed(ctx, a.UserID, hash, now); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, action, "user", a.UserID, a.ClientID, "success", "private calendar feed URL issued"))
	})
	if err != nil {
		return CalendarInfo{}, err
	}
	return CalendarInfo{Enabled: true, CreatedAt: &now, URL: s.link("/api/v1/calendar/" + raw + ".ics")}, nil
}

// DisableCalendar turns the actor's feed off: its URL stops working.
func (s *Service) DisableCalendar(ctx context.Context, a Actor) error {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(ctx context.Context) error {
		gone, err := s.db.DeleteCalendarFeed(ctx, a.UserID)
		if err != nil || !gone {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "calendar.disable", "user", a.UserID, a.ClientID, "success", "private calendar feed turned off"))
	})
}

var errNoFeed = newErr(KindNotFound, errcode.CalendarNotFound, nil)

// CalendarFeed renders the feed whose secret is token, for a request from ip. An unknown
// secret, a disabled user or an archived client answer alike (not found).
func (s *Service) CalendarFeed(ctx context.Context, token, ip string) ([]byte, error) {
	now := s.now()
	if err := s.calendarThrottled(ctx, "calendar_ip", ip, now); err != nil {
		return nil, err
	}
	f, err := s.db.CalendarFeedByHash(ctx, hashToken(token), now)
	if errors.Is(err, store.ErrNotFound) {
		if ip != "" {
			if _, err := s.db.RecordFailure(ctx, "calendar_ip", ip, now, calendarWindow, calendarBadTokens, calendarWindow); err != nil {
				return nil, err
			}
		}
		return nil, errNoFeed
	}
	if err != nil {
		return nil, err
	}
	subject := fmt.Sprint(f.UserID)
	if err := s.calendarThrottled(ctx, "calendar", subject, now); err != nil {
		return nil, err
	}
	if _, err := s.db.RecordFailure(ctx, "calendar", subject, now, calendarWindow, calendarReads, calendarWindow); err != nil {
		return nil, err
	}
	u, err := s.db.UserByID(ctx, f.UserID)
	if err != nil {
		return nil, err
	}
	if u.DisabledAt != nil || u.ClientArchived {
		return nil, errNoFeed
	}
	filter := store.CalendarFilter{From: s.today().AddDate(0, 0, -calendarPast), To: s.today().AddDate(0, 0, calendarFuture), Limit: calendarMaxItems}
	if u.Role != string(RoleAdmin) {
		// A client user's feed: its company's projects, visible tasks only, in SQL.
		filter.ClientID, filter.VisibleOnly = u.ClientID, true
	}
	items, err := s.db.CalendarItems(ctx, filter)
	if err != nil {
		return nil, err
	}
	cal := ical.Calendar{ProdID: "-//BIGDATA CENTER//Portail client//FR", Name: "Échéances — " + u.Name, Refresh: time.Hour}
	for _, it := range items {
		cal.Events = append(cal.Events, s.calendarEvent(it))
	}
	var buf bytes.Buffer
	err = ical.Write(&buf, cal, now)
	return buf.Bytes(), err
}

// calendarThrottled refuses while scope/subject is locked.
func (s *Service) calendarThrottled(ctx context.Context, scope, subject string, now time.Time) error {
	if subject == "" {
		return nil
	}
	t, err := s.db.ThrottleState(ctx, scope, subject)
	if err != nil || t.LockedUntil == nil || !t.LockedUntil.After(now) {
		return err
	}
	wait := t.LockedUntil.Sub(now)
	minutes := int(math.Ceil(wait.Minutes()))
	return &Error{Kind: KindTooMany, Code: errcode.CalendarThrottled, Params: errcode.Params{"count": minutes}, RetryAfter: wait}
}

// calendarEvent is the event of a step or a task. Its UID is made of what never changes (the
// kind and id, and the portal's address), so that subscribers update rather than duplicate it.
func (s *Service) calendarEvent(it store.CalendarItem) ical.Event {
	e := ical.Event{Day: it.Due, Modified: it.UpdatedAt, URL: s.link(fmt.Sprintf("/projets/%d", it.ProjectID))}
	host := "portail"
	if u, err := url.Parse(s.publicURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	if it.Kind == "task" {
		e.UID = fmt.Sprintf("task-%d@%s", it.ID, host)
		e.Summary = fmt.Sprintf("Tâche : %s — %s", it.Title, it.ProjectName)
		e.Description = fmt.Sprintf("Projet %s (%s)\nÉtape : %s\nStatut : %s", it.ProjectName, it.ClientName, it.StepTitle, taskLabels[it.State])
		if it.State == TaskDone {
			e.Summary = "✓ " + e.Summary
		}
	} else {
		e.UID = fmt.Sprintf("step-%d@%s", it.ID, host)
		e.Summary = fmt.Sprintf("Étape : %s — %s", it.Title, it.ProjectName)
		e.Description = fmt.Sprintf("Projet %s (%s)\nÉtat : %s", it.ProjectName, it.ClientName, stepLabels[it.State])
		if it.State == StepDelivered || it.State == StepValidated {
			e.Summary = "✓ " + e.Summary
		}
	}
	e.Description += "\n" + e.URL
	return e
}
